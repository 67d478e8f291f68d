"""`planatlas search` and `planatlas similar`: precedent wording across plans (issue 5)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table
from rich.text import Text

from extractors.diffing import diff
from extractors.errors import PlanAtlasError
from extractors.search_text import TOKENIZER_VERSION
from pipeline.cli import DbOption, _db, _fail, app, console
from warehouse import search as S
from warehouse.db import connect_read

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
               as_json: bool = typer.Option(False, "--json", help="Print the results as a JSON list.")):
    """Find the provisions of every plan closest to a draft wording (BM25 over Chinese words and bigrams)."""
    try:
        con = connect_read(_db(db))
        try:
            info = S.index_info(con)
            hits = S.search(con, query, jurisdiction=jurisdiction, domain=domain, kind=kind, limit=limit,
                            per_plan=per_plan)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
    if as_json:
        _print_json([h.as_dict() for h in hits])
        return
    if info.get("tokenizer_version") != TOKENIZER_VERSION:
        console.print(f"[yellow]note:[/yellow] the index was built with tokenizer {info.get('tokenizer_version')}, "
                      f"this is {TOKENIZER_VERSION}; rebuild for exact matching")
    if not hits:
        console.print(f"no provision matches {query!r}")
        return
    for h in hits:
        console.print(Text(f"{h.rank}. {_where(h)}   score {h.score:.2f}", style="bold"))
        console.print(Text(f"   {h.provision_id}  [{h.char_start}:{h.char_end}]", style="dim"))
        line = Text("   ")
        line.append_text(_marked(h.text, h.highlights))
        console.print(line)
        console.print()


def _diff_texts(a: str, b: str):
    """Left and right rich Texts of a numbers-aware diff, and the list of number changes."""
    d = diff(a, b)
    left, right = Text(), Text()
    for op in d.ops:
        if op.tag == "equal":
            left.append(op.a)
            right.append(op.b)
        elif op.tag == "number":
            left.append(f"«{op.a}»", style="bold yellow")
            right.append(f"«{op.b}»", style="bold yellow")
        else:
            if op.a:
                left.append(f"[-{op.a}-]", style="red")
            if op.b:
                right.append(f"{{+{op.b}+}}", style="green")
    return d, left, right


@app.command("similar")
def similar_cmd(provision_id: str = typer.Argument(..., help="A provision id, e.g. changning-children/d1/goal/3."),
                db: Optional[Path] = DbOption,
                min_score: float = typer.Option(0.0, "--min-score", help="Only counterparts at least this similar (0-1)."),
                plan: Optional[str] = typer.Option(None, "--plan", help="Only the counterpart in this plan."),
                as_json: bool = typer.Option(False, "--json", help="Print the provision and its counterparts as JSON.")):
    """A provision's best counterpart in every other plan, side by side, with the numbers that differ."""
    try:
        con = connect_read(_db(db))
        try:
            me = S.provision(con, provision_id)
            found = S.links(con, provision_id, min_score=min_score, other_plan=plan)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
    if as_json:
        out = []
        for link in found:
            d = diff(me.text, link.other.text)
            out.append({**link.other.as_dict(), "score": link.score, "relation": link.relation,
                        "wording_similarity": link.wording_similarity,
                        "shared_indicators": list(link.shared_indicators),
                        "number_changes": [list(c) for c in d.number_changes],
                        "only_in_this": list(d.only_in_a), "only_in_other": list(d.only_in_b),
                        "diff": {"this": d.left(), "other": d.right()}})
        _print_json({"provision": me.as_dict(), "counterparts": out})
        return
    console.print(Text(f"{me.provision_id}  {_where(me)}  [{me.char_start}:{me.char_end}]", style="bold"))
    console.print(me.text)
    console.print()
    if not found:
        console.print("no counterparts" + (f" at or above score {min_score}" if min_score else ""))
        return
    console.print(Text("«n» a number that differs   [-text-] only in this provision   {+text+} only in the other",
                       style="dim"))
    for link in found:
        o = link.other
        d, left, right = _diff_texts(me.text, o.text)
        t = Table(show_lines=False, expand=True)
        # overflow="fold": Chinese has no spaces to wrap at, and rich would cut the cell short
        t.add_column(f"{me.jurisdiction} {me.provision_id}", ratio=1, overflow="fold")
        t.add_column(f"{o.jurisdiction} {o.provision_id}  ({o.kind} {o.ordinal})", ratio=1, overflow="fold")
        t.add_row(left, right)
        console.print(Text(f"{o.jurisdiction} · {o.plan_title or o.plan_id}: score {link.score:.2f}, "
                           f"{RELATION_LABELS.get(link.relation, link.relation)}"
                           + (f" (indicators: {', '.join(link.shared_indicators)})" if link.shared_indicators else ""),
                           style="bold"))
        console.print(t)
        if d.number_changes:
            console.print("  numbers: " + "; ".join(f"{a} → {b}" for a, b in d.number_changes))
        console.print()
