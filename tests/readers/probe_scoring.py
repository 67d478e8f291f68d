"""The blind probes' gates score a warehouse built as a user builds it with the tester's own script."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.steps import build_plain


def build_and_score(plan: Path, root: Path, probe: Path, *score_args: str) -> dict:
    """Build a warehouse in `root` from the one plan file `plan` (already in `root / "in"` or copied
    there), run `probe`/score.py over it (with `score_args`) and return what it wrote as JSON."""
    folder = root / "in"
    folder.mkdir(exist_ok=True)
    if plan.parent != folder:
        (folder / plan.name).write_bytes(plan.read_bytes())
    db = root / "w.duckdb"
    build_plain(folder, db)
    out = root / "score.json"
    subprocess.run([sys.executable, str(probe / "score.py"), "--db", str(db), *score_args, "--json", str(out)],
                   check=True, capture_output=True, timeout=120)
    return json.loads(out.read_text(encoding="utf-8"))
