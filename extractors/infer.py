"""Infer a plan's jurisdiction, subject and period from its text, for plans without metadata.

Metadata wins where it is given; these rules are what the pipeline falls back on, and a test
checks they agree with the metadata on every plan of the corpus.
"""
from __future__ import annotations

from collections import Counter

import regex

from extractors.identity import in_gazetteer
from extractors.periods import FIVE_YEAR_NAME, five_year_period
from extractors.records import InferredMeta

_DASH = r"[-—－–~～至]"
# (a name of one character and its level, 嵩县 or 涉县: some sixty counties are named so)
TITLE = regex.compile(
    r"^(?P<j>\p{Han}{1,12}?(?:省|自治区|市|州|盟|县|区|旗))(?P<f0>" + FIVE_YEAR_NAME.pattern + r")?(?P<s>儿童|妇女)发展"
    r"(?P<f>" + FIVE_YEAR_NAME.pattern + r")?规划"
    rf"(?:[（(](?P<a>\d{{4}})\s*{_DASH}+\s*(?P<b>\d{{4}})年?[）)])?$")
_PERIOD_STATED = regex.compile(rf"规划期限?为?(?P<a>20\d\d)年?\s*{_DASH}+\s*(?P<b>20\d\d)年")
# "十四五"时期我市儿童事业发展: the plan's own five-year period, named near its start.
_FIVE_YEAR_TIME = regex.compile(r"(?P<f>" + FIVE_YEAR_NAME.pattern + r")(?:时期|期间|规划)")
# Who speaks in the body: XX县委、县政府 / XX市委、市政府 / XX市人民政府; a county of one character
# writes its committee 涉县县委.
_SPEAKER = [
    regex.compile(r"(?P<j>\p{Han}{1,5}?(?:县|市|区))(?:县|市|区)?委[、，]\s*(?:县|市|区)?政府"),
    regex.compile(r"(?P<j>\p{Han}{1,5}?(?:县|市|区))人民政府"),
]
_HORIZON = regex.compile(r"未来(十|五)年")
# 按照《中国儿童发展纲要（2021—2030年）》: a sentence naming the outlines a plan follows, and their periods.
_BASIS_WORDS = ("按照", "根据", "依据", "依照")
_TITLED_PERIOD = regex.compile(rf"《[^》]*?(20\d\d)\s*{_DASH}+\s*(20\d\d)\s*年[^》]*》")
_BY_YEAR = regex.compile(r"(?:到|至)\s*(20[23]\d)\s*年")
_LOCAL = regex.compile(r"结合(?P<j>\p{Han}{1,4}?)(?:实际|市情|县情)")
_GENERIC = {"全市", "我市", "本市", "全县", "我县", "本县", "城市", "各市", "县市", "市县", "区县", "城区"}


