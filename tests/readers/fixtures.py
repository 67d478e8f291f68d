"""The corpus plans in each format, written at test time by real writers (python-docx, a GBK
government page, Chromium's PDF printer), and what the pipeline does with a read document."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.decoding import decode_bytes
from tests.conftest import CORPUS
from tests.readers.corpus_model import Para, Table, plan_blocks
from tests.readers.make_docx import write_docx
from tests.readers.make_html import write_html
from tests.readers.make_pdf import print_html, print_pdfs

# What each plan's web page and printed copy call it, and who publishes it
PUBLISHED = {
    "000": ("盘山县儿童发展规划（2021—2030年）", "盘山县人民政府"),
    "001": ("常宁市儿童发展规划（2021—2025年）", "常宁市人民政府"),
    "002": ("杭州市儿童发展“十四五”规划", "杭州市人民政府"),
    "003": ("榆树市儿童发展规划（2021—2030年）", "榆树市人民政府"),
    "004": ("高台县人民政府关于印发高台县妇女发展规划（2021-2030年）和高台县儿童发展规划（2021-2030年）的通知",
            "高台县人民政府"),
}
RUNNING_HEAD = {"004": "高台县妇女儿童发展规划（2021-2030年）"}
_PLAN_TITLE = regex.compile(r"^\p{Han}{2,8}(?:儿童|妇女)发展规划（\d{4}-\d{4}年）$")


def corpus_path(key: str):
    return next(CORPUS.glob(f"{key}_*.txt"))


@lru_cache(maxsize=None)
def corpus_text(key: str) -> str:
    return decode_bytes(corpus_path(key).read_bytes()).text


@lru_cache(maxsize=None)
def blocks(key: str) -> tuple[Para | Table, ...]:
    return tuple(plan_blocks(corpus_text(key)))


def plan_title_lines(key: str) -> tuple[str, ...]:
    return tuple(b.text for b in blocks(key) if isinstance(b, Para) and b.marker is None and _PLAN_TITLE.match(b.text))


def docx_bytes(key: str) -> bytes:
    bs = list(blocks(key))
    titles = [i for i, b in enumerate(bs) if isinstance(b, Para) and b.text in plan_title_lines(key)]
    return write_docx(bs, key, tuple(titles[1:]))


def html_bytes(key: str) -> bytes:
    title, site = PUBLISHED[key]
    return write_html(list(blocks(key)), title, site)


def pdf_bytes(keys: list[str], size: str = "16pt") -> dict[str, bytes]:
    docs = [(print_html(list(blocks(k)), title_lines=plan_title_lines(k), size=size),
             RUNNING_HEAD.get(k, PUBLISHED[k][0])) for k in keys]
    return dict(zip(keys, print_pdfs(docs)))


@lru_cache(maxsize=None)
def metadata_rows() -> tuple[dict, ...]:
    with open(CORPUS / "plans.csv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def rows_for(key: str, raw: bytes, name: str) -> list[dict]:
    """plans.csv as it would read with a row for this copy of the plan: the .txt's rows with the
    copy's file name and sha256."""
    txt_name = corpus_path(key).name
    sha = hashlib.sha256(raw).hexdigest()
    return [{**r, "source_file": name, "source_sha256": sha} for r in metadata_rows() if r["source_file"] == txt_name]


@dataclass(frozen=True)
class Processed:
    text: str
    plans: tuple       # SegmentedPlan
    targets: tuple     # per plan, a tuple of Target


def process(text: str, raw: bytes, name: str, key: str) -> Processed:
    """What pipeline/steps.py does with a decoded document: segment, resolve metadata, extract."""
    from extractors.metadata import resolve_meta
    from extractors.segment import segment_document
    from extractors.targets import extract_targets

    rows = rows_for(key, raw, name)
    sha = hashlib.sha256(raw).hexdigest()
    plans = tuple(segment_document(text))
    targets = tuple(tuple(extract_targets(text, p, resolve_meta(rows, sha, p, name))) for p in plans)
    return Processed(text, plans, targets)
