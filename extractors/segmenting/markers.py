"""Numbering markers printed at the start of a line, in every style the genre uses.

A reader renders Word's automatic numbering as text, so the segmenter only ever sees printed
markers. Each marker has a style (its family: full- and half-width brackets are one style, "1."
and "1、" are one style) and a number. Which style numbers parts, domains or items is not fixed
here: plans disagree, so the outline step decides it from the plan itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

CN_DIGITS = "一二三四五六七八九十"
_CN = r"[一二三四五六七八九十]{1,3}"
_NUM = rf"(?:{_CN}|\d{{1,2}})"

# Styles a part or domain heading can take ("一、" is the part style of the corpus).
PART = "part"          # 第一部分
CHAPTER = "chapter"    # 第一章
SECTION = "section"    # 第一节
ARTICLE = "article"    # 第一条
CN_COMMA = "cn_comma"  # 一、
CN_PAREN = "cn_paren"  # （一） (一)
ARABIC = "arabic"      # 1. 1． 1、 ⒈
PAREN = "paren"        # （1） (1)
HALF_PAREN = "half_paren"  # 1） 1)
CIRCLED = "circled"    # ① ➀ ⓵
NEG_CIRCLED = "neg_circled"  # ❶ ➊ ⓫
PAREN_DIGIT = "paren_digit"  # ⑴
DOMAIN_LABEL = "domain_label"  # 领域一： (labelled domains)
GOAL_LABEL = "goal_label"      # 目标1： (a goal item that names its list)
MEASURE_LABEL = "measure_label"  # 措施1：
PART_STYLES = (PART, CHAPTER, SECTION, CN_COMMA)
HEADING_STYLES = PART_STYLES + (CN_PAREN, DOMAIN_LABEL)  # styles that number headings, never a list's items
LABELLED_ITEMS = {GOAL_LABEL: "goal", MEASURE_LABEL: "measure"}

# Code points of the single-character markers and the number of the first one in each run.
_CHAR_RUNS = [(0x2460, 20, CIRCLED, 1), (0x2780, 10, CIRCLED, 1), (0x24F5, 10, CIRCLED, 1),
              (0x2776, 10, NEG_CIRCLED, 1), (0x278A, 10, NEG_CIRCLED, 1), (0x24EB, 10, NEG_CIRCLED, 11),
              (0x2474, 20, PAREN_DIGIT, 1), (0x2488, 20, ARABIC, 1), (0x3220, 10, CN_PAREN, 1)]  # ㈠-㈩
_CHAR_MARKERS = {chr(base + i): (style, first + i) for base, n, style, first in _CHAR_RUNS for i in range(n)}

# One pass per line. "5.3岁以下…" is item 5 whose text starts with an age: the number is the digits
# before the first point, never a decimal; sequence checks reject numbers that break a list.
_MARKER = regex.compile(
    rf"^(?:第(?P<{PART}>{_NUM})部分|第(?P<{CHAPTER}>{_NUM})章|第(?P<{SECTION}>{_NUM})节|第(?P<{ARTICLE}>{_NUM})条"
    rf"|(?P<{CN_COMMA}>{_CN})、|[（(](?P<{CN_PAREN}>{_CN})[）)]|(?P<{ARABIC}>\d{{1,2}})[.、]"
    rf"|[（(](?P<{PAREN}>\d{{1,2}})[）)]|(?P<{HALF_PAREN}>\d{{1,2}})[）)]"
    rf"|领域(?P<{DOMAIN_LABEL}>{_NUM})[：:、]|目标(?P<{GOAL_LABEL}>\d{{1,2}})[：:]|措施(?P<{MEASURE_LABEL}>\d{{1,2}})[：:]"
    rf"|(?P<char>[{''.join(_CHAR_MARKERS)}]))"
    r"(?P<gap>\s*)")
# After 第一章 or ① a drafter may add a colon, a point or 、 before the title.
_TRAILING = regex.compile(r"[：:、．.\s]*")


@dataclass(frozen=True, slots=True)
class Marker:
    style: str
    number: int
    end: int  # where the line's content starts, after the marker and its spacing


def cn_ordinal(s: str) -> int:
    """一..九十九 (or digits) to int: only what numbering uses."""
    if s.isdecimal():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(s) + 1


def is_cn_number(s: str) -> bool:
    """一 .. 九十九 written the way numbering writes them (not 一一 or 十十)."""
    if s.isdecimal():
        return True
    if "十" not in s:
        return len(s) == 1
    tens, _, ones = s.partition("十")
    return len(tens) <= 1 and len(ones) <= 1 and "十" not in tens + ones


_GROUPS = (CN_COMMA, CN_PAREN, ARABIC, PAREN, HALF_PAREN, "char", PART, CHAPTER, SECTION, ARTICLE, DOMAIN_LABEL,
           GOAL_LABEL, MEASURE_LABEL)
_WORDED = (PART, CHAPTER, SECTION, ARTICLE)


def read_marker(line: str) -> Marker | None:
    """The numbering marker at the start of a line, if there is one."""
    m = _MARKER.match(line)
    if m is None:
        return None
    style = next(g for g in _GROUPS if m.group(g) is not None)
    value = m.group(style)
    if style == "char":
        style, number = _CHAR_MARKERS[value]
        return Marker(style, number, _TRAILING.match(line, m.end("char")).end())
    if not is_cn_number(value):
        return None
    end = _TRAILING.match(line, m.end()).end() if style in _WORDED else m.end()
    return Marker(style, cn_ordinal(value), end)
