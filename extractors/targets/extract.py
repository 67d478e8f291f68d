"""Extract every numeric target of a segmented plan, grounded in the original text."""
from __future__ import annotations

import regex

from extractors.metadata import PlanMeta
from extractors.records import Provision, SegmentedPlan
from extractors.segmenting.tables import LABEL_HEADER
from extractors.targets.binder import BOUND_WORDS, Bound, change_direction
from extractors.targets.grammar import AGE_UNITS, UNIT, parse_value_text, strip_table_unit, table_unit
from extractors.targets.lexicon import alt
from extractors.targets.numbers import CN_DIGITS
from extractors.targets.nlp import target_nlp
from extractors.targets.records import Target
from extractors.units import normalise_unit
from extractors.version import EXTRACTOR_VERSION

_YEAR_HEADER = regex.compile(r"((?:19|20)\d\d)\s*年")
# Segmenting a provision with jieba is most of the cost; text without a digit, a fraction or a
# Chinese numeral before a unit (两名, 八成, 十万人次) cannot hold a target and is skipped.
_MAY_HOLD_VALUE = regex.compile(rf"[0-9]|分之|[{CN_DIGITS}十百千万亿][余多]?(?!{alt(AGE_UNITS)})(?:{UNIT})")


def grounded(source: str, start: int, end: int, value: float, high: float | None) -> bool:
    """Does source[start:end] print exactly this value (and range end, when `high` is given)? The span
    is read again with the grammar that found it (grammar.parse_value_text), as one whole value; a
    value that cannot be located is not emitted."""
    shown = parse_value_text(source[start:end])
    return shown is not None and shown.value == value and (high is None or shown.value_high == high)


def extract_targets(source: str, plan: SegmentedPlan, meta: PlanMeta) -> list[Target]:
    nlp = target_nlp()
    out: list[Target] = []
    for prov in plan.provisions:
        if prov.kind == "table_row":
            found = _table_targets(source, prov, meta)
        elif not _MAY_HOLD_VALUE.search(prov.text):
            continue
        else:
            doc = nlp.make_doc(prov.text)
            doc.user_data["text"] = prov.text
            doc.user_data["provision_kind"] = prov.kind
            doc.user_data["period_start"] = meta.period_start
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            found = [_ground(source, prov, b, n) for n, b in enumerate(doc._.targets, 1)]
        key = (prov.kind, prov.ordinal, prov.domain_ordinal)
        for n, fields in enumerate((t for t in found if t is not None), 1):
            out.append(Target(provision_key=key, n=n, **fields))
    return out


def _ground(source: str, prov: Provision, b: Bound, n: int):
    o = prov.text_origin
    m = b.mention
    vs, ve = o[m.start], o[m.end - 1] + 1
    es, ee = o[b.evidence[0]], o[max(b.evidence[1], b.evidence[0] + 1) - 1] + 1
    if not grounded(source, vs, ve, m.value, m.value_high):
        return None
    return dict(indicator=b.indicator or None, comparator=b.comparator, value=m.value, value_high=m.value_high,
                unit=m.unit, per_year=b.per_year, target_year=b.target_year, baseline_year=b.baseline_year,
                baseline_value=b.baseline_value, kind=b.kind, value_text=source[vs:ve], value_start=vs,
                value_end=ve, evidence_start=min(es, vs), evidence_end=max(ee, ve),
                evidence=source[min(es, vs):max(ee, ve)], evidence_clean=prov.text[b.evidence[0]:b.evidence[1]],
                extractor_version=EXTRACTOR_VERSION, strict=b.strict,
                direction=change_direction(b.comparator, b.pretext))


