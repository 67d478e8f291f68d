"""`make fuzz` (scripts/fuzz.py): its seeds pass the invariants, a saved input replays, and a short
run writes its summary."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FUZZ = [sys.executable, str(ROOT / "scripts" / "fuzz.py")]


def test_seeds_replay_clean(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fuzz
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    fuzz.write_seeds(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["docx", "html", "pdf", "txt-big5", "txt-crlf", "txt-gb18030", "txt-utf-16", "txt-utf-32",
                     "txt-utf-8"]
    r = subprocess.run([*FUZZ, "--replay", *map(str, sorted(tmp_path.iterdir()))], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.count("ok ") == len(names), r.stdout + r.stderr


@pytest.mark.slow
def test_a_short_run_writes_its_summary(tmp_path):
    r = subprocess.run([*FUZZ, "--seconds", "8", "--out", str(tmp_path)], capture_output=True, text=True, timeout=300)
    summary = json.loads((tmp_path / "last_run.json").read_text())
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert summary["inputs"] > 0 and summary["crashes"] == 0 and summary["signatures"] == {}
    assert f"fuzz: {summary['inputs']:,} inputs in" in r.stdout
