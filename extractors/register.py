"""Colloquial register folding, so that one lexicon phrase matches the registers people write it in.

The lay lexicon (rules/lay_lexicon.json) lists everyday phrases, but each in a register or two:
打我, 没人管孩子, 没有爹妈. A query says 打俺, 娃没人管, 没爹妈. Folding both the lexicon's phrases and
the query with the same table (rules/lay_register.json: 俺 → 我, 娃 → 孩子, 爹妈 → 爸妈, 没有 → 没)
lets them meet without listing every combination. The fold changes lengths, so it keeps, for each
character of the folded text, the span of the query it came from: a phrase found in the folded
query is reported as the words the query said.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

_RULES = resources.files("extractors") / "rules"


@dataclass(frozen=True)
class Folded:
    text: str
    # for each character of text: the [start, end) of the characters of the source it stands for
    spans: tuple[tuple[int, int], ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.spans[start][0], self.spans[end - 1][1]


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads((_RULES / "lay_register.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], regex.Pattern]:
    folds = _rules()["folds"]
    table = {variant: standard for variant, standard in folds}
    # longest first: 小孩子 before 小孩, 女娃 before 娃
    pattern = regex.compile("|".join(regex.escape(v) for v in sorted(table, key=len, reverse=True)))
    return table, pattern


def fold(text: str) -> Folded:
    """`text` in one register, with the source span of each of its characters."""
    table, pattern = _table()
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for m in pattern.finditer(text):
        for i in range(at, m.start()):
            out.append(text[i])
            spans.append((i, i + 1))
        standard = table[m.group()]
        out.append(standard)
        spans.extend([(m.start(), m.end())] * len(standard))
        at = m.end()
    for i in range(at, len(text)):
        out.append(text[i])
        spans.append((i, i + 1))
    return Folded("".join(out), tuple(spans))


def fold_text(text: str) -> str:
    table, pattern = _table()
    # (no spans: the lexicon's ~20,000 words are folded once a process, most with nothing to fold)
    return pattern.sub(lambda m: table[m.group()], text)


@lru_cache(maxsize=1)
def dialect_characters() -> frozenset[str]:
    """The characters of the words the register folds (俺, 喺, 佢, 嬷): dialect writing, not typos."""
    return frozenset("".join(variant for variant, _ in _rules()["folds"]))


@lru_cache(maxsize=1)
def _inserted() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(_rules()["inserted"]), frozenset(_rules()["inserted_heads"])


def without_inserted(folded: Folded, words: list[str]) -> Folded | None:
    """`folded` without the words a speaker inserts inside a phrase (rules/lay_register.json `inserted`:
    心里总是很烦 → 心里烦), given its cut into `words`; each character keeps its source span. None when
    it has none. A word of two characters headed by one of `inserted_heads` (很烦, 太累: jieba keeps some
    whole) loses that head."""
    inserted, heads = _inserted()
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for w in words:
        drop = len(w) if w in inserted else 1 if len(w) == 2 and w[0] in heads else 0  # characters left out
        text.append(w[drop:])
        spans.extend(folded.spans[at + drop:at + len(w)])
        at += len(w)
    if at != len(folded.text):
        raise ValueError(f"the words {words!r} are not a cut of {folded.text!r}")
    out = "".join(text)
    return Folded(out, tuple(spans)) if out != folded.text else None
