"""Named queries for comparing jurisdictions on canonical indicators (issue 4).

`target_comparison` (warehouse/schema/0004_comparison.sql) holds one row per indicator x plan x
year x kind. Here: selecting from it, pivoting plans into columns, and ranking the plans' targets
by ambition, which is pure Python over those rows (`rank_cells`).

Ranking rule: per indicator and year, only targets with the same `comparable_as` are ranked against
each other: levels (=, <=, >=) in the same unit; changes (decrease, increase) only with the same
comparator and unit; ranges only with ranges of a level in the indicator's unit; per-year rates
only with per-year rates. The indicator's `better` says which end is most ambitious (for a level of
a lower-is-better indicator the smallest; for a decrease the largest).
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from extractors.indicators import fuzzy_scores, load_registry, normalise
from warehouse.errors import WarehouseError

LOW_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Plan:
    plan_id: str
    jurisdiction: str
    jurisdiction_en: str
    subject: str
    parent: str | None = None        # the city or province above (内江市), to tell same-named places apart
    period: str | None = None        # 2021-2025

    def label(self, with_subject: bool = True, with_parent: bool = False, with_period: bool = False) -> str:
        s = f"{self.parent or ''}{self.jurisdiction} {self.jurisdiction_en}" if with_parent else \
            f"{self.jurisdiction} {self.jurisdiction_en}"
        s = f"{s} ({self.subject})" if with_subject else s
        return f"{s} {self.period}" if with_period and self.period else s


def distinguishing(plans: list[Plan]) -> dict[str, tuple[bool, bool, bool]]:
    """For each plan, what its label needs beside the jurisdiction so that no two plans in force
    read the same: (subject, parent, period): the subject where a place has two plans, the parent
    where two places share a name (市中区 of 内江市 and of 乐山市), the period where both are alike."""
    by_name: dict[str, list[Plan]] = {}
    for p in plans:
        by_name.setdefault(p.jurisdiction, []).append(p)
    out = {}
    for same in by_name.values():
        subject = len({p.subject for p in same}) > 1
        parent = len({p.parent for p in same}) > 1
        keys = [(p.subject if subject else "", p.parent if parent else "") for p in same]
        for p, k in zip(same, keys):
            out[p.plan_id] = (subject, parent, keys.count(k) > 1)
    return out


@dataclass(frozen=True)
class Cell:
    plan_id: str
    year: int | None
    year_stated: bool
    kind: str
    comparator: str
    value: float
    value_high: float | None
    unit: str | None
    per_year: bool
    display: str
    comparable_as: str
    target_id: str
    evidence: str
    other_values: tuple[str, ...] = ()
    direction: str | None = None          # decrease/increase for a change (also a range of one)
    baseline_value: float | None = None   # printed with the target, else the plan's achieved figure
    baseline_year: int | None = None
    baseline_unit: str | None = None
    baseline_source: str | None = None    # stated / achieved

    @property
    def score(self) -> float:
        return (self.value + self.value_high) / 2 if self.comparator == "range" and self.value_high is not None else self.value

    def label(self) -> str:
        y = "" if self.year is None else f"{self.year}" + ("" if self.year_stated else "†")
        tail = f"{y}, achieved" if self.kind == "achieved" else y
        return f"{self.display} ({tail})" if tail else self.display


@dataclass(frozen=True)
class Ranking:
    year: int | None
    comparable_as: str
    most: tuple[str, ...]  # plan ids
    least: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorComparison:
    code: str
    name_zh: str
    name_en: str
    unit: str | None
    better: str
    domain: str
    cells: tuple[Cell, ...]
    no_target: tuple[str, ...]
    rankings: tuple[Ranking, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def ambition(self, plan_id: str) -> list[str]:
        out = []
        for r in self.rankings:
            y = "" if r.year is None else f" {r.year}"
            if plan_id in r.most:
                out.append(f"most ambitious{y}")
            if plan_id in r.least:
                out.append(f"least ambitious{y}")
        return out


# ---------------------------------------------------------------- ranking (pure)

def family_and_unit(comparable_as: str) -> tuple[str, str]:
    """'level ‰' -> ('level', '‰'); 'range of decrease 个百分点 per year' -> ('range of decrease', '个百分点 per year')."""
    m = re.match(r"(range of (?:decrease|increase)|\S+) ?(.*)", comparable_as)
    return m.group(1), m.group(2)


def _direction(comparable_as: str, better: str, indicator_unit: str | None) -> int | None:
    """+1 when a larger value is more ambitious, -1 when a smaller one is, None when unknown."""
    family, rest = family_and_unit(comparable_as)
    unit = rest.replace(" per year", "")
    lower = better == "lower"
    if family == "level":
        return -1 if lower else 1
    if family == "decrease":
        return 1 if lower else -1
    if family == "increase":
        return -1 if lower else 1
    if family == "range" and unit == (indicator_unit or ""):
        return -1 if lower else 1
    return None  # a range of changes (每年下降0.5-1个百分点) is not ranked: which end would count?


def rank_cells(cells: list[Cell], better: str, indicator_unit: str | None,
               plan_names: dict[str, str] | None = None) -> tuple[list[Ranking], list[str]]:
    """Most and least ambitious plans per year among comparable targets, and notes on what could
    not be ranked. Achieved figures are never ranked."""
    name = (plan_names or {}).get
    rankings: list[Ranking] = []
    notes: list[str] = []
    targets = [c for c in cells if c.kind == "target"]
    years = sorted({c.year for c in targets}, key=lambda y: (y is None, y))
    if len(years) > 1:
        notes.append(" and ".join(str(y) for y in years) + " targets are ranked separately")
    for year in years:
        in_year = [c for c in targets if c.year == year]
        groups: dict[str, list[Cell]] = {}
        for c in in_year:
            groups.setdefault(c.comparable_as, []).append(c)
        if len(groups) > 1:
            notes.append(f"{year}: not comparable with each other (different units or kinds of target): " + "; ".join(
                f"{', '.join(name(c.plan_id) or c.plan_id for c in g)} set {key}" for key, g in groups.items()))
        for key, g in groups.items():
            if len(g) < 2:
                continue
            d = _direction(key, better, indicator_unit)
            if d is None:
                notes.append(f"{year}: {key} targets are not ranked (a range of changes has no direction)")
                continue
            scores = {c.plan_id: c.score * d for c in g}
            hi, lo = max(scores.values()), min(scores.values())
            if hi == lo:
                notes.append(f"{year}: all {len(g)} plans setting {key} set the same value ({g[0].display})")
                continue
            rankings.append(Ranking(year, key, tuple(p for p, s in scores.items() if s == hi),
                                    tuple(p for p, s in scores.items() if s == lo)))
    return rankings, notes


# ---------------------------------------------------------------- queries

def plans(con: duckdb.DuckDBPyConnection, current: bool = True) -> list[Plan]:
    """The plans compared: the versions in force (a superseded version is no plan without a target)."""
    rows = con.execute(f"""SELECT plan_id, jurisdiction, jurisdiction_en, subject, parent, period_start, period_end
                           FROM plans {"WHERE is_current" if current else ""}
                           ORDER BY source_file, plan_index""").fetchall()
    return [Plan(plan_id=r[0], jurisdiction=r[1], jurisdiction_en=r[2], subject=r[3], parent=r[4],
                 period=f"{r[5]}-{r[6]}" if r[5] and r[6] else None) for r in rows]


def plan_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every plan's label (superseded versions too), told apart from the other plans in force
    (distinguishing)."""
    needs = distinguishing(plans(con))
    return {p.plan_id: p.label(*needs.get(p.plan_id, (False, False, False))) for p in plans(con, current=False)}


