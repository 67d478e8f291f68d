"""Reader throughput: read_document on the corpus plans in every format.

    .venv/bin/python benchmarks/bench_readers.py [--runs 5] [--plans 000 002 004]

The .docx, GBK web page and PDF copies are written from the corpus texts the way the tests write
them (tests/readers/fixtures.py: python-docx with Word automatic numbering, a government article
page, Chromium's PDF printer with a running header and page numbers). Each file is read --runs
times in this process after one warm-up read (imports and first-use costs excluded); the table
gives per format the input size, the characters of text produced, the median time of one pass
over all the files and the throughput in characters of output per second. PDFs need Chromium.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.readers import read_document  # noqa: E402
from tests.readers.fixtures import corpus_path, docx_bytes, html_bytes, pdf_bytes  # noqa: E402
from tests.readers.make_pdf import chromium_available  # noqa: E402


def files(keys: list[str]) -> dict[str, list[tuple[str, bytes]]]:
    out = {"text/plain": [(f"{k}.txt", corpus_path(k).read_bytes()) for k in keys],
           "docx": [(f"{k}.docx", docx_bytes(k)) for k in keys],
           "text/html": [(f"{k}.html", html_bytes(k)) for k in keys]}
    if chromium_available():
        out["pdf"] = [(f"{k}.pdf", raw) for k, raw in pdf_bytes(keys).items()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--plans", nargs="+", default=["000", "002", "004"])
    args = ap.parse_args()
    print(f"| format | files | input | pages | output chars | median s (all files) | chars/s |")
    print("|---|---|---|---|---|---|---|")
    for fmt, items in files(args.plans).items():
        docs = [read_document(raw, name) for name, raw in items]          # warm-up
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            for name, raw in items:
                read_document(raw, name)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        chars = sum(len(d.text) for d in docs)
        size = sum(len(raw) for _, raw in items)
        pages = sum(len(d.pages) for d in docs) or "-"
        print(f"| {fmt} | {len(items)} | {size / 1024:,.0f} KB | {pages} | {chars:,} | {med:.3f} | {chars / med:,.0f} |")


if __name__ == "__main__":
    main()
