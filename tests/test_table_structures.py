"""The logical-table model on generated tables: read back exact, and the audit finds a
misprinted figure at its row and nothing in a consistent table.

Tables come from `tablegen` (random 类/款/项 trees with consistent sums, rendered as
ruled PDFs in random layouts), so these tests cannot pass by remembering a document.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caizheng.audit import audit_document, table_relations
from caizheng.extract.pdf import read_pdf
from caizheng.normalize.rows import budget_line_to_row
from caizheng.parsers.budget_grid import document_to_grid_budget
from caizheng.parsers.tables.structure import assign_parents, is_column_index, outline_rank, row_kind

from . import tablegen

pytest.importorskip("reportlab")


def _read(tmp_path: Path, rendered) -> list:
    path = tmp_path / "t.pdf"
    path.write_bytes(rendered.pdf)
    lines, _ = document_to_grid_budget(read_pdf(path))
    return lines


def _rows(lines) -> list[dict]:
    return [{**budget_line_to_row(b), "doc_id": "x"} for b in lines]


SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(seed=st.integers(0, 10**6))
def test_every_cell_read_back_exact(tmp_path, seed):
    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    rendered = tablegen.render_pdf(table, tablegen.random_layout(rng))
    lines = _read(tmp_path, rendered)
    got = sorted(((b.item_code, b.item_name_raw, b.measure, b.amount_raw) for b in lines), key=str)
    want = sorted(((c["code"], c["name"], c["measure"], c["raw"]) for c in rendered.cells), key=str)
    assert got == want
    assert {b.unit_raw for b in lines} == {table.unit}


@SETTINGS
@given(seed=st.integers(0, 10**6))
def test_consistent_table_has_no_error(tmp_path, seed):
    rng = random.Random(seed)
    rendered = tablegen.render_pdf(tablegen.expenditure_table(rng), tablegen.random_layout(rng))
    findings = audit_document({"budget_lines": _rows(_read(tmp_path, rendered))})
    assert [f for f in findings if f["severity"] == "error"] == []
    assert not [f for f in findings if f["check"] == "table.unreadable"]


def test_single_figure_mutations_caught_at_their_row(tmp_path):
    """≥ 99% of single misprinted figures are reported as errors naming that figure."""
    rng = random.Random(20261202)
    caught = total = 0
    missed = []
    for _ in range(60):
        table = tablegen.expenditure_table(rng)
        layout = tablegen.random_layout(rng)
        row = rng.randrange(len(table.rows))
        measure = rng.choice([m for m in tablegen.MEASURES if table.rows[row].values.get(m)] or ["total"])
        delta = Decimal(rng.choice([1, 7, 100, 2500])) * (Decimal(100) if table.unit == "元" else Decimal(1))
        rows_in_order = table.rows[1:] + table.rows[:1] if layout.total_last else table.rows
        index = rows_in_order.index(table.rows[row])
        rendered = tablegen.render_pdf(table, layout, mutate=(index, measure, delta))
        printed = next(
            (c["raw"] for c in rendered.cells if c["row"] == index and c["measure"] == measure), None
        )
        if printed is None:
            continue
        total += 1
        findings = audit_document({"budget_lines": _rows(_read(tmp_path, rendered))})
        errors = [f for f in findings if f["severity"] == "error"]
        if any(printed in {d.get("printed") for d in json.loads(f.get("detail") or "[]")} for f in errors):
            caught += 1
        else:
            missed.append((layout, table.rows[row].code, measure, printed, [f["message"] for f in findings]))
    assert total >= 50
    assert caught / total >= 0.99, missed[:3]


@pytest.mark.parametrize(
    "name, raws, expected",
    [
        ("栏次", ["1", "2", "3"], True),
        ("**", ["1", "2", "4", "6", "5"], True),
        ("", ["1", "2", "3", "4"], True),
        ("合计", ["1", "2"], False),  # a total of 1 and 2 in a 元 table is money
        ("", ["1", "1"], False),
        ("栏次", ["12.00", "3"], False),
    ],
)
def test_column_index_row(name, raws, expected):
    assert is_column_index(name, raws) is expected


@pytest.mark.parametrize(
    "name, rank",
    [
        ("一、财政拨款", 1),
        ("（一）基本支出", 2),
        ("1.一般公共预算", 3),
        ("(1)工资", 4),
        ("财政拨款", None),
        ("2021年", None),
    ],
)
def test_outline_rank(name, rank):
    assert outline_rank(name) == rank


def test_row_kinds():
    assert row_kind("其中：捐赠收入") == "of_which"
    assert row_kind("当年收入小计") == "total"
    assert row_kind("本年支出合计") == "total"
    assert row_kind("收入总计") == "total"
    assert row_kind("人员经费合计") == "named_total"
    assert row_kind("一、财政拨款") == "item"


def test_parents_by_ordinal_and_code():
    rows = [
        ("item", None, "一、财政拨款"),
        ("item", None, "1.一般公共预算"),
        ("item", None, "2.政府性基金预算"),
        ("item", None, "二、事业收入"),
        ("of_which", None, "其中：教育收费"),
        ("total", None, "当年收入小计"),
        ("item", None, "上年结转"),
        ("total", None, "收入合计"),
    ]
    places = assign_parents(rows)
    assert [p.parent for p in places] == [None, 0, 0, None, 3, None, None, None]
    coded = [
        ("item", "301", "工资福利支出"),
        ("item", "30101", "基本工资"),
        ("item", "302", "商品和服务支出"),
        ("item", "30201", "办公费"),
        ("item", "301", "工资福利支出"),
        ("item", "30101", "基本工资"),
    ]
    assert [p.parent for p in assign_parents(coded)] == [None, 0, None, 2, None, 4]


def test_a_name_repeated_below_its_kuan_is_its_xiang():
    """Whole-area tables print names only; a 款 whose one 项 bears its name prints the name twice
    (山东 2023 决算 表10: 其他城乡社区支出 533 / 其他城乡社区支出 533). The second is the 项 under the
    first, not a second 款: summed as a sibling it doubles the 款 in its 类's sum."""
    from caizheng.parsers.tables.grid import _infer_code

    rows = [
        ("item", None, "城乡社区支出"),
        ("item", None, "城乡社区管理事务"),
        ("item", None, "行政运行"),
        ("item", None, "其他城乡社区支出"),
        ("item", None, "其他城乡社区支出"),
        ("item", None, "农林水支出"),
        ("item", None, "农业农村"),
    ]
    places = assign_parents(rows, _infer_code)
    assert [p.parent for p in places] == [None, 0, 1, 0, 3, None, 5]
    assert [p.level for p in places] == [1, 2, 3, 2, 3, 1, 2]


