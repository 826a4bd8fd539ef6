"""One document end to end: statuses are honest, provenance is kept."""

from __future__ import annotations

import pytest

import parsers
from caizheng.pipeline import process_file

from .conftest import DONGXIHU, ROOT, XINGLONG


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


def test_an_absurd_figure_is_kept_as_text_with_a_warning(monkeypatch):
    """A table row read as one cell gives a 30-digit "amount": the document is not lost,
    the figure keeps its printed text, its amount is null, a warning names its page."""
    from decimal import Decimal

    from parsers.records import BudgetLine

    real = parsers.document_to_budget

    def with_a_glued_row(doc):
        lines, tables = real(doc)
        glued = BudgetLine(
            table_code="final.expenditure",
            table_title_raw="支出决算表",
            item_name_raw="合计",
            measure="total",
            amount=Decimal("152045469327596335000045415248"),
            amount_raw="15204546 9327596 3350000 45415 248",
            unit_raw="元",
            page=7,
            line=8,
        )
        return [*lines, glued], tables

    monkeypatch.setattr(parsers, "document_to_budget", with_a_glued_row)
    result = process_file(DONGXIHU)
    (row,) = result.tables["documents"].to_pylist()
    assert row["status"] == "ok"
    assert (
        "page 7 line 8: a figure of 30 digits is beyond any budget; kept as printed text only"
        in row["warnings"]
    )
    (glued,) = [
        r for r in result.tables["budget_lines"].to_pylist() if r["amount_raw"].startswith("15204546")
    ]
    assert glued["amount_wan"] is None


def test_a_record_that_cannot_be_stored_costs_only_its_rows(monkeypatch):
    from parsers.records import Score

    real = parsers.document_to_scores

    def with_a_bad_score(doc):
        return [*real(doc), Score(scope="department", dimension_raw="总分", score="九十", page=3)]

    monkeypatch.setattr(parsers, "document_to_scores", with_a_bad_score)
    result = process_file(XINGLONG)
    (row,) = result.tables["documents"].to_pylist()
    assert row["status"] == "partial"
    assert row["error"].startswith("scores (page 3): Arrow")
    assert result.count("scores") == 17 and result.count("facts") == 59  # the rest is kept


WILD = ROOT.parent / "shared" / "corpus-wild"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "chenfei2008c__hebei-2021-final-accounts.pdf",
        "chenfei2008c__shandong-2023-final-accounts-tables.pdf",
        "chenfei2008c__baoding-hebei-2025-budget-report.pdf",
    ],
)
def test_wild_reports_with_rows_read_as_one_cell_are_not_lost(name):
    if not (WILD / name).exists():
        pytest.skip(f"needs ../shared/corpus-wild/{name}")
    result = process_file(WILD / name)
    (row,) = result.tables["documents"].to_pylist()
    assert row["status"] in ("ok", "partial"), row["error"]
    assert result.count("budget_lines") > 0 and result.count("facts") > 100
    assert any("beyond any budget" in w for w in row["warnings"])
