"""A plan whose text carries markup and script, for the escaping tests (ingested like any plan)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.plan_texts import plan_text

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "\"'><svg onload=alert(1)>"
PAYLOADS = (SCRIPT, IMG, SVG)
PLAN_ID = "dehui-children"


def markup_plan_text() -> str:
    """德惠市's children's plan with a script in a goal, an image with an onerror handler after a
    target value (so it is in the target's evidence) and an attribute breakout in a principle's
    lead phrase (so it is a provision heading, shown in the sidebar and in search results)."""
    text = plan_text("德惠市")
    for plain, marked in (("儿童健康素养水平不断提升。", f"儿童健康素养水平不断提升{SCRIPT}。"),
                          ("婴儿死亡率控制在4.5‰以下。", f"婴儿死亡率控制在4.5‰以下{IMG}。"),
                          ("2.坚持儿童优先。", f"2.坚持儿童优先{SVG}。")):
        assert plain in text
        text = text.replace(plain, marked)
    return text


def ingest(db: Path, *files: Path) -> subprocess.CompletedProcess:
    planatlas = Path(sys.executable).with_name("planatlas")
    return subprocess.run([str(planatlas), "ingest", "--no-prefect", "--db", str(db), *map(str, files)],
                          capture_output=True, text=True, timeout=300)
