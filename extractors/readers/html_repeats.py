"""Make repeated blocks of a page distinct before trafilatura sees them, and strip the marks after.

A plan repeats its section headings in every domain (主要目标：, 策略措施：) and sometimes whole items.
When trafilatura finds no known article container (common on government CMS pages) it falls back to
recovering "wild" elements and skips every element whose text it has already emitted, whatever
`deduplicate` says (trafilatura 2.x, main_extractor.recover_wild_text: "identical-text elements
collapse"); it also drops a long block that repeats the one before it. So the second and later
主要目标 lines vanished from such pages. A mark that is unique per source element keeps those repeats
apart while still collapsing a source element that trafilatura emits twice.

The mark is a run of plane-15 private-use characters, which no Chinese page uses (GBK's private-use
mappings are in the BMP), placed at the start of the block's first text so that link density and
lengths hardly change. Only blocks whose text occurs more than once are marked.
"""
from __future__ import annotations

import re
from collections import Counter

_OPEN, _CLOSE, _DIGIT0 = "\U000F0000", "\U000F0001", 0xF0010
_MARK = re.compile(f"{_OPEN}[{chr(_DIGIT0)}-{chr(_DIGIT0 + 9)}]+{_CLOSE}")

# elements that hold a paragraph of their own in a page (a leaf block has none of them inside)
BLOCK_TAGS = frozenset({"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
                        "blockquote", "pre", "section", "article", "center", "caption"})


def leaf_blocks(root) -> list:
    return [el for el in root.iter(*BLOCK_TAGS)
            if not any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants())]


def block_key(el) -> str:
    return "".join(el.text_content().split())


def mark_repeated_blocks(root) -> int:
    """Mark in place every leaf block whose text another leaf block repeats; returns how many."""
    leaves = leaf_blocks(root)
    counts = Counter(block_key(el) for el in leaves)
    marked = 0
    for el in leaves:
        if counts[block_key(el)] > 1 and block_key(el):
            marked += 1
            _prefix_first_text(el, _OPEN + "".join(chr(_DIGIT0 + int(d)) for d in str(marked)) + _CLOSE)
    return marked


def unmark(text: str) -> str:
    return _MARK.sub("", text)


def _prefix_first_text(el, mark: str) -> None:
    """Anywhere inside the block serves; its own text first, else a descendant's text or tail."""
    nodes = list(el.iter())
    elements = [n for n in nodes if isinstance(n.tag, str)]     # a comment's text is not page text
    for node, attr in [(n, "text") for n in elements] + [(n, "tail") for n in nodes[1:]]:
        value = getattr(node, attr)
        if value and value.strip():
            setattr(node, attr, mark + value)
            return
