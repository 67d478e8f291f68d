"""Print a corpus plan to PDF with headless Chromium, laid out like a government document.

A4 with the margins of GB/T 9704 official documents, 16 pt Noto Serif CJK (the installed CJK font
standing in for 仿宋), justified paragraphs with a two-character first-line indent, bold headings,
a bordered indicator table, the plan's title as a running header and "— N —" page numbers as the
footer. Playwright drives the system Chromium (/usr/bin/chromium); it never downloads a browser.
"""
from __future__ import annotations

import html
import os
import shutil

from tests.readers.corpus_model import Para, Table

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

_CSS = """
@page { size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }
body { font-family: 'Noto Serif CJK SC', serif; font-size: %(size)s; line-height: 1.75; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.title { text-indent: 0; text-align: center; font-size: 22pt; font-weight: bold; margin: 0.5em 0 1em; }
p.part { font-family: 'Noto Sans CJK SC', sans-serif; font-weight: bold; }
p.sub { font-weight: bold; }
p.caption { text-indent: 0; text-align: center; font-weight: bold; margin-top: 0.5em; }
table { border-collapse: collapse; margin: 0.5em auto; font-size: 12pt; line-height: 1.4; }
td { border: 1px solid #000; padding: 4px 8px; text-align: center; }
"""


def print_html(blocks: list[Para | Table], *, title_lines: tuple[str, ...] = (), size: str = "16pt") -> str:
    out = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><style>{_CSS % {'size': size}}</style>"
           "</head><body>"]
    for b in blocks:
        if isinstance(b, Table):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in b.rows)
            out.append(f"<table>{rows}</table>")
            continue
        cls = ""
        if b.text in title_lines:
            cls = "title"
        elif b.marker and b.marker.kind in ("part", "sub"):
            cls = b.marker.kind
        elif b.marker is None and b.text.endswith("目标表"):
            cls = "caption"
        out.append(f"<p class='{cls}'>{html.escape(b.printed)}</p>" if cls else f"<p>{html.escape(b.printed)}</p>")
    out.append("</body></html>")
    return "".join(out)


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def print_pdfs(pages: list[tuple[str, str]]) -> list[bytes]:
    """[(document html, running header text)] -> PDF bytes, in one browser session."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    header = ("<div style='width:100%;font-size:10pt;text-align:center;font-family:\"Noto Serif CJK SC\";"
              "color:#333;margin:0 2.6cm 0 2.8cm;border-bottom:0.5pt solid #999'>{}</div>")
    footer = ("<div style='width:100%;font-size:14pt;text-align:center;font-family:\"Noto Serif CJK SC\"'>"
              "— <span class='pageNumber'></span> —</div>")
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                                    args=ARGS)
        try:
            page = browser.new_page()
            for doc, running in pages:
                page.set_content(doc, wait_until="load")
                out.append(page.pdf(format="A4", print_background=False, display_header_footer=True,
                                    header_template=header.format(html.escape(running)),
                                    footer_template=footer, prefer_css_page_size=True))
        finally:
            browser.close()
    return out
