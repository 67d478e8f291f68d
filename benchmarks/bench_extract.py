"""Target-extraction throughput and peak memory.

    .venv/bin/python benchmarks/bench_extract.py [--plans 1000] [--runs 3]

1. The real corpus: decode + segment + extract every plan (median of --runs; wall and CPU time).
2. A generated corpus of --plans plans made by reshuffling real provisions (deterministic seed):
   each plan gets the printed skeleton of a real plan (parts, domains, 主要目标/策略措施 heads) with
   goals and measures drawn at random from all six plans, then goes through the same decode ->
   segment -> extract steps.
Reports characters per second (of decoded source text) and peak memory (tracemalloc's peak of
Python allocations during the run, and the process's maximum resident set size).
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.decoding import decode_bytes  # noqa: E402
from extractors.metadata import PlanMeta  # noqa: E402
from extractors.segment import segment_document  # noqa: E402
from extractors.targets import extract_targets  # noqa: E402

CN = "一二三四五六七八九十"
TITLES = ["儿童与健康", "儿童与安全", "儿童与教育", "儿童与福利", "儿童与家庭", "儿童与环境", "儿童与法律保护"]


def meta(period_start=2021) -> PlanMeta:
    return PlanMeta("bench", "某某县", None, None, None, None, "children", None, False, period_start, 2030,
                    None, None, None, "inferred")


def corpus_texts() -> list[str]:
    return [decode_bytes(p.read_bytes()).text for p in sorted((ROOT / "corpus").glob("*.txt"))]


def run(texts: list[str]) -> tuple[float, float, int, int]:
    """Decode (from UTF-8 bytes), segment and extract every text: wall and CPU seconds, chars, targets."""
    raws = [t.encode("utf-8") for t in texts]
    t0, c0 = time.perf_counter(), time.process_time()
    n_targets = 0
    for raw in raws:
        text = decode_bytes(raw).text
        for plan in segment_document(text):
            n_targets += len(extract_targets(text, plan, meta()))
    return time.perf_counter() - t0, time.process_time() - c0, sum(len(t) for t in texts), n_targets


def generated(n: int, seed: int = 20261123) -> list[str]:
    rng = random.Random(seed)
    goals, measures = [], []
    for text in corpus_texts():
        for plan in segment_document(text):
            goals += [p.text for p in plan.provisions if p.kind == "goal"]
            measures += [p.text for p in plan.provisions if p.kind == "measure"]
    docs = []
    for i in range(n):
        lines = [f"某{i}县儿童发展规划（2021-2030年）", "前言", "儿童是国家的未来、民族的希望。",
                 "一、指导思想、基本原则和总体目标", "（一）指导思想", "高举中国特色社会主义伟大旗帜。",
                 "二、发展领域、主要目标和策略措施"]
        for d, title in enumerate(TITLES):
            lines.append(f"（{CN[d]}）{title}。")
            lines.append("主要目标：")
            lines += [f"{k}.{g}" for k, g in enumerate(rng.sample(goals, rng.randint(6, 12)), 1)]
            lines.append("策略措施：")
            lines += [f"{k}.{m}" for k, m in enumerate(rng.sample(measures, rng.randint(6, 12)), 1)]
        lines += ["三、组织实施", "（一）加强组织领导。坚持党的领导。"]
        docs.append("\n".join(lines) + "\n")
    return docs


def measure(name: str, texts: list[str], runs: int) -> None:
    times, cpus = [], []
    for _ in range(runs):
        secs, cpu, chars, n_targets = run(texts)
        times.append(secs)
        cpus.append(cpu)
    tracemalloc.start()  # a separate run: tracing slows Python down several times
    run(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    med, cpu = statistics.median(times), statistics.median(cpus)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name}: {len(texts)} documents, {chars:,} chars, {n_targets:,} targets; median {med:.2f} s wall, "
          f"{cpu:.2f} s CPU ({chars / cpu:,.0f} chars per CPU second; wall runs {', '.join(f'{t:.2f}' for t in times)});"
          f" traced peak {peak / 2**20:.1f} MiB, process max RSS {rss:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    run(corpus_texts()[:1])  # warm: the spaCy pipeline and the rule files load once per process
    measure("real corpus", corpus_texts(), args.runs)
    measure("generated corpus", generated(args.plans), args.runs)


if __name__ == "__main__":
    main()
