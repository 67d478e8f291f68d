"""Session fixtures: the corpus plans written as .docx, GBK web pages and Chromium PDFs, read back."""
from __future__ import annotations

import pytest

from extractors.readers import read_document
from tests.readers.fixtures import (corpus_path, corpus_text, docx_bytes, html_bytes, pdf_bytes, process)
from tests.readers.make_pdf import chromium_available

KEYS = ["000", "001", "002", "003", "004"]
PDF_KEYS = ["000", "002", "003", "004"]


@pytest.fixture(scope="session")
def txt_processed():
    cache = {}

    def get(key: str):
        if key not in cache:
            raw = corpus_path(key).read_bytes()
            cache[key] = process(corpus_text(key), raw, corpus_path(key).name, key)
        return cache[key]
    return get


def _reader(make):
    cache = {}

    def get(key: str):
        if key not in cache:
            raw, name = make(key)
            doc = read_document(raw, name)
            cache[key] = (raw, doc, process(doc.text, raw, name, key))
        return cache[key]
    return get


@pytest.fixture(scope="session")
def docx_read():
    return _reader(lambda key: (docx_bytes(key), f"{key}.docx"))


@pytest.fixture(scope="session")
def html_read():
    return _reader(lambda key: (html_bytes(key), f"{key}.html"))


@pytest.fixture(scope="session")
def pdfs():
    if not chromium_available():
        pytest.skip("Chromium is not installed (make sysdeps installs it)")
    return pdf_bytes(PDF_KEYS)


@pytest.fixture(scope="session")
def pdf_read(pdfs):
    return _reader(lambda key: (pdfs[key], f"{key}.pdf"))