def test_templates_name_only_measures_the_readers_produce():
    """A template relation over a measure no header maps to could never apply: a typo there
    would silently switch a check off."""
    from caizheng.parsers.budget_vocab import _MEASURES
    from caizheng.parsers.tables.government import debt_measures
    from caizheng.parsers.tables.templates import column_relations, relations_for

    produced = {m for _, m in _MEASURES} | debt_measures()  # the debt tables' columns (gov.debt)
    relations = column_relations()
    assert relations, "data/templates holds no column relation"
    for rel in relations:
        assert {rel.whole, *rel.parts, *rel.unless} <= produced, rel.name
    assert [r.whole for r in relations_for({"total", "basic", "project", "personnel", "public"})] == [
        "total",
        "basic",
    ]
    assert relations_for({"total", "basic", "budget_initial"}) == []  # a layout the templates do not know


def test_government_reports_relations_are_warnings_until_templated(tmp_path):
    """The same misprinted table is an error in a department's report and a warning, saying
    why, in a government's own report (its tables follow no template here yet)."""
    rng = random.Random(7)
    table = tablegen.expenditure_table(rng)
    rendered = tablegen.render_pdf(table, tablegen.Layout(), mutate=(1, "total", Decimal(100)))
    rows = _rows(_read(tmp_path, rendered))
    department = audit_document({"budget_lines": rows, "documents": [{"report_kind": "budget"}]})
    government = audit_document({"budget_lines": rows, "documents": [{"report_kind": "government_budget"}]})
    assert any(f["severity"] == "error" for f in department)
    assert not any(f["severity"] == "error" for f in government)
    assert any("尚无模板" in f["message"] for f in government)


def test_template_row_relation_places_unnumbered_parts():
    """财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营 (data/templates): the parts hang from 财政拨款
    where the report prints no ordinal before them; an unrelated row after them does not."""
    from caizheng.parsers.tables.grid import declared_parts

    names = ["一、财政拨款", "一般公共预算", "政府性基金预算", "二、事业收入", "一般公共预算"]
    drafts = [{"kind": "item", "name": n} for n in names]
    places = declared_parts(drafts, assign_parents([("item", None, n) for n in names]))
    assert [p.parent for p in places] == [None, 0, 0, None, None]


