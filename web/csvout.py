"""CSV downloads: UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, and
text cells that a spreadsheet would run as a formula defused."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

from starlette.responses import Response

BOM = "\ufeff"
# A cell Excel or LibreOffice would evaluate: =..., @..., +/- not starting a number, a leading tab or CR.
# A lone "=" (the comparator column) holds nothing to run and stays as it is, so that a script filtering
# comparator == "=" finds it.
_FORMULA = re.compile(r"^(?:=.|[@\t\r]|[+-](?![\d.]))", re.S)


def cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    if isinstance(value, (list, tuple)):
        return cell(" | ".join(str(v) for v in value))
    return value


def to_csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([cell(v) for v in r])
    return BOM + buf.getvalue()


_PAGE_LINK = ("/plan/", "/similar/", "/indicator/", "/target/")


def csv_response(filename: str, header: list[str], rows: list[list], base: str = "") -> Response:
    """The CSV download; links to the app's pages are made absolute with `base` (the address the page
    was asked at), so that a spreadsheet can open them."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename) or "planatlas.csv"
    if base:
        rows = [[base + v if isinstance(v, str) and v.startswith(_PAGE_LINK) else v for v in row] for row in rows]
    return Response(to_csv(header, rows).encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                                                    f"filename*=UTF-8''{quote(filename)}"})
