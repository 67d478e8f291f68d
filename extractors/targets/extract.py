"""Extract every numeric target of a segmented plan, grounded in the original text."""
from __future__ import annotations

import regex

from extractors.metadata import PlanMeta
from extractors.records import Provision, SegmentedPlan
from extractors.targets.binder import Bound
from extractors.targets.grammar import cn_number, strip_table_unit, table_unit
from extractors.targets.nlp import target_nlp
from extractors.targets.records import Target
from extractors.version import EXTRACTOR_VERSION

_FOLD = str.maketrans("０１２３４５６７８９．", "0123456789.")
_TABLE_VALUE = regex.compile(r"^(?P<sym>[≤≥＜＞<>])?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰)?$")
_YEAR_HEADER = regex.compile(r"^((?:19|20)\d\d)年")
# Segmenting a provision with jieba is most of the cost; text without a digit or a Chinese
# numeral before a count word cannot hold a target and is skipped.
_MAY_HOLD_VALUE = regex.compile(r"\d|[一二两三四五六七八九十][所家名次个项]")


def grounded(source: str, start: int, end: int, value: float, high: float | None) -> bool:
    """Does source[start:end] show the value? (A value that cannot be located is not emitted.)"""
    shown = source[start:end].translate(_FOLD)
    nums = [float(x) for x in regex.findall(r"\d+(?:\.\d+)?", regex.sub(r"\s", "", shown))]
    if nums:
        return value in nums and (high is None or high in nums)
    cn = regex.search(r"[一二两三四五六七八九十]+", shown)
    return bool(cn) and cn_number(cn.group(0)) == value


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
            doc.user_data["provision_kind"] = prov.kind
            doc.user_data["period_start"] = meta.period_start
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            found = [_ground(source, prov, b, n) for n, b in enumerate(doc._.targets, 1)]
        key = (prov.kind, prov.ordinal, prov.domain_ordinal)
        for n, t in enumerate((t for t in found if t is not None), 1):
            out.append(Target(key, n, *t))
    return out


def _ground(source: str, prov: Provision, b: Bound, n: int):
    o = prov.text_origin
    m = b.mention
    vs, ve = o[m.start], o[m.end - 1] + 1
    es, ee = o[b.evidence[0]], o[max(b.evidence[1], b.evidence[0] + 1) - 1] + 1
    if not grounded(source, vs, ve, m.value, m.value_high):
        return None
    return (b.indicator or None, b.comparator, m.value, m.value_high, m.unit, b.per_year, b.target_year,
            b.baseline_year, b.baseline_value, b.kind, source[vs:ve], vs, ve, min(es, vs), max(ee, ve),
            prov.text[b.evidence[0]:b.evidence[1]], EXTRACTOR_VERSION)


def _table_targets(source: str, prov: Provision, meta: PlanMeta) -> list:
    """A row of a flattened indicator table: a year column per value; earlier years are the
    baseline of later ones, and a year before the plan's period is an achieved figure."""
    label = prov.cells[1]
    unit = table_unit(label.text)
    indicator = strip_table_unit(label.text)
    out = []
    baseline = None
    for cell in prov.cells[2:]:
        y = _YEAR_HEADER.match(cell.header)
        v = _TABLE_VALUE.match(cell.text.translate(_FOLD))
        if not (y and v):
            continue
        year, value = int(y.group(1)), float(v.group("num"))
        sym = v.group("sym")
        comp = "<=" if sym in ("≤", "＜", "<") else ">=" if sym in ("≥", "＞", ">") else "="
        achieved = meta.period_start is not None and year < meta.period_start
        if not grounded(source, cell.char_start, cell.char_end, value, None):
            continue
        out.append((indicator, comp, value, None, v.group("unit") or unit, False, year,
                    None if achieved or baseline is None else baseline[0],
                    None if achieved or baseline is None else baseline[1],
                    "achieved" if achieved else "target", source[cell.char_start:cell.char_end],
                    cell.char_start, cell.char_end, prov.char_start, prov.char_end, prov.text, EXTRACTOR_VERSION))
        if achieved:
            baseline = (year, value)
    return out
