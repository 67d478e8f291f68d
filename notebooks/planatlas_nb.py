"""Shared set-up for the PlanAtlas notebooks: which warehouse to read, a CJK font for matplotlib,
plan labels, and row accounting that says why rows leave a table.

Every notebook starts with

    import planatlas_nb as nb
    con = nb.connect()      # read-only; PLANATLAS_DB, else data/planatlas.duckdb under the repository root
    nb.use_cjk_font()       # Chinese labels in plots

Queries that only the notebooks need live here too (gold loading for the extraction-quality
notebook); they read the warehouse alone (documents.text), never the corpus files.
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import duckdb
import pandas as pd

DB_ENV = "PLANATLAS_DB"
DEFAULT_DB = Path("data") / "planatlas.duckdb"
# Debian's fonts-noto-cjk (scripts/system_deps.sh installs it); SC = simplified Chinese glyph forms
CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC")
SUBJECT_ZH = {"children": "儿童", "women": "妇女"}


# ------------------------------------------------------------------ where things are

def _is_root(d: Path) -> bool:
    try:
        return tomllib.loads((d / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"] == "planatlas"
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return False


def repo_root() -> Path:
    """The repository root: the nearest directory whose pyproject.toml names the planatlas project,
    above this file, else above the working directory (wherever Jupyter started the kernel), else
    above the installed project's code (an editable install; a notebook copied elsewhere)."""
    import extractors
    starts = (Path(__file__).resolve().parent, Path.cwd().resolve(), Path(extractors.__file__).resolve().parent)
    for start in starts:
        for d in (start, *start.parents):
            if _is_root(d):
                return d
    raise FileNotFoundError("no planatlas repository (a pyproject.toml naming planatlas) above "
                            + ", ".join(map(str, starts)))


def warehouse_path() -> Path:
    """$PLANATLAS_DB, else data/planatlas.duckdb; a relative path is taken from the repository root
    (not from the notebook folder the kernel runs in)."""
    p = Path(os.environ.get(DB_ENV) or DEFAULT_DB).expanduser()
    return p if p.is_absolute() else repo_root() / p