def _cells(texts, page: int, top: float) -> tuple:
    """One printed row of 100-pt-wide cells at `top` on `page`."""
    from caizheng.extract.model import Cell

    return tuple(
        Cell(t, page, None, (50.0 + 100 * i, top, 150.0 + 100 * i, top + 10)) for i, t in enumerate(texts)
    )


def test_a_repeated_column_index_row_is_no_figures_of_the_row_above():
    """A table over two pages repeats its header and its 栏次 row (`1 | 2 | 3=2/1*100 | 4`); the
    first page ends on a row that prints no figure (防城港 2025 p10–11). The 栏次 row at the next
    page's top is the header's, not that row's figures ruled a line lower."""
    from caizheng.extract.model import Document, Line, Page, Table

    header = [("项目", "年初预算数", "执行数", "完成年初预算%", "建议数"), ("", "1", "2", "3=2/1*100", "4")]
    bodies = [
        [
            ("体制补助收入", "5,326", "5,326", "100.0", "5,326"),
            ("其他退税减税降费转移支付收入", "", "", "", ""),
        ],
        [("其他一般性转移支付收入", "857", "12,709", "", "1,266")],
    ]
    pages = []
    for n, body in enumerate(bodies, 1):
        rows = [_cells(r, n, 100 + 20 * i) for i, r in enumerate(header + body)]
        title = (Line("2026年一般公共预算收入表", n, 1, (50.0, 60.0, 400.0, 72.0)),) if n == 1 else ()
        pages.append(Page(n, title, (Table(tuple(rows), n, "pdf-lines", (50.0, 100.0, 550.0, 200.0), 2),)))
    lines, _ = document_to_grid_budget(Document("gen.pdf", "0" * 64, "pdf", tuple(pages)))
    named = {(b.item_name_raw, b.amount_raw) for b in lines}
    assert not [b for b in lines if b.item_name_raw == "其他退税减税降费转移支付收入"]
    assert ("其他一般性转移支付收入", "12,709") in named and ("体制补助收入", "5,326") in named


def test_siblings_of_an_unread_row_are_in_no_sum():
    """A missing rule puts a row's figures and the next row's in one box (`26,646⏎308,252`, 新疆
    2024 p75): that cell is not read, so 10310's sum over its 项 would miss one; its 项 are
    uncertain and no relation is checked over them, while the other 款's sum still is."""
    from caizheng.extract.model import Document, Line, Page, Table

    printed = [
        ("科目编码", "项目", "2024年完成数"),
        ("10309", "地方政府专项债务收入", "300"),
        ("1030901", "新增专项债务收入", "100"),
        ("1030902", "再融资专项债务收入", "200"),
        ("10310", "专项债券对应项目专项收入", "34,024"),
        ("1031006", "国有土地使用权出让金专项债务对应项目专项收入", "4,875"),
        ("1031013", "车辆通行费专项债务对应项目专项收入", "2,503"),
        ("1031099", "其他政府性基金专项债务对应项目专项收入", "26,646 308,252"),
    ]
    table = Table(
        tuple(_cells(r, 1, 100 + 20 * i) for i, r in enumerate(printed)),
        1,
        "pdf-lines",
        (50.0, 100.0, 350.0, 300.0),
        2,
    )
    page = Page(1, (Line("2024年政府性基金收入决算表", 1, 1, (50.0, 60.0, 400.0, 72.0)),), (table,))
    lines, _ = document_to_grid_budget(Document("gen.pdf", "0" * 64, "pdf", (page,)))
    certain = {b.item_code: b.row_certain for b in lines}
    assert certain["1031006"] is False and certain["1031013"] is False and certain["1030901"] is True
    relations = table_relations({"budget_lines": _rows(lines)})
    assert sum(t.checked for t in relations.values()) == 1  # 10309 = 1030901 + 1030902 only


