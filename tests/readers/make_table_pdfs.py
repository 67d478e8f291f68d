"""Write tests/readers/pdfs/ruled_tables.pdf (run by hand; the PDF is committed so the tests need
no Chromium):

    .venv/bin/python -m tests.readers.make_table_pdfs

One indicator table printed twice by headless Chromium on one page (one font subset keeps the file
small): first as `<table border="1" cellspacing="2">` with separate borders (every cell framed on its
own inside the table's frame: two parallel rules between neighbouring cells, as a web page's table
prints), then with `border-collapse: collapse` (one rule between cells)."""
from __future__ import annotations

import html
import pathlib
import subprocess
import tempfile

PDF = pathlib.Path(__file__).parent / "pdfs" / "ruled_tables.pdf"
ROWS = [("序号", "指标", "2020年", "2025年"), ("1", "婴儿死亡率（‰）", "3.5", "≤3.0"),
        ("2", "5岁以下儿童死亡率（‰）", "5.1", "≤4.5"), ("3", "孕产妇死亡率（/10万）", "9.8", "≤9.5")]


def page() -> str:
    table = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in ROWS)
    return ('<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC";font-size:12pt}'
            "p{margin:1em 0} table.single{border-collapse:collapse}</style></head><body>"
            f'<p>附件1：主要指标目标表</p><table border="1" cellspacing="2">{table}</table>'
            f'<p>附件2：主要指标目标表</p><table class="single" border="1" cellspacing="0">{table}</table></body></html>')


def main() -> None:
    PDF.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "tables.html"
        src.write_text(page(), encoding="utf-8")
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={PDF}", str(src)], check=True, capture_output=True)


if __name__ == "__main__":
    main()
