"""A text paired with a map back to the original decoded source.

Every cleaning step is a regex substitution applied through `OffsetText.sub`, which keeps
`origin[i]` = the index in the ORIGINAL text of normalised character i. A span [a, b) of the
normalised text is [origin[a], origin[b-1] + 1) in the original, so every row derived from
the normalised view can be grounded in the source.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from extractors.errors import OffsetError


@dataclass(frozen=True)
class OffsetText:
    text: str
    origin: tuple[int, ...]  # len(text) entries
    source_len: int

    @classmethod
    def identity(cls, text: str) -> "OffsetText":
        return cls(text, tuple(range(len(text))), len(text))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty normalised span [start, end) to the original text."""
        if not 0 <= start < end <= len(self.text):
            raise OffsetError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        return self.origin[start], self.origin[end - 1] + 1

    def sub(self, pattern: str | regex.Pattern, repl: str | Callable[[regex.Match], str]) -> "OffsetText":
        """Substitute like regex.sub while keeping the offset map.

        A replacement of the same length maps character by character (full-width 9 -> 9); any
        other replacement maps every new character to the first character of the match.
        """
        pat = regex.compile(pattern) if isinstance(pattern, str) else pattern
        out: list[str] = []
        origin: list[int] = []
        pos = 0
        for m in pat.finditer(self.text):
            a, b = m.span()
            out.append(self.text[pos:a])
            origin.extend(self.origin[pos:a])
            new = repl(m) if callable(repl) else m.expand(repl)
            out.append(new)
            if len(new) == b - a:
                origin.extend(self.origin[a:b])
            elif new:
                anchor = self.origin[a] if a < len(self.origin) else self.source_len
                origin.extend([anchor] * len(new))
            pos = b
        out.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return OffsetText("".join(out), tuple(origin), self.source_len)

    def translate(self, table: dict[int, str]) -> "OffsetText":
        """Character-for-character translation (the table must map to single characters)."""
        return OffsetText(self.text.translate(table), self.origin, self.source_len)

    def slice(self, start: int, end: int) -> "OffsetText":
        return OffsetText(self.text[start:end], self.origin[start:end], self.source_len)
