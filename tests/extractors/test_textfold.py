"""One folding module for every layer: the SQL layer's tables come from it too."""
import duckdb

from extractors import textfold, units
from warehouse.db import migration_files


def test_folds_keep_lengths_and_offsets():
    s = "婴儿死亡率控制在４．５‰以下，覆盖率达到９０％，ＡＢＣ　ｘ"
    assert len(textfold.fold_width(s)) == len(s) == len(textfold.fold_number(s))
    assert textfold.fold_number(s) == "婴儿死亡率控制在4.5‰以下，覆盖率达到90%，ＡＢＣ　ｘ"  # Chinese punctuation kept
    assert textfold.fold_width(s).endswith("ABC x")
    assert textfold.squash("4. 5 ‰\n以下") == "4.5‰以下"


def test_the_sql_layer_uses_the_same_tables():
    sql = "\n".join(text for _, text in migration_files())
    assert "{{" not in sql
    assert f"'{textfold.NUMBER_FROM}', '{textfold.NUMBER_TO}'" in sql
    con = duckdb.connect()
    con.execute(f"CREATE MACRO pa_unit(u) AS {units.sql_case('u')}")
    for u in ["人", "名", "％", "1/‰", "/10万", "‰", "个百分点", None]:
        assert con.execute("SELECT pa_unit(?)", [u]).fetchall()[0][0] == units.comparable_unit(u)
