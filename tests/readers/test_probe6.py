"""The sixth blind probe as a gate (tests/gold/probe6/README.md): an invented women's plan published as
.docx and as a government web page whose indicator tables have merged cells (a 领域 column merged down,
目标值 spanning 2025年 and 2030年 on a second header row, separate 单位 and 属性 columns, a table of
levels with its unit only in the spanning header). Labels written by a tester before the tool was run.

First score, the same in both formats: 39 of 72 rows with every field right, none of the 30 table rows:
the merged cells' empty cells ended their rows, so cells moved a column and the 2025 values were read
as 2020 achieved figures (wrong years and kinds), the web page's table gave nothing, and 表2所列目标 gave
a spurious 2所. Now every row in both formats, scored by the tester's own script over a warehouse built
as a user builds it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.steps import build_plain

PROBE = Path(__file__).parents[1] / "gold" / "probe6"


@pytest.fixture(scope="module", params=["docx", "html"])
def scored(request, tmp_path_factory):
    fmt = request.param
    root = tmp_path_factory.mktemp(f"probe6-{fmt}")
    (root / "in").mkdir()
    shutil.copy(PROBE / f"plan.{fmt}", root / "in" / f"plan.{fmt}")
    db = root / "w.duckdb"
    build_plain(root / "in", db)
    out = root / "score.json"
    subprocess.run([sys.executable, str(PROBE / "score.py"), "--db", str(db), "--format", fmt, "--json", str(out)],
                   check=True, capture_output=True, timeout=120)
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_labelled_row_with_every_field_and_its_indicator(scored):
    s = scored["summary"]
    assert (s["labels"], s["matched"], s["fully_right_fields"], s["fully_right_fields_and_indicator"]) == (72, 72, 72, 72)


def test_no_spurious_row_and_none_from_a_no_target_span(scored):
    s = scored["summary"]
    assert (s["spurious"], s["none_labels_violated"]) == (0, 0)
