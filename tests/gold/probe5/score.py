#!/usr/bin/env python3
"""Score a PlanAtlas warehouse against tests/gold/probe5/labels.jsonl.

usage: score.py --db W.duckdb [--labels labels.jsonl] [--plan plan.txt] [--json]

Matching: a label's value span (value_start/value_end, offsets into plan.txt) is matched to the
warehouse targets whose value_start/value_end overlap it (shared values: best indicator match).
Self-contained: needs only duckdb. Reads the warehouse read-only.
"""
import argparse, difflib, json, os, re, sys

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
HARD = ["comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year",
        "kind", "per_year", "strict"]


def num_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= max(1e-6, 1e-4 * abs(float(a)))


def field_eq(f, exp, got, label):
    if f in ("value", "value_high", "baseline_value"):
        if f == "value" and label["id"] == "S2":   # 三分之一: 33.33 % or 1/3 without unit
            return num_eq(exp, got) or num_eq(1 / 3, got)
        return num_eq(exp, got)
    if f == "unit" and label["id"] == "S2":
        return got in ("%", None)
    if f in ("per_year", "strict"):
        return bool(exp) == bool(got)
    return exp == got


def norm(s):
    return re.sub(r"\s+", "", s or "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.jsonl"))
    ap.add_argument("--plan", default=os.path.join(HERE, "plan.txt"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    plan_text = open(a.plan, encoding="utf-8").read()
    labels = [json.loads(l) for l in open(a.labels, encoding="utf-8") if l.strip()]
    gold = [r for r in labels if r["type"] == "target"]
    nones = [r for r in labels if r["type"] == "none"]

    con = duckdb.connect(a.db, read_only=True)
    doc = con.execute("select d.text, p.plan_id from documents d join plans p on p.source_sha256 = d.source_sha256 "
                      "where d.status = 'loaded'").fetchall()
    doc = [d for d in doc if d[0] == plan_text]
    if not doc:
        sys.exit("no loaded document in the warehouse has exactly the text of plan.txt")
    plan_id = doc[0][1]
    cols = ["target_id", "indicator", "comparator", "value", "value_high", "unit", "target_year",
            "baseline_value", "baseline_year", "kind", "per_year", "strict", "value_text",
            "value_start", "value_end", "evidence"]
    got = [dict(zip(cols, r)) for r in con.execute(
        f"select {', '.join(cols)} from targets where plan_id = ? order by value_start", [plan_id]).fetchall()]
    for g in got:
        for k in ("target_year", "baseline_year"):
            if g[k] is not None:
                g[k] = int(g[k])

    used = set()
    results = []
    for L in gold:
        cands = [i for i, g in enumerate(got) if i not in used and g["value_start"] is not None
                 and g["value_start"] < L["value_end"] and L["value_start"] < g["value_end"]]
        if not cands:
            results.append(dict(id=L["id"], status="missed", label=L)); continue
        best = max(cands, key=lambda i: difflib.SequenceMatcher(None, norm(L["indicator"]), norm(got[i]["indicator"])).ratio())
        used.add(best)
        g = got[best]
        wrong = {f: (L.get(f), g[f]) for f in HARD if not field_eq(f, L.get(f), g[f], L)}
        ind = "exact" if norm(L["indicator"]) == norm(g["indicator"]) else (
            "partial" if g["indicator"] and (norm(L["indicator"]) in norm(g["indicator"]) or norm(g["indicator"]) in norm(L["indicator"])) else "different")
        vt_ok = L["value_text"] == g["value_text"]
        results.append(dict(id=L["id"], status="right" if not wrong else "wrong", wrong=wrong, indicator=ind,
                            indicator_exp=L["indicator"], indicator_got=g["indicator"], value_text_ok=vt_ok,
                            value_text_exp=L["value_text"], value_text_got=g["value_text"], target_id=g["target_id"],
                            label=L))

    spurious = []
    for i, g in enumerate(got):
        if i in used:
            continue
        hit = [n["id"] for n in nones if g["value_start"] is not None
               and g["value_start"] < n["span_end"] and n["span_start"] < g["value_end"]]
        spurious.append(dict(g, none_span=hit or None))

    n = len(gold)
    right = sum(r["status"] == "right" for r in results)
    right_strict = sum(r["status"] == "right" and r["indicator"] == "exact" and r["value_text_ok"] for r in results)
    missed = [r for r in results if r["status"] == "missed"]
    wrong = [r for r in results if r["status"] == "wrong"]
    summary = dict(plan_id=plan_id, labels=n, warehouse_targets=len(got), fields_right=right,
                   fields_and_indicator_and_value_text_right=right_strict, wrong=len(wrong), missed=len(missed),
                   spurious=len(spurious), spurious_in_none_spans=sum(1 for s in spurious if s["none_span"]))
    if a.json:
        print(json.dumps(dict(summary=summary, results=results, spurious=spurious), ensure_ascii=False, default=str, indent=1))
        return
    print(json.dumps(summary, ensure_ascii=False))
    sn = lambda L: L["snippet"].replace("\n", "⏎")
    print("\n== wrong fields (expected -> got)")
    for r in wrong:
        L = r["label"]
        j = " [judgement]" if "judgement" in L else ""
        print(f"{r['id']}{j} «{sn(L)}» " + "; ".join(f"{f}: {e!r} -> {g!r}" for f, (e, g) in r["wrong"].items()))
    print("\n== missed")
    for r in missed:
        L = r["label"]
        print(f"{r['id']} «{sn(L)}» {L['value_text']!r} {L['indicator']} {L['comparator']} {L['value']} {L['unit']} {L['target_year']} {L['kind']}")
    print("\n== indicator not exact (expected | got)")
    for r in results:
        if r["status"] != "missed" and r["indicator"] != "exact":
            print(f"{r['id']} {r['indicator']}: {r['indicator_exp']} | {r['indicator_got']}")
    print("\n== value_text differs (expected | got)")
    for r in results:
        if r["status"] != "missed" and not r["value_text_ok"]:
            print(f"{r['id']}: {r['value_text_exp']!r} | {r['value_text_got']!r}")
    print("\n== spurious")
    for s in spurious:
        print(f"{s['target_id']} [{s['value_start']}:{s['value_end']}] {s['value_text']!r} ind={s['indicator']} "
              f"{s['comparator']} {s['value']} {s['unit']} y={s['target_year']} kind={s['kind']} none_span={s['none_span']} "
              f"ctx=«{plan_text[max(0, s['value_start'] - 15):s['value_end'] + 5].replace(chr(10), '⏎')}»")


if __name__ == "__main__":
    main()
