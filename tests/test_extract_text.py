"""The text reader: encodings, pages, tables from real samples."""

from __future__ import annotations

import pytest

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
