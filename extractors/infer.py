"""Infer a plan's jurisdiction, subject and period from its text, for plans without metadata.

Metadata wins where it is given; these rules are what the pipeline falls back on, and a test
checks they agree with the metadata on every plan of the corpus.
"""
from __future__ import annotations

from collections import Counter

import regex

from extractors.records import InferredMeta

_DASH = r"[-—－–~～至]"
TITLE = regex.compile(
    r"^(?P<j>\p{Han}{2,12}?(?:省|自治区|市|州|盟|县|区|旗))(?P<s>儿童|妇女)发展(?:[“\"]?十四五[”\"]?)?规划"
    rf"(?:[（(](?P<a>\d{{4}})\s*{_DASH}+\s*(?P<b>\d{{4}})年?[）)])?$")
_PERIOD_STATED = regex.compile(rf"规划期限?为?(?P<a>20\d\d)年?\s*{_DASH}+\s*(?P<b>20\d\d)年")
_FOURTEENTH = regex.compile(r"[“\"]?十四五[”\"]?(?:时期|期间|规划)")
# Who speaks in the body: 盘山县委、县政府 / 榆树市委、市政府 / XX市人民政府.
_SPEAKER = [
    regex.compile(r"(?P<j>\p{Han}{2,5}?(?:县|市|区))委[、，]\s*(?:县|市|区)?政府"),
    regex.compile(r"(?P<j>\p{Han}{2,5}?(?:县|市|区))人民政府"),
]
_HORIZON = regex.compile(r"未来(十|五)年")
_PRINTED_PERIOD = regex.compile(rf"(20\d\d)\s*{_DASH}+\s*(20\d\d)\s*年")
_LOCAL = regex.compile(r"结合(?P<j>\p{Han}{2,4}?)(?:实际|市情|县情)")
_GENERIC = {"全市", "我市", "本市", "全县", "我县", "本县", "城市", "各市", "县市", "市县", "区县", "城区"}


def find_plan_titles(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Standalone title lines that open a plan (not the notice's 关于印发《…》 line)."""
    return [(start, text.strip()) for start, text in lines if TITLE.match(text.strip())]


def infer_meta(text: str, title: str | None) -> InferredMeta:
    m = TITLE.match(title) if title else None
    jurisdiction = m.group("j") if m else _infer_jurisdiction(text)
    subject = {"儿童": "children", "妇女": "women"}[m.group("s")] if m else _infer_subject(text)
    if m and m.group("a"):
        start, end = int(m.group("a")), int(m.group("b"))
    else:
        start, end = _infer_period(text)
    return InferredMeta(jurisdiction, subject, start, end, title)


def _infer_subject(text: str) -> str | None:
    c, w = text.count("儿童"), text.count("妇女")
    if c == w:
        return None
    return "children" if c > w else "women"


def _infer_period(text: str) -> tuple[int | None, int | None]:
    m = _PERIOD_STATED.search(text)
    if m:
        return int(m.group("a")), int(m.group("b"))
    if _FOURTEENTH.search(text[:3000]):
        return 2021, 2025
    m = _HORIZON.search(text)
    if m:
        # 未来十年/未来五年 counts from the end of the previous plan period the text names.
        base = _previous_period_end(text)
        return base + 1, base + (10 if m.group(1) == "十" else 5)
    years = Counter(int(y) for y in regex.findall(r"(?:到|至)\s*(20[23]\d)\s*年", text))
    if years:
        end = max(years)
        return (2021, end) if end in (2025, 2030) else (None, end)
    return None, None


def _previous_period_end(text: str) -> int:
    """The end year of the earlier plan the preamble looks back on (2011-2020 -> 2020)."""
    ends = sorted({int(b) for a, b in _PRINTED_PERIOD.findall(text)})
    if len(ends) >= 2:
        return ends[-2] if ends[-1] - ends[-2] >= 5 else ends[-1]
    return ends[0] if ends and ends[0] <= 2020 else 2020


def _infer_jurisdiction(text: str) -> str | None:
    for pat in _SPEAKER:
        found = Counter(m.group("j") for m in pat.finditer(text) if m.group("j") not in _GENERIC)
        if found:
            return found.most_common(1)[0][0]
    m = _LOCAL.search(text)
    if m:
        name = m.group("j")
        levels = Counter(lv for lv in regex.findall(regex.escape(name) + r"(省|市|县|区)", text))
        return name + levels.most_common(1)[0][0] if levels else name
    return None
