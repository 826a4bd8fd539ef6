"""One document end to end: statuses are honest, provenance is kept."""

from __future__ import annotations

import pytest

import parsers
from caizheng.pipeline import process_file

from .conftest import DONGXIHU


def test_a_failing_parser_makes_the_document_partial(monkeypatch):
    def broken(doc):
        raise ValueError("cannot place column 3")

    monkeypatch.setattr(parsers, "document_to_facts", broken)
    result = process_file(DONGXIHU)
    (row,) = result.tables["documents"].to_pylist()
    assert row["status"] == "partial"
    assert row["error"] == "facts: ValueError: cannot place column 3"
    # the other parsers' rows are still there
    assert row["org_name"] == "武汉市东西湖区人力资源和社会保障局"


@pytest.mark.corpus
def test_corpus_pdfs_ingest_ok(corpus_warehouse):
    docs = {d["source_path"]: d for d in corpus_warehouse.read("documents").to_pylist()}
    pdfs = {p: d for p, d in docs.items() if p.endswith(".pdf")}
    assert len(pdfs) == 5
    for path, d in pdfs.items():
        assert d["status"] == "ok", f"{path}: {d['error']}"
        assert d["page_count"] > 10 and d["file_format"] == "pdf"
