"""The notebooks' code cells run against a built warehouse (executed here without Jupyter)."""
import ast
import json
import os
from pathlib import Path

from tests.conftest import ROOT


def test_notebook_cells_run(built_db, tmp_path, monkeypatch):
    nb = json.loads((ROOT / "notebooks" / "targets_across_jurisdictions.ipynb").read_text(encoding="utf-8"))
    (tmp_path / "data").mkdir()
    os.symlink(built_db, tmp_path / "data" / "planatlas.duckdb")
    work = tmp_path / "notebooks"
    work.mkdir()
    monkeypatch.chdir(work)
    env: dict = {}
    results = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop()
            exec(compile(tree, "cell", "exec"), env)
            results.append(eval(compile(ast.Expression(last.value), "cell", "eval"), env))
    assert sorted(results[0]["jurisdiction"]) == sorted(["盘山县", "常宁市", "杭州市", "榆树市", "高台县", "高台县"])
    assert {"儿童与健康", "妇女与经济"} <= set(results[1]["title"])
    value_text, shown = results[-1][1], results[-1][0]
    assert shown == value_text