def _table_targets(source: str, prov: Provision, meta: PlanMeta) -> list:
    """A row of a flattened indicator table: a year column per value; earlier years are the
    baseline of later ones, and a year before the plan's period (or a column headed 现状/基数) is an
    achieved figure. The unit: the row's 单位 cell, else the indicator's brackets, else the header's."""
    label = next(c for c in prov.cells if c.role == "label")
    unit_cell = next((c for c in prov.cells if c.role == "unit"), None)
    unit = normalise_unit(unit_cell.text) if unit_cell else table_unit(label.text)
    indicator = strip_table_unit(label.text)
    out = []
    baseline = None
    for cell in prov.cells:
        y = _YEAR_HEADER.search(cell.header)
        v, begin, end = _cell_value(cell.text)
        change = _CHANGE_CELL.match(cell.text)
        if cell.role != "value" or not (y and v) or v.value_high is not None:
            continue
        year, value = int(y.group(1)), v.value
        comp, strict = BOUND_WORDS.get(v.symbol, ("=", False))
        if change:  # 较2020年下降20%: a change from the earlier column's figure
            comp, strict = ("decrease" if change.group("verb") in _DOWN else "increase"), False
        achieved = (meta.period_start is not None and year < meta.period_start) or bool(_BASE_HEADER.search(cell.header))
        vs, ve = cell.char_start + begin, cell.char_start + end
        if not grounded(source, vs, ve, value, None):
            continue
        name = _header_name(cell.header)
        base = None if achieved else baseline
        if change and change.group("y") and (base is None or base[0] != int(change.group("y"))):
            base = (int(change.group("y")), None)
        out.append(dict(indicator=indicator if not name or label.header and LABEL_HEADER.search(label.header)
                        else indicator + name, comparator=comp, value=value, value_high=None,
                        unit=v.unit or unit or _header_unit(cell.header), per_year=False, target_year=year,
                        baseline_year=None if base is None else base[0],
                        baseline_value=None if base is None else base[1],
                        kind="achieved" if achieved else "target", value_text=source[vs:ve],
                        value_start=vs, value_end=ve, evidence_start=prov.char_start,
                        evidence_end=prov.char_end, evidence=source[prov.char_start:prov.char_end],
                        evidence_clean=prov.text, extractor_version=EXTRACTOR_VERSION, strict=strict,
                        direction=None))  # a table cell is a level
        if achieved:
            baseline = (year, value)
    # The contract: a baseline printed with its target is baseline_year/baseline_value on the target's row;
    # an earlier year's figure is an achieved row of its own only when the row sets no target.
    if any(t["kind"] == "target" for t in out):
        out = [t for t in out if t["kind"] == "target"]
    return out


# 2020年现状, 2020年基数: the column of the figures the targets start from
_BASE_HEADER = regex.compile(r"现状|基数|基期|基准|基线|现值")
# what a value column's header names besides its year and unit (女干部占同级干部总数的比例（%）2025年)
_HEADER_WORDS = regex.compile(r"(?:19|20)\d\d\s*年|[（(][^（）()]*[）)]|目标值?|现状|基数|基期|规划|预期|实际|完成|情况|值")


def _header_unit(header: str) -> str | None:
    m = regex.search(r"[（(]\s*([^（）()]+?)\s*[）)]", header)
    return normalise_unit(m.group(1)) if m and len(m.group(1)) <= 5 else None


def _header_name(header: str) -> str:
    rest = _HEADER_WORDS.sub("", header).strip(" ：:")
    return rest if len(rest) >= 4 else ""


# 较2020年下降20%, 下降20%, 比2020年提高5个百分点: a cell that prints a change, not a level
_CHANGE_CELL = regex.compile(r"^(?:(?:较|比|与)\s*(?:(?P<y>(?:19|20)\d\d)\s*年)?(?:相比)?\s*)?"
                             r"(?P<verb>下降|降低|减少|提高|增长|增加|上升)了?\s*(?P<v>.+?)(?:以上|左右)?$")
_DOWN = ("下降", "降低", "减少")


def _cell_value(text: str):
    """A cell's one value and where it begins and ends in the cell: 45左右 is 45 (about that level:
    "="); 较2020年下降20% is 20 (a change: see _CHANGE_CELL)."""
    v = parse_value_text(text)
    if v is not None:
        return v, 0, len(text)
    m = regex.fullmatch(r"(.+?)\s*左右", text)
    v = parse_value_text(m.group(1)) if m else None
    if v is not None:
        return v, 0, len(m.group(1))
    m = _CHANGE_CELL.match(text)
    v = parse_value_text(m.group("v")) if m else None
    if v is not None and v.symbol is None:
        return v, m.start("v"), m.end("v")
    return None, 0, 0
