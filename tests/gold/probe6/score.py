"""Score a PlanAtlas warehouse against tests/gold/probe6/labels.jsonl (blind probe).

    .venv/bin/python tests/gold/probe6/score.py --db /tmp/probe6/docx.duckdb --format docx [--json out.json]

Matching (per label, on the warehouse's own documents.text of the loaded document):
- prose label: every occurrence of `snippet` in documents.text is a region; a target matches when its
  [value_start, value_end) overlaps a region and its value equals the label's value (or the label's
  `alt` value). Several candidates: prefer same target_year, then same comparator.
- table label: the region of a row starts at its `anchor` (the indicator / level cell), searched after
  the table's marker sentence, and ends at the next row's anchor (the last row ends at the text that
  follows the table). Same value matching; candidates with the label's target_year are preferred, so
  the two equal cells of a row (≥95 / ≥95) pair by column year.
- each warehouse target is matched at most once. A label without a match in its region is looked for
  anywhere (same value, year) and reported as "found elsewhere" when it is.
- fields compared: comparator, value, value_high, unit, target_year, baseline_value, baseline_year, kind,
  per_year, strict. `fully right` = all of them equal; `fully right + indicator` also needs the
  indicator to be close (one contains the other after removing spaces, or they share 80% of characters).
- none labels: any target whose value span lies inside any occurrence of the snippet is a violation.
- spurious: targets of the plan matched by no label.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

import duckdb

HERE = pathlib.Path(__file__).resolve().parent
FIELDS = ["comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year",
          "kind", "per_year", "strict"]

TABLE_MARKERS = {  # (start marker, end marker) in documents.text
    "表1": ("本规划设置主要指标14项", "三、发展领域"),
    "表2": ("各级女干部比例达到表2所列目标", "村委会主任中女性比例达到12%以上"),
}


def occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def feq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))
    except (TypeError, ValueError):
        return a == b


def close_indicator(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.replace(" ", ""), b.replace(" ", "")
    if a in b or b in a:
        return True
    common = sum(1 for ch in set(a) if ch in b)
    return common >= 0.8 * len(set(a))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--format", required=True, choices=["docx", "html", "pdf"])
    ap.add_argument("--labels", default=str(HERE / "labels.jsonl"))
    ap.add_argument("--json")
    a = ap.parse_args()

    labels = [json.loads(l) for l in open(a.labels, encoding="utf-8") if l.strip()]
    con = duckdb.connect(a.db, read_only=True)
    docs = con.sql("SELECT source_sha256, original_name, status, text FROM documents WHERE status='loaded'").fetchall()
    if len(docs) != 1:
        print(f"expected one loaded document, got {len(docs)}", file=sys.stderr)
    sha, name, _, text = docs[0]
    cols = [c[0] for c in con.sql("DESCRIBE targets").fetchall()]
    q = f"SELECT t.* FROM targets t JOIN plans p USING (plan_id) WHERE p.source_sha256 = ? ORDER BY value_start"
    tg = [dict(zip(cols, r)) for r in con.execute(q, [sha]).fetchall()]
    used: set = set()

    def region_of(lab) -> list[tuple[int, int]]:
        if "table" in lab:
            start_m, end_m = TABLE_MARKERS[lab["table"]]
            s = text.find(start_m)
            e = text.find(end_m, s + 1) if s >= 0 else -1
            if s < 0:
                return []
            if e < 0:
                e = len(text)
            anchors = [l["anchor"] for l in labels if l.get("table") == lab["table"]]
            order = list(dict.fromkeys(anchors))
            pos = {an: text.find(an, s, e) for an in order}  # anchors are unique inside their table
            p0 = pos.get(lab["anchor"], -1)
            if p0 < 0:
                return []
            nxt = sorted(p for p in pos.values() if p > p0)
            return [(p0, nxt[0] if nxt else e)]
        return [(p, p + len(lab["snippet"])) for p in occurrences(text, lab["snippet"])]

    def value_ok(lab, t) -> bool:
        if feq(t["value"], lab["value"]):
            return True
        alt = lab.get("alt")
        return bool(alt and feq(t["value"], alt["value"]))

    results = []
    # pass 1: table rows sorted so that target-year-specific matching is deterministic
    for lab in [l for l in labels if l["type"] == "target"]:
        regs = region_of(lab)
        cands = [t for t in tg if t["target_id"] not in used and value_ok(lab, t)
                 and any(t["value_start"] < e and t["value_end"] > s for s, e in regs)]
        cands.sort(key=lambda t: (t["target_year"] != lab["target_year"], t["comparator"] != lab["comparator"]))
        res = {"id": lab["id"], "snippet": lab["snippet"], "value_text": lab["value_text"],
               "indicator": lab["indicator"], "judgement": lab.get("judgement"),
               "region_found": bool(regs)}
        if cands:
            t = cands[0]
            used.add(t["target_id"])
            exp = {f: lab.get(f) for f in FIELDS}
            if lab.get("alt") and feq(t["value"], lab["alt"]["value"]):
                exp.update(lab["alt"])
            diffs = {}
            for f in FIELDS:
                e_, g_ = exp.get(f), t.get(f)
                if f in ("per_year", "strict"):
                    e_, g_ = bool(e_), bool(g_)
                ok = feq(e_, g_) if f in ("value", "value_high", "baseline_value", "target_year", "baseline_year") else e_ == g_
                if not ok:
                    diffs[f] = {"expected": e_, "got": g_}
            res.update(matched=True, target_id=t["target_id"], got_indicator=t["indicator"],
                       got_value_text=t["value_text"], got_evidence=(t.get("evidence") or "")[:120],
                       diffs=diffs, indicator_ok=close_indicator(lab["indicator"], t["indicator"]))
        else:
            res.update(matched=False, _lab=lab)
        results.append(res)
    for res in results:  # after every label had its chance: a miss whose value sits somewhere unmatched
        lab = res.pop("_lab", None)
        if lab is None:
            continue
        elsewhere = [t for t in tg if t["target_id"] not in used and value_ok(lab, t)
                     and feq(t["target_year"], lab["target_year"]) and close_indicator(lab["indicator"], t["indicator"])]
        res["elsewhere"] = [{"target_id": t["target_id"], "value_text": t["value_text"], "indicator": t["indicator"],
                             "evidence": (t.get("evidence") or "")[:100]} for t in elsewhere[:3]]

    nones = []
    for lab in [l for l in labels if l["type"] == "none"]:
        if lab.get("formats") and a.format not in lab["formats"]:
            continue
        occ = occurrences(text, lab["snippet"])
        bad = [t for t in tg for p in occ if t["value_start"] >= p and t["value_end"] <= p + len(lab["snippet"])]
        nones.append({"id": lab["id"], "snippet": lab["snippet"], "found_in_text": bool(occ),
                      "violations": [{"target_id": t["target_id"], "value_text": t["value_text"], "indicator": t["indicator"],
                                      "comparator": t["comparator"], "value": t["value"], "unit": t["unit"]} for t in bad]})

    none_ids = {v["target_id"] for n in nones for v in n["violations"]}
    spurious = [{k: t.get(k) for k in ("target_id", "indicator", "comparator", "value", "value_high", "unit", "target_year",
                                        "baseline_value", "baseline_year", "kind", "per_year", "strict", "value_text")}
                | {"context": text[max(0, t["value_start"] - 25): t["value_end"] + 10].replace("\n", "⏎"),
                   "violates_none_label": t["target_id"] in none_ids}
                for t in tg if t["target_id"] not in used]

    targets_lab = [r for r in results]
    full = [r for r in targets_lab if r["matched"] and not r["diffs"]]
    full_ind = [r for r in full if r["indicator_ok"]]
    summary = {
        "format": a.format, "document": name, "labels": len(targets_lab), "warehouse_targets": len(tg),
        "matched": sum(r["matched"] for r in targets_lab),
        "fully_right_fields": len(full), "fully_right_fields_and_indicator": len(full_ind),
        "missed": sum(not r["matched"] for r in targets_lab), "spurious": len(spurious),
        "none_labels_checked": len(nones), "none_labels_violated": sum(bool(n["violations"]) for n in nones),
    }
    out = {"summary": summary, "results": results, "nones": nones, "spurious": spurious}
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8")

    print(json.dumps(summary, ensure_ascii=False))
    print("\n== wrong fields")
    for r in results:
        if r["matched"] and r["diffs"]:
            d = "; ".join(f"{k}: exp {v['expected']!r} got {v['got']!r}" for k, v in r["diffs"].items())
            print(f"{r['id']} [{r['snippet']}] {r['value_text']}: {d}" + ("  (J)" if r["judgement"] else ""))
    print("\n== indicator differs (fields otherwise as reported above)")
    for r in results:
        if r["matched"] and not r["indicator_ok"]:
            print(f"{r['id']} {r['value_text']}: exp {r['indicator']!r} got {r['got_indicator']!r}")
    print("\n== missed")
    for r in results:
        if not r["matched"]:
            print(f"{r['id']} [{r['snippet']}] {r['value_text']} ({r['indicator']}) region_found={r['region_found']}"
                  + (f" elsewhere={r['elsewhere']}" if r["elsewhere"] else "") + ("  (J)" if r["judgement"] else ""))
    print("\n== none labels violated")
    for n in nones:
        if n["violations"] or not n["found_in_text"]:
            print(n)
    print("\n== spurious")
    for s in spurious:
        print(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