def test_rows_between_two_declared_parts_are_items_of_the_first():
    """上级补助收入 = 返还性收入 + 一般性转移支付收入 + 专项转移支付收入 (data/templates), each printed
    with its own items and no ordinals (防城港 2025 p9): the items between two parts hang from the
    part before them; after the last part nothing says where the list ends, so those stay free."""
    from caizheng.parsers.tables.grid import declared_parts

    names = [
        "上级补助收入",
        "返还性收入",
        "所得税基数返还收入",
        "其他返还性收入",
        "一般性转移支付收入",
        "均衡性转移支付收入",
        "专项转移支付收入",
        "教育",
        "债务转贷收入",
    ]
    drafts = [{"kind": "item", "name": n, "code": None} for n in names]
    places = declared_parts(drafts, assign_parents([("item", None, n) for n in names]))
    assert [p.parent for p in places] == [None, 0, 1, 1, 0, 4, 0, None, None]


def test_nine_digit_revenue_codes_hang_from_their_seven_digit_item():
    """Revenue codes go on to a fourth level (目, 9 digits): 新疆 2024 p100 1030603 三、产权转让收入
    54,758 = 103060304 国有股权、股份转让收入 53,378 + 103060398 其他…产权转让收入 1,380."""
    rows = [
        ("item", "1030603", "三、产权转让收入"),
        ("item", "103060304", "国有股权、股份转让收入"),
        ("item", "103060398", "其他国有资本经营预算企业产权转让收入"),
        ("item", "1030604", "四、清算收入"),
    ]
    assert [p.parent for p in assign_parents(rows)] == [None, 0, 0, None]


def test_rows_after_a_transfer_row_are_unsettled():
    """转移性收入 printed with no ordinal, the balancing items after it: its parts in one report
    (山东 2023 p11), its siblings in another (朝阳 2024 p76). Nothing printed settles which, so those
    rows are uncertain (no sum counts on them) up to the next total; a row placed by a template
    relation (返还性收入 under 上级补助收入) and the rows before and after the block stay settled."""
    from caizheng.parsers.tables.grid import declared_parts

    names = [
        "税收收入",
        "非税收入",
        "本年收入合计",
        "转移性收入",
        "上级补助收入",
        "返还性收入",
        "调入资金",
        "上年结转收入",
        "收入总计",
        "税收收入",
    ]
    kinds = ["item", "item", "total", "item", "item", "item", "item", "item", "total", "item"]
    drafts = [{"kind": k, "name": n, "code": None} for k, n in zip(kinds, names)]
    places = declared_parts(drafts, assign_parents([(k, None, n) for k, n in zip(kinds, names)]))
    assert [p.certain for p in places] == [True, True, True, True, False, True, False, False, True, True]
    assert places[5].parent == 4


@pytest.mark.parametrize(
    "header, percent",
    [
        ("比上年增减%", True),
        ("政府性基金预算收入完成数增减%", True),
        ("利率（%）", True),
        ("执行率", True),
        ("完成预算数%", True),
        ("决算数为上年决算数的%）", True),
        ("决算数", False),
        ("增减额", False),
        ("金额（万元）", False),
        ("率先发展资金", False),
    ],
)
def test_percentage_headers(header, percent):
    from caizheng.parsers.budget_vocab import is_percent_header

    assert is_percent_header(header) is percent


@SETTINGS
@given(seed=st.integers(0, 10**6))
def test_unit_tables_group_their_rows(tmp_path, seed):
    """Tables listed by 单位 read back exact and sum by the grouping the unit list prints: a
    department above its units (its name repeated for its 本级 unit), each unit above its
    projects; a 合计 printed without its name at the head is a total. Unmutated: no error;
    one unit's or project's figure misprinted: an error naming it."""
    rng = random.Random(seed)
    header, rows = tablegen.unit_table(rng, projects=rng.random() < 0.5)
    nameless = rng.random() < 0.3
    rendered = tablegen.render_unit_pdf(header, rows, nameless_total=nameless)
    lines = _read(tmp_path, rendered)
    got = sorted((b.item_name_raw or "", b.amount_raw) for b in lines)
    want = sorted(("" if nameless and c["row"] == 0 else c["name"], c["raw"]) for c in rendered.cells)
    assert got == want
    findings = audit_document({"budget_lines": _rows(lines)})
    assert [f["message"] for f in findings if f["severity"] == "error"] == []
    row = rng.randrange(2, len(rows))
    column = rng.choice([k for k, v in enumerate(rows[row][1]) if v])  # a printed figure
    bad = tablegen.render_unit_pdf(header, rows, nameless_total=nameless, mutate=(row, column, Decimal(7)))
    errors = [
        f for f in audit_document({"budget_lines": _rows(_read(tmp_path, bad))}) if f["severity"] == "error"
    ]
    assert any(rows[row][0] in f["message"] for f in errors), [f["message"] for f in errors]


