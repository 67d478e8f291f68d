"""text/html -> plan text: the article body of a government page, without its navigation,
breadcrumb, info line (发布时间/来源/字号/打印), share widgets, related links and footer.

trafilatura finds the article body (measured on GBK government-style pages built from the
corpus: it keeps every paragraph, the indicator table and <br>-separated items, and drops the
page furniture), and its XML output keeps the structure: <head>/<p> paragraphs with <lb/> for
<br>, <list>/<item>, <table>/<row>/<cell>. That structure is written out with the segmenter's
conventions: one paragraph or <br>-item per line, tables flattened one cell per line.

Blocks the page repeats are marked apart first (html_repeats: trafilatura's fallback collapses
repeated text, and a plan repeats 主要目标/策略措施 in every domain); breadcrumb and info lines that
its fallback lets through are dropped here (html_chrome), and the load note names what was dropped.
"""
from __future__ import annotations

from lxml import etree

from extractors.errors import QuarantineError
from extractors.readers.html_charset import decode_page
from extractors.readers.html_chrome import dropped_parts, is_page_line, page_blocks
from extractors.readers.html_repeats import mark_repeated_blocks, unmark
from extractors.readers.textbuild import TextBuilder, join_fragments, one_line

_BLOCKS = {"p", "head", "item", "quote", "code", "label"}


def read_html(raw: bytes):
    from extractors.readers import ReadDocument
    from extractors.readers.sniff import HTML

    page = decode_page(raw)
    tree = _load(page.html)
    blocks = page_blocks(tree)
    mark_repeated_blocks(tree)
    builder = TextBuilder()
    stats = {"tables": 0, "title_repeated": 0}
    root = _parse(unmark(_extract(tree)))
    _drop_page_lines(root)
    _drop_repeated_title(root, stats)
    _write(root, builder, stats)
    text = builder.text()
    dropped = dropped_parts(blocks, text)
    notes = [f"charset {page.encoding} ({page.how})", "article body extracted with trafilatura; "
             + (f"dropped: {', '.join(dropped)}" if dropped else "nothing dropped")]
    if page.note:
        notes.insert(0, page.note)
    if stats["title_repeated"]:
        notes.append("the page heading repeats a line of the article body: kept once, in the body")
    if stats["tables"]:
        notes.append(f"{stats['tables']} tables flattened to one tab-indented line per cell")
    return ReadDocument(text=text, media_type=HTML, encoding=page.encoding, had_bom=page.had_bom,
                        notes=tuple(notes))


def _load(html: str):
    """The page as trafilatura parses it, so the blocks marked and named are the ones it reads."""
    from trafilatura.utils import load_html
    try:
        tree = load_html(html)
    except Exception as e:  # lxml raises many types on broken markup
        raise QuarantineError(f"the page could not be parsed as HTML: {type(e).__name__}: {e}") from None
    if tree is None:
        raise QuarantineError("the page could not be parsed as HTML")
    for el in tree.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()      # their text is not page text (it would count as a dropped block)
    return tree


def _extract(tree) -> str:
    import trafilatura
    try:
        xml = trafilatura.extract(tree, output_format="xml", include_tables=True, include_comments=False,
                                  include_formatting=False, include_links=False, include_images=False,
                                  favor_recall=True, deduplicate=False, with_metadata=False)
    except Exception as e:  # trafilatura and lxml raise many types on broken markup
        raise QuarantineError(f"the page could not be parsed as HTML: {type(e).__name__}: {e}") from None
    if not xml:
        raise QuarantineError("no article text found in the HTML page")
    return xml


def _parse(xml: str):
    try:
        return etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                      huge_tree=False))
    except etree.XMLSyntaxError as e:
        raise QuarantineError(f"the page's article text could not be read: {e}") from None


def _drop_page_lines(root) -> None:
    for el in list(root.iter("p", "head")):
        if is_page_line(_inline(el)):
            el.getparent().remove(el)


def _drop_repeated_title(root, stats: dict) -> None:
    """Pages print the document's title as their heading (an <h1>, or a styled <div> that reads as
    the first paragraph) and often again inside the article; a plan title twice would read as two
    plans to the segmenter."""
    blocks = list(root.iter("p", "head"))
    heads = [el for el in blocks if el.tag == "head"]
    for first in dict.fromkeys(heads[:1] + blocks[:1]):
        title = _squeeze(_inline(first))
        if title and any(_squeeze(line) == title for el in blocks if el is not first
                         for line in _inline(el).split("\n")):
            first.getparent().remove(first)
            stats["title_repeated"] += 1
            return


def _squeeze(s: str) -> str:
    return "".join(s.split())


def _write(el, builder: TextBuilder, stats: dict) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            stats["tables"] += 1
            builder.table(_rows(child))
        elif tag in _BLOCKS:
            builder.paragraph(_inline(child))
        elif tag in ("main", "list", "div", "doc"):
            _write(child, builder, stats)
        elif tag in ("comments", "graphic", "ref"):
            continue
        else:
            builder.paragraph(_inline(child))


def _inline(el) -> str:
    """A block's text; <lb/> (an HTML <br>) is a line break, nested blocks are their own lines."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append("\n")
        elif tag in _BLOCKS or tag in ("list", "table"):
            parts.append("\n" + _inline(child) + "\n")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.iter("row"):
        cells = []
        for cell in row:
            if cell.tag != "cell":
                continue
            text = ""
            for piece in _inline(cell).split("\n"):
                text = join_fragments(text, one_line(piece))
            cells.append(text)
        rows.append(cells)
    return rows
