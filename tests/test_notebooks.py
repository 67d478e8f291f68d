"""The research notebooks: committed without outputs, and run top to bottom in a real Jupyter
kernel (nbclient + ipykernel) against a freshly built warehouse, in a temporary copy of notebooks/
so that nothing is written back. Then what they printed and drew is checked."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.conftest import GOLD, ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_compare_targets", "02_precedent_search", "03_extraction_quality")
KEPT = re.compile(r"^kept (\d+) of (\d+) (.+?); (\d+) left \((.+?)\)(?:: (.+))?$")


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_the_notebooks_are_these_three():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == list(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    nb = _read(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert [(c.outputs, c.execution_count) for c in code] == [([], None)] * len(code)
    assert nb.metadata.kernelspec.name == "python3"


# ------------------------------------------------------------------ executed


@pytest.fixture(scope="module")
def executed(built_db, tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    from nbclient import NotebookClient
    work = tmp_path_factory.mktemp("nb") / "notebooks"
    shutil.copytree(NOTEBOOKS, work, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's inline backend draws PNGs
    env["PLANATLAS_DB"] = str(built_db)
    out = {}
    for name in NAMES:
        nb = nbformat.read(work / f"{name}.ipynb", as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(work)}}).execute(env=env)
        out[name] = nb
    # the copies on disk were never written: outputs live only in the objects returned
    assert all(_read(n).cells == nbformat.read(work / f"{n}.ipynb", as_version=4).cells for n in NAMES)
    return out


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _stdout(nb) -> list[str]:
    return [line for c in _code(nb) for o in c.outputs if o.output_type == "stream" and o.name == "stdout"
            for line in o.text.splitlines()]


def _cell(nb, snippet: str):
    """The one code cell whose source contains snippet."""
    found = [c for c in _code(nb) if snippet in c.source]
    assert len(found) == 1, snippet
    return found[0]


def _text(cell) -> str:
    """Everything a cell showed, as text (stdout and every rich output's text/plain and text/html)."""
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        for key in ("text/plain", "text/html"):
            parts.append(o.get("data", {}).get(key, ""))
    return "\n".join(parts)


@pytest.mark.slow
def test_every_filter_says_what_left(executed, built_db):
    """A 'kept X of Y …; Z left (why): plan n, …' line for every filter of the comparison notebook:
    the numbers add up, the reason is given, and the rows that left are counted by plan."""
    lines = [line for line in _stdout(executed["01_compare_targets"]) if line.startswith("kept ")]
    assert len(lines) == 11
    for line in lines:
        m = KEPT.match(line)
        assert m, line
        kept, total, _, left, why, by_plan = m.groups()
        assert int(kept) + int(left) == int(total), line
        assert why.strip()
        if int(left):
            assert sum(int(x.rsplit(" ", 1)[1]) for x in by_plan.split(", ")) == int(left), line
    # the accounting from `targets` ends at the view's row count
    import duckdb
    with duckdb.connect(str(built_db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM target_comparison").fetchone()[0]
    assert f"= {n} rows in target_comparison" in _stdout(executed["01_compare_targets"])
    # the search notebook names each counterpart it leaves out
    weak = [re.match(r"^(\d+) of (\d+) counterparts kept; left out as weak: (.+)$", line)
            for line in _stdout(executed["02_precedent_search"]) if "counterparts kept" in line]
    assert len(weak) == 3 and all(weak)
    for m in weak:
        kept, total, names = int(m[1]), int(m[2]), m[3]
        assert (names == "none") if kept == total else len(names.split(", ")) == total - kept


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_figures_are_pngs_with_chinese_glyphs(executed, name):
    from PIL import Image
    nb = executed[name]
    figures = [c for c in _code(nb) if "figure" in c.metadata.get("tags", [])]
    assert len(figures) == {"01_compare_targets": 4, "02_precedent_search": 0, "03_extraction_quality": 2}[name]
    for c in figures:
        pngs = [o.data["image/png"] for o in c.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, c.source[:80]
        w, h = Image.open(io.BytesIO(base64.b64decode(pngs[0]))).size
        assert w >= 700 and h >= 350
    errors = [o.text for c in _code(nb) for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    # matplotlib warns "Glyph 23425 (\N{CJK UNIFIED IDEOGRAPH-5B89}) missing from font(s) DejaVu Sans"
    # when Chinese would render as boxes
    assert not [e for e in errors if "missing from" in e or "findfont" in e]
    if figures:
        assert "matplotlib font: Noto Sans CJK SC" in _stdout(nb) or "matplotlib font: Noto Serif CJK SC" in _stdout(nb)


@pytest.mark.slow
def test_compare_targets_keeps_every_mortality_target(executed):
    nb = executed["01_compare_targets"]
    out = _stdout(nb)
    # counted by reading the plans: 盘山县 3 rates x 2025/2030 + injury −20%; 常宁市 3 rates + injury,
    # drowning, road traffic; 杭州市 3 rates + the table's injury ≤7.49/10万 for 2025; 榆树市 and 高台县's
    # children's plan 3 rates + injury; 高台县's women's plan 孕产妇死亡率 ≤12/10万
    assert ("mortality targets per plan: panshan-children 7, changning-children 6, hangzhou-children 4, "
            "yushu-children 4, gaotai-women 1, gaotai-children 4 (total 26)") in out
    # none of them prints a year except 盘山县's six rates and 杭州市's table row
    assert ("mortality targets without a printed year: 19 of 26, kept at their plan's period end (†); "
            "0 dropped") in out
    table = _text(_cell(nb, 'mortality.pivot(index=["name_zh", "year"]'))
    for shown in ("≤5.0‰†", "≤6.0‰†", "−25% vs 2020†", "≤4.0‰†", "≤12/10万†", "≤3.4‰", "≤7.49/10万"):
        assert shown in table
    assert "高台县·妇女" in table and "高台县·儿童" in table
    assert any(line.startswith("kept 18 of 26 mortality targets in the plot; 8 left") for line in out)
    # achieved figures are reported apart: 盘山县's 2020 under-five rate 0.98‰ is one
    assert "0.98‰" in _text(_cell(nb, 'achieved = tc[tc["kind"] == "achieved"]'))
    assert "0.98‰" not in _text(_cell(nb, 'mortality.pivot(index=["name_zh", "year"]'))


@pytest.mark.slow
def test_precedent_search_sets_counterparts_side_by_side(executed):
    nb = executed["02_precedent_search"]
    hits = _text(_cell(nb, 'query = "学生近视率下降"'))
    # every children's plan's myopia goal, found by reading the plans
    for pid in ("panshan-children/d1/goal/11", "changning-children/d1/goal/9", "hangzhou-children/d2/goal/5",
                "yushu-children/d1/goal/9", "gaotai-children/d1/goal/9"):
        assert pid in hits
    out = _stdout(nb)
    # the query repeats 杭州市's wording; its goal 2 (a 2021-2025 plan: 3.0‰、3.0‰和4.0‰ for 2025) against
    # the others' values for 2025 only: 常宁市's 3.0‰、5.0‰和6.0‰ (2021-2025) and 盘山县's 到2025年
    # 3.0‰、4.5‰和5.5‰; 榆树市's 3.0‰、4.0‰和5.0‰ and 高台县's 3.0‰、5.0‰和6.0‰ are for 2030 (no year
    # printed, plans to 2030): nothing to set against
    assert any(line.startswith("anchor: hangzhou-children/d2/goal/2 [") for line in out)
    changes = {line.split()[1]: line.split("differ: ")[1] for line in out if "at the same place that differ" in line}
    assert changes["changning-children/d1/goal/3"] == "3.0‰ → 5.0‰; 4.0‰ → 6.0‰"
    assert changes["panshan-children/d1/goal/3"] == "3.0‰ → 4.5‰; 4.0‰ → 5.5‰"
    assert changes["yushu-children/d1/goal/3"] == "none"
    assert changes["gaotai-children/d1/goal/3"] == "none"
    sides = [o.data["text/html"] for c in _code(nb) if "side_by_side(anchor, close)" in c.source
             for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(sides) == 3 and "<mark>5.0‰</mark>" in sides[2]
    rows = {r.split("</b>")[0].split(" · ")[1].split()[0]: r for r in sides[2].split("<tr>")[2:]}
    assert "<mark>" in rows["changning-children/d1/goal/3"]
    assert "<mark>" not in rows["yushu-children/d1/goal/3"] and "<mark>" not in rows["gaotai-children/d1/goal/3"]


@pytest.mark.slow
def test_quality_notebook_matches_planatlas_eval(executed, built_db):
    from typer.testing import CliRunner
    from pipeline.cli import app
    from pipeline.cli_eval import evaluate
    nb = executed["03_extraction_quality"]
    out = _stdout(nb)
    files = sorted(GOLD.glob("targets_*.jsonl"))
    r = CliRunner().invoke(app, ["eval", "--db", str(built_db), "--json"] + [a for f in files for a in ("--gold", str(f))])
    assert r.exit_code == 0, r.output
    cli = json.loads(r.output)
    for level, name in (("span", "span + value + unit"), ("tuple", "full tuple")):
        s = cli[level]
        assert (f"overall {name} F1 {s['f1']:.4f} (precision {s['precision']:.4f}, "
                f"recall {s['recall']:.4f})") in out
    assert f"{cli['gold']} gold, {cli['predicted']} extracted, {cli['matched']} matched" in out
    # the errors the notebook lists are those `planatlas eval --errors` prints
    pairs = evaluate(files, built_db)["pairs"]
    from extractors.evaluation import FIELDS, _same
    missed = sum(p is None for g, p in pairs)
    extra = sum(g is None for g, p in pairs)
    wrong = sum(1 for g, p in pairs if g and p and any(not _same(k, g.get(k), p.get(k)) for k in FIELDS[:-1]))
    assert f"errors: {missed + extra + wrong} ({missed} missed, {extra} extra, {wrong} wrong field)" in out
    r = CliRunner().invoke(app, ["indicators-eval", "--db", str(built_db), "--json",
                                 "--gold", str(GOLD / "indicator_map.jsonl")])
    assert r.exit_code == 0, r.output
    m = json.loads(r.output)
    assert (f"indicator mapping: precision {m['precision']:.4f}, recall {m['recall']:.4f}, F1 {m['f1']:.4f} "
            f"({m['correct']} of {m['predicted']} codes right)") in out


@pytest.mark.parametrize("name", NAMES)
def test_a_notebook_copied_elsewhere_finds_its_helper(name, tmp_path):
    """A notebook copied out of the repository (alone, no planatlas_nb.py beside it) runs its first
    cell's set-up from another folder: the helper comes from the installed project, and PLANATLAS_DB
    (a relative one taken from the repository root) still decides the warehouse."""
    import subprocess
    import sys
    shutil.copyfile(NOTEBOOKS / f"{name}.ipynb", tmp_path / f"{name}.ipynb")
    first = _code(nbformat.read(tmp_path / f"{name}.ipynb", as_version=4))[0].source
    setup = first[:first.index("import planatlas_nb as nb")] + "import planatlas_nb as nb\n"
    probe = setup + "print(nb.warehouse_path()); print(nb.repo_root())\n"
    env = {**os.environ, "PLANATLAS_DB": "somewhere/w.duckdb"}
    r = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [str(ROOT / "somewhere" / "w.duckdb"), str(ROOT)]
