"""The plan's outline: which marker style numbers its parts, what kind each part is, and the
vocabulary of its skeleton (list heads, domain titles), read from extractors/rules/structure.json
and domains.json."""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import regex

from extractors.segmenting.lines import Line
from extractors.segmenting.lists import Sequence
from extractors.segmenting.markers import PART_STYLES

_RULES = resources.files("extractors") / "rules"
STRUCTURE = json.loads((_RULES / "structure.json").read_text(encoding="utf-8"))
DOMAIN_CODES = json.loads((_RULES / "domains.json").read_text(encoding="utf-8"))
NATIONAL_OUTLINE: dict[str, list[tuple[str, str]]] = {
    subject: [(code, title) for code, title in pairs]
    for subject, pairs in STRUCTURE["national_outline"].items() if not subject.startswith("_")}

_VOCAB = {subject: tuple(words) for subject, words in DOMAIN_CODES.items() if not subject.startswith("_")}
_ALL_KEYWORDS = tuple({k for words in _VOCAB.values() for k in words})
_HEAD_WORDS = {w: kind for kind, words in STRUCTURE["list_heads"].items() for w in words}
# A list head: 主要目标 / 1.主要目标 / （一）主要目标 / 【主要目标】, alone or followed on the same line
# by a colon or point and the list's first text (主要目标：一是……).
_HEAD = regex.compile(
    r"^[【\[〔]?(?P<w>" + "|".join(map(regex.escape, _HEAD_WORDS)) + r")"
    r"(?:[】\]〕]\s*[。：:．.]?|[。：:．.]|(?=$))\s*")
# A domain title as the outlines print it: 儿童与健康, 妇女参与决策和管理 (at most 10 characters),
# then the end of the title (a point, a colon, the lead-unit bracket) or of the line.
_STRICT_DOMAIN = regex.compile(r"^(?:儿童|妇女)(?:与|参与)\p{Han}{1,7}(?=[。.：:；;（(\s]|$)")
_TITLE_END = regex.compile(r"[。.：:；;（(]")
# ... or without 与 (四、儿童福利): the group, a domain keyword and the title's end, nothing between
_BARE_DOMAIN = regex.compile(r"^(?:儿童|妇女)(?P<k>\p{Han}{2,4}?)(?=[。.：:；;（(\s]|$)")
# 重点指标目标表, 主要指标一览表, 临溪县妇女发展主要指标, 监测指标体系: a table's title line
TABLE_TITLE = regex.compile(r"指标.*表$|(?:主要|重点|核心|监测)指标(?:体系)?$")


@dataclass(frozen=True, slots=True)
class Part:
    kind: str
    title: str
    head: Line | None  # None for the preamble
    lines: list[Line]


def classify(title: str, table: list) -> str | None:
    for kind, words in table:
        if any(w in title for w in words):
            return kind
    return None


def domain_code(title: str, subject: str | None) -> str | None:
    """The fixed-vocabulary code of a domain title; None rather than a guess."""
    vocab = DOMAIN_CODES.get(subject or "", {})
    hits = [(len(k), code) for k, code in vocab.items() if k in title]
    return max(hits)[1] if hits else None


def read_head(ln: Line) -> tuple[str, int] | None:
    """(goal or measure, where the list's own text starts in the line) for a list head."""
    m = _HEAD.match(ln.body)
    if m is None:
        return None
    return _HEAD_WORDS[m.group("w")], m.end() + (ln.marker.end if ln.marker else 0)


def is_domain_title(text: str, strict: bool, subject: str | None) -> bool:
    """Whether a heading's text is a domain title naming a domain keyword of the subject (健康,
    社会保障 …). Strict: worded as the outlines word them (儿童与X / 妇女与X / 妇女参与X); otherwise any
    title of at most 12 characters before its first point or colon."""
    vocab = _VOCAB.get(subject or "", _ALL_KEYWORDS)
    m = _STRICT_DOMAIN.match(text)
    if m:
        return any(k in m.group() for k in vocab)
    m = _BARE_DOMAIN.match(text)  # 儿童福利, 妇女健康: the keyword right after the group, then the title's end
    if m and m.group("k") in vocab:
        return True
    if strict:
        return False
    m = _TITLE_END.search(text)
    title = text[:m.start()] if m else text
    return 0 < len(title) <= 12 and any(k in title for k in vocab)


