"""How often ranking from champion lists keeps the exhaustive ranking's results, on a big warehouse.

    .venv/bin/python benchmarks/champion_agreement.py --db /tmp/gen1000.duckdb [--no-coverage]

Runs the web benchmark's short queries and the first 30 lay dev queries both ways (features.champions
on and off) and prints how many keep the same first result and the mean overlap of the first ten.
--no-coverage scores groups by their most frequent member alone (search.GROUP_COVERAGE off), for
comparison. (bench_ui.py --plans 1000 --keep PATH generates such a warehouse.)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ui import SHORT  # noqa: E402
from warehouse import search as S  # noqa: E402
from warehouse.db import connect_read  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--db", type=Path, required=True)
ap.add_argument("--no-coverage", action="store_true")
opts = ap.parse_args()
if opts.no_coverage:
    S._group_tf = lambda x: f"max({x})"
con = connect_read(str(opts.db))
lay = ROOT / "tests" / "gold" / "search_lay_dev.jsonl"
queries = SHORT + [json.loads(line)["query"] for line in lay.read_text(encoding="utf-8").splitlines() if line][:30]
exhaustive = S.Features(champions=False)
same = overlap = 0.0
for q in queries:
    listed = [h.provision_id for h in S.search(con, q, limit=10)]
    every = [h.provision_id for h in S.search(con, q, limit=10, features=exhaustive)]
    same += bool(listed and every) and listed[0] == every[0]
    overlap += len(set(listed) & set(every)) / max(1, len(every))
print(f"{len(queries)} queries: first result the same {int(same)}, first ten overlap {overlap / len(queries):.3f}")
