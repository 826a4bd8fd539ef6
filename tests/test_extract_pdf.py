"""The PDF reader on the real PDFs of ../shared/corpus (skipped without them) and on
PDFs the tests build."""

from __future__ import annotations

import pdfplumber
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from caizheng.extract import CorruptPDF, EncryptedPDF, read_document
from caizheng.extract.pdf import (
    dedupe_page,
    join_wrapped,
    read_pdf,
    repair_cjk_spacing,
    table_texts,
    unique_chars,
)

from .conftest import corpus_pdf
from .pdfgen import build_pdf


@pytest.mark.parametrize(
    "text, expected",
    [
        ("保 障 职 教", "保障职教"),
        ("2021 年度", "2021年度"),
        ("收入 3,395.50 2,143.90", "收入 3,395.50 2,143.90"),  # numbers never glued
        ("支出 9746.50 万元", "支出 9746.50万元"),
        ("12 3", "12 3"),
    ],
)
def test_cjk_spacing(text, expected):
    assert repair_cjk_spacing(text) == expected


def test_wrapped_cells_are_joined():
    assert join_wrapped("社会保障和就\n业支出") == "社会保障和就业支出"
    assert join_wrapped("Total\nsum") == "Total sum"


# (file, page, title the page prints, columns of its first table)
PDF_TABLES = [
    ("putuo-planning-2024-final-accounts.pdf", 7, "收入支出决算总表", 4),
    ("putuo-planning-2024-final-accounts.pdf", 14, "一般公共预算财政拨款支出决算表", 5),
    ("putuo-planning-2024-final-accounts.pdf", 8, "收入决算表", 9),
    ("putuo-govoffice-2025-budget.pdf", 11, "2025年部门支出预算总表", 7),
    ("jiangsu-party-office-2018-budget-tables.pdf", 7, "财政拨款支出预算表", 3),
    ("jiangsu-party-office-2018-budget-tables.pdf", 3, "收支预算总表", 6),
    ("swu-2024-budget.pdf", 10, "西南大学支出预算表", 6),
    ("shanghai-final-accounts-template.pdf", 5, "收入支出决算总表", 4),
]


@pytest.mark.corpus
@pytest.mark.parametrize("name, page, title, n_cols", PDF_TABLES)
def test_corpus_pdf_tables_have_their_columns(document_cache, name, page, title, n_cols):
    doc = document_cache(corpus_pdf(name))
    p = doc.pages[page - 1]
    assert any(title in ln.text for ln in p.lines[:4])
    assert p.tables, f"no table found on page {page}"
    table = p.tables[0]
    assert table.n_cols == n_cols
    assert all(c.page == page and c.line for row in table.rows for c in row if c.text)


@pytest.mark.corpus
def test_table_cells_keep_their_position(document_cache):
    doc = document_cache(corpus_pdf("putuo-planning-2024-final-accounts.pdf"))
    table = doc.pages[13].tables[0]  # 一般公共预算财政拨款支出决算表
    row = next(r for r in table.rows if r[0].text == "2080501")
    assert [c.text for c in row] == ["2080501", "行政单位离退休", "54.53", "54.53", "0.00"]
    x0, top, x1, bottom = row[2].bbox
    assert x0 < x1 and top < bottom
    # the cell's line is the first page line printed inside its row
    line = doc.pages[13].lines[row[2].line - 1]
    assert top - 1 <= line.bbox[1] <= bottom
    assert line.text == "行政单位离退"  # the row's name wraps: 行政单位离退 / 休


