"""Reading the served HTML in tests: lxml trees and XPath."""
from __future__ import annotations

import lxml.html


def tree(response):
    return lxml.html.fromstring(response.text)


def by_class(node, cls: str, tag: str = "*"):
    return node.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def text(node) -> str:
    return node.text_content()


def text_without_cards(node) -> str:
    """The text of a node without the hidden target cards inside its marks."""
    copy = lxml.html.fromstring(lxml.html.tostring(node, encoding="unicode", with_tail=False))
    for card in by_class(copy, "card"):
        card.drop_tree()
    return copy.text_content()