@SETTINGS
@given(seed=st.integers(0, 10**6))
def test_text_tables_read_into_the_same_structure(tmp_path, seed):
    """A table printed as text lines (`205 教育支出 31,875.24 17,170.07 14,705.17`) reads back
    with its printed codes and figures, its rows placed by code like a PDF table's; it sums
    without error, and a misprinted total of any row is an error naming that row."""
    from caizheng.extract.text import read_text
    from caizheng.parsers.budget_text import document_to_text_budget

    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    text, cells = tablegen.render_text(table)
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    lines, _ = document_to_text_budget(read_text(path))
    assert sorted((b.item_code or "", b.item_name_raw, b.amount_raw) for b in lines) == sorted(
        (c["code"] or "", c["name"], c["raw"]) for c in cells
    )
    truth = {(c["code"], c["raw"], c["measure"]) for c in cells}
    assert all((b.item_code, b.amount_raw, b.measure) in truth for b in lines if b.measure)
    by_code = {b.item_code: b for b in lines}
    for b in lines:
        if b.item_code and len(b.item_code) > 3:
            parent = [p for p in lines if p.row_index == b.parent_row][0]
            assert b.item_code.startswith(parent.item_code)
    assert by_code  # the coded rows were read
    assert [f for f in audit_document({"budget_lines": _rows(lines)}) if f["severity"] == "error"] == []
    row = rng.randrange(1, len(table.rows))
    bad, _ = tablegen.render_text(table, mutate=(row, "total", Decimal(3)))
    path.write_text(bad, encoding="utf-8")
    errors = [
        f
        for f in audit_document({"budget_lines": _rows(document_to_text_budget(read_text(path))[0])})
        if f["severity"] == "error"
    ]
    assert any(table.rows[row].code in f["message"] for f in errors), [f["message"] for f in errors]


@pytest.mark.parametrize(
    "title, code",
    [
        ("2024年全省一般公共预算支出决算表（3）", "final.general_budget_expenditure"),  # a part's number
        ("2024年全省一般公共预算收入决算表(1)", "final.income"),
        ("一般公共预算支出预算表（续）", "budget.general_budget_expenditure"),
        ("2021年度收入支出决算总表（表1）", "final.summary"),
        ("财政拨款收支预算总表(公开01表)", "budget.fiscal_summary"),
    ],
)
def test_a_title_is_read_whatever_number_follows_it(title, code):
    """河南 2024 numbers its tables after their names (`…决算表（3）`): every one was taken
    for a line of prose, and the 73-page report yielded no table at all."""
    from caizheng.parsers.budget_vocab import looks_like_title, title_to_table_code

    assert looks_like_title(title) and title_to_table_code(title) == code


