"""One document end to end: statuses are honest, provenance is kept."""

from __future__ import annotations

import shutil

import pytest

from caizheng import parsers
from caizheng.pipeline import process_file

from .conftest import DONGXIHU, NANGONG, ROOT, XINGLONG


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

    from caizheng.parsers.records import BudgetLine

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
    from caizheng.parsers.records import Score

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
    assert result.count("facts") > 100
    # a cell holding a whole row's figures gives no figure (not one glued absurd number), and
    # its table says so
    assert not any("beyond any budget" in w for w in row["warnings"])
    amounts = [a for a in result.tables["budget_lines"].column("amount_wan").to_pylist() if a is not None]
    assert all(abs(a) < 10**12 for a in amounts)
    notes = [t["note"] or "" for t in result.tables["source_tables"].to_pylist()]
    assert any("多个数字" in n for n in notes)


@pytest.mark.parametrize(
    "error, reason, retire",
    [
        (MemoryError, "ran out of memory", True),
        (RecursionError, "nested too deeply to read (Python's recursion limit)", False),
    ],
)
def test_a_reader_out_of_memory_or_stack_says_so(monkeypatch, tmp_path, error, reason, retire):
    """Not `needs_ocr: scanned PDF`, not `internal error`: the real cause, and the worker
    that ran out of memory is replaced (`retire`)."""
    from caizheng.extract import pdf as extract_pdf

    from .pdfgen import build_pdf

    def exhausted(page, number, settings, carried=None):
        raise error()

    monkeypatch.setattr(extract_pdf, "page_to_page", exhausted)
    (tmp_path / "bomb.pdf").write_bytes(build_pdf(["one", "two"]))
    result = process_file(tmp_path / "bomb.pdf")
    assert (result.status, result.error) == ("failed", f"{reason} on page 1 and 1 more")
    assert result.retire is retire

    import caizheng.pipeline

    def read_everything(path, sha256=None):
        raise error()

    monkeypatch.setattr(caizheng.pipeline, "read_document", read_everything)
    result = process_file(DONGXIHU)
    assert (result.status, result.error, result.retire) == ("failed", f"{reason} while reading", retire)


def test_a_worker_that_ran_out_of_memory_is_replaced(tmp_path):
    from caizheng.pool import run_supervised

    from . import scale_hooks

    src = tmp_path / "reports"
    src.mkdir()
    for name in ("a-nangong.txt", "b.txt", "c.txt"):
        shutil.copy(NANGONG, src / name)
    todo = [(p, None) for p in sorted(src.iterdir())]
    results = list(run_supervised(todo, src, 1, max_memory_mb=1024, process=scale_hooks.oom_on_nangong))
    by_name = {r.source_path: r for r in results}
    reason, oom_pid = by_name["a-nangong.txt"].error.split(" | ")
    assert reason == "exceeded the memory ceiling of 1024 MB (--max-memory) while reading"
    assert by_name["b.txt"].error == by_name["c.txt"].error != oom_pid  # a fresh worker took over


def test_a_document_mostly_without_text_is_partial_and_says_why(monkeypatch, tmp_path):
    """Pages with no text layer and no OCR to read them: the document is `partial`, and its
    `error` names the pages, not an empty message beside the status."""
    from .pdfgen import build_pdf

    monkeypatch.setenv("CAIZHENG_OCR", "0")
    (tmp_path / "scan.pdf").write_bytes(build_pdf(["Budget 2024", None, None]))
    result = process_file(tmp_path / "scan.pdf")
    assert (result.status, result.error) == ("partial", "2 of 3 pages have no text: 2-3")


def test_a_scan_whose_ocr_failed_says_why(monkeypatch, tmp_path):
    """When the recognizer fails on every page, `error` gives its reason, not `no text found`."""
    from caizheng.extract import ocr

    from .pdfgen import build_pdf

    if not ocr.available():
        pytest.skip("needs the OCR extra")
    monkeypatch.setenv("CAIZHENG_OCR", "1")

    def fails(pdf_page, page, settings):
        raise RuntimeError("[ONNXRuntimeError] : 1 : FAIL : std::bad_alloc")

    monkeypatch.setattr(ocr, "page_to_ocr_page", fails)
    (tmp_path / "scan.pdf").write_bytes(build_pdf([None, None]))
    result = process_file(tmp_path / "scan.pdf")
    assert (result.status, result.error) == (
        "needs_ocr",
        "no text layer on any page: scanned PDF, needs OCR "
        "(OCR failed on 2 page(s): page 1: OCR failed: RuntimeError: [ONNXRuntimeError] : 1 : FAIL : std::bad_alloc)",
    )
