"""Write a corpus plan as a .docx with python-docx, its list numbers as Word's AUTOMATIC numbering.

The printed marker of every numbered paragraph is removed from the text and replaced by a w:numPr
pointing at a list whose w:lvlText / w:numFmt reproduce it, the way Word stores a list:
- 一、 and （一） headings are levels 0 and 1 of one outline list (chineseCounting) that is linked
  to the Heading 1 / Heading 2 styles, so those paragraphs inherit their numbering from the style;
  level 1 restarts by itself whenever level 0 advances.
- numbered items follow a per-plan scheme (ITEM_SCHEMES): separate single-level lists restarted
  with a new w:num + w:startOverride (Word's "Restart at 1"), levels 2 and 3 of the outline list
  (1.主要目标 / （1）…, restarting under their parents), numbering inherited from a list paragraph
  style, or decimalEnclosedCircle ①②③ items.
A second plan in one file restarts the outline with a w:startOverride. `expected_numbers` checks
that the numbers Word would show are the printed ones, so the fixture is what it claims to be.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from tests.readers.corpus_model import Para, Table

OUTLINE = 900          # abstractNum of the heading outline
OUTLINE_NUM = 900      # its w:num, linked from the heading styles
ITEM_ABSTRACT = 901    # abstractNum of single-level item lists
ITEM_STYLE = "PlanItem"

# How each plan's numbered items are numbered (the .docx variants a drafter's Word produces).
ITEM_SCHEMES = {
    "000": "restarted_lists",       # "%1." decimal, each list a new w:num with w:startOverride 1
    "001": "restarted_lists",
    "002": "outline_levels",        # 1.主要目标 at outline level 2, （1） items at level 3
    "003": "style_numbering",       # numPr inherited from the PlanItem paragraph style
    "004-0": "restarted_lists",     # first plan of 004 (women)
    "004-1": "circled_lists",       # second plan of 004 (children): ①②③ (decimalEnclosedCircle)
}


def _lvl(ilvl: int, fmt: str, text: str, *, style: str | None = None, suff: str = "nothing") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


@dataclass
class _Numbering:
    """numbering.xml additions plus a model of the numbers Word will show (to check the fixture)."""
    abstracts: list[str] = field(default_factory=list)
    nums: list[str] = field(default_factory=list)
    next_num: int = 1000
    # counters per abstractNum as Word keeps them: level -> value; levels deeper than a used level reset
    counters: dict[int, dict[int, int]] = field(default_factory=dict)

    def new_num(self, abstract: int, restart_level: int | None = None, start: int = 1) -> int:
        self.next_num += 1
        override = (f'<w:lvlOverride w:ilvl="{restart_level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if restart_level is not None else "")
        self.nums.append(f'<w:num {nsdecls("w")} w:numId="{self.next_num}"><w:abstractNumId w:val="{abstract}"/>'
                         f'{override}</w:num>')
        return self.next_num

    def natural(self, abstract: int, level: int) -> int:
        """The number Word shows next at this level without an override."""
        return self.counters.get(abstract, {}).get(level, 0) + 1

    def use(self, abstract: int, level: int, value: int, *, multilevel: bool) -> None:
        c = self.counters.setdefault(abstract, {})
        c[level] = value
        if multilevel:
            for deeper in [k for k in c if k > level]:
                del c[deeper]


def write_docx(blocks: list[Para | Table], plan_key: str, plan_starts: tuple[int, ...] = ()) -> bytes:
    """`plan_starts`: block indexes where a further plan starts (its outline restarts at 一、)."""
    doc = docx.Document()
    numbering = _Numbering()
    heading_markers = _first_markers(blocks)
    numbering.abstracts.append(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{OUTLINE}"><w:multiLevelType w:val="multilevel"/>'
        + _lvl(0, "chineseCounting", heading_markers.get("part", "%1、"), style="Heading1")
        + _lvl(1, "chineseCounting", heading_markers.get("sub", "（%2）"), style="Heading2")
        + _lvl(2, "decimal", heading_markers.get("dec", "%3.").replace("%1", "%3"))
        + _lvl(3, "decimal", heading_markers.get("par", "（%4）").replace("%1", "%4"))
        + "</w:abstractNum>")
    numbering.nums.append(f'<w:num {nsdecls("w")} w:numId="{OUTLINE_NUM}"><w:abstractNumId w:val="{OUTLINE}"/></w:num>')
    item_fmt: dict[tuple[str, str], int] = {}
    current_list: dict[int, int] = {}  # abstractNum -> the w:num of the list being written
    _link_style(doc, "Heading 1", OUTLINE_NUM, ilvl=0)
    _link_style(doc, "Heading 2", OUTLINE_NUM, ilvl=None)  # level found through the lvl's w:pStyle
    plans = [0, *plan_starts]
    restart_outline = False
    for i, block in enumerate(blocks):
        plan_index = max(k for k, s in enumerate(plans) if s <= i)
        restart_outline = restart_outline or i in plan_starts
        scheme = ITEM_SCHEMES.get(f"{plan_key}-{plan_index}", ITEM_SCHEMES.get(plan_key, "restarted_lists"))
        if isinstance(block, Table):
            _table(doc, block)
            continue
        p = doc.add_paragraph()
        p.add_run(block.text)
        m = block.marker
        if m is None:
            if len(block.text) < 40 and ("规划" in block.text or "目标表" in block.text):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if m.kind in ("part", "sub"):
            p.style = doc.styles["Heading 1" if m.kind == "part" else "Heading 2"]
            level = 0 if m.kind == "part" else 1
            if m.kind == "part" and m.number == 1 and restart_outline:
                restart_outline = False
                _num_pr(p, numbering.new_num(OUTLINE, 0, 1), 0)
                numbering.use(OUTLINE, 0, 1, multilevel=True)
                continue
            _expect(numbering, OUTLINE, level, m.number, multilevel=True)
            continue
        level = 2 if m.kind == "dec" else 3
        if scheme == "outline_levels":
            if numbering.natural(OUTLINE, level) == m.number:
                _num_pr(p, OUTLINE_NUM, level)
            else:
                _num_pr(p, numbering.new_num(OUTLINE, level, m.number), level)
            numbering.use(OUTLINE, level, m.number, multilevel=True)
            continue
        fmt = "decimalEnclosedCircle" if scheme == "circled_lists" else "decimal"
        text = "%1" if fmt == "decimalEnclosedCircle" else m.before + "%1" + m.after
        key = (fmt, text)
        if key not in item_fmt:
            item_fmt[key] = ITEM_ABSTRACT + len(item_fmt)
            numbering.abstracts.append(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{item_fmt[key]}">'
                f'<w:multiLevelType w:val="singleLevel"/>{_lvl(0, fmt, text, suff="tab")}</w:abstractNum>')
            if scheme == "style_numbering":
                _item_style(doc, numbering.new_num(item_fmt[key]))
        abstract = item_fmt[key]
        if scheme == "style_numbering":
            p.style = doc.styles[ITEM_STYLE]
            if numbering.natural(abstract, 0) != m.number:   # Word's "Restart at 1": a direct numPr
                _num_pr(p, numbering.new_num(abstract, 0, m.number), 0)
        else:
            num = current_list.get(abstract)
            if num is None or numbering.natural(abstract, 0) != m.number:
                # the first list of a definition starts at its w:start; later ones restart with an override
                num = (numbering.new_num(abstract) if num is None and m.number == 1
                       else numbering.new_num(abstract, 0, m.number))
                current_list[abstract] = num
            _num_pr(p, num, 0)
        numbering.use(abstract, 0, m.number, multilevel=False)
    _install(doc, numbering)
    _bookmark_and_footer(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _expect(numbering: _Numbering, abstract: int, level: int, number: int, *, multilevel: bool) -> None:
    got = numbering.natural(abstract, level)
    if got != number:
        raise AssertionError(f"the heading outline would show {got} where the plan prints {number}")
    numbering.use(abstract, level, number, multilevel=multilevel)


def _first_markers(blocks: list[Para | Table]) -> dict[str, str]:
    """lvlText of each marker kind, from its first printed occurrence (%1 stands for the number)."""
    out: dict[str, str] = {}
    level = {"part": "%1", "sub": "%2", "dec": "%1", "par": "%1"}
    for b in blocks:
        if isinstance(b, Para) and b.marker and b.marker.kind not in out:
            out[b.marker.kind] = b.marker.before + level[b.marker.kind] + b.marker.after
    return out


def _num_pr(p, num_id: int, ilvl: int) -> None:
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _link_style(doc, name: str, num_id: int, ilvl: int | None) -> None:
    ppr = doc.styles[name].element.get_or_add_pPr()
    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}>{lvl}<w:numId w:val="{num_id}"/></w:numPr>'))


def _item_style(doc, num_id: int) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    if ITEM_STYLE in [s.name for s in doc.styles]:
        return
    style = doc.styles.add_style(ITEM_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["List Paragraph"]
    style.element.get_or_add_pPr().insert(
        0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def _install(doc, numbering: _Numbering) -> None:
    root = doc.part.numbering_part.element
    first_num = root.find(qn("w:num"))
    for xml in numbering.abstracts:
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            root.append(el)
    for xml in numbering.nums:
        root.append(parse_xml(xml))


def _table(doc, table: Table) -> None:
    cols = max(len(r) for r in table.rows)
    t = doc.add_table(rows=len(table.rows), cols=cols)
    t.style = doc.styles["Table Grid"]
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text


def _bookmark_and_footer(doc) -> None:
    """What Word leaves in every file: the _GoBack bookmark and a footer with a PAGE field."""
    last = doc.paragraphs[-1]._p
    last.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="_GoBack"/>'))
    last.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">— </w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> —</w:t></w:r>'))
