"""Coverage-guided fuzzing of the readers and the extractor (atheris, libFuzzer for Python).

    make fuzz                      # FUZZ_SECONDS=300 by default
    FUZZ_SECONDS=60 make fuzz
    .venv/bin/python scripts/fuzz.py --seconds 60 [--out fuzz] [libFuzzer flags ...]
    .venv/bin/python scripts/fuzz.py --replay fuzz/crashes/crash-…   # re-run one saved input

Each input is one byte choosing the file name (plan.txt, .docx, .pdf, .html, .doc, none) and the
file's bytes; it goes through extractors.document.process (read -> segment -> extract) and the
invariants of tests/reliability/document_checks.py: a record, never an exception, every offset
inside documents.text, every value span reading back as its value. The seeds are small plans as
.txt in five encodings, .docx, a web page and a PDF, written at start into OUT/seeds; libFuzzer
keeps what reaches new code in OUT/corpus (reused by the next run). An input that breaks an
invariant is saved to OUT/crashes/ with its traceback, and the run goes on; an input slower than
--input-timeout seconds stops the run and is saved by libFuzzer as OUT/crashes/timeout-….
A summary (inputs, seconds, crashes by signature) is printed and written to OUT/last_run.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", 300)))
    p.add_argument("--out", type=Path, default=ROOT / "fuzz")
    p.add_argument("--input-timeout", type=int, default=60)
    p.add_argument("--replay", type=Path, nargs="*")
    return p.parse_known_args(argv)


def write_seeds(folder: Path) -> None:
    from tests.plan_texts import plan_text
    from tests.readers.corpus_model import plan_blocks
    from tests.readers.make_html import write_html
    from tests.readers.tiny_pdf import text_pdf
    from tests.reliability.bad_inputs import big5_plan, small_docx
    from tests.reliability.document_checks import NAMES

    folder.mkdir(parents=True, exist_ok=True)
    text = plan_text("德惠市", domains=3)
    seeds = {f"txt-{enc}": (NAMES.index("plan.txt"), text.encode(enc)) for enc in ("utf-8", "gb18030", "utf-16", "utf-32")}
    seeds["txt-big5"] = (NAMES.index("plan.txt"), big5_plan("德惠市"))
    seeds["txt-crlf"] = (NAMES.index("plan.txt"), text.replace("\n", "\r\n").encode("utf-8"))
    seeds["docx"] = (NAMES.index("plan.docx"), small_docx(text))
    seeds["html"] = (NAMES.index("plan.html"), write_html(plan_blocks(text), "德惠市儿童发展规划", "德惠市人民政府"))
    lines = text.split("\n")[:20]
    seeds["pdf"] = (NAMES.index("plan.pdf"), text_pdf([[(72, 60 + 24 * i, ln[:30]) for i, ln in enumerate(lines) if ln]]))
    for key, (n, raw) in seeds.items():
        (folder / key).write_bytes(bytes([n]) + raw)


class Harness:
    def __init__(self, out: Path, seconds: float) -> None:
        from tests.reliability.document_checks import NAMES, check_bytes
        self.names, self.check = NAMES, check_bytes
        self.out = out
        self.crashes = out / "crashes"
        self.crashes.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        self.inputs = 0
        self.signatures: dict[str, dict] = {}

    def one(self, data: bytes) -> None:
        if time.monotonic() > self.deadline:
            self.finish()
        self.inputs += 1
        if not data:
            return
        name, raw = self.names[data[0] % len(self.names)], data[1:]
        try:
            self.check(raw, name)
        except Exception as e:  # noqa: BLE001 - every failure is a finding: save it and go on
            self.save(data, e)

    def save(self, data: bytes, e: Exception) -> None:
        tb = traceback.extract_tb(e.__traceback__)
        frame = next((f for f in reversed(tb) if "/extractors/" in f.filename), tb[-1])
        sig = f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
        digest = hashlib.sha1(data).hexdigest()
        path = self.crashes / f"crash-{digest}"
        path.write_bytes(data)
        path.with_suffix(".txt").write_text(f"{sig}\n\n{''.join(traceback.format_exception(e))}", encoding="utf-8")
        entry = self.signatures.setdefault(sig, {"count": 0, "first": str(path)})
        entry["count"] += 1
        if entry["count"] == 1:
            print(f"\n*** new failure: {sig}: saved {path}", flush=True)

    def summary(self) -> dict:
        return {"inputs": self.inputs, "seconds": round(time.monotonic() - self.started, 1),
                "crashes": sum(s["count"] for s in self.signatures.values()),
                "signatures": self.signatures, "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S")}

    def finish(self) -> None:
        s = self.summary()
        (self.out / "last_run.json").write_text(json.dumps(s, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nfuzz: {s['inputs']:,} inputs in {s['seconds']} s, {s['crashes']} failing inputs, "
              f"{len(s['signatures'])} distinct failures", flush=True)
        for sig, entry in s["signatures"].items():
            print(f"  {entry['count']:>5}  {sig}  (e.g. {entry['first']})", flush=True)
        sys.stdout.flush()
        os._exit(1 if s["signatures"] else 0)


def replay(paths: list[Path]) -> int:
    from tests.reliability.document_checks import NAMES, check_bytes
    failed = 0
    for p in paths:
        data = p.read_bytes()
        try:
            check_bytes(data[1:], NAMES[data[0] % len(NAMES)]) if data else None
            print(f"ok      {p}")
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"FAILED  {p}\n{traceback.format_exc()}")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    args, libfuzzer = _args(argv[1:])
    if args.replay is not None:
        return replay(args.replay)
    import atheris
    with atheris.instrument_imports(include=["extractors"]):
        import extractors.document  # noqa: F401  (the code under test, instrumented)
        import extractors.readers.docx  # noqa: F401
        import extractors.readers.html  # noqa: F401
        import extractors.readers.pdf  # noqa: F401
        import extractors.readers.plain  # noqa: F401
        import extractors.traditional  # noqa: F401
    seeds, corpus = args.out / "seeds", args.out / "corpus"
    write_seeds(seeds)
    corpus.mkdir(parents=True, exist_ok=True)
    harness = Harness(args.out, args.seconds)
    from tests.reliability.document_checks import check_bytes
    check_bytes(b"warm-up", "plan.txt")  # jieba and spaCy load here, not in the first timed input
    flags = [f"-timeout={args.input_timeout}", f"-max_total_time={int(args.seconds) + 60}", "-max_len=65536",
             f"-artifact_prefix={args.out / 'crashes'}/", "-print_final_stats=1", *libfuzzer]
    atheris.Setup([argv[0], *flags, str(corpus), str(seeds)], harness.one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
