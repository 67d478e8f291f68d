"""Score a PlanAtlas warehouse against the probe8 labels (self-contained: duckdb only).

    python tests/gold/probe8/score.py --db /tmp/probe8/w.duckdb [--json details.json]

Prints a JSON summary first, then one line per difference. A label is matched to the warehouse target
whose value span (value_start/value_end, indexing documents.text) overlaps the label's value in the
text: prose rows find the value inside their snippet, table rows after their indicator cell (the first
match after the table's caption, `anchor`), skipping `occurrence` earlier matches. Several labels on one
printed value (均保持在98%以上) take distinct targets, best agreement first. "Fully right": comparator,
value, value_high, unit, target_year, baseline_value, baseline_year, kind, per_year, strict; the
indicator is reported apart (exact / one contains the other / differs).
"""
import argparse
import json
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).parent
FIELDS = ["comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year",
          "kind", "per_year", "strict"]


def norm(v):
    if isinstance(v, float) and v == int(v):
        return int(v)
    if hasattr(v, "item"):
        return norm(v.item())
    return v


def eq(a, b):
    a, b = norm(a), norm(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9
    if a in (None, False) and b in (None, False) and (a is False or b is False):
        return True  # per_year/strict: null and false agree
    return a == b


def ind_match(a, b):
    if not a or not b:
        return "missing"
    strip = lambda s: s.replace(" ", "").replace("“", "").replace("”", "")
    a, b = strip(a), strip(b)
    if a == b:
        return "exact"
    if a in b or b in a:
        return "contains"
    return "differs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--labels", default=str(HERE / "labels.jsonl"))
    ap.add_argument("--json", help="write details here")
    args = ap.parse_args()
    labels = [json.loads(l) for l in open(args.labels, encoding="utf-8") if l.strip()]
    must_not = json.loads((HERE / "must_not_appear.json").read_text(encoding="utf-8"))
    con = duckdb.connect(args.db, read_only=True)
    plans = con.execute("SELECT plan_id, subject, source_sha256, title, jurisdiction, province, parent, admin_level, "
                        "period_start, period_end, issuer, CAST(issue_date AS VARCHAR), doc_number, "
                        "structure_complete FROM plans WHERE is_current").fetchall()
    cols = ["plan_id", "subject", "source_sha256", "title", "jurisdiction", "province", "parent", "admin_level",
            "period_start", "period_end", "issuer", "issue_date", "doc_number", "structure_complete"]
    plans = [dict(zip(cols, p)) for p in plans]
    by_subject = {}
    for p in plans:
        by_subject.setdefault(p["subject"], []).append(p)
    if not plans:
        print(json.dumps({"error": "no plans in warehouse"}))
        return 1
    sha = plans[0]["source_sha256"]
    text = con.execute("SELECT text FROM documents WHERE source_sha256 = ? AND status = 'loaded'", [sha]).fetchall()[0][0]
    tcols = ["target_id", "plan_id", "indicator", "comparator", "value", "value_high", "unit", "per_year",
             "target_year", "baseline_year", "baseline_value", "kind", "strict", "value_text", "value_start",
             "value_end", "evidence"]
    targets = [dict(zip(tcols, r)) for r in con.execute(f"SELECT {', '.join(tcols)} FROM targets").fetchall()]
    plan_of = {"women": [p["plan_id"] for p in by_subject.get("women", [])],
               "children": [p["plan_id"] for p in by_subject.get("children", [])]}

    used = set()
    results = []
    # first pass: locate every label's value span
    for lab in labels:
        if lab["type"] != "target":
            continue
        r = {"id": lab["id"], "plan": lab["plan"], "snippet": lab["snippet"], "value_text": lab["value_text"]}
        if lab.get("table"):
            a = text.find(lab["anchor"])
            s = text.find(lab["snippet"], a) if a >= 0 else -1
            if s < 0:
                r["status"] = "snippet_not_found"
                results.append((lab, r, None))
                continue
            k, start = -1, s + len(lab["snippet"])
            for _ in range(lab["occurrence"] + 1):
                k = text.find(lab["value_text"], start)
                start = k + 1
                if k < 0:
                    break
            vpos = k
        else:
            n = text.count(lab["snippet"])
            s = text.find(lab["snippet"])
            if s < 0:
                r["status"] = "snippet_not_found"
                results.append((lab, r, None))
                continue
            if n > 1:
                r["note"] = f"snippet occurs {n} times in documents.text"
            k = -1
            for _ in range(lab["occurrence"] + 1):
                k = lab["snippet"].find(lab["value_text"], k + 1)
            vpos = s + k
        if vpos < 0:
            r["status"] = "value_not_found"
            results.append((lab, r, None))
            continue
        results.append((lab, r, (vpos, vpos + len(lab["value_text"]))))

    def score_cand(lab, t):
        return sum(eq(lab[f], t[f]) for f in FIELDS) + (2 if ind_match(lab["indicator"], t["indicator"]) == "exact" else
                                                        1 if ind_match(lab["indicator"], t["indicator"]) == "contains" else 0)

    # second pass: assign, labels with fewer candidates first
    pending = [x for x in results if x[2] is not None]
    cands = {}
    for lab, r, (a, b) in pending:
        cands[lab["id"]] = [t for t in targets if t["plan_id"] in plan_of[lab["plan"]]
                            and t["value_start"] is not None and t["value_start"] < b and t["value_end"] > a]
        wrong_plan = [t for t in targets if t["plan_id"] not in plan_of[lab["plan"]]
                      and t["value_start"] is not None and t["value_start"] < b and t["value_end"] > a]
        if wrong_plan:
            r["other_plan_rows"] = [t["target_id"] for t in wrong_plan]
    for lab, r, span in sorted(pending, key=lambda x: len(cands[x[0]["id"]])):
        best = None
        for t in cands[lab["id"]]:
            if t["target_id"] in used:
                continue
            sc = score_cand(lab, t) + (5 if eq(lab["value"], t["value"]) else 0)
            if best is None or sc > best[0]:
                best = (sc, t)
        if best is None:
            r["status"] = "missed"
            continue
        t = best[1]
        used.add(t["target_id"])
        r["target_id"] = t["target_id"]
        diffs = {f: {"expected": lab[f], "got": norm(t[f])} for f in FIELDS if not eq(lab[f], t[f])}
        r["diffs"] = diffs
        r["indicator"] = {"expected": lab["indicator"], "got": t["indicator"],
                          "match": ind_match(lab["indicator"], t["indicator"])}
        r["got_value_text"] = t["value_text"]
        r["status"] = "right" if not diffs else ("wrong_value" if "value" in diffs else "wrong_fields")
        if lab.get("judgement"):
            r["judgement"] = lab["judgement"]

    # spurious
    none_spans = []
    for lab in labels:
        if lab["type"] == "none":
            s = text.find(lab["snippet"])
            none_spans.append((lab, s))
    spurious = []
    for t in targets:
        if t["target_id"] in used:
            continue
        hit = [lab["id"] for lab, s in none_spans if s >= 0 and s <= (t["value_start"] or -1) < s + len(lab["snippet"])]
        spurious.append({"target_id": t["target_id"], "plan_id": t["plan_id"], "value_text": t["value_text"],
                         "indicator": t["indicator"], "comparator": t["comparator"], "value": norm(t["value"]),
                         "unit": t["unit"], "target_year": t["target_year"], "kind": t["kind"],
                         "in_none_span": hit, "context": text[max(0, t["value_start"] - 25):t["value_end"] + 10]})
    none_absent = [lab["id"] for lab, s in none_spans if s < 0]

    summary = {"plans": {}, "spurious": len(spurious), "spurious_in_none_spans": sum(bool(x["in_none_span"]) for x in spurious),
               "none_rows": len(none_spans), "none_snippets_absent_from_text": none_absent,
               "must_not_appear_present": [m for m in must_not if m in text]}
    for plan in ("women", "children"):
        rs = [r for lab, r, _ in results if lab["plan"] == plan]
        summary["plans"][plan] = {
            "labelled": len(rs),
            "fully_right": sum(r.get("status") == "right" for r in rs),
            "fully_right_and_indicator_exact_or_contained": sum(
                r.get("status") == "right" and r["indicator"]["match"] in ("exact", "contains") for r in rs),
            "wrong_value": sum(r.get("status") == "wrong_value" for r in rs),
            "wrong_fields": sum(r.get("status") == "wrong_fields" for r in rs),
            "missed": sum(r.get("status") in ("missed", "snippet_not_found", "value_not_found") for r in rs),
            "warehouse_plan_ids": plan_of[plan],
            "warehouse_targets": sum(t["plan_id"] in plan_of[plan] for t in targets),
        }
    summary["metadata"] = plans
    print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    for lab, r, _ in results:
        if r.get("status") != "right":
            print(r["status"], r["id"], r["snippet"], "|", r.get("diffs", ""), r.get("note", ""))
    for lab, r, _ in results:
        if r.get("status") == "right" and r["indicator"]["match"] == "differs":
            print("indicator", r["id"], r["indicator"]["expected"], "->", r["indicator"]["got"])
    for x in spurious:
        print("spurious", x)
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "rows": [r for _, r, _ in results],
                                               "spurious": spurious}, ensure_ascii=False, indent=1, default=str),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
