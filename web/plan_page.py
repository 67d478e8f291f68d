"""A plan's text with its structure: the spans to mark and the navigation sidebar."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup

from web import labels as L
from web.queries import Domain, PlanInfo, Provision, Section, TargetRow
from web.spans import Span, render


def anchor(prefix: str, ident: str) -> str:
    """An HTML id for a row id: letters, digits, - and _ kept, / as '.', anything else as _hex_."""
    return prefix + "-" + re.sub(r"[^0-9A-Za-z_-]", lambda m: "." if m.group() == "/" else f"_{ord(m.group()):x}_",
                                 ident)


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    children: tuple["NavItem", ...] = ()
    group: str = ""          # a heading shown before this item (主要目标, 策略措施)


@dataclass(frozen=True)
class PlanPage:
    text: Markup
    nav: tuple[NavItem, ...]
    targets: tuple[TargetRow, ...]
    at: tuple[int, int] | None = None
    notes: tuple[str, ...] = field(default=())


def _short(p: Provision, n: int = 22) -> str:
    s = p.heading or p.text
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n] + "…"


def navigation(sections: list[Section], domains: list[Domain], provisions: list[Provision]) -> tuple[NavItem, ...]:
    """Sections in printed order; the domains inside theirs, each with its goals and measures; the
    other provisions (principles, projects, table rows …) under the section that holds them."""
    by_domain: dict[str, list[Provision]] = {}
    loose: list[Provision] = []
    for p in provisions:
        (by_domain.setdefault(p.domain_id, []) if p.domain_id else loose).append(p)

    def items(ps: list[Provision], grouped: bool = False) -> tuple[NavItem, ...]:
        out, last = [], None
        for p in ps:
            out.append(NavItem("#" + anchor("prov", p.provision_id), f"{p.ordinal}. {_short(p)}",
                               group=L.kind(p.kind) if grouped and p.kind != last else ""))
            last = p.kind
        return tuple(out)

    def domain_item(d: Domain) -> NavItem:
        ps = sorted(by_domain.get(d.domain_id, []), key=lambda p: (L.KIND_ORDER.index(p.kind)
                                                                   if p.kind in L.KIND_ORDER else 99, p.char_start))
        return NavItem("#" + anchor("dom", d.domain_id), d.title, items(ps, grouped=True))

    nav = []
    placed: set[str] = set()
    for s in sections:
        inner_domains = [d for d in domains if s.char_start <= d.char_start < s.char_end]
        inner = [p for p in loose if s.char_start <= p.char_start < s.char_end and p.provision_id not in placed]
        placed.update(p.provision_id for p in inner)
        children = tuple(domain_item(d) for d in inner_domains) + items(inner)
        nav.append(NavItem("#" + anchor("sec", s.section_id), s.title or L.SECTIONS.get(s.kind, s.kind), children))
    rest = [p for p in loose if p.provision_id not in placed]
    seen = {d.domain_id for s in sections for d in domains if s.char_start <= d.char_start < s.char_end}
    nav += [domain_item(d) for d in domains if d.domain_id not in seen]
    if rest:
        nav.append(NavItem("#" + anchor("prov", rest[0].provision_id), "其他条款 other", items(rest)))
    return tuple(nav)


def build(plan: PlanInfo, document: str, sections: list[Section], domains: list[Domain],
          provisions: list[Provision], targets: list[TargetRow], at: tuple[int, int] | None,
          card: Callable[[list[TargetRow]], Markup]) -> PlanPage:
    """The plan's text (document[char_start:char_end]) marked up: every provision as an element with
    an id, domain and section anchors, the passage `at` (absolute offsets) highlighted, and every
    target value a <mark> whose popover card (`card`) shows its tuple."""
    base = plan.char_start
    text = document[plan.char_start:plan.char_end]
    spans: list[Span] = []
    for s in sections:
        spans.append(Span(s.char_start - base, s.char_start - base, "span", "anchor", anchor("sec", s.section_id)))
    for d in domains:
        spans.append(Span(d.char_start - base, d.char_start - base, "span", "anchor", anchor("dom", d.domain_id)))
    for p in provisions:
        spans.append(Span(p.char_start - base, p.char_end - base, "span", f"prov k-{p.kind}",
                          anchor("prov", p.provision_id), layer=0))
    if at is not None:
        spans.append(Span(at[0] - base, at[1] - base, "span", "at", "at", layer=1))
    groups: dict[tuple[int, int], list[TargetRow]] = {}
    for t in targets:
        groups.setdefault((t.value_start, t.value_end), []).append(t)
    for (vs, ve), ts in groups.items():
        classes = "tg" + (" achieved" if all(t.kind == "achieved" for t in ts) else "")
        spans.append(Span(vs - base, ve - base, "mark", classes, anchor("t", ts[0].target_id),
                          (("tabindex", "0"),), layer=2, tail=card(ts)))
        for t in ts[1:]:
            spans.append(Span(vs - base, vs - base, "span", "anchor", anchor("t", t.target_id), layer=3))
    return PlanPage(render(text, spans), navigation(sections, domains, provisions), tuple(targets), at)