def part_style(lines: list[Line]) -> str | None:
    """The style of the plan's first heading numbered 1 in a style parts can take.

    By order, not by rank: plans put 第一节 under 一、 as often as 一、 under 第一章."""
    for ln in lines:
        if ln.marker and ln.marker.style in PART_STYLES and ln.marker.number == 1 and ln.body:
            return ln.marker.style
    return None


@dataclass(frozen=True, slots=True)
class Outline:
    parts: list[Part]  # the preamble first
    announced: list[str]  # part titles a table of contents announced (empty without one)
    gaps: list[int]  # part numbers skipped


def split_parts(lines: list[Line], style: str | None, subject: str | None) -> Outline:
    """The preamble and the parts, each with its kind.

    A part heading must continue the part numbering, so a stray 二、 inside a measure is text. A
    run of headings with no prose between them that starts again at 1 was a table of contents."""
    heads: list[int] = []
    seq = Sequence()
    announced: list[str] = []
    cands = [i for i, ln in enumerate(lines) if ln.marker and ln.marker.style == style and _heading_like(ln.body)]
    known = [_known_title(lines[i].body, subject) for i in cands]
    # Where the last heading numbered n with a part's title is: an unknown title numbered n before
    # it is a sub-list item (三、推进儿童眼保健。 inside a measure, then 三、组织实施).
    last_known = {lines[i].marker.number: k for k, i in enumerate(cands) if known[k]}
    for k, i in enumerate(cands):
        n = lines[i].marker.number
        if n == 1 and heads and _no_prose(lines[heads[0]:i]):
            announced = [_TOC_LEADER.sub("", lines[h].body) for h in heads]
            heads, seq = [], Sequence()
        if seq.continues(n) and (known[k] or last_known.get(n, -1) < k):
            seq.accept(n)
            heads.append(i)
    first = heads[0] if heads else len(lines)
    parts = [Part("preamble", "", None, lines[:_toc_start(lines, first, announced)])]
    for k, i in enumerate(heads):
        body = lines[i + 1:heads[k + 1] if k + 1 < len(heads) else len(lines)]
        parts.append(Part(part_kind(lines[i].body, body, subject), lines[i].body.rstrip("。 "), lines[i], body))
    return Outline(parts, announced, seq.gaps)


def _known_title(title: str, subject: str | None) -> bool:
    return bool(classify(title, STRUCTURE["part_kinds"])) or is_domain_title(title, True, subject)


def _heading_like(text: str) -> bool:
    """A part title is a heading: short, no sentence inside it, not a clause ending in ；or ，."""
    return 0 < len(text) <= 40 and "。" not in text[:-1] and not text.endswith(("；", ";", "，", ","))


# 一、指导思想……………1: the dot leader and page number of a table of contents line.
_TOC_LEADER = regex.compile(r"[.．…·\s]*\d*$")


def _no_prose(lines: list[Line]) -> bool:
    """Only headings: short lines without a full stop (a table of contents, not a plan's text)."""
    return all(len(ln.text) <= 60 and "。" not in ln.text for ln in lines)


def _toc_start(lines: list[Line], first: int, announced: list[str]) -> int:
    """The preamble ends where the table of contents starts (its lines are not preamble text)."""
    if announced:
        for i, ln in enumerate(lines[:first]):
            if ln.marker and _TOC_LEADER.sub("", ln.body) == announced[0]:
                return i
    return first


def part_kind(title: str, body: list[Line], subject: str | None) -> str:
    kind = classify(title, STRUCTURE["part_kinds"])
    if kind:
        return kind
    if is_domain_title(title, True, subject):
        return "domain"  # a chapter that is itself a domain (第二章 儿童与健康)
    if any(read_head(ln) for ln in body if ln.text):
        return "domains"  # titled otherwise (主要任务), but it holds goal and measure lists
    return "other"
