"""`planatlas eval`: score the warehouse's targets against hand-labelled gold JSONL files."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from extractors.errors import PlanAtlasError
from extractors.evaluation import FIELDS, GoldError, locate, score
from pipeline.cli import DbOption, _db, _fail, app, console
from pipeline.cli_gold import read_gold_lines
from warehouse import queries
from warehouse.db import connect_warehouse


def _clean(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v.item() if hasattr(v, "item") else v


def evaluate(gold_files: list[Path], db: Path) -> dict:
    # every gold file is checked before the warehouse is read: a wrong one is refused at once
    gold_rows = [(f, read_gold_lines(Path(f), "targets")) for f in gold_files]
    con = connect_warehouse(db)
    try:
        preds_df = queries.targets_with_sources(con)
        stored = queries.document_texts(con)  # the warehouse is self-contained: no source file is read
    finally:
        con.close()
    texts: dict[str, str] = {}
    gold = []
    for f, rows in gold_rows:
        for n, row in rows:
            doc = row["doc"]
            if doc not in stored:
                raise PlanAtlasError(f"{f}:{n}: document {doc} is not in the warehouse")
            texts[doc] = stored[doc]
            try:
                row["span"] = locate(row, texts[doc])
            except GoldError as e:
                raise GoldError(f"{f}:{n}: {e}") from None
            gold.append(row)
    preds = []
    for r in preds_df.to_dict("records"):
        if r["source_file"] in texts:
            r = {k: _clean(v) for k, v in r.items()}
            r["doc"] = r["source_file"]
            r["span"] = (r["value_start"], r["value_end"])
            preds.append(r)
    return score(gold, preds)


@app.command("eval")
def eval_cmd(gold: List[Path] = typer.Option(..., "--gold", help="Gold JSONL file (repeat for several)."),
             db: Optional[Path] = DbOption,
             errors: bool = typer.Option(False, "--errors", help="List every miss, spurious row and wrong field."),
             as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON.")):
    """Precision, recall and F1 of the targets against gold, for span+value+unit and the full tuple.

    Example: planatlas eval --gold tests/gold/targets_000.jsonl --gold tests/gold/targets_001.jsonl --errors
    """
    try:
        rep = evaluate(gold, _db(db))
    except PlanAtlasError as e:
        _fail(e)
    if as_json:
        print(json.dumps({k: v for k, v in rep.items() if k != "pairs"}, ensure_ascii=False, indent=1))
        return
    t = Table(title=f"{rep['gold']} gold targets, {rep['predicted']} extracted, {rep['matched']} matched")
    for c in ("level", "precision", "recall", "F1"):
        t.add_column(c)
    for level, label in (("span", "span + value + unit"), ("tuple", "full tuple (+comparator, year, kind, value_high)")):
        s = rep[level]
        t.add_row(label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}")
    console.print(t)
    f = Table(title="per-field accuracy over matched targets")
    f.add_column("field")
    f.add_column("accuracy")
    for k in FIELDS:
        f.add_row(k, f"{rep['field_accuracy'][k]:.3f}")
    console.print(f)
    if errors:
        for g, p in rep["pairs"]:
            if p is None:
                console.print(f"[red]missed[/red] {g['doc'][:3]} {g['value_text']!r} {g['indicator']} | {g['quote'][:50]!r}")
            elif g is None:
                console.print(f"[yellow]spurious[/yellow] {p['target_id']} {p['value_text']!r} {p['indicator']}")
            else:
                bad = {k: (g.get(k), p.get(k)) for k in FIELDS[:-1] if not _eq(k, g, p)}
                if bad:
                    console.print(f"[magenta]field[/magenta] {p['target_id']} {p['value_text']!r} gold/extracted {bad}")


def _eq(k, g, p):
    from extractors.evaluation import _same
    return _same(k, g.get(k), p.get(k))
