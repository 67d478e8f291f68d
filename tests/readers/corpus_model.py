"""A corpus plan text as a list of blocks (paragraphs with their printed list marker, tables), the
input of the fixture writers: the same plan is written as .docx, .html and .pdf from it.

The printed marker of a numbered line (一、 （一） 1. （1）) is split off so the .docx writer can
replace it with Word's automatic numbering; a number that does not continue its list (5.3岁 …
starts item 5, but a stray "2020." would not) stays text. Conversion artefacts of the .txt
([bookmark: …], markdown bold, "- " bullets) are what a .docx holds as a bookmark, bold run or
bullet, so they are dropped from the text (the normaliser drops them from the .txt as well).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

CN = "一二三四五六七八九十"
_MARKERS = (
    ("part", regex.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})(?P<after>、)")),
    ("sub", regex.compile(r"^(?P<before>[（(])(?P<num>[一二三四五六七八九十]{1,3})(?P<after>[）)])")),
    ("dec", regex.compile(r"^(?P<num>\d{1,2})(?P<after>[.．、])")),
    ("par", regex.compile(r"^(?P<before>[（(])(?P<num>\d{1,2})(?P<after>[）)])")),
)
_ARTEFACTS = regex.compile(r"\[bookmark:[^\]\n]*\]|\*\*|^[-•·●▪][ \t\u3000]+")


@dataclass(frozen=True)
class Marker:
    kind: str        # part 一、 | sub （一） | dec 1. | par （1）
    number: int
    before: str      # printed text around the number: "（" and "）", or "" and "、"
    after: str

    @property
    def printed(self) -> str:
        return f"{self.before}{cn_counting(self.number) if self.kind in ('part', 'sub') else self.number}{self.after}"


@dataclass(frozen=True)
class Para:
    text: str                 # without the printed marker when `marker` is set
    marker: Marker | None = None

    @property
    def printed(self) -> str:
        return (self.marker.printed if self.marker else "") + self.text


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # header row first


def cn_counting(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def cn_value(s: str) -> int:
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN.index(a) + 1 if a else 1) * 10 + (CN.index(b) + 1 if b else 0)
    return CN.index(s) + 1


def plan_blocks(text: str) -> list[Para | Table]:
    """The corpus text's paragraphs and tables in order (blank lines are layout, not content)."""
    blocks: list[Para | Table] = []
    table: list[list[str]] | None = None
    last: dict[str, int] = {}
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw.startswith("\t") or (table is not None and not raw.strip()):
            table = table if table is not None else [[]]
            if raw.strip():
                table[-1].append(raw.strip())
            elif table[-1]:
                table.append([])
            continue
        if table is not None:
            blocks.append(Table(tuple(tuple(r) for r in table if r)))
            table = None
        line = _ARTEFACTS.sub("", raw.strip()).strip()
        if line:
            blocks.append(_para(line, last))
    if table is not None:
        blocks.append(Table(tuple(tuple(r) for r in table if r)))
    return blocks


def _para(line: str, last: dict[str, int]) -> Para:
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        n = cn_value(m["num"]) if kind in ("part", "sub") else int(m["num"])
        if n != 1 and n != last.get(kind, 0) + 1:
            return Para(line)
        last[kind] = n
        for deeper in _MARKERS[[k for k, _ in _MARKERS].index(kind) + 1:]:
            if kind in ("part", "sub"):
                last.pop(deeper[0], None)
        return Para(line[m.end():], Marker(kind, n, m.groupdict().get("before") or "", m["after"]))
    return Para(line)
