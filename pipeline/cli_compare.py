"""`planatlas compare`, `export`, `indicators-review` and `indicators-eval` (issue 4)."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from extractors.errors import PlanAtlasError
from pipeline.cli import DbOption, WideOption, _fail, _open, _out, app, console, id_column, print_table

# pandas (warehouse.comparison, warehouse.export) and rapidfuzz (extractors.indicators) are imported by
# the commands that use them: `planatlas search` and every other command start without them.
EXPORT_FORMATS = ("parquet", "csv", "xlsx")  # warehouse.export.FORMATS (tests check they agree)

LEGEND = ("† no year printed with the target: the end of the plan's period. Targets are ranked only against "
          "targets for the same year with the same unit and the same kind (level =/≤/≥, decrease, increase, range).")


def _read(db: Optional[Path]):
    return _open(db)


def _write_csv_bom() -> None:
    """CSV on stdout starts with a UTF-8 byte-order mark, as `export --format csv` writes its files:
    Excel then reads the Chinese as Unicode (without one it shows mojibake)."""
    sys.stdout.write("\ufeff")


@app.command()
def compare(codes: Optional[List[str]] = typer.Argument(None, help="Indicator codes, or Chinese/English names "
                                                                      "(default: every indicator two or more plans set)."),
            year: Optional[int] = typer.Option(None, "--year", help="Only targets for this year."),
            domain: Optional[str] = typer.Option(None, "--domain", help="Only indicators of this domain (health, education, ...)."),
            fmt: str = typer.Option("table", "--format", help="table, csv or json."),
            every: bool = typer.Option(False, "--all", help="Also indicators only one plan sets."),
            achieved: bool = typer.Option(False, "--achieved", help="Also show achieved figures (never ranked)."),
            list_codes: bool = typer.Option(False, "--list", help="List the registry's indicators and exit."),
            as_json: bool = typer.Option(False, "--json", help="Print JSON (as --format json)."),
            db: Optional[Path] = DbOption, wide: bool = WideOption):
    """Compare the plans' targets on canonical indicators, jurisdictions side by side.

    Example: planatlas compare infant_mortality_rate --year 2025 --json
    """
    from warehouse import comparison as C
    fmt = "json" if as_json else fmt
    if fmt not in ("table", "csv", "json"):
        _fail(ValueError(f"--format must be table, csv or json, not {fmt!r}"))
    try:
        con = _read(db)
        try:
            if list_codes:
                df = C.indicators(con, domain)
                if fmt != "table":
                    _print_frame(df, fmt)
                    return
                t = Table(title=f"{len(df)} indicators")
                id_column(t, "code", df["code"])
                for c in ("name_zh", "name_en", "unit", "better", "domain"):
                    t.add_column(c, overflow="fold")
                for r in df.itertuples(index=False):
                    t.add_row(r.code, r.name_zh, r.name_en, r.unit or "", r.better, r.domain)
                print_table(_out(wide), t)
                return
            if domain and domain not in set(C.indicators(con)["domain"]):
                raise PlanAtlasError(f"no domain {domain!r}; domains are: {', '.join(sorted(set(C.indicators(con)['domain'])))}")
            wanted = C.resolve_codes(con, codes) if codes else None
            result = C.compare(con, wanted, year, domain, shared_only=not every, achieved=achieved)
            other = _other_years(C, con, result, year)
            labels = C.plan_labels(con)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
        return
    if fmt == "csv":
        rows = C.long_rows(result, labels)
        for r in rows:  # a plan without a target for --year may set one for another year
            years = other.get(r["indicator_code"], {}).get(r["plan_id"], []) if r["status"] == "no target" else []
            r["other_years"] = "; ".join(map(str, years))
        _write_csv_bom()
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["indicator_code"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return
    if fmt == "json":
        print(json.dumps([_as_json(ic, labels, other.get(ic.code, {})) for ic in result], ensure_ascii=False, indent=1))
        return
    if not result:
        console.print("no targets for that selection")
        return
    print_table(_out(wide), render(result, labels, year, other, achieved))


def _other_years(C, con, result, year: int | None) -> dict[str, dict[str, list[int]]]:
    """With --year: for each indicator, the plans without a target for that year and the years they
    set one for (榆树市 has no 2025 infant-mortality target but ≤4.0‰ for 2030)."""
    if year is None or not result:
        return {}
    every = C.compare(con, [ic.code for ic in result], None, None, shared_only=False)
    years = {ic.code: {} for ic in every}
    for ic in every:
        for c in ic.cells:
            if c.kind == "target" and c.year is not None:
                years[ic.code].setdefault(c.plan_id, set()).add(c.year)
    return {ic.code: {p: sorted(years.get(ic.code, {}).get(p, ())) for p in ic.no_target
                      if years.get(ic.code, {}).get(p)} for ic in result}


def _without(ic: C.IndicatorComparison) -> list[str]:
    """Plans with nothing shown for the indicator: no target, and no achieved figure (--achieved)."""
    shown = {c.plan_id for c in ic.cells}
    return [p for p in ic.no_target if p not in shown]


def _no_target_here(year: int | None, years: list[int]) -> str:
    what = f"no {year} target" if year is not None else "no target"
    return what + (f" (sets one for {', '.join(map(str, years))})" if years else "")


def render(result: list[C.IndicatorComparison], labels: dict[str, str], year: int | None = None,
           other_years: dict[str, dict[str, list[int]]] | None = None, achieved: bool = False) -> Table:
    t = Table(title="Targets by indicator and jurisdiction" + (f", {year}" if year else ""), caption=LEGEND,
              show_lines=False, caption_justify="left")
    # the code heads the indicator's cell: kept whole where there is room, folded (never cut) where not
    id_column(t, "indicator", [ic.code for ic in result])
    t.columns[-1].width = max(34, t.columns[-1].width)  # the names below the code wrap at 34 or more
    t.add_column("plan", overflow="fold")
    t.add_column("target", overflow="fold")
    t.add_column("ambition", overflow="fold")
    for ic in result:
        other = (other_years or {}).get(ic.code, {})
        head = (f"[bold]{ic.code}[/bold]\n{ic.name_zh}\n{ic.name_en}\n"
                f"[dim]{ic.unit or 'no unit'}, {ic.better} is better[/dim]")
        by_plan: dict[str, list[C.Cell]] = {}
        for c in ic.cells:
            by_plan.setdefault(c.plan_id, []).append(c)
        rows = []
        for pid, cells in by_plan.items():
            amb = ic.ambition(pid)
            marks = ", ".join(("[green]" if a.startswith("most") else "[red]") + a + ("[/green]" if a.startswith("most") else "[/red]")
                              for a in amb)
            shown = "; ".join(c.label() for c in cells)
            if pid in ic.no_target:  # an achieved figure only: say that it is no target
                shown += f"; [dim]{_no_target_here(year, other.get(pid, []))}[/dim]"
            rows.append((labels.get(pid, pid), shown, marks))
        without = _without(ic)
        for pid in without:  # no target for --year, but one for another year
            if other.get(pid):
                rows.append((labels.get(pid, pid), f"[dim]{_no_target_here(year, other[pid])}[/dim]", ""))
        rest = [p for p in without if not other.get(p)]
        if rest:
            what = ("no target or figure" if achieved else "no target") + (f" for {year}" if year is not None else "")
            rows.append((f"[dim]{what}[/dim]", "[dim]" + ", ".join(labels.get(p, p) for p in rest) + "[/dim]", ""))
        for n in ic.notes:
            rows.append(("[yellow]note[/yellow]", n, ""))
        for i, (plan, target, marks) in enumerate(rows):
            t.add_row(head if i == 0 else "", plan, target, marks, end_section=i == len(rows) - 1)
    return t


def _as_json(ic: C.IndicatorComparison, labels: dict[str, str], other_years: dict[str, list[int]] | None = None) -> dict:
    return {"code": ic.code, "name_zh": ic.name_zh, "name_en": ic.name_en, "unit": ic.unit, "better": ic.better,
            "domain": ic.domain,
            "targets": [{"plan_id": c.plan_id, "plan": labels.get(c.plan_id, c.plan_id), "year": c.year,
                         "year_stated": c.year_stated, "kind": c.kind, "comparator": c.comparator, "value": c.value,
                         "value_high": c.value_high, "unit": c.unit, "per_year": c.per_year, "display": c.display,
                         "comparable_as": c.comparable_as, "ambition": [a for a in ic.ambition(c.plan_id) if a.endswith(f" {c.year}")]
                         if c.kind == "target" else [],  # this target's year only
                         "target_id": c.target_id, "evidence": c.evidence, "other_values": list(c.other_values),
                         "direction": c.direction, "baseline_value": c.baseline_value, "baseline_unit": c.baseline_unit,
                         "baseline_year": c.baseline_year, "baseline_source": c.baseline_source}
                        for c in ic.cells],
            "no_target": list(ic.no_target),
            # of no_target: the plans with no achieved figure shown either (differs with --achieved)
            "no_target_or_figure": _without(ic),
            # of no_target: the years a plan sets a target for when --year asked for another
            "other_years": {p: ys for p, ys in (other_years or {}).items()},
            "rankings": [{"year": r.year, "comparable_as": r.comparable_as, "most_ambitious": list(r.most),
                          "least_ambitious": list(r.least)} for r in ic.rankings],
            "notes": list(ic.notes)}


def _print_frame(df, fmt: str) -> None:
    if fmt == "csv":  # lists (aliases) as "a; b", not numpy's repr
        df = df.apply(lambda col: col.map(lambda v: "; ".join(map(str, v)) if hasattr(v, "__len__")
                                          and not isinstance(v, str) else v))
        _write_csv_bom()
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        from pipeline.cli import _print_json, _records
        _print_json(_records(df))


@app.command()
def export(out_dir: str = typer.Argument(..., help="Directory to write into (created if missing)."),
           fmt: str = typer.Option("parquet", "--format", help=f"{', '.join(EXPORT_FORMATS)}."),
           db: Optional[Path] = DbOption):
    """Export plans, domains, provisions, targets, indicators and the comparison as tidy tables.

    Example: planatlas export exports/ --format csv
    """
    if not out_dir.strip():  # "" would be the current folder: say which folder instead
        _fail("give the folder to export into, e.g. `planatlas export exports/` (`.` for the current one)", 2)
    try:
        con = _read(db)
        try:
            from warehouse.export import export as export_tables
            files = export_tables(con, Path(out_dir), fmt)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
        return
    for f in files:
        console.print(f"wrote {f}")


@app.command("indicators-review")
def indicators_review(below: float = typer.Option(0.9, "--below", help="Also list mappings below this confidence."),
                      fmt: str = typer.Option("table", "--format", help="table, csv or json."),
                      as_json: bool = typer.Option(False, "--json", help="Print JSON (as --format json)."),
                      db: Optional[Path] = DbOption, wide: bool = WideOption):
    """Targets without an indicator code, and low-confidence mappings, with their evidence and the
    registry's nearest indicators: what a person reads before adding an alias to indicators.csv.

    Example: planatlas indicators-review --below 0.8 --format csv > review.csv
    """
    fmt = "json" if as_json else fmt
    if fmt not in ("table", "csv", "json"):
        _fail(ValueError(f"--format must be table, csv or json, not {fmt!r}"))
    try:
        con = _read(db)
        try:
            from warehouse import comparison as C
            df = C.review(con, below)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
        return
    if fmt != "table":
        _print_frame(df, fmt)
        return
    t = Table(title=f"{(df['status'] == 'unmapped').sum()} unmapped targets, "
                    f"{(df['status'] != 'unmapped').sum()} mapped below {below:.2f}")
    codes = ["" if r.indicator_code is None or r.indicator_code != r.indicator_code else
             f"{r.indicator_code} ({r.indicator_confidence:.2f})" for r in df.itertuples(index=False)]
    t.add_column("status", overflow="fold")
    id_column(t, "target_id", df["target_id"])
    t.add_column("indicator", overflow="fold")
    t.add_column("value", overflow="fold")
    id_column(t, "code (conf.)", codes)
    for c in ("nearest indicators (fuzzy score)", "evidence"):
        t.add_column(c, overflow="fold")
    for r, code in zip(df.itertuples(index=False), codes):
        t.add_row(r.status, r.target_id, r.indicator if isinstance(r.indicator, str) else "", r.value_text, code,
                  r.nearest, r.evidence)
    print_table(_out(wide), t)


@app.command("indicators-eval")
def indicators_eval(gold: Path = typer.Option(Path("tests/gold/indicator_map.jsonl"), "--gold",
                                              help="Hand-checked mapping gold (JSONL)."),
                    errors: bool = typer.Option(False, "--errors", help="List every disagreement."),
                    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
                    db: Optional[Path] = DbOption):
    """Precision and recall of the indicator mapping against gold, and the fuzzy route measured alone.

    Example: planatlas indicators-eval --gold tests/gold/indicator_map.jsonl --errors
    """
    from pipeline.cli_gold import read_gold
    try:
        rows = read_gold(gold, "indicators", hint="; run from the repository's folder, or pass --gold FILE "
                         "(the repository's tests/gold/indicator_map.jsonl)")
        con = _read(db)
        try:
            from warehouse import comparison as C
            preds = C.mapping_predictions(con)
            texts = C.plan_texts(con)
        finally:
            con.close()
    except PlanAtlasError as e:
        _fail(e)
        return
    from extractors.indicators import FUZZY_THRESHOLD
    from extractors.indicators_eval import fuzzy_sweep, match_gold, score_mapping
    pairs = match_gold(rows, preds, texts)
    s = score_mapping(pairs)
    sweep = fuzzy_sweep(pairs)
    if as_json:
        print(json.dumps({**{k: v for k, v in s.items() if k != "errors"}, "fuzzy_sweep": sweep,
                          "errors": [{"gold": p.gold, "predicted": p.pred and p.pred.get("indicator_code")}
                                     for p in s["errors"]]}, ensure_ascii=False, indent=1))
        return
    t = Table(title=f"{s['gold']} gold rows, {s['matched']} found in the warehouse; "
                    f"{s['relevant']} have a code, {s['predicted']} mapped")
    for c in ("precision", "recall", "F1", "correct"):
        t.add_column(c)
    t.add_row(f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", f"{s['correct']}/{s['predicted']}")
    console.print(t)
    f = Table(title="fuzzy route alone, aliases printed in the phrase held out (threshold in use: "
                    f"{FUZZY_THRESHOLD:.0f})")
    for c in ("threshold", "precision", "recall", "correct/accepted"):
        f.add_column(c)
    for r in sweep:
        f.add_row(f"{r['threshold']:.0f}", f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['correct']}/{r['predicted']}")
    console.print(f)
    for g in s["unmatched_gold"]:
        console.print(f"[yellow]gold row without a target[/yellow] {g['plan']} {g['value_text']!r} {g['quote'][:50]!r}")
    if errors:
        for p in s["errors"]:
            console.print(f"[red]{p.pred['target_id']}[/red] {p.pred.get('indicator')!r}: gold {p.gold.get('code')}, "
                          f"mapped {p.pred.get('indicator_code')}")