def test_figures_printed_under_a_ruled_header_are_no_empty_table(tmp_path):
    """A table whose rules stop at its header (湖南 2023 债务决算 p1) prints its rows as plain
    lines: until they are read, the table is recorded as not read, never as empty."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from caizheng.extract import read_document
    from caizheng.parsers import parse_document

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "header-only.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 12)
    c.drawString(150, 790, "2024年一般公共预算支出预算表")
    c.setFont("STSong-Light", 9)
    c.drawString(480, 770, "单位：万元")
    xs, ys = (40, 200, 320, 440, 560), (765, 745)
    for x in xs:
        c.line(x, ys[0], x, ys[1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x, text in zip(xs, ("科目名称", "合计", "基本支出", "项目支出")):
        c.drawString(x + 4, 751, text)
    rng = random.Random(7)
    for k in range(6):
        basic, project = rng.randint(100, 9999), rng.randint(100, 9999)
        cells = [f"科目{k + 1}", f"{basic + project:,}.00", f"{basic:,}.00", f"{project:,}.00"]
        c.drawString(44, 730 - 16 * k, "  ".join(cells))
    c.save()
    (table,) = [t for t in parse_document(read_document(path)).tables if t.page == 1]
    assert (table.empty, table.n_values) == (False, 0)
    assert "6 行数字未画栏线，未读取" in table.note


@pytest.mark.parametrize("seed", range(6))
def test_rows_printed_free_under_a_ruled_header_are_read(tmp_path, seed):
    """The header ruled, the rows printed below it without rules, in the header's columns
    (湖南 2023 债务决算 pp1–3): every cell read back exactly, and the table adds up; one
    figure misprinted is an error naming it."""
    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    layout = tablegen.mutated(tablegen.random_layout(rng), free_body=True)
    rendered = tablegen.render_pdf(table, layout)
    lines = _read(tmp_path, rendered)
    got = sorted(((b.item_code, b.item_name_raw, b.measure, b.amount_raw) for b in lines), key=str)
    assert got == sorted(((c["code"], c["name"], c["measure"], c["raw"]) for c in rendered.cells), key=str)
    assert [f for f in audit_document({"budget_lines": _rows(lines)}) if f["severity"] == "error"] == []
    rows_in_order = table.rows[1:] + table.rows[:1] if layout.total_last else table.rows
    index = next(i for i, r in enumerate(rows_in_order) if r.code and len(r.code) == 7)
    mutated = tablegen.render_pdf(table, layout, mutate=(index, "total", Decimal(700)))
    printed = next(c["raw"] for c in mutated.cells if c["row"] == index and c["measure"] == "total")
    errors = [
        f
        for f in audit_document({"budget_lines": _rows(_read(tmp_path, mutated))})
        if f["severity"] == "error"
    ]
    assert any(printed in {d.get("printed") for d in json.loads(f["detail"])} for f in errors)


@pytest.mark.parametrize("seed", range(4))
def test_free_rows_go_on_at_the_next_page_top_without_the_header(tmp_path, seed):
    """A free-bodied table broken across pages without its header repeated: the next page's
    first lines are rows of the same columns, read as its continuation, every cell exact."""
    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    layout = tablegen.mutated(
        tablegen.random_layout(rng), free_body=True, repeat_header=False, rows_per_page=rng.randint(4, 8)
    )
    assert len(table.rows) > layout.rows_per_page  # the table does break
    rendered = tablegen.render_pdf(table, layout)
    path = tmp_path / "t.pdf"
    path.write_bytes(rendered.pdf)
    document = read_pdf(path)
    assert all(p.tables and p.tables[0].method == "pdf-lines+text" for p in document.pages)
    lines, _ = document_to_grid_budget(document)
    got = sorted(((b.item_code, b.item_name_raw, b.measure, b.amount_raw) for b in lines), key=str)
    assert got == sorted(((c["code"], c["name"], c["measure"], c["raw"]) for c in rendered.cells), key=str)
    assert {b.page for b in lines} == set(range(1, len(document.pages) + 1))


def test_a_line_of_prose_with_figures_is_no_row_of_figures():
    from caizheng.extract.pdf import _mostly_figures

    assert _mostly_figures("201一般公共服务支出 71,577,421 38,820,434", 2)
    assert _mostly_figures("湖南省 18,428.31 8,213.02 10,215.29")
    assert not _mostly_figures("增值税 517804万元，为预算的 95.1 %，增加 48320 万元 主要是 留抵退税")
    assert not _mostly_figures("其中 一般债务 8,213.02", 2)


WILD = Path(__file__).resolve().parents[2] / "shared" / "corpus-wild"


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus-wild")
def test_hunan_debt_rows_under_its_ruled_header():
    """湖南 2023 债务决算 p1 rules only its header: its 36 region rows are read, each in its column
    (湖南省: 限额 18,428.31 = 一般债务 8,213.02 + 专项债务 10,215.29)."""
    from caizheng.extract import read_document
    from caizheng.parsers import parse_document

    parsed = parse_document(read_document(WILD / "chenfei2008c__hunan-2023-debt-final-accounts-tables.pdf"))
    page1 = [b for b in parsed.budget_lines if b.page == 1]
    assert len({b.item_name_raw for b in page1}) == 36  # 湖南省 … 石鼓区, lines 8–43
    province = {b.measure: b.amount for b in page1 if b.item_name_raw == "湖南省"}
    assert province["limit"] == province["limit_general"] + province["limit_special"] == Decimal("18428.31")
    assert province["balance"] == Decimal("18216.63")
    # pp2–4 repeat the header without its 公式 row: the same table, continued
    (table,) = [t for t in parsed.tables if t.page == 1]
    assert (table.page_end, table.n_rows) == (4, 153)


def test_a_row_of_column_letters_or_formulas_is_no_row():
    from caizheng.parsers.tables.structure import is_column_labels

    assert is_column_labels("公式", ["A=B+C", "B", "C", "D=E+F", "E", "F"])
    assert is_column_labels("栏次", ["1", "2", "3=2/1*100"])
    assert not is_column_labels("公式", ["A=B+C", "8,213.02"])
    assert not is_column_labels("湖南省", ["A", "B"])


def test_an_unnumbered_row_under_a_numbered_one_is_not_placed():
    """山东 2023 表34 prints `四、生态环保 128.01` then `城镇污水垃圾收集处理 128.01` (its one part,
    printed without `（一）`) then `五、社会事业`: the outline does not say whether the row is a
    part or a sibling, so it is not placed and no sum is built on a guess."""
    rows = [
        ("total", None, "合计"),
        ("item", None, "三、农林水利"),
        ("item", None, "（一）农业"),
        ("item", None, "四、生态环保"),
        ("item", None, "城镇污水垃圾收集处理"),
        ("item", None, "五、社会事业"),
        ("item", None, "（一）卫生健康"),
    ]
    places = assign_parents(rows)
    assert [p.parent for p in places] == [None, None, 1, None, None, None, 5]
    assert [p.certain for p in places] == [True, True, True, True, False, True, True]


def test_of_which_rows_of_a_change_column_may_exceed_their_row():
    """其中 ≤ its row holds for amounts; in an 增减额 column the parts may have other signs
    (朝阳 2025 p23: 专项收入 −2,039 with 其中 教育费附加收入 −763): no finding there."""
    from caizheng.audit.figures import Figure
    from caizheng.audit.relations import Tally
    from caizheng.audit.structure_rules import _of_which

    def fig(value):
        return Figure("x", Decimal(value), Decimal("0.5"), str(value), 1, 1)

    for measure, whole, part, found in [
        ("change", "-2039", "-763", 0),
        ("actual", "100", "120", 1),
        ("actual", "-5", "3", 0),
    ]:
        rows = {
            0: {"kind": "item", "parent": None, "cells": {measure: fig(whole)}},
            1: {"kind": "of_which", "parent": 0, "cells": {measure: fig(part)}},
        }
        assert len(_of_which("t", rows, Tally())) == found, measure


def test_a_row_of_blank_ruled_cells_under_the_header_is_the_body():
    """`机关服务 | | |` right under `项目 | 2025年执行数 | …`, every cell ruled on its own and
    left blank (临沧 2026 p12): the body's first row, so the page's header is the one the page
    before printed and the table goes on over both."""
    from caizheng.extract.model import Table
    from caizheng.parsers.tables.header import header_rows_count

    header = _cells(["项目", "2025年执行数", "2026年预算数", "增长%"], 1, 100)
    blank = _cells(["机关服务", "", "", ""], 1, 110)
    figures = _cells(["专项普查活动", "", "219", ""], 1, 120)
    assert header_rows_count(Table(rows=(header, blank, figures), page=1, method="pdf-lines")) == 1
    # a second header row whose other cells are covered by merged cells above (no box) stays header
    from dataclasses import replace

    sub = tuple(replace(c, bbox=None) if i else c for i, c in enumerate(_cells(["名称", "", "", ""], 1, 110)))
    assert header_rows_count(Table(rows=(header, sub, figures), page=1, method="pdf-lines")) == 2


def test_a_total_numbered_beside_its_siblings_is_one_of_them():
    """`一、政府性基金收入合计` … `五、上年结余收入` then `收入总计` (朝阳 2024 p67): the numbering makes
    the first row a part of 收入总计 like the other four, though worded as a total."""
    from caizheng.parsers.tables.grid import _numbered_totals

    names = ["一、政府性基金收入合计", "二、上级补助收入", "三、调入资金", "收入总计"]
    drafts = [{"kind": row_kind(n), "name": n} for n in names]
    assert [d["kind"] for d in drafts] == ["named_total", "item", "item", "total"]
    _numbered_totals(drafts)
    assert [d["kind"] for d in drafts] == ["item", "item", "item", "total"]
    alone = [{"kind": row_kind(n), "name": n} for n in ["人员经费合计", "工资福利支出"]]
    _numbered_totals(alone)
    assert alone[0]["kind"] == "named_total"


def test_two_rows_run_together_in_one_name():
    """A missing rule between two printed rows joins their names; the second is numbered."""
    from caizheng.parsers.tables.grid import TWO_NAMES

    assert TWO_NAMES.search("国际金融组织和外国政府贷款四、2024年地方政府债务还本决算数")
    assert not TWO_NAMES.search("一、税收收入")
    assert not TWO_NAMES.search("统一、规范管理支出")  # 一、 never follows a numbered row