def connect(verbose: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse, with a message that says how to build one."""
    p = warehouse_path()
    if not p.is_file():
        how = "set PLANATLAS_DB to a warehouse file" if os.environ.get(DB_ENV) else \
            "build it with `make run` in the repository root, or set PLANATLAS_DB to a warehouse file"
        raise FileNotFoundError(f"no warehouse at {p}: {how}")
    con = duckdb.connect(str(p), read_only=True)
    if verbose:
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        n = con.execute("SELECT count(*) FILTER (WHERE is_current), count(*) FROM plans").fetchone()
        src = f"${DB_ENV}" if os.environ.get(DB_ENV) else "default"
        print(f"warehouse ({src}): {p}\n  {n[0]} current plans ({n[1]} plan versions in all), "
              f"extractor {info.get('extractor_version', '?')}, last run {info.get('last_run', '?')}")
    return con


# ------------------------------------------------------------------ plots

def cjk_font() -> str:
    """The name of an installed CJK font matplotlib can use; an error that says what to install."""
    from matplotlib import font_manager as fm

    def known() -> set[str]:
        return {f.name for f in fm.fontManager.ttflist}

    if not set(CJK_FONTS) & known():
        # installed after matplotlib cached its font list: register the files directly
        for path in fm.findSystemFonts():
            if "CJK" in Path(path).name:
                fm.fontManager.addfont(path)
    for name in CJK_FONTS:
        if name in known():
            return name
    raise RuntimeError(
        "no CJK font for matplotlib: Chinese labels would render as empty boxes. Install Noto CJK "
        "(Debian: apt-get install fonts-noto-cjk; `make bootstrap` runs scripts/system_deps.sh, which does), "
        f"then restart the kernel. Looked for: {', '.join(CJK_FONTS)}")


def use_cjk_font() -> str:
    """Set matplotlib's font family to the CJK font (DejaVu Sans after it for any glyph it lacks)."""
    import matplotlib as mpl
    name = cjk_font()
    mpl.rcParams["font.family"] = [name, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False  # a hyphen for minus signs: every font has it
    mpl.rcParams["figure.dpi"] = 110
    mpl.rcParams["savefig.bbox"] = "tight"
    print(f"matplotlib font: {name}")
    return name


# ------------------------------------------------------------------ plans and rows

def plans(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Current plans in corpus order, with a short label that keeps two plans of one place apart
    (高台县 has a women's and a children's plan): 高台县·妇女, 高台县·儿童; 盘山县 alone."""
    df = con.execute("""SELECT plan_id, jurisdiction, jurisdiction_en, subject, period_start, period_end, title
                        FROM plans WHERE is_current ORDER BY source_file, plan_index""").df()
    twice = df["jurisdiction"].duplicated(keep=False)
    df["label"] = [f"{j}·{SUBJECT_ZH.get(s, s)}" if t else j
                   for j, s, t in zip(df["jurisdiction"], df["subject"], twice)]
    return df


def keep(df: pd.DataFrame, mask, what: str, why: str) -> pd.DataFrame:
    """Filter rows and say so: 'kept 26 of 26 mortality targets; 0 left (…)'. Rows that leave are
    counted by plan, so nothing leaves a table unannounced."""
    mask = pd.Series(mask, index=df.index).astype(bool)
    left = df[~mask]
    line = f"kept {int(mask.sum())} of {len(df)} {what}; {len(left)} left ({why})"
    if len(left) and "plan_id" in df.columns:
        line += ": " + ", ".join(f"{p} {n}" for p, n in left["plan_id"].value_counts().sort_index().items())
    print(line)
    return df[mask]


def left(df: pd.DataFrame, precision: int = 3):
    """A table for reading Chinese text: cells and headers aligned left (pandas aligns right)."""
    return (df.style.format(precision=precision, na_rep="")
            .set_properties(**{"text-align": "left", "vertical-align": "top"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))


def sentence_around(text: str, start: int, end: int, limit: int = 160) -> str:
    """The sentence (to 。；！？ or a line end) holding text[start:end], with the span in 【】."""
    a = max(text.rfind(c, 0, start) for c in "。；！？\n") + 1
    ends = [i for i in (text.find(c, end) for c in "。；！？\n") if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    a, b = max(a, start - limit // 2), min(b, end + limit // 2)
    return (text[a:start] + "【" + text[start:end] + "】" + text[end:b]).strip()


# ------------------------------------------------------------------ extraction quality (03)

def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def document_texts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Source file name -> the text every offset indexes (documents.text), for loaded plans."""
    return dict(con.execute("""SELECT DISTINCT p.source_file, d.text FROM plans p
                               JOIN documents d ON d.source_sha256 = p.source_sha256
                               WHERE d.text IS NOT NULL""").fetchall())


def target_gold(con: duckdb.DuckDBPyConnection, files: list[Path]) -> tuple[list[dict], dict[str, str]]:
    """Gold rows of tests/gold/targets_*.jsonl, each located in its document's text (span) and
    named by plan (a gold row's doc + subject), as `planatlas eval` locates them."""
    from extractors.evaluation import locate
    texts = document_texts(con)
    plan_of = {(f, s): p for p, f, s in con.execute("SELECT plan_id, source_file, subject FROM plans").fetchall()}
    rows = []
    for f in files:
        for row in read_jsonl(f):
            if row["doc"] not in texts:
                raise LookupError(f"{f}: document {row['doc']} is not in this warehouse")
            row["span"] = locate(row, texts[row["doc"]])
            row["plan_id"] = plan_of[(row["doc"], row["subject"])]
            row["gold_file"] = Path(f).name
            rows.append(row)
    return rows, texts


def target_predictions(con: duckdb.DuckDBPyConnection, docs: set[str]) -> list[dict]:
    """The warehouse's targets in the gold documents, shaped as extractors.evaluation expects."""
    df = con.execute("""SELECT t.*, p.source_file FROM targets t JOIN plans p USING (plan_id)
                        WHERE p.source_file IN (SELECT unnest(?)) ORDER BY t.value_start""", [sorted(docs)]).df()
    out = []
    for r in df.astype(object).where(df.notna(), None).to_dict("records"):
        r = {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
        r["doc"] = r["source_file"]
        r["span"] = (r["value_start"], r["value_end"])
        out.append(r)
    return out


def prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def gold_files() -> list[Path]:
    return sorted((repo_root() / "tests" / "gold").glob("targets_*.jsonl"))


def clean_label(s: str) -> str:
    """A printed indicator phrase without line breaks or runs of spaces (for table cells)."""
    return re.sub(r"\s+", " ", s or "").strip()
