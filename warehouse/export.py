"""Export the warehouse as tidy tables a researcher can open anywhere (issue 4).

One file per table (parquet or csv) or one workbook with a sheet per table (xlsx), English column
names, Chinese text as UTF-8 (CSV with a byte-order mark, so that Excel reads it as Unicode). Parquet keeps list columns (lead_units, aliases, other_values) as
lists; csv and xlsx join them with " | ".
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from warehouse import comparison
from warehouse.errors import WarehouseError

FORMATS = ("parquet", "csv", "xlsx")
LIST_JOIN = " | "
WORKBOOK = "planatlas.xlsx"
# Tables in the order a reader meets them; the comparison last, long (tidy) and then wide.
TABLES: dict[str, str] = {
    "plans": "SELECT * FROM plans ORDER BY source_file, plan_index",
    "domains": """SELECT d.* FROM domains d JOIN plans p USING (plan_id)
                  ORDER BY p.source_file, p.plan_index, d.ordinal""",
    "provisions": """SELECT v.* FROM provisions v JOIN plans p USING (plan_id)
                     ORDER BY p.source_file, p.plan_index, v.char_start""",
    "targets": """SELECT t.* FROM targets t JOIN plans p USING (plan_id)
                  ORDER BY p.source_file, p.plan_index, t.value_start""",
    "indicators": "SELECT * FROM indicators ORDER BY list_position($order, code), code",
    "comparison": """SELECT c.* FROM target_comparison c JOIN plans p USING (plan_id)
                     ORDER BY list_position($order, c.indicator_code), c.indicator_code, p.source_file,
                              p.plan_index, c.year, c.kind""",
}
WIDE = "comparison_wide"  # the pivot: one row per indicator x year, one column per plan
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_MAX_CELL = 32767


def _frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    out = {name: con.execute(sql, _params(sql)).df() for name, sql in TABLES.items()}
    out[WIDE] = comparison.pivot(con)
    return out


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with " | " (csv and xlsx cannot hold lists)."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and df[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            df[col] = df[col].map(lambda v: LIST_JOIN.join(map(str, v)) if v is not None and not isinstance(v, str)
                                  and hasattr(v, "__len__") else v)
    return df


def _for_excel(df: pd.DataFrame) -> pd.DataFrame:
    df = _flatten(df)
    for col in df.columns:
        if df[col].dtype == object:
            def clean(v):
                if not isinstance(v, str):
                    return v
                v = _ILLEGAL_XLSX.sub("", v)
                if len(v) > _EXCEL_MAX_CELL:
                    raise WarehouseError(f"a {col} value of {len(v)} characters does not fit an Excel cell")
                return v
            df[col] = df[col].map(clean)
    return df


def export(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "parquet") -> list[Path]:
    """Write every table to out_dir in `fmt`; return the files written."""
    if fmt not in FORMATS:
        raise WarehouseError(f"unknown export format {fmt!r}: choose {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    try:
        return _export(con, out_dir, fmt)
    except (OSError, duckdb.IOException) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e).splitlines()[0]
        if isinstance(e, FileExistsError) or (out_dir.exists() and not out_dir.is_dir()):
            why = "it exists and is not a folder"
        raise WarehouseError(f"cannot export into {out_dir}: {why}") from None


def _export(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "parquet":
        for name, sql in TABLES.items():
            path = out_dir / f"{name}.parquet"
            con.execute(f"COPY ({sql}) TO '{_sql_path(path)}' (FORMAT parquet)", _params(sql))
            written.append(path)
        wide = comparison.pivot(con)
        path = out_dir / f"{WIDE}.parquet"
        con.register("_wide", wide.astype({c: ("Int64" if c == "year" else "string") for c in wide.columns}))
        try:
            con.execute(f"COPY (SELECT * FROM _wide) TO '{_sql_path(path)}' (FORMAT parquet)")
        finally:
            con.unregister("_wide")
        written.append(path)
        return written
    frames = _frames(con)
    if fmt == "csv":
        for name, df in frames.items():
            path = out_dir / f"{name}.csv"
            # UTF-8 with a byte-order mark: Excel opens it as Unicode (without one it shows mojibake)
            _flatten(df).to_csv(path, index=False, encoding="utf-8-sig")
            written.append(path)
        return written
    path = out_dir / WORKBOOK
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in frames.items():
            _for_excel(df).to_excel(xw, sheet_name=name[:31], index=False)
            ws = xw.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for i, col in enumerate(df.columns, 1):
                width = max([_width(col)] + [min(_width(v), 60) for v in df[col].head(200)])
                ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(width + 2, 8), 62)
    return [path]


def _params(sql: str) -> dict:
    return {"order": comparison.registry_order()} if "$order" in sql else {}


def _width(v) -> int:
    """Display width in Excel columns: CJK characters take two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in str(v))


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")