def indicators(con: duckdb.DuckDBPyConnection, domain: str | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM indicators" + (" WHERE domain = ?" if domain else "") + " ORDER BY domain, code"
    return con.execute(sql, [domain] if domain else []).df()


def resolve_codes(con: duckdb.DuckDBPyConnection, names: list[str]) -> list[str]:
    """Indicator codes for what a user typed: a code, or a Chinese or English name or alias."""
    rows = con.execute("SELECT code, name_zh, name_en, aliases FROM indicators").fetchall()
    out = []
    for raw in names:
        q = raw.strip()
        hit = next((c for c, *_ in rows if c == q.lower()), None)
        if hit is None:
            nq = normalise(q)
            hit = next((c for c, zh, en, al in rows
                        if nq in {normalise(zh), normalise(en), *map(normalise, al)}), None)
        if hit is None:
            near = [c for c, zh, en, _ in rows if q.lower() in c or q.lower() in en.lower() or normalise(q) in normalise(zh)]
            hint = f"; did you mean {', '.join(near[:8])}?" if near else "; `planatlas compare --list` shows every code"
            raise WarehouseError(f"no indicator {q!r}{hint}")
        out.append(hit)
    return list(dict.fromkeys(out))


def comparison_rows(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None, year: int | None = None,
                    domain: str | None = None, kinds: tuple[str, ...] = ("target",)) -> pd.DataFrame:
    """Rows of target_comparison, filtered; ordered by indicator (registry order) and plan."""
    where, args = ["kind IN (SELECT unnest(?))"], [list(kinds)]
    if codes:
        where.append("indicator_code IN (SELECT unnest(?))")
        args.append(list(codes))
    if year is not None:
        where.append("(year = ? OR kind = 'achieved')")
        args.append(year)
    if domain:
        where.append("indicator_domain = ?")
        args.append(domain)
    return con.execute(f"""
        SELECT c.* FROM target_comparison c JOIN plans p USING (plan_id)
        WHERE {' AND '.join(where)}
        ORDER BY list_position(?, c.indicator_code), c.indicator_code, p.source_file, p.plan_index, c.year, c.kind""",
                       args + [registry_order()]).df()


def registry_order() -> list[str]:
    """Indicator codes in the registry's order (by domain, mortality before morbidity, ...)."""
    return [i.code for i in load_registry().indicators]


def compare(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None, year: int | None = None,
            domain: str | None = None, shared_only: bool = True, achieved: bool = False) -> list[IndicatorComparison]:
    """One IndicatorComparison per indicator: every plan's targets, the plans without one, rankings
    and notes. Without codes: the indicators that two or more plans set targets for (or every
    indicator with a target when shared_only is False)."""
    kinds = ("target", "achieved") if achieved else ("target",)
    df = comparison_rows(con, codes, year, domain, kinds)
    all_plans = plans(con)
    names = plan_labels(con)
    ind = {r["code"]: r for r in indicators(con).to_dict("records")}
    order = list(codes) if codes else list(dict.fromkeys(df["indicator_code"]))
    out = []
    for code in order:
        rows = df[df["indicator_code"] == code].to_dict("records")
        cells = tuple(_cell(r) for r in rows)
        with_target = {c.plan_id for c in cells if c.kind == "target"}
        if not codes and shared_only and len(with_target) < 2:
            continue
        meta = ind[code]
        rankings, notes = rank_cells(list(cells), meta["better"], meta["unit"], names)
        out.append(IndicatorComparison(code, meta["name_zh"], meta["name_en"], meta["unit"], meta["better"],
                                       meta["domain"], cells,
                                       tuple(p.plan_id for p in all_plans if p.plan_id not in with_target),
                                       tuple(rankings), tuple(notes)))
    return out


def _none(v):
    return None if v is None or (isinstance(v, float) and v != v) else v


def _cell(r: dict) -> Cell:
    year, base_year = _none(r["year"]), _none(r.get("baseline_year"))
    return Cell(plan_id=r["plan_id"], year=None if year is None else int(year), year_stated=bool(r["year_stated"]),
                kind=r["kind"], comparator=r["comparator"], value=float(r["value"]), value_high=_none(r["value_high"]),
                unit=_none(r["unit"]), per_year=bool(r["per_year"]), display=r["display"],
                comparable_as=r["comparable_as"], target_id=r["target_id"], evidence=r["evidence"],
                other_values=tuple(r["other_values"]) if r["other_values"] is not None else (),
                direction=_none(r.get("direction")), baseline_value=_none(r.get("baseline_value")),
                baseline_year=None if base_year is None else int(base_year),
                baseline_unit=_none(r.get("baseline_unit")), baseline_source=_none(r.get("baseline_source")))


def long_rows(result: list[IndicatorComparison], labels: dict[str, str]) -> list[dict]:
    """Tidy rows (one per indicator x plan x year, plus one 'no target' row per plan without one)."""
    out = []
    for ic in result:
        base = {"indicator_code": ic.code, "name_zh": ic.name_zh, "name_en": ic.name_en, "better": ic.better}
        for c in ic.cells:
            amb = [a.split(" ")[0] for a in ic.ambition(c.plan_id) if c.kind == "target" and a.endswith(str(c.year))]
            out.append({**base, "plan_id": c.plan_id, "plan": labels.get(c.plan_id, c.plan_id), "status": c.kind,
                        "year": c.year, "year_stated": c.year_stated, "comparator": c.comparator, "value": c.value,
                        "value_high": c.value_high, "unit": c.unit, "per_year": c.per_year, "display": c.display,
                        "comparable_as": c.comparable_as, "ambition": "/".join(amb), "target_id": c.target_id,
                        "evidence": c.evidence, "direction": c.direction,
                        "other_values": "; ".join(v.split(" [")[0] for v in c.other_values),
                        "baseline_value": c.baseline_value, "baseline_unit": c.baseline_unit,
                        "baseline_year": c.baseline_year, "baseline_source": c.baseline_source})
        for p in ic.no_target:
            out.append({**base, "plan_id": p, "plan": labels.get(p, p), "status": "no target", "year": None,
                        "year_stated": None, "comparator": None, "value": None, "value_high": None, "unit": None,
                        "per_year": None, "display": "", "comparable_as": None, "ambition": "", "target_id": None,
                        "evidence": None, "direction": None, "other_values": "", "baseline_value": None,
                        "baseline_unit": None, "baseline_year": None, "baseline_source": None})
    return out


def pivot(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None, year: int | None = None,
          domain: str | None = None, by_year: bool = True) -> pd.DataFrame:
    """Jurisdictions side by side: one column per plan (corpus order) holding its target as printed
    (≤4.5‰), empty where a plan sets none. by_year: one row per indicator x year; otherwise one row
    per indicator with every year in the cell (≤4.5‰ (2025); ≤3.4‰ (2030))."""
    df = comparison_rows(con, codes, year, domain)
    order = [p.plan_id for p in plans(con)]
    cols = ["indicator_code", "name_zh", "name_en", "better"] + (["year"] if by_year else [])
    if df.empty:
        return pd.DataFrame(columns=cols + order)
    if not by_year:
        df = df.assign(display=df["display"] + " (" + df["year"].astype("Int64").astype(str) + ")")
    wide = df.pivot_table(index=cols, columns="plan_id", values="display",
                          aggfunc=(lambda s: "; ".join(s)) if not by_year else "first").reset_index()
    for p in order:
        if p not in wide.columns:
            wide[p] = None
    first_seen = {c: i for i, c in enumerate(dict.fromkeys(df["indicator_code"]))}
    wide["_order"] = wide["indicator_code"].map(first_seen)
    wide = wide.sort_values(["_order"] + (["year"] if by_year else []), ignore_index=True)[cols + order]
    wide.columns.name = None
    return wide.astype(object).where(wide.notna(), None)


def review(con: duckdb.DuckDBPyConnection, below: float = LOW_CONFIDENCE) -> pd.DataFrame:
    """Targets a person should look at: unmapped ones and mappings below `below` confidence, with the
    evidence and the registry's three nearest indicators (fuzzy score), so an alias can be added."""
    df = con.execute("""
        SELECT target_id, plan_id, indicator, value_text, unit, comparator, indicator_code, indicator_confidence,
               indicator_method, evidence
        FROM targets WHERE indicator_code IS NULL OR indicator_confidence < ?
        ORDER BY indicator_code IS NOT NULL, plan_id, value_start""", [below]).df()
    reg = load_registry()
    df["status"] = ["unmapped" if c is None or c != c else "low confidence" for c in df["indicator_code"]]
    df["nearest"] = ["; ".join(f"{code} {score:.0f}" for score, code, _ in fuzzy_scores(normalise(i), reg)[:3])
                     if isinstance(i, str) else "" for i in df["indicator"]]
    return df[["status", "target_id", "indicator", "value_text", "unit", "indicator_code", "indicator_confidence",
               "indicator_method", "nearest", "evidence"]]


def mapping_predictions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every target's mapping with what a gold row is matched on."""
    cur = con.execute("""SELECT plan_id, target_id, value_text, evidence, indicator, unit, comparator,
                                indicator_code, indicator_confidence, indicator_method, value_start, value_end
                         FROM targets ORDER BY plan_id, value_start, target_id""")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def plan_texts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, int]]:
    """Each plan's own stretch of its document's text, and where it starts (offsets index the whole)."""
    return {pid: (text[a:b], a) for pid, text, a, b in con.execute("""
        SELECT p.plan_id, d.text, p.char_start, p.char_end FROM plans p
        JOIN (SELECT DISTINCT source_sha256, text FROM documents WHERE text IS NOT NULL) d USING (source_sha256)
        """).fetchall()}
