"""Word's automatic list numbering (numbering.xml), which is not in the paragraphs' text.

python-docx reads and writes numPr but does not compute the numbers, so this module does, from the
definitions (ECMA-376 Part 1 §17.9):
- a paragraph's w:numPr (numId, ilvl), or its style's (through w:basedOn); a style that a level
  names in w:pStyle gives that level;
- w:num -> w:abstractNum (also through w:numStyleLink -> a numbering style -> its list);
  w:lvlOverride can replace a level (w:lvl) or restart it (w:startOverride);
- each level's w:start, w:numFmt, w:lvlText ("（%1）", "%1、", "第%1条", "%1.%2"), w:lvlRestart,
  w:isLgl.
Counters belong to the abstract definition, so every w:num over it continues one sequence, as
Word does; a w:num with a w:startOverride restarts the level the first time that num is used.
Using a level restarts the deeper ones (all of them by default; w:lvlRestart="r" restarts a level
only after level r or a shallower one, "0" never).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.readers.numformat import format_number, is_known

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = regex.compile(r"%([1-9])")
MAX_LEVELS = 9


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


@dataclass(frozen=True)
class Level:
    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None      # w:lvlText; None: no number shown
    restart: int | None = None   # w:lvlRestart
    is_lgl: bool = False
    pstyle: str | None = None


@dataclass(frozen=True)
class Num:
    abstract: int
    start_overrides: dict[int, int]
    level_overrides: dict[int, Level]


@dataclass(frozen=True)
class Definitions:
    abstracts: dict[int, dict[int, Level]]
    nums: dict[int, Num]
    style_links: dict[int, str]        # abstractNumId -> numStyleLink (a numbering style's id)

    def level(self, num_id: int, ilvl: int) -> tuple[int, Level] | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        lvl = num.level_overrides.get(ilvl) or self.abstracts.get(num.abstract, {}).get(ilvl)
        return (num.abstract, lvl) if lvl is not None else None

    def level_for_style(self, num_id: int, style_id: str) -> int | None:
        num = self.nums.get(num_id)
        levels = self.abstracts.get(num.abstract, {}) if num else {}
        return next((lv.ilvl for lv in levels.values() if lv.pstyle == style_id), None)


def parse_level(el) -> Level | None:
    ilvl = _int(el.get(W + "ilvl"))
    if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
        return None
    text_el = el.find(W + "lvlText")
    start = _int(_val(el, "start"))
    return Level(ilvl=ilvl, start=1 if start is None else max(0, start),
                 fmt=_val(el, "numFmt") or "decimal",
                 text=text_el.get(W + "val") if text_el is not None else None,
                 restart=_int(_val(el, "lvlRestart")),
                 is_lgl=el.find(W + "isLgl") is not None and _val(el, "isLgl") not in ("0", "false"),
                 pstyle=_val(el, "pStyle"))


def parse_definitions(root, style_num: dict[str, int] | None = None) -> Definitions:
    """`root`: numbering.xml's w:numbering element (or None); `style_num`: numbering styles'
    own numId, to follow w:numStyleLink."""
    abstracts: dict[int, dict[int, Level]] = {}
    links: dict[int, str] = {}
    nums: dict[int, Num] = {}
    if root is None:
        return Definitions(abstracts, nums, links)
    for a in root.iterfind(W + "abstractNum"):
        aid = _int(a.get(W + "abstractNumId"))
        if aid is None:
            continue
        levels = [parse_level(el) for el in a.iterfind(W + "lvl")]
        abstracts[aid] = {lv.ilvl: lv for lv in levels if lv is not None}
        link = _val(a, "numStyleLink")
        if link:
            links[aid] = link
    for n in root.iterfind(W + "num"):
        nid, aid = _int(n.get(W + "numId")), _int(_val(n, "abstractNumId"))
        if nid is None or aid is None:
            continue
        starts, overrides = {}, {}
        for o in n.iterfind(W + "lvlOverride"):
            ilvl = _int(o.get(W + "ilvl"))
            if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                continue
            start = _int(_val(o, "startOverride"))
            if start is not None:
                starts[ilvl] = start
            lvl_el = o.find(W + "lvl")
            lvl = parse_level(lvl_el) if lvl_el is not None else None
            if lvl is not None:
                overrides[ilvl] = Level(**{**lvl.__dict__, "ilvl": ilvl})
        nums[nid] = Num(aid, starts, overrides)
    # An abstractNum that only links to a numbering style takes that style's list's levels
    for aid, style_id in links.items():
        target = nums.get((style_num or {}).get(style_id, -1))
        if target and target.abstract != aid and target.abstract in abstracts:
            abstracts[aid] = abstracts[target.abstract]
    return Definitions(abstracts, nums, links)


@dataclass(frozen=True)
class Label:
    text: str          # the rendered lvlText, e.g. "（一）"
    value: int         # this level's counter
    fmt: str
    abstract: int
    ilvl: int


@dataclass
class Counters:
    """The running numbers of a document, fed its numbered paragraphs in body order."""
    defs: Definitions
    values: dict[int, dict[int, int]] = field(default_factory=dict)
    started: set[tuple[int, int]] = field(default_factory=set)
    unknown_formats: set[str] = field(default_factory=set)

    def next(self, num_id: int, ilvl: int) -> Label | None:
        found = self.defs.level(num_id, ilvl)
        if found is None or num_id == 0:
            return None
        abstract, lvl = found
        counters = self.values.setdefault(abstract, {})
        override = self.defs.nums[num_id].start_overrides.get(ilvl)
        if override is not None and (num_id, ilvl) not in self.started:
            counters[ilvl] = override - 1
            for deeper in [k for k in counters if k > ilvl]:
                del counters[deeper]
        self.started.add((num_id, ilvl))
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        self._restart_deeper(abstract, ilvl)
        if lvl.text is None:
            return None
        return Label(self._render(num_id, abstract, lvl), counters[ilvl], lvl.fmt, abstract, ilvl)

    def _restart_deeper(self, abstract: int, used: int) -> None:
        counters = self.values[abstract]
        for k in [k for k in counters if k > used]:
            lvl = self._level(abstract, k)
            restart = lvl.restart if lvl else None
            if restart is None or (restart > 0 and used <= restart - 1):
                del counters[k]

    def _level(self, abstract: int, ilvl: int) -> Level | None:
        return self.defs.abstracts.get(abstract, {}).get(ilvl)

    def _render(self, num_id: int, abstract: int, lvl: Level) -> str:
        if lvl.fmt == "bullet":
            return lvl.text or ""

        def one(m: regex.Match) -> str:
            k = int(m.group(1)) - 1
            if k > lvl.ilvl:
                return ""
            ref = self.defs.level(num_id, k)
            ref_lvl = ref[1] if ref else None
            value = self.values[abstract].get(k, ref_lvl.start if ref_lvl else 1)
            fmt = "decimal" if lvl.is_lgl or ref_lvl is None else ref_lvl.fmt
            if not is_known(fmt):
                self.unknown_formats.add(fmt)
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(one, lvl.text or "")
