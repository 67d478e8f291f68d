"""Segmentation alone: time to segment the real corpus and a generated one.

    .venv/bin/python benchmarks/bench_segment.py [--plans 300] [--runs 5] [--baseline DIR]

Reports the median wall and CPU time (process_time, less sensitive to other load on a shared
machine) of segment_document over every document. With --baseline DIR (a checkout of another
commit, e.g. `git archive COMMIT | tar -x -C DIR`), that tree's segmenter is timed on the same
inputs in the same process, alternating run by run, so both see the same machine load.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_extract  # noqa: E402
from extractors.segment import segment_document  # noqa: E402


class _BaselineFinder:
    """Imports baseline_extractors.X from the baseline tree's extractors/X.py, rewriting its imports."""

    def __init__(self, tree: Path):
        self.tree = tree

    def find_spec(self, name, path=None, target=None):
        if name != "baseline_extractors" and not name.startswith("baseline_extractors."):
            return None
        rel = Path(*name.split(".")[1:])
        file = self.tree / "extractors" / rel.with_suffix(".py") if rel.parts else Path("-")
        is_pkg = not file.exists()
        if is_pkg:
            file = self.tree / "extractors" / rel / "__init__.py"
        if not file.exists():
            return None
        return importlib.util.spec_from_loader(name, _BaselineLoader(file), is_package=is_pkg)


class _BaselineLoader:
    def __init__(self, file: Path):
        self.file = file

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if self.file.name == "__init__.py":
            module.__path__ = [str(self.file.parent)]
        source = self.file.read_text(encoding="utf-8").replace("from extractors", "from baseline_extractors")
        exec(compile(source, str(self.file), "exec"), module.__dict__)


def time_runs(fn, texts: list[str]) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        fn(t)
    return time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", type=Path)
    args = ap.parse_args()
    contenders = {"this tree": segment_document}
    if args.baseline:
        sys.meta_path.insert(0, _BaselineFinder(args.baseline.resolve()))
        contenders["baseline"] = importlib.import_module("baseline_extractors.segment").segment_document
    for name, texts in [("real corpus", bench_extract.corpus_texts()),
                        (f"generated corpus ({args.plans} plans)", bench_extract.generated(args.plans))]:
        times = {k: [] for k in contenders}
        for _ in range(args.runs):
            for k, fn in contenders.items():
                times[k].append(time_runs(fn, texts))
        chars = sum(len(t) for t in texts)
        for k, ts in times.items():
            wall = statistics.median(t[0] for t in ts)
            cpu = statistics.median(t[1] for t in ts)
            print(f"{name}, {k}: {len(texts)} documents, {chars:,} chars; median wall {wall:.3f} s, "
                  f"CPU {cpu:.3f} s ({chars / cpu:,.0f} chars/CPU-s)")


if __name__ == "__main__":
    main()