def test_built_pdf_reads(tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(build_pdf(["Budget 2021 total 3395.50", None]))
    doc = read_document(path)
    assert doc.page_count == 2
    assert doc.pages[0].lines[0].text == "Budget 2021 total 3395.50"
    assert doc.pages[0].lines[0].bbox is not None
    assert not doc.pages[1].has_text


def test_truncated_pdf_is_corrupt(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(build_pdf(["hello"])[:60])
    with pytest.raises(CorruptPDF):
        read_document(path)


def test_encrypted_pdf_is_named_as_such(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf(["secret"], encrypt=True))
    with pytest.raises(EncryptedPDF):
        read_document(path)


def test_overprinted_bold_is_read_once(tmp_path):
    # bold faked by printing each word twice, 0.3 pt apart: one line, each character once
    twice = b"BT /F1 12 Tf 72 720 Td (Total 3395.50) Tj ET BT /F1 12 Tf 72.3 720 Td (Total 3395.50) Tj ET"
    path = tmp_path / "bold.pdf"
    path.write_bytes(build_pdf([twice]))
    doc = read_document(path)
    assert [ln.text for ln in doc.pages[0].lines] == ["Total 3395.50"]


@pytest.mark.parametrize(
    "name",
    [
        "putuo-planning-2024-final-accounts.pdf",
        "swu-2024-budget.pdf",
        "jiangsu-party-office-2018-budget-tables.pdf",
        "putuo-govoffice-2025-budget.pdf",
        "shanghai-final-accounts-template.pdf",
    ],
)
def test_duplicate_chars_are_those_pdfplumber_drops(name):
    """`unique_chars` is pdfplumber's dedupe rule without its quadratic reordering: the same
    characters survive, in the same order, on every page of a real report."""
    from pdfplumber.utils import dedupe_chars

    with pdfplumber.open(corpus_pdf(name)) as pdf:
        for page in pdf.pages:
            chars = page.chars
            ours = {id(c) for c in unique_chars(chars)}
            assert [c for c in chars if id(c) in ours] == dedupe_chars(chars), page.page_number
            page.close()


@pytest.mark.parametrize("name", ["putuo-planning-2024-final-accounts.pdf", "swu-2024-budget.pdf"])
def test_cell_texts_are_those_pdfplumber_extracts(name):
    """`table_texts` finds each row's characters by bisection: the same texts as
    `Table.extract`, cell for cell, on every table of a real report (ruled and not)."""
    with pdfplumber.open(corpus_pdf(name)) as pdf:
        tables = 0
        for page in pdf.pages:
            page = dedupe_page(page)
            for strategy in ("lines", "text"):
                for table in page.find_tables(
                    {"vertical_strategy": strategy, "horizontal_strategy": strategy}
                ):
                    assert table_texts(table) == table.extract(), (page.page_number, strategy)
                    tables += 1
        assert tables > 20


_coordinate = st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0, 1.1, 1.2, 2.0, 2.1, 2.2, 3.05, 10.0])


@given(
    st.lists(
        st.tuples(st.sampled_from("0１年"), st.sampled_from([9.0, 12.0]), _coordinate, _coordinate),
        max_size=40,
    )
)
@example([("0", 9.0, 1.2, 0.0), ("0", 9.0, 2.2, 0.0)])  # 2.2 - 1.2 > 1, yet 2.2 <= 1.2 + 1
def test_duplicate_chars_rule_on_close_calls(specs):
    """Chars chained within the tolerance, at the float edges of `x <= last + 1`."""
    from pdfplumber.utils import dedupe_chars

    chars = [
        {"upright": True, "text": t, "fontname": "F", "size": size, "doctop": top, "x0": x0}
        for t, size, top, x0 in specs
    ]
    ours = {id(c) for c in unique_chars(chars)}
    assert [c for c in chars if id(c) in ours] == dedupe_chars(chars)


def _mixed_font_pdf(path, pieces, size=12):
    """One printed line whose pieces use different fonts and baselines (figures in a Latin
    font set a little above the Chinese text's baseline, as many converters print them)."""
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    x = 72
    for text, font, rise in pieces:
        c.setFont(font, size)
        c.drawString(x, 700 + rise, text)
        x += pdfmetrics.stringWidth(text, font, size)
    c.drawString(72, 650, "下一行")
    c.save()


@pytest.mark.parametrize("rise", [1.5, 2.4, 3.5])
def test_lines_by_vertical_overlap_whatever_the_font(tmp_path, rise):
    cjk, latin = "STSong-Light", "Times-Roman"
    path = tmp_path / "mixed.pdf"
    pieces = [
        ("本单位", cjk, 0),
        ("2024", latin, rise),
        ("年度收入支出总计", cjk, 0),
        ("1,234.56", latin, rise),
        ("万元。", cjk, 0),
    ]
    _mixed_font_pdf(path, pieces)
    lines = [ln.text for ln in read_pdf(path).pages[0].lines]
    assert lines == ["本单位2024年度收入支出总计1,234.56万元。", "下一行"]


