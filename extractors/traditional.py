"""Plans printed in traditional characters (a Big5 file, a Hong Kong or Taiwan copy).

The structure and target rules are written in simplified characters (儿童与健康, 主要目标, 达到), so a
traditional text is segmented and read through a simplified view of it: OpenCC's t2s, one
character for one, so every offset of the view is an offset of the source. What is stored as the
rows' text is then put back in the source's characters, so that a provision's text is what its
span prints.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from extractors.records import Domain, Provision, Section, SegmentedPlan
from extractors.search_text import changeable_count, to_simplified

# Share of Han characters that t2s changes above which a text is read as traditional. Measured:
# the corpus's simplified plans 0.00–0.008%; the test plans in traditional characters 36%.
TRADITIONAL_SHARE = 0.10
_NOT_HAN = regex.compile(r"[^\u4E00-\u9FFF\u3400-\u4DBF\U00020000-\U0002FFFF]+")


def simplified_view(text: str) -> str | None:
    """The same-length simplified view of a text written in traditional characters, else None."""
    han = len(text) - sum(map(len, _NOT_HAN.findall(text)))
    # OpenCC (pure Python) costs ~10 ms per 1,000 characters; a text with too few characters it
    # could change cannot pass the share below, so most plans are never converted
    if not han or changeable_count(text) < TRADITIONAL_SHARE * han:
        return None
    view = to_simplified(text)
    if len(view) != len(text):
        return None
    changed = sum(1 for a, b in zip(text, view) if a != b)
    return view if changed >= TRADITIONAL_SHARE * han else None


class _Restorer:
    def __init__(self, original: str, view: str) -> None:
        self.original = original
        self.view = view
        # simplified character -> the one traditional character it stands for in this document
        seen: dict[str, set[str]] = {}
        for a, b in zip(original, view):
            if a != b:
                seen.setdefault(b, set()).add(a)
        self.unique = {b: next(iter(a)) for b, a in seen.items() if len(a) == 1}

    def at(self, text: str, origin: tuple[int, ...]) -> str:
        """Characters of `text` (whose i-th character comes from source offset origin[i]) as printed."""
        out = []
        for c, o in zip(text, origin):
            out.append(self.original[o] if self.view[o] == c and self.original[o] != c else c)
        return "".join(out) + text[len(origin):]

    def mapped(self, text: str | None) -> str | None:
        return None if text is None else "".join(self.unique.get(c, c) for c in text)

    def provision(self, p: Provision) -> Provision:
        text = self.at(p.text, p.text_origin) if p.text_origin else self.mapped(p.text)
        # a heading is the lead phrase the text starts with
        heading = text[:len(p.heading)] if p.heading and p.text.startswith(p.heading) else self.mapped(p.heading)
        cells = tuple(replace(c, text=self.mapped(c.text), header=self.mapped(c.header)) for c in p.cells)
        return replace(p, text=text, heading=heading, cells=cells)

    def domain(self, d: Domain) -> Domain:
        return replace(d, title=self.mapped(d.title), lead_units=tuple(map(self.mapped, d.lead_units)),
                       responsible_units=tuple(map(self.mapped, d.responsible_units)))

    def section(self, s: Section) -> Section:
        return replace(s, title=self.mapped(s.title), text=self.mapped(s.text))


def restore(plan: SegmentedPlan, original: str, view: str) -> SegmentedPlan:
    """The plan segmented from the view, with its rows' text in the source's characters (codes,
    ids and targets stay as the simplified rules read them)."""
    r = _Restorer(original, view)
    return replace(plan, provisions=tuple(map(r.provision, plan.provisions)),
                   domains=tuple(map(r.domain, plan.domains)), sections=tuple(map(r.section, plan.sections)))
