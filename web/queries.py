"""The web page's read queries: fixed, parameterised statements only.

No statement here is built from request input; values are bound as parameters. These belong in
warehouse/ (warehouse.queries) once the web page settles; they are kept here because the web
branch does not edit that package.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from extractors.search_text import normalise

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed_number(value: float, value_text: str) -> str:
    """A value as the plan printed it (5.0 stays "5.0"), else compact (the SQL macro pa_number's rule)."""
    for n in _NUMBER.findall(normalise(value_text).replace(" ", "")):
        if float(n) == value:
            return n
    return f"{value:g}"


@dataclass(frozen=True)
class PlanInfo:
    plan_id: str
    jurisdiction: str
    jurisdiction_en: str | None
    subject: str
    title: str | None
    period_start: int | None
    period_end: int | None
    issuer: str | None
    issue_date: object
    doc_number: str | None
    is_current: bool
    superseded_by: str | None
    source_sha256: str
    source_file: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class TargetRow:
    target_id: str
    plan_id: str
    provision_id: str
    indicator: str | None
    indicator_code: str | None
    indicator_name: str | None        # the registry's Chinese name when mapped
    comparator: str
    value: float
    value_high: float | None
    unit: str | None
    per_year: bool
    target_year: int | None
    year: int | None                  # printed year, else (targets) the end of the plan's period
    baseline_year: int | None
    baseline_value: float | None
    kind: str
    value_text: str
    value_start: int
    value_end: int
    evidence_start: int
    evidence_end: int
    evidence: str
    display: str                      # ≤4.5‰, −20% vs 2020, −(0.5–1)个百分点/yr
    direction: str | None             # decrease / increase for a change (also a range of one)

    @property
    def year_stated(self) -> bool:
        return self.target_year is not None

    @property
    def label(self) -> str:
        """≤4.5‰ (2025); († no year printed: the end of the plan's period)."""
        y = "" if self.year is None else f"{self.year}" + ("" if self.year_stated else "†")
        tail = (f"{y}, 已达到" if y else "已达到") if self.kind == "achieved" else y
        return f"{self.display} ({tail})" if tail else self.display

    @property
    def printed(self) -> str:
        """The number as printed: 5.0, 0.5–1."""
        low = printed_number(self.value, self.value_text)
        return low if self.value_high is None else f"{low}–{printed_number(self.value_high, self.value_text)}"

    @property
    def name(self) -> str:
        return self.indicator_name or self.indicator or "（未识别指标）"


@dataclass(frozen=True)
class Section:
    section_id: str
    kind: str
    title: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Domain:
    domain_id: str
    ordinal: int
    title: str
    code: str | None
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Provision:
    provision_id: str
    domain_id: str | None
    kind: str
    ordinal: int
    heading: str | None
    text: str
    char_start: int
    char_end: int


def _rows(con: duckdb.DuckDBPyConnection, cls, sql: str, params: list) -> list:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [cls(**dict(zip(names, r))) for r in cur.fetchall()]


_PLAN_COLUMNS = """plan_id, jurisdiction, jurisdiction_en, subject, title, period_start, period_end, issuer, issue_date,
                   doc_number, is_current, superseded_by, source_sha256, source_file, char_start, char_end"""


def plans(con: duckdb.DuckDBPyConnection) -> list[PlanInfo]:
    """Every plan, current versions first, in corpus order."""
    return _rows(con, PlanInfo, f"SELECT {_PLAN_COLUMNS} FROM plans ORDER BY NOT is_current, source_file, plan_index", [])


def plan(con: duckdb.DuckDBPyConnection, plan_id: str) -> PlanInfo | None:
    rows = _rows(con, PlanInfo, f"SELECT {_PLAN_COLUMNS} FROM plans WHERE plan_id = ?", [plan_id])
    return rows[0] if rows else None


def document_text(con: duckdb.DuckDBPyConnection, source_sha256: str) -> str | None:
    """The text every offset of a document's rows indexes."""
    row = con.execute("""SELECT text FROM documents WHERE source_sha256 = ? AND text IS NOT NULL
                         ORDER BY seq LIMIT 1""", [source_sha256]).fetchone()
    return row[0] if row else None


def sections(con: duckdb.DuckDBPyConnection, plan_id: str) -> list[Section]:
    return _rows(con, Section, """SELECT section_id, kind, title, char_start, char_end FROM sections
                                  WHERE plan_id = ? ORDER BY char_start, ordinal""", [plan_id])


def domains(con: duckdb.DuckDBPyConnection, plan_id: str) -> list[Domain]:
    return _rows(con, Domain, """SELECT domain_id, ordinal, title, code, char_start, char_end FROM domains
                                 WHERE plan_id = ? ORDER BY ordinal""", [plan_id])


def provisions(con: duckdb.DuckDBPyConnection, plan_id: str) -> list[Provision]:
    return _rows(con, Provision, """SELECT provision_id, domain_id, kind, ordinal, heading, text, char_start, char_end
                                    FROM provisions WHERE plan_id = ? ORDER BY char_start, provision_id""", [plan_id])


_TARGET_SELECT = """
    SELECT t.target_id, t.plan_id, t.provision_id, t.indicator, t.indicator_code, i.name_zh AS indicator_name,
           t.comparator, t.value, t.value_high, t.unit, t.per_year, t.target_year,
           CASE WHEN t.kind = 'target' THEN coalesce(t.target_year, p.period_end) ELSE t.target_year END AS year,
           t.baseline_year, t.baseline_value, t.kind, t.value_text, t.value_start, t.value_end,
           t.evidence_start, t.evidence_end, t.evidence,
           pa_display(t.comparator, t.value, t.value_high, t.unit, t.per_year, t.value_text, t.direction)
               || CASE WHEN t.comparator IN ('decrease', 'increase') AND t.baseline_year IS NOT NULL
                       THEN ' vs ' || t.baseline_year ELSE '' END AS display, t.direction
    FROM targets t JOIN plans p USING (plan_id) LEFT JOIN indicators i ON i.code = t.indicator_code"""


def plan_targets(con: duckdb.DuckDBPyConnection, plan_id: str) -> list[TargetRow]:
    return _rows(con, TargetRow, _TARGET_SELECT + " WHERE t.plan_id = ? ORDER BY t.value_start, t.target_id",
                 [plan_id])


def targets_by_provision(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[TargetRow, ...]]:
    """Every target of the warehouse by provision, in printed order: read once per warehouse file, as a
    search page needs the targets of 30 provisions of any plans (one query for them cost ~10 ms)."""
    out: dict[str, list[TargetRow]] = {}
    for t in _rows(con, TargetRow, _TARGET_SELECT + " ORDER BY t.provision_id, t.value_start, t.target_id", []):
        out.setdefault(t.provision_id, []).append(t)
    return {k: tuple(v) for k, v in out.items()}


def targets_of(con: duckdb.DuckDBPyConnection, provision_ids: list[str]) -> dict[str, list[TargetRow]]:
    """The targets of these provisions, each in printed order (a few provisions: `planatlas similar`)."""
    out: dict[str, list[TargetRow]] = {p: [] for p in provision_ids}
    for t in _rows(con, TargetRow, _TARGET_SELECT + " WHERE t.provision_id = ANY(?::VARCHAR[])"
                                   " ORDER BY t.provision_id, t.value_start, t.target_id", [provision_ids]):
        out[t.provision_id].append(t)
    return out


@dataclass(frozen=True)
class FilterOptions:
    jurisdictions: tuple[str, ...]
    domains: tuple[tuple[str, str], ...]   # (code, titles as printed: 儿童与健康 / 妇女与健康)
    kinds: tuple[str, ...]
    # a long list of jurisdictions in groups: by province where the plans give it, else by the pinyin
    # initial of the place (长宁 under C: place readings, extractors.identity)
    groups: tuple[tuple[str, tuple[str, ...]], ...]


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    """The values the search filters accept: what the current plans hold."""
    jur = [r[0] for r in con.execute("""SELECT jurisdiction FROM plans WHERE is_current
                                         GROUP BY jurisdiction ORDER BY min(source_file), jurisdiction""").fetchall()]
    dom = con.execute("""SELECT d.code, string_agg(DISTINCT d.title, ' / ' ORDER BY d.title)
                         FROM domains d JOIN plans p USING (plan_id)
                         WHERE p.is_current AND d.code IS NOT NULL GROUP BY d.code ORDER BY min(d.ordinal), d.code""").fetchall()
    kinds = [r[0] for r in con.execute("SELECT DISTINCT kind FROM search_docs ORDER BY kind").fetchall()]
    places = con.execute("SELECT DISTINCT province, jurisdiction FROM plans WHERE is_current").fetchall()
    return FilterOptions(tuple(jur), tuple((c, t) for c, t in dom), tuple(kinds),
                         jurisdiction_groups(places) if len(jur) > GROUP_JURISDICTIONS_OVER else ())


GROUP_JURISDICTIONS_OVER = 30  # a longer list of jurisdictions is shown in groups


def jurisdiction_groups(places: list[tuple[str | None, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, names) groups: each province, in pinyin order, then the places without one by initial."""
    from extractors.identity import slug

    key = {name: slug(name) for _, name in places}
    groups: dict[tuple[int, str], set[str]] = {}
    for province, name in places:
        label = (0, province) if province else (1, key[name][:1].upper() or "#")
        groups.setdefault(label, set()).add(name)
    order = sorted(groups, key=lambda g: (g[0], slug(g[1]) if g[0] == 0 else g[1]))
    return tuple((label, tuple(sorted(groups[(rank, label)], key=lambda n: (key[n], n)))) for rank, label in order)


@dataclass(frozen=True)
class IndicatorEntry:
    code: str
    name_zh: str
    name_en: str
    unit: str | None
    better: str | None
    domain: str | None
    plans_with_target: int


def indicator_index(con: duckdb.DuckDBPyConnection) -> list[IndicatorEntry]:
    """Every registry indicator with the number of current plans that set it a target."""
    return _rows(con, IndicatorEntry, """
        SELECT i.code, i.name_zh, i.name_en, i.unit, i.better, i.domain,
               count(DISTINCT c.plan_id) FILTER (WHERE c.kind = 'target') AS plans_with_target
        FROM indicators i LEFT JOIN target_comparison c ON c.indicator_code = i.code
        GROUP BY ALL ORDER BY i.domain, plans_with_target DESC, i.code""", [])


def indicator_exists(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    return con.execute("SELECT count(*) FROM indicators WHERE code = ?", [code]).fetchone()[0] > 0


def build_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM build_info").fetchall())
