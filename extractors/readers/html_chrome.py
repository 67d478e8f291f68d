"""The parts of a government page around the article: which blocks are page furniture, and what a
reading dropped (so the load note names only what the page had and lost).

trafilatura decides what the article is; this module only names what it left out. A block is
named by its own or its ancestors' class/id/tag, else by the words such blocks are made of.
"""
from __future__ import annotations

import re

from extractors.readers.html_repeats import block_key, leaf_blocks

# (label, class/id/tag tokens, text cues); checked in this order, so a share bar with 打印 is "share links"
_KINDS = (
    ("page navigation", re.compile(r"nav|menu|crumb|position|location|topbar|^top$|^header$|^head$", re.I),
     re.compile(r"^(当前位置|您的位置|您现在的位置|您所在的位置|所在位置)|^首页")),
    ("share links", re.compile(r"share", re.I), re.compile(r"分享到|【打印本页】|【关闭窗口】")),
    ("related links", re.compile(r"relat|^xg(wj|lj|wz|yd|xx)", re.I), re.compile(r"^相关(链接|文章|阅读|文件|新闻)")),
    ("info line", re.compile(r"^info|^meta$|^attr|article-?info", re.I),
     re.compile(r"(发布时间|发布日期|发布机构|索引号|字号|浏览次数|点击数)[:：]")),
    ("footer", re.compile(r"foot|copyright|^bottom$|^bottom ", re.I),
     re.compile(r"版权所有|主办单位|ICP备|网站标识码|公网安备|^主办[:：]|承办[:：]|技术支持[:：]")),
    ("sidebar", re.compile(r"^aside$|sidebar|^side", re.I), re.compile(r"(?!)")),
)

_CRUMB = re.compile(r"^(当前位置|您的位置|您现在的位置|您所在的位置|所在位置)[:：].*[>»›→]")
_INFO_LABEL = re.compile(r"(索引号|发布机构|发布日期|发布时间|信息来源|来源|字号|浏览次数|点击数|阅读次数)[:：]")


def is_page_line(text: str) -> bool:
    """A breadcrumb (当前位置：首页 > …) or an info line (发布时间：… 来源：… 字号：…), which trafilatura
    keeps when it recovers text from the whole page: never a line of a plan."""
    line = " ".join(text.split())
    if len(line) > 160:
        return False
    return bool(_CRUMB.match(line)) or len(set(m.group(1) for m in _INFO_LABEL.finditer(line))) >= 2


_CONTACT = re.compile(r"^(地址|联系电话|联系方式|电话|邮编|传真)[:：].*(电话|邮编|传真|\d{3,4}-?\d{7,8})")


def is_furniture_line(text: str) -> bool:
    """A line of a web page's furniture as a printed page (a PDF saved from the browser) shows it: the
    share bar, the footer (主办, ICP备, 网站标识码), a contact line, a breadcrumb or an info line."""
    line = "".join(text.split())
    if len(line) > 160:
        return False
    return is_page_line(text) or bool(_CONTACT.match(line)) or any(
        words.search(line) for label, _, words in _KINDS if label in ("share links", "footer", "page navigation"))


def page_blocks(root) -> list[tuple[str, str]]:
    """(squeezed text, kind) of every leaf block with text; kind is "" for an unnamed block."""
    return [(key, _kind(el, key)) for el in leaf_blocks(root) if (key := block_key(el))]


def dropped_parts(blocks: list[tuple[str, str]], text: str) -> list[str]:
    """What the reading lost: the kinds of page furniture in order, then 'N other blocks (first: …)'."""
    kept = "".join(text.split())
    lost = [(key, kind) for key, kind in blocks if key not in kept]
    kinds = [label for label, _, _ in _KINDS if any(kind == label for _, kind in lost)]
    other = [key for key, kind in lost if not kind]
    if other:
        kinds.append(f"{len(other)} other page blocks (first: {other[0][:30]})")
    return kinds


def _kind(el, key: str) -> str:
    tokens = [t for node in [el, *el.iterancestors()] if isinstance(node.tag, str)
              for t in [node.tag, *(node.get("class") or "").split(), node.get("id") or ""] if t]
    for label, names, words in _KINDS:
        if any(names.search(t) for t in tokens) or words.search(key):
            return label
    return ""
