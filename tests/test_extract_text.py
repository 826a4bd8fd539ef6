"""The text reader: encodings, pages, tables from real samples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caizheng.extract import BinaryFile, EmptyFile, read_document
from caizheng.extract.text import detect_encoding, read_text

from .conftest import DONGXIHU, ZHENGNING

SENTENCE = "正宁县人力资源和社会保障局 2023年度整体支出绩效自评报告\n全年支出 1745.81 万元\n"


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_encodings_are_detected_and_decoded(tmp_path, encoding, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    assert detect_encoding(path.read_bytes()) == expected
    doc = read_text(path)
    assert doc.pages[0].lines[0].text == SENTENCE.splitlines()[0]


def test_form_feeds_are_page_breaks(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text("第一页\n收入\f第二页\n支出 12.5 万元", encoding="utf-8")
    doc = read_text(path)
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[1].lines[1].text == "支出 12.5 万元"
    assert (doc.pages[1].lines[1].page, doc.pages[1].lines[1].number) == (2, 2)


def test_empty_and_binary_files_are_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_document(empty)
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(BinaryFile):
        read_document(binary)


def test_tab_separated_self_evaluation_table_is_a_table():
    doc = read_document(ZHENGNING)
    (table,) = list(doc.tables())
    texts = table.texts()
    header = next(r for r in texts if r[:3] == ["一级指标", "二级指标", "三级指标"])
    assert header[3:7] == ["年度指标值", "实际完成值", "分值", "得分"]
    total = next(r for r in texts if r[0] == "合计")
    # the 合计 row prints 100 points available and 98 scored
    assert "100" in total and "98" in total
    # provenance: the table's rows keep the line they were printed on
    assert table.rows[0][0].line == table.first_line
    assert doc.pages[0].lines[table.first_line - 1].text.startswith(texts[0][0])


def test_markdown_pipe_tables(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(
        "标题\n\n| 项目 | 金额 |\n|---|---|\n| 基本支出 | 553.53 |\n| 项目支出 | 1192.27 |\n",
        encoding="utf-8",
    )
    (table,) = list(read_document(path).tables())
    assert table.method == "markdown"
    assert table.texts() == [["项目", "金额"], ["基本支出", "553.53"], ["项目支出", "1192.27"]]


def test_two_space_runs_are_candidate_cells():
    doc = read_document(DONGXIHU)
    line = next(ln for ln in doc.lines() if ln.text.startswith("单位名称：区人社局"))
    assert line.cells()[0] == "单位名称：区人社局"
    assert line.cells()[-1] == "填报日期："


def _html(grid: list[list[str | None]], spans: dict, breaks: bool) -> str:
    """A grid as a converter writes it: each anchored cell a <td> with its spans, over one
    line or with a line break after every row."""
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row):
            if text is None:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<td{attrs}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + ("\n" if breaks else "").join(rows) + "</table>"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_html_tables_are_read_on_the_grid_their_spans_describe(data):
    """Random grids with merged cells, written as HTML (one line or one row a line), read back
    with every cell at its place: a merged cell's text in its first position, the rest empty."""
    n_rows, n_cols = data.draw(st.integers(2, 6)), data.draw(st.integers(2, 5))
    taken: set = set()
    grid: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans = {}
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) in taken:
                continue
            rs = data.draw(st.integers(1, n_rows - r))
            cs = 1
            while c + cs < n_cols and (r, c + cs) not in taken and data.draw(st.booleans()):
                cs += 1
            while any((r + dr, c + dc) in taken for dr in range(rs) for dc in range(cs)):
                rs -= 1
            taken |= {(r + dr, c + dc) for dr in range(rs) for dc in range(cs)}
            grid[r][c] = f"格{r}-{c}" if data.draw(st.booleans()) else f"{r * 100 + c:,}.5"
            spans[(r, c)] = (rs, cs)
    breaks = data.draw(st.booleans())
    text = "表1 收入支出总表\n" + _html(grid, spans, breaks) + "\n注：本表单位为万元。\n"
    page = read_text("t.md", data=text.encode("utf-8")).pages[0]
    (table,) = page.tables
    assert table.method == "html"
    assert table.texts() == [[t or "" for t in row] for row in grid]
    # each cell knows the line its <td> opens on; the line after the table is prose again
    lines = {ln.number: ln.text for ln in page.lines}
    for row in table.rows:
        for cell in row:
            assert not cell.text or cell.text in lines[cell.line]
    assert lines[max(lines) - 1] == "注：本表单位为万元。"
    assert all("<" not in t for t in lines.values())


def test_an_html_table_left_open_ends_before_the_next():
    text = "<table><tr><td>一级指标</td><td>指标值</td></tr><tr><td>产出指标</td><td>≥95%</td>\n\n<table><tr><td>项目</td><td>金额</td></tr><tr><td>基本支出</td><td>553.53</td></tr></table>\n"
    tables = read_text("t.md", data=text.encode("utf-8")).pages[0].tables
    assert [t.texts() for t in tables] == [
        [["一级指标", "指标值"], ["产出指标", "≥95%"]],
        [["项目", "金额"], ["基本支出", "553.53"]],
    ]
