"""Score a PlanAtlas warehouse against tests/gold/probe7/labels.jsonl (self-contained; needs duckdb).

python tests/gold/probe7/score.py --db /tmp/probe7/w.duckdb [--json details.json] [--labels labels.jsonl]

Matching: each gold target row is located in documents.text of the plan's document (snippet, then the
first occurrence of value_text inside it). A warehouse target matches when its value span
[value_start, value_end) overlaps that span; when several gold rows share a span (one value, two
indicators) the warehouse rows are paired by indicator similarity. The matched row is compared field by
field (comparator, value, value_high, unit, target_year, baseline_value, baseline_year, kind, per_year,
strict; indicator separately, as 'compatible' when one contains the other after removing spaces).
A row is fully right when every field matches and the indicator is compatible; fields_right counts matched
rows whose fields (all but the indicator) match.
Warehouse targets that match no gold target row are spurious; those overlapping a `none` snippet are
listed under none_violations. First stdout line: a JSON summary.
"""
import argparse
import json
import math
import sys
from pathlib import Path

import duckdb

FIELDS = ["comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year",
          "kind", "per_year", "strict"]


def same(field, g, w):
    if field in ("per_year", "strict"):
        return bool(g) == bool(w)
    if field in ("value", "value_high", "baseline_value"):
        if g is None or w is None:
            return g is None and w is None
        return math.isclose(float(g), float(w), rel_tol=1e-4, abs_tol=1e-6)
    if field in ("target_year", "baseline_year"):
        return (None if g is None else int(g)) == (None if w is None else int(w))
    return g == w


def norm(s):
    return "".join((s or "").split())


def compatible(a, b):
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def sim(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0
    return len(set(a) & set(b)) / len(set(a) | set(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--json")
    ap.add_argument("--labels", default=str(Path(__file__).with_name("labels.jsonl")))
    a = ap.parse_args()
    labels = [json.loads(l) for l in open(a.labels, encoding="utf-8") if l.strip()]
    con = duckdb.connect(a.db, read_only=True)
    first = next(l for l in labels if l["type"] == "target")
    docs = con.execute("select p.plan_id, d.text from plans p join documents d on d.source_sha256 = p.source_sha256 "
                       "where d.status = 'loaded'").fetchall()
    doc = [(pid, t) for pid, t in docs if t and first["snippet"] in t]
    if not doc:
        print(json.dumps({"error": "no loaded document holds the labelled text"}, ensure_ascii=False))
        sys.exit(2)
    plan_id, text = doc[0]
    cols = ["target_id", "indicator", "comparator", "value", "value_high", "unit", "per_year", "target_year",
            "baseline_year", "baseline_value", "kind", "strict", "value_text", "value_start", "value_end", "evidence"]
    rows = [dict(zip(cols, r)) for r in con.execute(
        f"select {', '.join(cols)} from targets where plan_id = ? order by value_start", [plan_id]).fetchall()]
    # locate gold
    for l in labels:
        i = text.find(l["snippet"])
        l["_found"] = i >= 0 and text.count(l["snippet"]) == 1
        if l["type"] == "target":
            j = l["snippet"].find(l["value_text"])
            l["_span"] = (i + j, i + j + len(l["value_text"]))
        else:
            l["_span"] = (i, i + len(l["snippet"]))
    used = set()
    details = []
    groups = {}
    for l in labels:
        if l["type"] == "target":
            groups.setdefault(l["_span"], []).append(l)
    for span, gs in groups.items():
        cands = [w for w in rows if w["value_start"] is not None and w["value_start"] < span[1] and w["value_end"] > span[0]
                 and w["target_id"] not in used]
        for g in sorted(gs, key=lambda g: g["id"]):
            best = None
            if cands:
                best = max(cands, key=lambda w: (same("value", g["value"], w["value"]), sim(g["indicator"], w["indicator"])))
                cands.remove(best)
                used.add(best["target_id"])
            d = {"id": g["id"], "snippet": g["snippet"], "value_text": g["value_text"], "judgement": g.get("judgement")}
            if not g["_found"]:
                d["status"] = "snippet_not_found"
            elif best is None:
                d["status"] = "missed"
                d["expected"] = {f: g[f] for f in FIELDS + ["indicator"]}
            else:
                diffs = {f: {"expected": g[f], "got": best[f]} for f in FIELDS if not same(f, g[f], best[f])}
                ind_ok = compatible(g["indicator"], best["indicator"])
                d.update(status="right" if not diffs and ind_ok else "wrong", diffs=diffs,
                         indicator={"expected": g["indicator"], "got": best["indicator"], "compatible": ind_ok},
                         got_value_text=best["value_text"], target_id=best["target_id"])
            details.append(d)
    spurious = [w for w in rows if w["target_id"] not in used]
    none_viol = []
    for l in labels:
        if l["type"] != "none":
            continue
        s, e = l["_span"]
        hit = [w["target_id"] for w in rows if w["value_start"] is not None and w["value_start"] < e and w["value_end"] > s]
        if hit:
            none_viol.append({"id": l["id"], "snippet": l["snippet"], "targets": hit})
    gold_n = sum(1 for l in labels if l["type"] == "target")
    summary = {
        "plan_id": plan_id, "gold_targets": gold_n, "warehouse_targets": len(rows),
        "fully_right": sum(d["status"] == "right" for d in details),
        "fields_right": sum(d["status"] in ("right", "wrong") and not d["diffs"] for d in details),
        "wrong": sum(d["status"] == "wrong" for d in details),
        "missed": sum(d["status"] == "missed" for d in details),
        "snippet_not_found": sum(d["status"] == "snippet_not_found" for d in details),
        "spurious": len(spurious),
        "none_rows": sum(1 for l in labels if l["type"] == "none"), "none_violations": len(none_viol),
        "indicator_incompatible": sum(1 for d in details if d.get("indicator") and not d["indicator"]["compatible"]),
    }
    print(json.dumps(summary, ensure_ascii=False))
    out = {"summary": summary, "rows": details, "spurious": spurious, "none_violations": none_viol}
    if a.json:
        Path(a.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    for d in details:
        if d["status"] != "right":
            print(d["status"], d["id"], d["snippet"], json.dumps(d.get("diffs") or d.get("expected"), ensure_ascii=False),
                  "" if d.get("indicator", {}).get("compatible", True) else f"indicator {d['indicator']['expected']} -> {d['indicator']['got']}")
    for w in spurious:
        print("spurious", w["target_id"], w["value_text"], w["comparator"], w["value"], w["unit"], w["indicator"], repr(w["evidence"][:60]))


if __name__ == "__main__":
    main()
