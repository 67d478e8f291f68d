#!/usr/bin/env python3
"""Score a PlanAtlas warehouse against tests/gold/probe9/labels.jsonl.

Usage: score.py --db PATH [--labels PATH] [--json PATH]

Matching: each label's snippet is located in documents.text of the (single) loaded plan.html
document, whitespace-insensitively (a <br> line break, &nbsp;, full-width spaces and the tab
indentation of flattened table cells are ignored). A target matches a label when its value span
(value_start..value_end) lies inside the snippet's span and its value equals the label's value;
among several such targets the one with the label's target_year is preferred. Each target is used
once. Fields compared: comparator, value, value_high, unit, target_year, baseline_value,
baseline_year, kind, per_year, strict. The indicator is compared softly (one contains the other
after removing whitespace) and reported, but does not make a row wrong.

Prints one JSON summary line first, then a readable list of differences.
"""
import argparse
import json
import re
import sys
from pathlib import Path

import duckdb

FIELDS = ["comparator", "value", "value_high", "unit", "target_year", "baseline_value",
          "baseline_year", "kind", "per_year", "strict"]
WS = re.compile(r"\s")


def norm_map(text):
    """Text with whitespace removed, and for each kept char its index in the original."""
    chars, idx = [], []
    for i, ch in enumerate(text):
        if not WS.match(ch):
            chars.append(ch)
            idx.append(i)
    return "".join(chars), idx


def find_spans(norm, idx, snippet):
    s = WS.sub("", snippet)
    out, start = [], 0
    while s:
        k = norm.find(s, start)
        if k < 0:
            break
        out.append((idx[k], idx[k + len(s) - 1] + 1))
        start = k + 1
    return out


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return abs(float(a) - float(b)) < 1e-6
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return a == b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--labels", default=str(Path(__file__).with_name("labels.jsonl")))
    ap.add_argument("--json", dest="json_out")
    a = ap.parse_args()

    con = duckdb.connect(a.db, read_only=True)
    docs = con.execute("SELECT source_sha256, text FROM documents WHERE status='loaded' "
                       "AND original_name LIKE '%plan.html'").fetchall()
    if not docs:
        print(json.dumps({"error": "plan.html not loaded"}))
        return 2
    sha, text = docs[0]
    cols = ["target_id", "indicator", "comparator", "value", "value_high", "unit", "target_year",
            "baseline_value", "baseline_year", "kind", "per_year", "strict", "value_text",
            "value_start", "value_end", "direction"]
    rows = con.execute(
        f"SELECT {', '.join('t.' + c for c in cols)} FROM targets t JOIN plans p USING (plan_id) "
        "WHERE p.source_sha256 = ? ORDER BY t.value_start", [sha]).fetchall()
    targets = [dict(zip(cols, r)) for r in rows]
    norm, idx = norm_map(text)

    labels = [json.loads(l) for l in open(a.labels, encoding="utf-8") if l.strip()]
    used = set()
    details, n_ok, n_targets = [], 0, 0
    for lab in labels:
        spans = find_spans(norm, idx, lab["snippet"])
        if lab["type"] == "none":
            hits = [t["target_id"] for t in targets for (s, e) in spans
                    if s <= t["value_start"] < e]
            details.append({"id": lab["id"], "type": "none", "snippet": lab["snippet"],
                            "found": bool(spans), "status": "spurious" if hits else "ok",
                            "targets": hits})
            continue
        n_targets += 1
        cands = [t for t in targets if t["target_id"] not in used
                 and any(s <= t["value_start"] and t["value_end"] <= e for s, e in spans)
                 and same(float(t["value"]), float(lab["value"]))]
        cands.sort(key=lambda t: (t["target_year"] != lab["target_year"], t["value_start"]))
        d = {"id": lab["id"], "type": "target", "snippet": lab["snippet"],
             "value_text": lab["value_text"], "snippet_found": bool(spans)}
        if not cands:
            d["status"] = "missed"
            details.append(d)
            continue
        t = cands[0]
        used.add(t["target_id"])
        diffs = {}
        for f in FIELDS:
            if not same(lab.get(f), t[f]):
                diffs[f] = {"expected": lab.get(f), "got": t[f]}
        ind_l, ind_t = WS.sub("", lab["indicator"] or ""), WS.sub("", t["indicator"] or "")
        d.update(target_id=t["target_id"], got_value_text=t["value_text"],
                 indicator_expected=lab["indicator"], indicator_got=t["indicator"],
                 indicator_soft_ok=bool(ind_l and ind_t and (ind_l in ind_t or ind_t in ind_l)),
                 diffs=diffs, judgement=lab.get("judgement"))
        d["status"] = "ok" if not diffs else "wrong"
        n_ok += not diffs
        details.append(d)
    spurious = [t for t in targets if t["target_id"] not in used]
    summary = {
        "db": a.db, "labels": len(labels), "target_labels": n_targets, "targets_in_db": len(targets),
        "fully_right": n_ok,
        "wrong": sum(d["status"] == "wrong" for d in details),
        "missed": sum(d["status"] == "missed" for d in details),
        "unmatched_db_rows": len(spurious),
        "none_rows_hit": sum(d.get("status") == "spurious" for d in details if d["type"] == "none"),
        "indicator_soft_mismatch": sum(1 for d in details if d.get("indicator_soft_ok") is False),
        "snippets_not_found": [d["id"] for d in details if not d.get("snippet_found", d.get("found"))],
    }
    print(json.dumps(summary, ensure_ascii=False))
    for d in details:
        if d["status"] == "wrong":
            print(f"WRONG  {d['id']} {d['snippet']} [{d['value_text']}]: " + "; ".join(
                f"{k} expected {v['expected']!r} got {v['got']!r}" for k, v in d["diffs"].items()))
        elif d["status"] in ("missed", "spurious"):
            print(f"{d['status'].upper():7}{d['id']} {d['snippet']} {d.get('targets', '')}")
        if d.get("indicator_soft_ok") is False:
            print(f"INDIC  {d['id']} expected {d['indicator_expected']!r} got {d['indicator_got']!r}")
    for t in spurious:
        print(f"EXTRA  {t['target_id']} {t['indicator']} {t['comparator']} {t['value']} {t['unit']} "
              f"[{t['value_text']}]")
    if a.json_out:
        Path(a.json_out).write_text(json.dumps({"summary": summary, "details": details,
                                                "unmatched_db_rows": spurious},
                                               ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
