"""OCR of pages without a text layer (extract/ocr.py), on generated scans and real ones.

Generated: a budget table from `tablegen` and a prose page, drawn with a CJK font and
saved as image-only PDFs (`ocrgen`); read back, ≥ 99% of the money cells are exact and the
table's sums hold. Real: the three scanned files of corpus-wild are read `ok` as what they
are (not finance reports) with no audit error; the pages without text inside digital
reports are OCR'd when they print something (银川's outlined title page) and left alone when
they are blank (山东's separator pages). Skipped without the OCR extra or the shared corpus.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caizheng.audit.ocr_rules import ocr_in_doubt
from caizheng.extract import ocr, read_document
from caizheng.extract.ocr import clean_text, column_convention, repair_money, repair_money_columns

from . import ocrgen, tablegen

WILD = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-wild"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="needs the OCR extra: pip install 'caizheng[ocr]'")
needs_font = pytest.mark.skipif(ocrgen.font_path() is None, reason="needs manimgx-fonts-cjk (make venv)")


# --- the money repair, on generated figures ---


def _shown(value: Decimal, decimals: int) -> str:
    return f"{value:,.2f}" if decimals else f"{value:,.0f}"


@given(
    cents=st.lists(st.integers(100_000, 10**11), min_size=3, max_size=12),
    decimals=st.sampled_from([0, 2]),
    lost=st.lists(st.integers(0, 3), min_size=12, max_size=12),
)
def test_money_column_rebuilt_from_digits(cents, decimals, lost):
    """Separators OCR drops or misreads (removed, a comma as a point or a space) are put
    back by the column's convention; the digits are kept as read."""
    values = [Decimal(c) / 100 if decimals else Decimal(c // 100) for c in cents]
    printed = [_shown(v, decimals) for v in values]
    damaged = []
    for text, how in zip(printed, lost):
        if how == 1:
            text = text.replace(",", "")
        elif how == 2:
            text = text.replace(",", ".", 1)
        elif how == 3:
            text = text.replace(",", " ", 1)
        damaged.append(text)
    damaged[0], damaged[1] = printed[0], printed[1]  # two figures as printed settle the vote
    if column_convention(damaged) is None:
        return  # the damage outvoted the printed forms: nothing is rebuilt
    repaired = [row[0] for row in repair_money_columns([[t] for t in damaged])]
    assert [Decimal(t.replace(",", "")) for t in repaired] == values


@pytest.mark.parametrize(
    "text, decimals, expected",
    [
        ("24,61278", 2, "24,612.78"),
        ("8 76364", 2, "8,763.64"),
        ("9.479.69", 2, "9,479.69"),
        ("1Q,435.035", 0, "10,435,035"),
        ("12", 2, "12"),  # a 栏次 number is no figure to rebuild
        ("合计", 2, "合计"),
        ("-1,234.50", 2, "-1,234.50"),
    ],
)
def test_repair_money(text, decimals, expected):
    assert repair_money(text, decimals, True) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("二O二五年", "二〇二五年"),
        ("二0二0年", "二〇二〇年"),
        ("２０２５年", "2025年"),
        ("增长１２．５％", "增长12.5%"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_no_convention_without_votes():
    assert column_convention(["201", "20101", "2010101"]) is None  # codes: no separators


# --- the audit of OCR'd tables ---


def _finding(table_code="budget.expenditure", page=1):
    return {
        "check": "sum.rows",
        "severity": "error",
        "message": "合计不等于各行之和",
        "table_code": table_code,
        "page": page,
    }


def _rows(n_parents: int, page: int = 1) -> list[dict]:
    return [
        {
            "table_code": "budget.expenditure",
            "table_index": 0,
            "row_group": 0,
            "parent_row": p,
            "measure": "total",
            "page": page,
        }
        for p in range(n_parents)
    ]


def test_ocr_table_error_stands_when_the_other_sums_hold():
    rows = {"documents": [{"ocr_pages": [1]}], "budget_lines": _rows(5)}
    assert ocr_in_doubt([_finding()], rows)[0]["severity"] == "error"


def test_ocr_table_errors_are_warnings_when_the_table_does_not_hold():
    rows = {"documents": [{"ocr_pages": [1]}], "budget_lines": _rows(2)}
    out = ocr_in_doubt([_finding(), _finding()], rows)
    assert {f["severity"] for f in out} == {"warning"} and all("OCR" in f["message"] for f in out)
    prose = ocr_in_doubt([_finding(table_code=None)], rows)
    assert prose[0]["severity"] == "warning"


def test_errors_on_text_layer_pages_untouched():
    rows = {"documents": [{"ocr_pages": [3]}], "budget_lines": _rows(1, page=1)}
    assert ocr_in_doubt([_finding()], rows)[0]["severity"] == "error"


# --- generated scans, read end to end ---


@needs_ocr
@needs_font
@pytest.mark.slow
def test_scanned_table_money_cells_exact_and_sums_hold(tmp_path):
    from caizheng.pipeline import process_file

    rng = random.Random(20261203)
    exact = total = 0
    for unit in ("万元", "元"):
        table = tablegen.expenditure_table(rng, unit)
        pdf, cells = ocrgen.table_pdf(table)
        path = tmp_path / f"scan-{unit}.pdf"
        path.write_bytes(pdf)
        result = process_file(path, tmp_path)
        assert result.status == "ok", result.error
        lines = result.tables["budget_lines"].to_pylist()
        got = {(r["item_code"], r["measure"]): r["amount_raw"] for r in lines}
        for c in cells:
            total += 1
            read = got.get((c["code"], c["measure"]))
            exact += read is not None and Decimal(read.replace(",", "")) == Decimal(c["raw"].replace(",", ""))
        assert {r["method"] for r in lines} == {"ocr"}
        assert all(0 < r["ocr_confidence"] <= 1 for r in lines)
        findings = result.tables["findings"].to_pylist()
        assert [f for f in findings if f["severity"] == "error"] == []
        assert not [f for f in findings if f["check"] == "table.unreadable"]
        doc = result.tables["documents"].to_pylist()[0]
        assert doc["ocr_pages"] == [1] and doc["status"] == "ok"
    assert exact / total >= 0.99, (exact, total)


PROSE = [
    "2025年部门预算收入合计1,234.56万元，其中财政拨款收入1,000.00万元，事业收入234.56万元。",
    "基本支出890.12万元，占支出总额的72.1%；项目支出344.44万元，主要用于城镇新增就业和职业培训。",
    "二〇二五年一月",
]


@needs_ocr
@needs_font
def test_scanned_prose_page(tmp_path):
    path = tmp_path / "prose.pdf"
    path.write_bytes(ocrgen.prose_pdf(PROSE))
    doc = read_document(path, ocr=True)
    page = doc.pages[0]
    assert page.method == "ocr" and page.has_text
    text = "".join(line.text for line in page.lines).replace(" ", "")
    for figure in (
        "1,234.56万元",
        "1,000.00万元",
        "234.56万元",
        "890.12万元",
        "72.1%",
        "344.44万元",
        "二〇二五年一月",
    ):
        assert figure in text
    for line in page.lines:
        x0, top, x1, bottom = line.bbox
        assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height
        assert 0.5 <= line.confidence <= 1
    assert [ln.number for ln in page.lines] == list(range(1, len(page.lines) + 1))
    assert read_document(path, ocr=False).pages[0].has_text is False


@needs_ocr
@needs_font
def test_no_ocr_keeps_needs_ocr(tmp_path, monkeypatch):
    from caizheng.cli import main

    monkeypatch.setenv("CAIZHENG_OCR", "1")  # restored after the test: --no-ocr sets it to 0
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "prose.pdf").write_bytes(ocrgen.prose_pdf(PROSE[:1]))
    out = tmp_path / "wh"
    assert main(["ingest", str(folder), "--out", str(out), "--workers", "0", "--quiet", "--no-ocr"]) == 0
    from caizheng.normalize.warehouse import Warehouse

    docs = Warehouse(out).read("documents").to_pylist()
    assert [d["status"] for d in docs] == ["needs_ocr"] and "--no-ocr" in docs[0]["error"]


@needs_ocr
@needs_font
@pytest.mark.slow
def test_a_batch_worker_reads_scans_under_its_memory_ceiling(tmp_path, monkeypatch):
    """In the pool the worker's address space is capped (--max-memory, RLIMIT_AS): the
    recognizer must read there too, not fail every page with `std::bad_alloc` (it did, when
    onnxruntime and glibc reserved their per-core threads and arenas in every worker)."""
    from caizheng.cli import main
    from caizheng.normalize.warehouse import Warehouse

    monkeypatch.setenv("CAIZHENG_OCR", "1")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"prose{i}.pdf").write_bytes(ocrgen.prose_pdf(PROSE[i:] + PROSE[:i]))
    out = tmp_path / "wh"
    assert main(["ingest", str(folder), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    docs = Warehouse(out).read("documents").to_pylist()
    assert [(d["status"], d["ocr_pages"], d["warnings"]) for d in docs] == [
        ("ok", [1], ["pages read by OCR: 1"])
    ] * 2


# --- real scans (corpus-wild) ---


def _first_pages(src: Path, n: int, dst: Path) -> Path:
    import pypdfium2

    pdf, out = pypdfium2.PdfDocument(str(src)), pypdfium2.PdfDocument.new()
    out.import_pages(pdf, list(range(min(n, len(pdf)))))
    out.save(str(dst))
    return dst


def _pages(src: Path, pages: list[int], dst: Path) -> Path:
    import pypdfium2

    pdf, out = pypdfium2.PdfDocument(str(src)), pypdfium2.PdfDocument.new()
    out.import_pages(pdf, [p - 1 for p in pages])
    out.save(str(dst))
    return dst


SCANS = [
    ("calinchow-del__changsha-finance-bureau-fund-allocation-notice-2025-scanned-NEG.pdf", 4),
    ("calinchow-del__yulin-hrss-unemployment-insurance-notice-2025-scanned-NEG.pdf", 5),
    ("chenfei2008c__zhangjiajie-hunan-2025-statistical-bulletin-scanned.pdf", 3),  # of 20 pages
]


@needs_ocr
@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("name, pages", SCANS)
def test_wild_scans_read_ok(tmp_path, name, pages):
    from caizheng.pipeline import process_file

    src = WILD / name
    if not src.exists():
        pytest.skip(f"needs ../shared/corpus-wild/{name}")
    path = _first_pages(src, pages, tmp_path / name)
    result = process_file(path, tmp_path)
    doc = result.tables["documents"].to_pylist()[0]
    assert doc["status"] == "ok", doc["error"]
    assert doc["report_kind"] == "unknown"  # a notice, a notice, a 统计公报: none is a finance report
    assert doc["ocr_pages"]
    errors = [f for f in result.tables["findings"].to_pylist() if f["severity"] == "error"]
    assert errors == []


@needs_ocr
@pytest.mark.slow
@pytest.mark.corpus
def test_a_text_layer_of_glyph_codes_is_read_by_ocr(tmp_path):
    """淮安's report embeds its fonts without a Unicode map: its text layer reads
    `!"#$%&’()*+,` for every Chinese line. The pages are read from their images instead."""
    src = WILD / "chenfei2008c__huaian-jiangsu-2025-budget-report-garbled-text.pdf"
    if not src.exists():
        pytest.skip("needs ../shared/corpus-wild")
    path = _pages(src, [1], tmp_path / "ha.pdf")
    assert read_document(path, ocr=False).pages[0].method == "unmapped"
    page = read_document(path, ocr=True).pages[0]
    assert page.method == "ocr"
    text = page.text.replace(" ", "")
    assert "淮安市" in text and "预算" in text and "2026" in text


@needs_ocr
@pytest.mark.corpus
def test_digital_reports_pages_without_text(tmp_path):
    """银川's title page is outlined text (curves, no characters): OCR reads it; 山东's pages
    without characters print nothing and are left blank, not sent to the recognizer."""
    yinchuan = WILD / "chenfei2008c__yinchuan-ningxia-2025-budget-tables.pdf"
    shandong = WILD / "chenfei2008c__shandong-2023-final-accounts-tables.pdf"
    if not (yinchuan.exists() and shandong.exists()):
        pytest.skip("needs ../shared/corpus-wild")
    doc = read_document(_pages(yinchuan, [1, 3], tmp_path / "yc.pdf"), ocr=True)
    title, table = doc.pages
    assert title.method == "ocr" and table.method is None
    assert "银川市" in title.text and "预算" in title.text and "二〇二六年一月" in title.text.replace(" ", "")
    doc = read_document(_pages(shandong, [2, 3], tmp_path / "sd.pdf"), ocr=True)
    assert doc.pages[0].method is None and not doc.pages[0].has_text and doc.pages[1].has_text
