"""Text with overlapping marked spans as well-nested, escaped HTML.

A plan page marks many things in one text: provisions, the passage a link opened at, target
values, evidence clauses. Those spans may cross (an evidence clause that ends inside another
mark, a highlighted range over two provisions), and HTML elements may not. Written by hand
because it is the escaping boundary of the page: every character of the text goes through
markupsafe.escape here and nowhere else, and hypothesis checks that the tags stripped off give
the text back.

A span that has to be cut to nest is emitted as several elements: the first carries its `id`, the
last its `tail` (markup placed before its closing tag, such as a popover card), the others the
class `cont`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# C0 controls other than tab, newline and carriage return, DEL and C1 controls: shown as spaces (same length)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int                      # start == end: an empty anchor at that position
    tag: str                      # span, mark, a, ...
    classes: str = ""
    id: str | None = None
    attrs: tuple[tuple[str, str], ...] = ()
    layer: int = 0                # lower layers nest outside higher ones where both start together
    tail: Markup = Markup("")     # trusted markup inserted before the closing tag of the last piece


def clean(text: str) -> str:
    """Control characters as spaces (offsets unchanged)."""
    return _CONTROL.sub(" ", text)


def _open(span: Span, first: bool) -> str:
    classes = span.classes if first else (span.classes + " cont").strip()
    parts = [span.tag]
    if first and span.id:
        parts.append(f'id="{escape(span.id)}"')
    if classes:
        parts.append(f'class="{escape(classes)}"')
    parts.extend(f'{name}="{escape(value)}"' for name, value in span.attrs)
    return "<" + " ".join(parts) + ">"


def render(text: str, spans: list[Span]) -> Markup:
    """`text` escaped, with every span's element around its characters (clipped to the text)."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start <= s.end <= n]
    points = sorted((s for s in spans if s.start == s.end), key=lambda s: (s.start, s.layer))
    ranges = [s for s in spans if s.start < s.end]
    cuts = sorted({0, n} | {s.start for s in ranges} | {s.end for s in ranges} | {s.start for s in points})
    order = {id(s): (s.layer, -s.end, s.start, i) for i, s in enumerate(ranges)}
    opened: set[int] = set()
    stack: list[Span] = []
    out: list[str] = []
    pi = 0
    for a, b in zip(cuts, cuts[1:] + [None]):
        active = [s for s in ranges if s.start <= a < s.end] if b is not None else []
        live = {id(s) for s in active}
        keep = 0
        while keep < len(stack) and id(stack[keep]) in live:
            keep += 1
        # a span that goes on but was opened after one that stops must be cut: close and reopen it
        for s in reversed(stack[keep:]):
            out.append((str(s.tail) if s.end == a else "") + f"</{s.tag}>")
        del stack[keep:]
        while pi < len(points) and points[pi].start == a:
            out.append(_open(points[pi], True) + f"</{points[pi].tag}>")
            pi += 1
        if b is None:
            break
        on_stack = {id(s) for s in stack}
        for s in sorted((s for s in active if id(s) not in on_stack), key=lambda s: order[id(s)]):
            out.append(_open(s, id(s) not in opened))
            opened.add(id(s))
            stack.append(s)
        out.append(str(escape(clean(text[a:b]))))
    while pi < len(points):  # anchors past the end of the text (none after clipping)
        out.append(_open(points[pi], True) + f"</{points[pi].tag}>")
        pi += 1
    return Markup("".join(out))


def highlight(text: str, spans: list[tuple[int, int]], tag: str = "mark") -> Markup:
    """`text` escaped with each (start, end) in a <mark> (search matches)."""
    return render(text, [Span(a, b, tag) for a, b in spans if a < b])