def _rules_only_columns_pdf(path, names, figures, *, names_outside: bool, prose_box: bool = False):
    """A table ruled by its columns only (no rule between rows), as many government reports
    print them; its name column inside the rules or left of them; optionally a line of prose
    with a boxed blank (a form's fill-in) above it."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 9)
    if prose_box:
        c.drawString(40, 800, "本单位服务类采购预算")
        c.rect(135, 796, 30, 14)
        c.rect(165, 796, 40, 14)
        c.drawString(145, 800, "7")
        c.drawString(170, 800, "万元，")
        c.drawString(210, 800, "货物类采购预算 0 万元。")
    xs = [200, 300, 400] if names_outside else [40, 200, 300, 400]
    top, step = 760, 16
    bottom = top - step * (len(names) + 1)
    for x in xs:
        c.line(x, top, x, bottom)
    c.line(xs[0], top, xs[-1], top)
    c.line(xs[0], top - step, xs[-1], top - step)
    c.line(xs[0], bottom, xs[-1], bottom)
    c.drawString(45, top - 12, "项目")
    c.drawString(205, top - 12, "预算数")
    c.drawString(305, top - 12, "决算数")
    for k, (name, (a, b)) in enumerate(zip(names, figures)):
        y = top - step * (k + 2) + 4
        c.drawString(45, y, name)
        c.drawRightString(295, y, a)
        c.drawRightString(395, y, b)
    c.save()


@pytest.mark.parametrize("names_outside", [False, True])
def test_rows_ruled_only_by_columns_are_rows(tmp_path, names_outside):
    """One ruled row holding a column of figures, one per printed line, is as many rows; the
    names printed left of the left rule are the rows' first cells; a boxed blank in a line of
    prose is not a table."""
    names = ["一、税收收入", "增值税", "企业所得税", "二、非税收入"]
    figures = [
        ("13,690,843", "14,097,587"),
        ("5,443,160", "5,381,748"),
        ("2,113,413", "1,986,429"),
        ("8,106,029", "9,991,647"),
    ]
    path = tmp_path / "t.pdf"
    _rules_only_columns_pdf(path, names, figures, names_outside=names_outside, prose_box=True)
    doc = read_pdf(path)
    (table,) = doc.pages[0].tables
    body = [[cell.text for cell in row] for row in table.rows[1:]]
    assert body == [[n, a, b] for n, (a, b) in zip(names, figures)]
    assert [row[1].line for row in table.rows[1:]] == sorted({row[1].line for row in table.rows[1:]})


def test_a_text_layer_of_glyph_codes_is_no_text(tmp_path, monkeypatch):
    """A font embedded without a Unicode map gives glyph codes (`!"#$%&'()*+,`) for Chinese
    characters: such a page is read as having no text (for OCR), and the document says why;
    figures, English and ordinary symbols are text."""
    monkeypatch.setenv("CAIZHENG_OCR", "0")
    glyphs = '!"#$%&\'()*+,-./0 12034 %&56778 9": !"#$: %&\'()*+, -./01234& 56789 :;< 567=>, ?@AB'
    pages = [
        glyphs,
        "Total 1,234.56 (2024) 5,775.40 - 3.2% 8,001.00; 12/31",
        "Budget report of 2024: income and spending",
    ]
    (tmp_path / "g.pdf").write_bytes(build_pdf(pages))
    doc = read_document(tmp_path / "g.pdf")
    assert [(p.has_text, p.method) for p in doc.pages] == [(False, "unmapped"), (True, None), (True, None)]
    assert doc.warnings == (
        "pages whose text layer is glyph codes, not text (fonts without a Unicode map): 1",
    )


def test_sub_and_superscripts_stay_on_their_line_in_a_cell(tmp_path):
    """`PM₂.₅` and `m³` print their digits smaller, below or above the line: read in their
    place (`PM2.5`, `m3`), not as a line of their own after the cell's text."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "scripts.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    xs, ys = (50, 300, 500), (700, 680, 660)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)

    def pieces(x, y, parts):
        for text, size, rise in parts:
            c.setFont("STSong-Light", size)
            c.drawString(x, y + rise, text)
            x += pdfmetrics.stringWidth(text, "STSong-Light", size)

    pieces(55, 686, [("细颗粒物（PM", 9, 0), ("2.5", 6, -2.5), ("）年均浓度", 9, 0)])
    pieces(305, 686, [("≤35微克/立方米", 9, 0)])
    pieces(55, 666, [("新增库容万m", 9, 0), ("3", 6, 4), ("以上", 9, 0)])
    pieces(305, 666, [("≥20", 9, 0)])
    c.save()
    (table,) = read_document(path).pages[0].tables
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["细颗粒物（PM2.5）年均浓度", "≤35微克/立方米"],
        ["新增库容万m3以上", "≥20"],
    ]


