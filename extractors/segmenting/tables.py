"""An indicator table flattened one cell per line, read as rows of an indicator with its values.

Plans print these tables in many shapes: 序号 | 指标 | 2020年 | 2025年 (the corpus), or with a 领域
column merged down over each domain's rows, a 单位 column, a 属性 column, and a 目标值 header spanning
2025年 and 2030年 on a second header row. The readers keep every column (a merged cell's other cells
are empty), so a column's header is what its header rows print above it, a spanning cell counting
for each column it spans. What each column holds is read from its header: the row's number (序号),
the indicator (指标, 项目, 名称; else the first column of text), its unit (单位), a group (领域),
notes (属性), and values (the rest: their year in the header).
"""
from __future__ import annotations

import regex

from extractors.offsets import OffsetText
from extractors.records import Provision, TableCell
from extractors.segmenting.lines import Line

_NUMBER_HEADER = regex.compile(r"^(?:序号|编号|序)$")
LABEL_HEADER = regex.compile(r"指标|项目|名称|内容")  # (also read by targets.extract)
_UNIT_HEADER = regex.compile(r"^(?:计量)?单位$")
_GROUP_HEADER = regex.compile(r"^(?:领域|类别|分类|类型|板块)$|领域$")
_NOTE_HEADER = regex.compile(r"^(?:指标)?(?:属性|性质|类型|备注|说明|责任单位|牵头单位)$")
_YEAR = regex.compile(r"(?:19|20)\d\d\s*年")
_NOTE_ROW = regex.compile(r"^(?:注|说明|备注|资料来源|数据来源)\s*[：:]")  # a note under the table (<tfoot>)
_DIGIT = regex.compile(r"\d")


def table_rows(nd: OffsetText, groups: list[list[Line]]) -> list[Provision]:
    """The table's rows as table_row provisions. Rows of another width than the header, and rows
    without an indicator (or without their number where the table numbers its rows), are no rows."""
    groups = [g for g in groups if any(c.text for c in g)]
    if len(groups) < 2 or len(groups[0]) < 2:
        return []
    width = len(groups[0])
    n_head = 1
    while n_head < len(groups) and len(groups[n_head]) == width and _is_header_row(groups[n_head]):
        n_head += 1
    header = _merged_header(groups[:n_head])
    roles = _roles(header, groups[n_head:])
    if "label" not in roles:
        return []
    label_col = roles.index("label")
    number_col = roles.index("number") if "number" in roles else None
    rows = []
    for g in groups[n_head:]:
        if len(g) != width or not g[label_col].text or _NOTE_ROW.match(g[label_col].text):
            continue
        if number_col is not None and not g[number_col].text.isdecimal():
            continue
        cells = tuple(TableCell(header=h, text=c.text, char_start=nd.to_source(c.start, c.end)[0],
                                char_end=nd.to_source(c.start, c.end)[1], role=r)
                      for h, c, r in zip(header, g, roles) if c.text)
        label = g[label_col].text
        values = "，".join(f"{c.header}{c.text}" for c in cells if c.role == "value")
        ordinal = int(g[number_col].text) if number_col is not None else len(rows) + 1
        first = next(c for c in cells if c.role == "label")
        rows.append(Provision(kind="table_row", ordinal=ordinal, heading=label, text=f"{label}：{values}",
                              char_start=first.char_start, char_end=max(c.char_end for c in cells), cells=cells))
    return rows


def _is_header_row(g: list[Line]) -> bool:
    """A second header row (2025年 | 2030年 under 目标值): its cells print words or years, no value."""
    texts = [c.text for c in g if c.text]
    return bool(texts) and all(_YEAR.fullmatch(t) or not _DIGIT.search(t) for t in texts)


def _merged_header(rows: list[list[Line]]) -> list[str]:
    """Each column's header: the header rows' texts above it, top down. An empty header cell right
    of a printed one, above a column a lower header row names, is the printed cell spanning it
    (目标值 over 2025年 and 2030年)."""
    out = []
    for j in range(len(rows[0])):
        parts = []
        for r, row in enumerate(rows):
            text = row[j].text
            if not text and j and any(lower[j].text for lower in rows[r + 1:]):
                k = j - 1
                while k > 0 and not row[k].text:
                    k -= 1
                text = row[k].text
            if text and text not in parts:
                parts.append(text)
        out.append("".join(parts).replace(" ", ""))
    return out


def _roles(header: list[str], body: list[list[Line]]) -> list[str]:
    roles = []
    for h in header:
        if _NUMBER_HEADER.match(h):
            roles.append("number")
        elif _UNIT_HEADER.match(h):
            roles.append("unit")
        elif _GROUP_HEADER.search(h) and not _YEAR.search(h):
            roles.append("group")
        elif _NOTE_HEADER.match(h):
            roles.append("note")
        else:
            roles.append("value")
    label = next((j for j, h in enumerate(header) if roles[j] == "value" and LABEL_HEADER.search(h)
                  and not _YEAR.search(h)), None)
    if label is None:  # the first column of words, not of values (层级: 市级, 县级)
        label = next((j for j, r in enumerate(roles) if r == "value" and not _YEAR.search(header[j])
                      and any(len(row) > j and row[j].text and not _DIGIT.search(row[j].text) for row in body)), None)
    if label is not None:
        roles[label] = "label"
    return roles
