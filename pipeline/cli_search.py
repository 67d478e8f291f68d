"""`planatlas search` and `planatlas similar`: precedent wording across plans (issue 5).

What a drafter reads by default: where each provision stands (jurisdiction, plan, domain, kind), its
id in full, and its text with the matched words marked 【】. Scores and source offsets are for
--verbose and --json (which keeps every field). Only what a command uses is imported: the numbers-aware
diff (rapidfuzz, the indicator registry) loads for `similar` alone.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from extractors.errors import PlanAtlasError
from extractors.search_text import TOKENIZER_VERSION
from pipeline.cli import WIDE, DbOption, _fail, _open, app, console, say_note
from warehouse import queries
from warehouse import search as S

RELATION_LABELS = {
    "near_identical": "near-identical wording",
    "same_indicator_different_target": "same indicator, different target",
    "same_indicator_same_target": "same indicator and target, other wording",
    "related": "related",
    "weak": "weakly related",
}
HIGHLIGHT = ("【", "】")


def _print_json(obj) -> None:
    # print() rather than console.print: JSON must not be wrapped or styled.
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _out(wide: bool) -> Console:
    return Console(width=WIDE, soft_wrap=True) if wide else console


def _marked(text: str, spans) -> Text:
    """The text with each span in 【】 (readable when piped) and styled in a terminal."""
    out = Text()
    pos = 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(HIGHLIGHT[0] + text[a:b] + HIGHLIGHT[1], style="bold yellow")
        pos = b
    out.append(text[pos:])
    return out


def _where(p) -> str:
    dom = f"{p.domain_title} ({p.domain_code})" if p.domain_title else "—"
    return f"{p.jurisdiction} · {p.plan_title or p.plan_id} · {dom} · {p.kind} {p.ordinal}"


@app.command("search")
def search_cmd(query: str = typer.Argument(..., help="A few words or a whole draft sentence or paragraph."),
               db: Optional[Path] = DbOption,
               jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", help="Only this jurisdiction (高台县, 高台, Gaotai)."),
               domain: Optional[str] = typer.Option(None, "--domain", help="Only this domain code (health, safety, education, ...)."),
               kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind: goal, measure, project, table_row, principle, overall_goal, implementation, monitoring, preamble."),
               # at most what a 64-bit SQL LIMIT holds (below 1, search says so itself)
               limit: int = typer.Option(10, "--limit", max=2**63 - 1, help="How many results."),
               per_plan: Optional[int] = typer.Option(None, "--per-plan", max=2**63 - 1,
                                                      help="At most K results from one plan."),
               verbose: bool = typer.Option(False, "--verbose", "-v", help="Also each result's score and its place in the source (characters)."),
               wide: bool = typer.Option(False, "--wide", help="Do not wrap lines to the terminal's width."),
               as_json: bool = typer.Option(False, "--json", help="Print the results as a JSON list (every field).")):
    """Find the provisions of every plan closest to a draft wording, in the plans' words or everyday ones.

    Example: planatlas search "残疾孩子上学" --per-plan 1
    """
    try:
        con = _open(db)
        try:
            info = S.index_info(con)
            parsed = S.parse(con, query)
            hits = S.search(con, query, jurisdiction=jurisdiction, domain=domain, kind=kind, limit=limit,
                            per_plan=per_plan, parsed=parsed)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
    if as_json:
        _print_json([h.as_dict() for h in hits])
        return
    out = _out(wide)
    if info.get("tokenizer_version") != TOKENIZER_VERSION:
        say_note(f"the index was built with tokenizer {info.get('tokenizer_version')}, "
                 f"this is {TOKENIZER_VERSION}; rebuild it (`planatlas build --replace`) for exact matching")
    if not hits:  # a note on stderr, as the others (with --json: [] above); no error: exit 0
        say_note(f"no provision matches {query!r}; try fewer or other words, or drop a filter")
        return
    readings = S.readings_shown(parsed, hits)  # why a provision without the query's words came up (as the web page)
    if readings:
        out.print(Text("also searched, in the plans' words: " + "; ".join(
            f"{r.said} → {'、'.join(r.searched)}" for r in readings), style="dim"), soft_wrap=True)
        out.print()
    for h in hits:
        out.print(Text(f"{h.rank}. {_where(h)}", style="bold"))
        out.print(Text(f"   {h.provision_id}", style="cyan"), soft_wrap=True)  # never folded: copy it whole
        if verbose:
            out.print(Text(f"   score {h.score:.2f} · source characters {h.char_start}-{h.char_end}", style="dim"))
        line = Text("   ")
        line.append_text(_marked(h.text, h.highlights))
        out.print(line)
        out.print()


# ---------------------------------------------------------------------------------- similar


def _side_by_side(ops) -> tuple[Text, Text]:
    """The numbers-aware diff (extractors.numbers_diff: a target value is set against the other's only
    for the same indicator and year) as rich Text, one side each."""
    left, right = Text(), Text()
    gone, added = [], []  # a run of text one side has alone, one bracket however many pieces it came in

    def flush() -> None:
        if gone:
            left.append("[-" + "".join(gone) + "-]", style="red")
        if added:
            right.append("{+" + "".join(added) + "+}", style="green")
        gone.clear()
        added.clear()

    for op in ops:
        if op.tag in ("delete", "insert", "replace"):
            gone.extend([op.a] if op.a else [])
            added.extend([op.b] if op.b else [])
            continue
        flush()
        if op.tag == "number":
            left.append(f"«{op.a}»", style="bold yellow")
            right.append(f"«{op.b}»", style="bold yellow")
        else:
            left.append(op.a)
            right.append(op.b)
    flush()
    return left, right


def _target_changes(rows) -> list[dict]:
    """The targets both provisions set for the same indicator, year and kind of value
    (extractors.numbers_diff.number_rows) that differ: by value, comparator and unit, not by how the
    number is printed (90％ and 90% are the same)."""
    return [{"indicator": r.a[0].indicator_code or r.name, "year": r.year,
             "this": ["".join(t.value_text.split()) for t in r.a], "other": ["".join(t.value_text.split()) for t in r.b]}
            for r in sorted(rows, key=lambda r: (r.year or 0, (r.a or r.b)[0].indicator_code or r.name))
            if r.status == "differs" and r.kind == "target"]


def _one_side(rows) -> list[dict]:
    """Targets only one of the two provisions sets for an indicator and year (numbers_diff.number_rows):
    the other sets it for another year, or not at all."""
    return [{"indicator": (r.a or r.b)[0].indicator_code or r.name, "year": r.year,
             "year_stated": all(t.year_stated for t in (r.a or r.b)),
             "this": [t.display for t in r.a], "other": [t.display for t in r.b]}
            for r in rows if r.status in ("only_a", "only_b") and r.kind == "target"]


@app.command("similar")
def similar_cmd(provision_id: str = typer.Argument(..., help="A provision id, e.g. changning-children/d1/goal/3."),
                db: Optional[Path] = DbOption,
                min_score: float = typer.Option(0.0, "--min-score", help="Only counterparts at least this similar (0-1)."),
                plan: Optional[str] = typer.Option(None, "--plan", help="Only the counterpart in this plan."),
                verbose: bool = typer.Option(False, "--verbose", "-v", help="Also similarity scores and source offsets."),
                wide: bool = typer.Option(False, "--wide", help="Do not wrap lines to the terminal's width."),
                as_json: bool = typer.Option(False, "--json", help="Print the provision and its counterparts as JSON.")):
    """A provision's best counterpart in every other plan, side by side, with the targets that differ
    (a value against the other plan's value for the same year).

    Example: planatlas similar yushu-children/d1/goal/3 --plan panshan-children
    """
    try:
        con = _open(db)
        try:
            if plan is not None:
                queries.plan_row(con, plan)  # an unknown plan is an error naming the known ones
            me = S.provision(con, provision_id)
            found = S.links(con, provision_id, min_score=min_score, other_plan=plan)
            from web import queries as web_queries  # the targets as the web page's similar view reads them
            targets = web_queries.targets_of(con, [me.provision_id] + [l.other.provision_id for l in found])
            elsewhere = queries.same_indicator_elsewhere(con, me.provision_id, [l.other.plan_id for l in found],
                                                         [l.other.provision_id for l in found])
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
    from extractors import numbers_diff as ND
    mine = targets[me.provision_id]
    pairs = []
    for link in found:
        o, theirs = link.other, targets[link.other.provision_id]
        ops = ND.year_diff(me.text, me.char_start, mine, o.text, o.char_start, theirs)
        left, right = _side_by_side(ops)
        changes = [(op.a, op.b) for op in ops if op.tag == "number"]
        only = ([op.a for op in ops if op.tag in ("delete", "replace") and op.a],
                [op.b for op in ops if op.tag in ("insert", "replace") and op.b])
        rows = ND.number_rows(mine, theirs)
        pairs.append((link, left, right, changes, only, _target_changes(rows),
                      [e for e in elsewhere if e.plan_id == o.plan_id], _one_side(rows)))
    if as_json:
        _print_json({"provision": me.as_dict(), "counterparts": [
            {**link.other.as_dict(), "score": link.score, "relation": link.relation,
             "wording_similarity": link.wording_similarity, "shared_indicators": list(link.shared_indicators),
             "number_changes": [list(c) for c in changes], "target_changes": tchanges,
             "only_in_this": only[0], "only_in_other": only[1],
             "diff": {"this": left.plain, "other": right.plain},
             "same_indicator_elsewhere": [{"provision_id": e.provision_id, "indicator_code": e.indicator_code,
                                           "year": e.year, "year_stated": e.year_stated, "display": e.display}
                                          for e in also],
             "targets_one_side": one_side}
            for link, left, right, changes, only, tchanges, also, one_side in pairs]})
        return
    out = _out(wide)
    out.print(Text(f"{_where(me)}", style="bold"))
    out.print(Text(f"{me.provision_id}" + (f"  [source characters {me.char_start}-{me.char_end}]" if verbose else ""),
                   style="cyan"), soft_wrap=True)
    out.print(me.text)
    out.print()
    if not found:
        out.print("no counterparts" + (f" at or above score {min_score}" if min_score else "")
                  + ("" if plan is None else f" in plan {plan!r} (plan ids: `planatlas status`)"))
        return
    out.print(Text("«n» a number that differs (same year)   [-text-] only in this provision   {+text+} only in the other",
                   style="dim"))
    for link, left, right, changes, _, tchanges, also, one_side in pairs:
        o = link.other
        head = (f"{o.jurisdiction} · {o.plan_title or o.plan_id}: {RELATION_LABELS.get(link.relation, link.relation)}"
                + (f", similarity {link.score:.2f}" if verbose else ""))
        out.print(Text(head, style="bold"))
        out.print(Text(f"{o.provision_id}  ({o.kind} {o.ordinal})", style="cyan"), soft_wrap=True)
        if link.shared_indicators:
            out.print(Text("indicators: " + ", ".join(link.shared_indicators), style="dim"), soft_wrap=True)
        # --wide: the table as wide as its texts (expanding it would pad every line to the console's
        # 10,000 columns)
        t = Table(show_lines=False, expand=not wide, show_header=True)
        # overflow="fold": Chinese has no spaces to wrap at, and rich would cut the cell short;
        # the headers fold too, so an id is never cut to "…"
        t.add_column(me.jurisdiction, ratio=None if wide else 1, overflow="fold")
        t.add_column(o.jurisdiction, ratio=None if wide else 1, overflow="fold")
        t.add_row(left, right)
        out.print(t)
        if tchanges:
            out.print("  targets: " + "; ".join(
                f"{c['indicator']} {c['year']}: {'/'.join(c['this'])} → {'/'.join(c['other'])}" for c in tchanges))
        elif changes:
            out.print("  numbers: " + "; ".join(f"{a} → {b}" for a, b in changes))
        if one_side and not tchanges:  # targets for different years: never set against each other
            out.print("  targets one side only (other years): " + "; ".join(
                f"{r['indicator']} {r['year']}{'' if r['year_stated'] else '†'}: "
                + (f"{'/'.join(r['this'])} here" if r["this"] else f"{'/'.join(r['other'])} there") for r in one_side))
        if also:  # the counterpart is the best-worded provision; another may set the same indicator
            out.print(Text(f"  also setting {', '.join(sorted({e.indicator_code for e in also}))} in {o.jurisdiction}: "
                           + "; ".join(f"{e.provision_id} {e.display} ({e.year}{'' if e.year_stated else '†'})"
                                       for e in also), style="yellow"),
                      soft_wrap=True)
        out.print()