@pytest.mark.parametrize("page_rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("content_rotation", [0, 90, 180, 270])
def test_a_turned_page_is_read_the_way_its_text_runs(tmp_path, page_rotation, content_rotation):
    """A page turned by its /Rotate, by its drawing, or both, is read with its text upright:
    the title reads forwards, the ruled table keeps its cells, and the document names the
    pages read turned (their bboxes are of the turned page)."""
    pytest.importorskip("reportlab")
    import random

    from . import tablegen

    table = tablegen.expenditure_table(random.Random(page_rotation * 7 + content_rotation))
    layout = tablegen.Layout(page_rotation=page_rotation, content_rotation=content_rotation)
    (tmp_path / "t.pdf").write_bytes(tablegen.render_pdf(table, layout).pdf)
    doc = read_document(tmp_path / "t.pdf")
    (page,) = doc.pages
    assert page.lines[0].text == table.title
    (read,) = page.tables
    names = [row[1].text for row in read.rows[1:]]
    assert names == [row.name for row in table.rows]
    turn = (content_rotation - page_rotation) % 360
    # shown upright, the page is as wide as the drawing made for a portrait sheet
    assert (page.width, page.height) == (595, 842)
    if turn:
        assert doc.warnings == (
            f"pages whose text runs {['', 'upwards', 'upside down', 'downwards'][turn // 90]}, "
            f"read turned {turn}° clockwise (their bboxes are of the turned page): 1",
        )
    else:
        assert doc.warnings == ()


def test_a_few_turned_characters_do_not_turn_the_page(tmp_path):
    """A stamp or a margin note printed sideways beside upright text leaves the page as it is."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "stamp.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 10)
    prose = "本部门二〇二四年收入预算合计一千二百三十四万元，比上年增加百分之五。"
    for i in range(4):
        c.drawString(50, 780 - 20 * i, prose)
    c.saveState()
    c.translate(20, 400)
    c.rotate(90)
    c.drawString(0, 0, "内部资料仅供参考请勿外传谢谢合作" * 3)
    c.restoreState()
    c.save()
    doc = read_document(path)
    assert doc.pages[0].lines[0].text == prose
    assert doc.warnings == ()


def test_a_table_without_its_outer_vertical_rules_keeps_its_first_and_last_columns(tmp_path):
    """Rows ruled across the table, columns ruled only inside: the rows' rules say where the
    table ends, so the code column and the last money column are cells like the others."""
    pytest.importorskip("reportlab")
    import random

    from . import tablegen

    table = tablegen.expenditure_table(random.Random(11), unit="万元")
    for open_sides in (False, True):
        layout = tablegen.Layout(open_sides=open_sides)
        (tmp_path / "t.pdf").write_bytes(tablegen.render_pdf(table, layout).pdf)
        (read,) = read_document(tmp_path / "t.pdf").pages[0].tables
        assert read.texts()[0] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
        assert [r[0].text for r in read.rows[2:]] == [row.code for row in table.rows[1:]]
        assert [r[-1].text for r in read.rows[1:]] == [
            tablegen.shown(row.values["project"], "万元") for row in table.rows
        ]


def test_boxed_words_in_prose_stay_boxes():
    """长沙职教基地 2026 pp7-9: prose with its figures boxed, several boxes a line: each box
    stays a one-row table; no table grows over the prose from rules that cross no table whole."""
    from .test_performance_tables import WILD

    path = WILD / "calinchow-del__changsha-vocational-education-base-office-2026-dept-budget.pdf"
    if not path.exists():
        pytest.skip("needs ../shared/corpus-wild")
    from caizheng.extract.pdf import PdfSettings, page_to_page

    with pdfplumber.open(path) as pdf:
        pages = [page_to_page(pdf.pages[n - 1], n, PdfSettings()) for n in (7, 8, 9)]
    tables = [t for p in pages for t in p.tables]
    assert tables and all(len(t.rows) == 1 for t in tables)


_coordinate = st.floats(0, 100, allow_nan=False, width=32)


@given(
    boxes=st.lists(st.tuples(_coordinate, _coordinate, _coordinate, _coordinate), max_size=60),
    bbox=st.tuples(_coordinate, _coordinate, _coordinate, _coordinate),
)
def test_char_index_finds_what_the_linear_test_finds(boxes, bbox):
    """`CharIndex.within` (bisection on the characters' middles) gives the characters
    pdfplumber's test keeps, `_in_bbox` over every character, in page order."""
    from caizheng.extract.pdf import CharIndex, _in_bbox

    chars = [
        {"x0": min(a, b), "x1": max(a, b), "top": min(c, d), "bottom": max(c, d), "n": i}
        for i, (a, b, c, d) in enumerate(boxes)
    ]
    assert CharIndex(chars).within(bbox) == [c for c in chars if _in_bbox(c, bbox)]
