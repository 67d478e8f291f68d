"""The layer boundaries of the design, enforced with import-linter's contracts in pyproject.toml."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 kept, 0 broken" in r.stdout


def test_only_pipeline_imports_prefect():
    offenders = [str(p.relative_to(ROOT)) for pkg in ("extractors", "warehouse")
                 for p in (ROOT / pkg).rglob("*.py") if re.search(r"(?m)^\s*(import|from)\s+prefect", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_only_warehouse_imports_duckdb():
    offenders = [str(p.relative_to(ROOT)) for pkg in ("extractors", "pipeline")
                 for p in (ROOT / pkg).rglob("*.py") if re.search(r"(?m)^\s*(import|from)\s+duckdb", p.read_text(encoding="utf-8"))]
    assert offenders == []
