"""Exports a researcher opens elsewhere: parquet, csv and an Excel workbook (issue 4)."""
import re

import openpyxl
import pandas as pd
import pytest

from warehouse.export import TABLES, WIDE, WORKBOOK, export

ENGLISH = re.compile(r"^[a-z][a-z0-9_]*(-[a-z0-9]+)*$")  # snake_case, or a plan id in the wide pivot
TABLE_NAMES = [*TABLES, WIDE]


def _check(name, columns, first_rows):
    assert all(ENGLISH.match(c) for c in columns), (name, columns)
    if name == "indicators":
        assert "婴儿死亡率" in {r[columns.index("name_zh")] for r in first_rows}
    if name == "plans":
        assert "盘山县" in {r[columns.index("jurisdiction")] for r in first_rows}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_files_per_table_round_trip(con, tmp_path, fmt):
    files = export(con, tmp_path, fmt)
    assert sorted(f.name for f in files) == sorted(f"{n}.{fmt}" for n in TABLE_NAMES)
    for name in TABLE_NAMES:
        path = tmp_path / f"{name}.{fmt}"
        df = pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path, encoding="utf-8-sig")
        assert len(df) > 0, name
        _check(name, list(df.columns), df.head(200).values.tolist())
    n = con.execute("SELECT count(*) FROM target_comparison").fetchone()[0]
    comp = pd.read_parquet(tmp_path / "comparison.parquet") if fmt == "parquet" else pd.read_csv(tmp_path / "comparison.csv")
    assert len(comp) == n
    ind = pd.read_parquet(tmp_path / "indicators.parquet") if fmt == "parquet" else pd.read_csv(tmp_path / "indicators.csv")
    aliases = ind.set_index("code").loc["paediatric_beds_per_1000_children", "aliases"]
    if fmt == "parquet":
        assert list(aliases) == ["每千名儿童床位数", "每千名儿童拥有儿科床位", "床位"]  # lists stay lists
    else:
        assert aliases == "每千名儿童床位数 | 每千名儿童拥有儿科床位 | 床位"  # joined for csv


def test_xlsx_has_one_sheet_per_table_with_chinese_intact(con, tmp_path):
    (path,) = export(con, tmp_path, "xlsx")
    assert path.name == WORKBOOK
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == TABLE_NAMES
    for name in TABLE_NAMES:
        rows = list(wb[name].iter_rows(values_only=True))
        header, body = list(rows[0]), rows[1:]
        assert body, name
        _check(name, header, [list(r) for r in body[:200]])
    comp = list(wb["comparison"].iter_rows(values_only=True))
    h = list(comp[0])
    hit = [r for r in comp[1:] if r[h.index("indicator_code")] == "infant_mortality_rate"
           and r[h.index("plan_id")] == "panshan-children" and r[h.index("year")] == 2025]
    assert [(r[h.index("display")], r[h.index("name_zh")], r[h.index("evidence")][:6]) for r in hit] == [
        ("≤4.5‰", "婴儿死亡率", "新生儿、婴儿")]
    wb.close()


def test_unknown_format_is_refused(con, tmp_path):
    from warehouse.errors import WarehouseError
    with pytest.raises(WarehouseError, match="parquet, csv, xlsx"):
        export(con, tmp_path, "json")


def test_csv_files_open_in_excel_as_unicode(built_db, tmp_path):
    from warehouse.db import connect_read
    from warehouse.export import export
    con = connect_read(built_db)
    try:
        paths = export(con, tmp_path / "csv", "csv")
    finally:
        con.close()
    for p in paths:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf"), p.name


def test_exporting_into_a_file_or_an_unwritable_place_says_so(built_db, tmp_path):
    import pytest

    from warehouse.db import connect_read
    from warehouse.errors import WarehouseError
    from warehouse.export import export
    (tmp_path / "taken").write_text("x")
    con = connect_read(built_db)
    try:
        with pytest.raises(WarehouseError, match="it exists and is not a folder"):
            export(con, tmp_path / "taken", "csv")
        with pytest.raises(WarehouseError, match="cannot export into"):
            export(con, tmp_path / "taken" / "sub", "csv")
    finally:
        con.close()
    assert (tmp_path / "taken").read_text() == "x"