def find_plan_titles(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Standalone title lines that open a plan (not the notice's 关于印发《…》 line)."""
    return [(start, text.strip()) for start, text in lines if TITLE.match(text.strip())]


# （2021—2035年） on the line under a title printed on two lines
_PERIOD_LINE = regex.compile(rf"^[（(](?P<a>\d{{4}})\s*{_DASH}+\s*(?P<b>\d{{4}})年?[）)]$")


def infer_meta(text: str, title: str | None, before: str = "") -> InferredMeta:
    """`text`: the plan's, from its title line; `before`: what precedes the title in the document
    (an issuing notice), where the document number may stand."""
    m = TITLE.match(title) if title else None
    jurisdiction = m.group("j") if m else _infer_jurisdiction(text)
    subject = {"儿童": "children", "妇女": "women"}[m.group("s")] if m else _infer_subject(text)
    below = _PERIOD_LINE.match(_second_line(text)) if m else None
    if m and (m.group("a") or below):
        start, end = int((m if m.group("a") else below).group("a")), int((m if m.group("a") else below).group("b"))
    elif m and (m.group("f") or m.group("f0")):  # 澜江省“十四五”儿童发展规划 or 儿童发展“十四五”规划
        start, end = five_year_period(m.group("f") or m.group("f0"))
    else:
        start, end = _infer_period(text)
    issuer, issued = signature(before)
    return InferredMeta(jurisdiction=jurisdiction, subject=subject, period_start=start, period_end=end, title=title,
                        doc_number=doc_number(before) or doc_number(text), issuer=issuer, issue_date=issued)


# The notice's signature: the issuing body on a line of its own, then the date (2022年3月18日, 二〇二二年三月十八日)
_ISSUER = regex.compile(r"^\p{Han}{2,24}?(?:人民政府(?:办公室|办公厅)?|妇女儿童工作委员会|人民政府妇女儿童工作委员会)$")
_DATE = regex.compile(r"^(?P<y>(?:19|20)\d\d|[一二][〇零○一二三四五六七八九]{3})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                      r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def signature(notice: str) -> tuple[str | None, str | None]:
    """(issuer, ISO issue date) of an issuing notice, from its last lines: the body's name and the date
    under it. Nothing when the notice prints no date: a name alone could be anyone copied in."""
    lines = [ln.strip() for ln in notice.splitlines() if ln.strip()]
    for i in range(len(lines) - 1, 0, -1):
        m = _DATE.match(lines[i].replace(" ", ""))
        if m and _ISSUER.match(lines[i - 1].replace(" ", "")):
            y, mo, d = _number(m.group("y")), _number(m.group("m")), _number(m.group("d"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return lines[i - 1].replace(" ", ""), f"{y:04d}-{mo:02d}-{d:02d}"
    return None, None


def _number(s: str) -> int:
    """2022, 12, 二〇二二, 十二, 二十八 -> int."""
    if s.isdecimal():
        return int(s)
    if len(s) == 4:
        return int("".join(str(_CN[c]) for c in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return _CN[s]


def _second_line(text: str) -> str:
    lines = [ln.strip() for ln in text[:400].splitlines() if ln.strip()]
    return lines[1] if len(lines) > 1 else ""


# 临政发〔2022〕5号, 常政办发[2021]22号: an issuing document's number, on a line of its own near the top.
DOC_NUMBER = regex.compile(r"^\p{Han}{1,12}[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d{1,4}\s*号$")


def doc_number(text: str) -> str | None:
    for line in text[:1500].splitlines()[:12]:
        if DOC_NUMBER.match(line.strip()):
            return regex.sub(r"\s", "", line)
    return None


def _infer_subject(text: str) -> str | None:
    c, w = text.count("儿童"), text.count("妇女")
    if c == w:
        return None
    return "children" if c > w else "women"


def _infer_period(text: str) -> tuple[int | None, int | None]:
    """The period as the text states it; a year it does not give stays None."""
    m = _PERIOD_STATED.search(text)
    if m:
        return int(m.group("a")), int(m.group("b"))
    m = _FIVE_YEAR_TIME.search(text[:3000])
    if m:
        return five_year_period(m.group("f"))
    m = _HORIZON.search(text)
    if m:
        period = _horizon_period(text, 10 if m.group(1) == "十" else 5)
        if period:
            return period
    years = [int(y) for y in _BY_YEAR.findall(text)]
    # The last target year is the end of the period; the start is not printed, so it stays None.
    return (None, max(years)) if years else (None, None)


def _horizon_period(text: str, years: int) -> tuple[int, int] | None:
    """未来十年 / 未来五年: the period of that length of the outlines the plan says it follows
    (按照《中国儿童发展纲要（2021—2030年）》…); None when it names none."""
    basis = [s for s in text.split("。") if any(w in s for w in _BASIS_WORDS)]
    spans = {(int(a), int(b)) for sentence in basis
             for a, b in _TITLED_PERIOD.findall(sentence) if int(b) - int(a) + 1 == years}
    return max(spans) if len(spans) == 1 else None


def _infer_jurisdiction(text: str) -> str | None:
    for pat in _SPEAKER:
        found = Counter(j for m in pat.finditer(text) if _plausible(j := m.group("j")))
        if found:
            return found.most_common(1)[0][0]
    for m in _LOCAL.finditer(text):
        name = m.group("j")
        levels = Counter(lv for lv in regex.findall(regex.escape(name) + r"(省|市|县|区)", text))
        full = name + levels.most_common(1)[0][0] if levels else name
        if name not in _GENERIC and (len(name) > 1 or _plausible(full)):
            return full
    return None


def _plausible(name: str) -> bool:
    """Not a generic word (全县, 我市); a name of one character and its level only if the gazetteer
    has it (涉县 is a county; 各县, 本区 are not)."""
    return name not in _GENERIC and (len(name) > 2 or in_gazetteer(name))
