"""A government's own tables (data/templates/government.toml): read as gov.* tables with the
template's measures, their ratio and sum relations checked, and a failure at full severity only
in a table matched to its template whose other relations hold.

Generated tables (tablegen.government_expenditure_table, rendered with reportlab) and real
reports of ../shared/corpus-wild (skipped when it is absent)."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from caizheng.audit import audit_document
from caizheng.extract.pdf import read_pdf
from caizheng.normalize.rows import budget_line_to_row
from caizheng.parsers.budget_grid import document_to_grid_budget
from caizheng.parsers.tables.government import (
    base_measure,
    government_measure,
    government_table_code,
    template_of,
    year_of,
)
from caizheng.parsers.tables.templates import government_measures, government_ratios

from . import tablegen

pytest.importorskip("reportlab")

WILD = Path(__file__).resolve().parents[2] / "shared" / "corpus-wild"
DOCUMENT = {"report_kind": "government_final_accounts", "fiscal_year": 2024}


def _audit(tmp_path: Path, rendered, document=DOCUMENT):
    from caizheng.parsers.tables.government import government_tables

    path = tmp_path / "g.pdf"
    path.write_bytes(rendered.pdf)
    lines, tables = document_to_grid_budget(read_pdf(path))
    lines, tables = government_tables(lines, tables, document.get("fiscal_year"))
    rows = [{**budget_line_to_row(b), "doc_id": "x"} for b in lines]
    sources = [
        {"table_code": t.table_code, "table_index": t.table_index, "template": t.template} for t in tables
    ]
    return (
        lines,
        tables,
        audit_document({"budget_lines": rows, "source_tables": sources, "documents": [document]}),
    )


@pytest.mark.parametrize(
    "title, code",
    [
        ("2025年全市一般公共预算支出表", "gov.general_expenditure"),
        ("3.3 2023年黑龙江省本级一般公共预算收入决算表", "gov.general_revenue"),
        ("2026年东莞市政府性基金预算收入表", "gov.fund_revenue"),
        ("2026年迪庆州社会保险基金支出预算情况表", "gov.social_insurance_expenditure"),
        ("2024年地方政府债务限额及余额决算情况表", "gov.debt"),
        ("2026年市级国有资本经营预算转移支付表（分地区）", "gov.transfer"),
        ("2024年省级国有资本经营预算收入决算表", "gov.state_capital_revenue"),
        ("关于2025年预算执行情况的报告", None),
    ],
)
def test_table_codes_from_titles(title, code):
    assert government_table_code(title) == code


@pytest.mark.parametrize(
    "header, title, year, measure",
    [
        ("2025年执行数", "", 2026, "prior_actual"),
        ("2026年预算数", "", 2026, "budget"),
        ("二○二四年决算数", "", 2024, "actual"),
        ("2023年决算数", "", 2024, "prior_actual"),
        # 朝阳 2025 预算报告 p75 prints both earlier years: each is its own column
        ("2024年快报数", "", 2025, "prior_actual"),
        ("2023年决算数", "", 2025, "prior2_actual"),
        ("完成调整预算数的%", "", 2023, "adjusted_budget_pct"),
        ("2025年完成年初预算%", "", 2026, "budget_pct"),
        ("比上年（同比）+-%", "", 2023, "change_pct"),
        ("2024年快报数比2023年决算数增减额", "", 2024, "change"),
        ("调整预算数", "全市2024年一般公共预算收入执行情况表", 2025, "prior_adjusted_budget"),
        ("上年决算数", "", 2024, "prior_actual"),
        ("预算数为执行数的%", "", 2025, "prior_actual_pct"),  # 新疆 2025 表七: a share, not a change
        # 宁夏's names for the budget and the adjusted budget (银川 2025 p8: 1,715,929 ÷ 1,763,301 = 97.3;
        # p19: 税收事务 850 ÷ 变动预算数 850 = 100.0)
        ("为年度预算%", "", 2025, "budget_pct"),
        ("完成预算变动数%", "", 2025, "adjusted_budget_pct"),
        ("驻韶省属企业分离办社会职能移交补助", "", 2024, None),
    ],
)
def test_measures_from_headers_and_years(header, title, year, measure):
    assert government_measure(header, title, year) == measure


def test_class_named_without_its_code():
    from caizheng.parsers.tables.government import class_code

    assert class_code("一、一般公共服务支出") == "201"
    assert class_code("教育支出") == "205"
    assert class_code("税收收入") is None


def test_the_base_a_change_header_names():
    assert base_measure("2026年预算比2025年执行数增减%", "", 2026) == "prior_actual"
    assert base_measure("2026年预算数比2025年年初预算增减%", "", 2026) == "prior_budget"
    assert base_measure("比上年（同比）+-%", "", 2023) is None
    assert year_of("二○二五年执行数") == 2025


def test_templates_name_only_measures_they_produce():
    """A ratio over a measure no column entry maps to could never apply."""
    produced = {c for c in government_measures()}
    for rel in government_ratios():
        assert {rel.measure, *(m for pair in rel.pairs for m in pair)} <= produced, rel.name
    assert template_of("gov.general_expenditure", {"budget", "actual", "budget_pct"}) == "government"
    assert template_of("gov.general_expenditure", {"budget", None}) is None  # a column it does not know
    assert template_of("gov.debt", {"limit", "limit_general", "limit_special"}) == "government"
    assert template_of("gov.debt", {"limit", None}) is None


@pytest.mark.parametrize("seed", range(4))
def test_consistent_government_table_holds(tmp_path, seed):
    table = tablegen.government_expenditure_table(random.Random(seed))
    lines, tables, findings = _audit(tmp_path, tablegen.render_government_pdf(table))
    assert {b.table_code for b in lines} == {"gov.general_expenditure"}
    assert {b.measure for b in lines} == set(tablegen.GOV_MEASURES)
    assert [t.template for t in tables] == ["government"]
    assert [f for f in findings if f["severity"] != "info"] == []


@pytest.mark.parametrize("measure", ["adjusted_budget_pct", "change_pct", "actual", "adjusted_budget"])
def test_a_misprinted_figure_is_an_error_naming_it(tmp_path, measure):
    """One figure changed in a matched table whose other relations hold: an error, at its
    figure (the percentage itself, or the money figure its ratio and its 类 both use)."""
    rng = random.Random(11)
    table = tablegen.government_expenditure_table(rng)
    row = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 5)
    delta = Decimal("3.3") if measure.endswith("pct") else Decimal(5000)
    rendered = tablegen.render_government_pdf(table, mutate=(row, measure, delta))
    printed = next(c["raw"] for c in rendered.cells if c["row"] == row and c["measure"] == measure)
    _, _, findings = _audit(tmp_path, rendered)
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors, [f["message"] for f in findings]
    assert all(printed in {d.get("printed") for d in json.loads(f["detail"])} for f in errors)
    if measure.endswith("pct"):
        assert {f["check"] for f in errors} == {"ratio.columns"}


@pytest.mark.parametrize("seed", range(3))
def test_completion_of_the_budget_is_of_the_adjusted_budget_when_printed(tmp_path, seed):
    """A 决算 table printing 预算数, 调整预算数 and one `完成预算%` measures the completion against the
    adjusted budget (河北 2021 决算 p7: 481835 ÷ 620290 = 77.7%): the consistent table holds, and
    that column misprinted is an error at its figure."""
    table = tablegen.government_expenditure_table(random.Random(seed))
    headers = ("预算数", "调整预算数", "决算数", "完成预算%", "上年决算数", "比上年增长%")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    lines, _, findings = _audit(tmp_path / "a", tablegen.render_government_pdf(table, headers=headers))
    assert "budget_pct" in {b.measure for b in lines}
    assert [f for f in findings if f["severity"] != "info"] == []
    row = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 5)
    rendered = tablegen.render_government_pdf(
        table, mutate=(row, "adjusted_budget_pct", Decimal("4.4")), headers=headers
    )
    printed = next(
        c["raw"] for c in rendered.cells if c["row"] == row and c["measure"] == "adjusted_budget_pct"
    )
    _, _, findings = _audit(tmp_path / "b", rendered)
    errors = [f for f in findings if f["severity"] == "error"]
    assert [f["check"] for f in errors] == ["ratio.columns"]
    assert printed in {d.get("printed") for d in json.loads(errors[0]["detail"])}


def test_a_printed_adjusted_completion_leaves_the_other_the_original_budget():
    """Both 完成预算% and 完成调整预算% printed: each takes its own base."""
    from caizheng.audit.government_rules import ratio_pairs

    def rows(*measures):
        return [
            {"measure": m, "column_raw": m, "table_title_raw": "一般公共预算支出决算表"} for m in measures
        ]

    both = rows("budget", "adjusted_budget", "actual", "budget_pct", "adjusted_budget_pct")
    assert {(rel.measure, of, base) for rel, _h, of, base in ratio_pairs(both, 2024)} == {
        ("budget_pct", "actual", "budget"),
        ("adjusted_budget_pct", "actual", "adjusted_budget"),
    }
    one = rows("budget", "adjusted_budget", "actual", "budget_pct")
    assert [(rel.measure, of, base) for rel, _h, of, base in ratio_pairs(one, 2024)] == [
        ("budget_pct", "actual", "adjusted_budget")
    ]
    plain = rows("budget", "actual", "budget_pct")
    assert [(rel.measure, of, base) for rel, _h, of, base in ratio_pairs(plain, 2024)] == [
        ("budget_pct", "actual", "budget")
    ]


def test_an_unmatched_government_table_keeps_the_warning(tmp_path):
    """A column the template does not list (an unknown header): the same misprint is a warning
    saying no template covers the table."""
    table = tablegen.government_expenditure_table(random.Random(3))
    headers = ("预算数", "调整预算数", "决算数", "完成调整预算%", "其中：中央补助", "比上年增长%")
    rendered = tablegen.render_government_pdf(table, mutate=(1, "actual", Decimal(5000)), headers=headers)
    _, tables, findings = _audit(tmp_path, rendered)
    assert [t.template for t in tables] == [None]
    assert not [f for f in findings if f["severity"] == "error"]
    assert any("尚无模板" in f["message"] for f in findings)


def test_a_table_whose_relations_all_fail_keeps_the_warning(tmp_path):
    """Two misprints in unrelated rows: no single figure explains the failures, the table's
    reading is in doubt and its findings are warnings (or one table.unreadable)."""
    table = tablegen.government_expenditure_table(random.Random(5))
    rows = table.rows
    rows[0].values["budget"] += 777  # a 类's 预算数 no longer its 款's sum, and 合计 no longer theirs
    rendered = tablegen.render_government_pdf(
        table, mutate=(len(rows) - 2, "adjusted_budget_pct", Decimal(9))
    )
    _, _, findings = _audit(tmp_path, rendered)
    assert not [f for f in findings if f["severity"] == "error"]
    assert [f for f in findings if f["severity"] == "warning" or f["check"] == "table.unreadable"]


def test_department_report_unchanged(tmp_path):
    """The same government table in a department's report is not a gov.* table: the
    government measures and relations are not applied."""
    table = tablegen.government_expenditure_table(random.Random(2))
    path = tmp_path / "d.pdf"
    path.write_bytes(tablegen.render_government_pdf(table).pdf)
    lines, _ = document_to_grid_budget(read_pdf(path))
    assert not any(b.table_code.startswith("gov.") for b in lines)


def test_column_index_row_with_formulas():
    """防城港 2025 prints its 栏次 row as `1 2 3=2/1*100 4 5=4-2 6=5/2*100`: column numbers and
    how each is computed, never money (read as figures, it broke every 收入总计)."""
    from caizheng.parsers.tables.structure import is_column_index

    assert is_column_index("", ["1", "2", "3=2/1*100", "4", "5=4-2", "6=5/2*100"])
    assert not is_column_index("", ["16", "16", "101.6", "16"])
    assert not is_column_index("二、股息红利收入", ["16", "16", "1", "16"])


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus-wild")
def test_fangchenggang_state_capital_revenue_read():
    """防城港 市本级国有资本经营预算收入 (p.65): matched to its template, its 栏次 row not read as a
    row, and no error: 完成年初预算% holds at the printed precision (57.7 against 16 ÷ 28 = 57.1:
    the page computed it from unrounded figures, 15.5–16.5 over 27.5–28.5 allows 54.4–60.0)."""
    from caizheng.extract import read_document
    from caizheng.parsers import parse_document

    parsed = parse_document(read_document(WILD / "chenfei2008c__fangchenggang-guangxi-2025-budget.pdf"))
    table = [b for b in parsed.budget_lines if b.page == 65 and b.table_code == "gov.state_capital_revenue"]
    assert table and not any(b.item_name_raw == "" and b.amount_raw in ("1", "2", "4") for b in table)
    total = {b.measure: b.amount_raw for b in table if b.item_name_raw == "收入总计"}
    assert total == {"prior_budget": "57", "prior_actual": "45", "budget_pct": "79.3", "budget": "45"}
    info = [t for t in parsed.tables if t.page == 65 and t.table_code == "gov.state_capital_revenue"]
    assert [t.template for t in info] == ["government"]
    assert {b.measure for b in table} <= {
        "prior_budget",
        "prior_actual",
        "budget_pct",
        "budget",
        "change",
        "change_pct",
    }


def test_a_row_failing_in_every_column_is_a_misreading(tmp_path):
    """The same 类 not the sum of its rows in three columns is the rows misplaced, not three
    misprints: warnings, even when the columns share a printed figure."""
    table = tablegen.government_expenditure_table(random.Random(8))
    cls = next(r for r in table.rows if r.code and len(r.code) == 3)
    for m in ("budget", "adjusted_budget", "prior_actual"):
        cls.values[m] += 1000  # the 类 row off in three columns, its percentages recomputed
    cls.values["change_pct"] = tablegen._pct(
        cls.values["actual"] - cls.values["prior_actual"], cls.values["prior_actual"]
    )
    cls.values["adjusted_budget_pct"] = tablegen._pct(cls.values["actual"], cls.values["adjusted_budget"])
    _, _, findings = _audit(tmp_path, tablegen.render_government_pdf(table))
    assert not [f for f in findings if f["severity"] == "error"]
    assert [f for f in findings if f["severity"] == "warning" or f["check"] == "table.unreadable"]


# ---- the debt tables (gov.debt) --------------------------------------------------------------
@pytest.mark.parametrize(
    "header, title, year, measure",
    [
        ("2023年债务限额A=B+C", "湖南省2023年地方政府债务限额及余额决算情况表", 2023, "limit"),
        ("2023年债务余额（决算数）一般债务E", "", 2023, "balance_general"),
        ("2025年初地方政府债务余额专项债务余额", "", 2025, "prior_balance_special"),
        ("2025年新增地方政府债务限额小计", "", 2025, "new_limit"),
        ("2024年余额", "2024年全市政府专项债务分地区限额余额表", 2024, "balance_special"),
        ("一般债券", "2024年全市新增政府债券分地区明细表", 2024, "issued_general"),
        ("合计", "2024年全市再融资政府债券分地区明细表", 2024, "refinanced"),
        ("决算数", "2024年市级政府一般债务限额余额情况表", 2024, "actual"),
        ("本级（不含园区）", "", 2025, "own_level"),
        ("全市", "", 2024, "region_total"),
        ("项目领域", "2024年地方政府债券使用情况表", 2024, None),
    ],
)
def test_debt_measures_from_headers_and_titles(header, title, year, measure):
    from caizheng.parsers.tables.government import debt_measure

    assert debt_measure(header, title, year) == measure


def test_debt_template_lists_every_measure_it_gives():
    from caizheng.parsers.tables.government import debt_measures
    from caizheng.parsers.tables.templates import debt_flows

    assert debt_measures() <= government_measures("gov.debt")
    for flow in debt_flows():
        assert {flow.whole, *flow.plus, *flow.minus} <= debt_measures(), flow.name


def test_debt_rows_name_what_they_hold():
    from caizheng.parsers.tables.government import debt_kind

    assert debt_kind("一、2023年末地方政府一般债务余额", 2024) == "prior_balance"
    assert debt_kind("三、2024年地方政府一般债务转贷额", 2024) == "issued"
    assert debt_kind("四、2024年地方政府一般债务还本额", 2024) == "repaid"
    assert debt_kind("五、2024年末地方政府一般债务余额", 2024) == "balance"


@pytest.mark.parametrize("flow", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_generated_debt_table_read_back_exact_and_holds(tmp_path, seed, flow):
    """Every printed cell read back at its row and measure; the city the sum of 本级 and the
    counties, 合计 = 一般 + 专项 (or the flow) on every row: no error, no warning."""
    table = tablegen.debt_table(random.Random(seed), flow=flow)
    rendered = tablegen.render_debt_pdf(table)
    lines, tables, findings = _audit(tmp_path, rendered)
    assert {b.table_code for b in lines} == {"gov.debt"}
    assert [t.template for t in tables] == ["government"]
    read = {(b.row_index, b.measure): b.amount_raw for b in lines}
    assert read == {(c["row"], c["measure"]): c["raw"] for c in rendered.cells}
    assert all(b.amount == Decimal(b.amount_raw.replace(",", "")) for b in lines)
    parents = {b.row_index: b.parent_row for b in lines}
    assert parents[0] is None and all(parents[i] == 0 for i in range(1, len(table.rows)))
    assert [f for f in findings if f["severity"] != "info"] == []


@pytest.mark.parametrize(
    "flow, measure", [(False, "limit_general"), (False, "balance"), (True, "balance"), (True, "repaid")]
)
def test_a_misprinted_debt_figure_is_an_error_at_its_row(tmp_path, flow, measure):
    rng = random.Random(21)
    table = tablegen.debt_table(rng, flow=flow)
    row = len(table.rows) - 1  # the last county
    rendered = tablegen.render_debt_pdf(table, mutate=(row, measure, Decimal("3.17")))
    printed = next(c["raw"] for c in rendered.cells if c["row"] == row and c["measure"] == measure)
    lines, _, findings = _audit(tmp_path, rendered)
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors, [f["message"] for f in findings]
    cell = next(b for b in lines if b.row_index == row and b.measure == measure)
    assert all(printed in {d.get("printed") for d in json.loads(f["detail"])} for f in errors)
    # at its row, or at the sum's whole row naming the cell among its figures (a flow that
    # fails is a warning only: balances move by terms such tables need not print)
    assert any(
        (f["page"], f["line"]) == (cell.page, cell.line)
        or (cell.page, cell.line) in {(d.get("page"), d.get("line")) for d in json.loads(f["detail"])}
        for f in errors
    )


def _debt_parsed(name: str):
    from caizheng.extract import read_document
    from caizheng.parsers import parse_document

    return parse_document(read_document(WILD / name))


def _wild_audit(parsed):
    rows = [{**budget_line_to_row(b), "doc_id": "x"} for b in parsed.budget_lines]
    sources = [
        {"table_code": t.table_code, "table_index": t.table_index, "template": t.template}
        for t in parsed.tables
    ]
    document = {"report_kind": parsed.info.report_kind, "fiscal_year": parsed.info.fiscal_year}
    return audit_document({"budget_lines": rows, "source_tables": sources, "documents": [document]})


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus-wild")
def test_yichang_debt_tables_read():
    """宜昌 2024 (9 pages, 7 tables): the 一般债务 limit and balance by 地区 (p.2: 宜昌市 4950619 /
    4664113 as printed), and the 市级 balance table printed as rows (p.3: 1318416 + 243073 − 61674 =
    1499815, the 年末余额 the page prints): the flow is checked and holds; no error."""
    parsed = _debt_parsed("chenfei2008c__yichang-hubei-2024-debt-tables.pdf")
    debt = [b for b in parsed.budget_lines if b.table_code == "gov.debt"]
    city = {b.measure: b.amount_raw for b in debt if b.page == 2 and b.item_name_raw == "宜昌市"}
    assert city == {"limit_general": "4950619", "balance_general": "4664113"}
    end = [b for b in debt if b.page == 3 and b.item_name_raw.startswith("五、")]
    assert [(b.measure, b.amount_raw) for b in end] == [("actual", "1499815")]
    from caizheng.audit.government_rules import debt_flow_checks

    rows = [budget_line_to_row(b) for b in debt if b.page == 3]
    assert debt_flow_checks("gov.debt", rows, 2024) == (1, [])
    assert {t.template for t in parsed.tables if t.table_code == "gov.debt"} == {"government"}
    assert not [f for f in _wild_audit(parsed) if f["severity"] == "error"]


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus-wild")
def test_xuancheng_debt_limits_by_region():
    """宣城 2024 决算 p.1: 宣城市 = 宣城市本级 + the 7 counties, 合计 = 一般债务 + 专项债务 (A=B+C,
    D=E+F); 宣城市's 2024年债务余额 784.2783 as printed; every relation holds."""
    parsed = _debt_parsed("chenfei2008c__xuancheng-anhui-2024-debt-final-accounts-tables.pdf")
    p1 = [b for b in parsed.budget_lines if b.table_code == "gov.debt" and b.page == 1]
    city = {b.measure: b.amount_raw for b in p1 if b.item_name_raw == "宣城市"}
    assert city["balance"] == "784.2783" and city["limit_special"] == "571.6556"
    assert {b.parent_row for b in p1 if b.item_name_raw != "宣城市"} == {0}
    findings = [f for f in _wild_audit(parsed) if f.get("page") == 1 and f["severity"] != "info"]
    assert findings == []


@pytest.mark.skipif(not WILD.exists(), reason="needs ../shared/corpus-wild")
def test_lhasa_debt_tables_read():
    """拉萨 2025 p.11: 拉萨市 = 拉萨市本级（含园区） + 区县级合计, 区县级合计 = the 8 counties;
    拉萨市's 2025年末政府债务余额 173.45 as printed; no error anywhere in the file (p.12's 本级
    column does not close, 98.56 + 38.19 − 11.32 = 125.43 against 125.78 printed: a warning)."""
    parsed = _debt_parsed("chenfei2008c__lhasa-tibet-2025-debt-tables.pdf")
    p11 = [b for b in parsed.budget_lines if b.table_code == "gov.debt" and b.page == 11]
    city = {b.measure: b.amount_raw for b in p11 if b.item_name_raw == "拉萨市"}
    assert city["balance"] == "173.45" and city["limit"] == "186.45"
    counties = {b.item_name_raw: b.parent_row for b in p11}
    assert counties["区县级合计"] == 0 and counties["城关区"] == 2
    findings = _wild_audit(parsed)
    assert not [f for f in findings if f["severity"] == "error"]
    assert any(f["page"] == 12 and "125.78" in f["message"] for f in findings if f["severity"] == "warning")


@pytest.mark.parametrize("seed", range(4))
def test_levels_shown_by_indentation_alone(tmp_path, seed):
    """A table printing no codes, its 项 set in under their 款 (by a random step, drawn further
    right or preceded by spaces), names the classification cannot place: every 项 hangs from
    its 款, every relation holds, and one 项's figure misprinted is an error at that figure."""
    rng = random.Random(100 + seed)
    table = tablegen.fund_revenue_table(rng)
    indent = rng.choice([6.0, 9.0, 12.0, 16.0, 24.0])
    spaces = rng.random() < 0.5
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    rendered = tablegen.render_government_pdf(table, indent=indent, indent_with_spaces=spaces)
    lines, tables, findings = _audit(tmp_path / "a", rendered)
    assert [f for f in findings if f["severity"] != "info"] == []
    by_index = {b.row_index: b for b in lines}
    classes = {}
    for row in table.rows:
        printed = next(b for b in lines if b.item_name_raw == row.name and b.row_index is not None)
        if row.code and len(row.code) == 3:
            classes[row.code] = printed.row_index
            assert printed.parent_row is None
        elif row.code:
            assert printed.parent_row == classes[row.code[:3]], (row.name, by_index.get(printed.parent_row))
    row = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 5)
    rendered = tablegen.render_government_pdf(
        table, mutate=(row, "actual", Decimal(500)), indent=indent, indent_with_spaces=spaces
    )
    printed = next(c["raw"] for c in rendered.cells if c["row"] == row and c["measure"] == "actual")
    _, _, findings = _audit(tmp_path / "b", rendered)
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors, [f["message"] for f in findings]
    assert all(printed in {d.get("printed") for d in json.loads(f["detail"])} for f in errors)


def test_indentation_needs_a_few_clear_steps():
    """Names centred or set right start at many places, a flush column at one: no levels."""
    from caizheng.parsers.tables.structure import ITEM, indent_levels

    def rows(spans):
        return [(ITEM, span) for span in spans]

    assert indent_levels(rows([(50, 90), (62, 90), (62, 110), (50, 100)])) == [0, 1, 1, 0]
    assert indent_levels(rows([(60, 100), (55, 105), (65, 95), (50, 110)])) is None  # centred
    assert indent_levels(rows([(60, 100), (40, 100), (70, 100), (50, 100)])) is None  # set right
    assert indent_levels(rows([(50, 90), (50, 120), (50, 80)])) is None  # flush
    assert indent_levels(rows([(50, 90), (74, 100), (62, 90)])) is None  # two levels in at once
    assert indent_levels(rows([(50, 90), (52, 100), (50, 90)])) is None  # 2 pt: no step


@pytest.mark.parametrize("seed", range(3))
def test_a_growth_column_naming_no_base_takes_the_base_its_rows_follow(seed):
    """`2025年预算数 | 2025年完成数 | 2026年预算数 | 增长%` (石嘴山 2026 p45): the 增长% names no base;
    its rows follow last year's budget, so every row is checked against that one base, and a
    misprinted row still fails."""
    from caizheng.audit.government_rules import ratio_checks, ratio_pairs

    rng = random.Random(seed)
    base = rng.choice(["prior_budget", "prior_actual"])
    rows = []
    for i in range(6):
        v = {m: rng.randint(1_000, 90_000) for m in ("prior_budget", "prior_actual", "budget")}
        v["change_pct"] = f"{(v['budget'] - v[base]) / v[base] * 100:.1f}"
        headers = {"prior_budget": "2025年预算数", "prior_actual": "2025年完成数", "budget": "2026年预算数"}
        for m, raw in v.items():
            rows.append(
                {
                    "row_index": i,
                    "measure": m,
                    "column_raw": headers.get(m, "增长%"),
                    "amount_raw": str(raw),
                    "table_title_raw": "2026年市本级一般公共预算收支总表",
                    "table_code": "gov.general_revenue",
                    "item_name_raw": f"第{i}行",
                    "page": 1,
                }
            )
    pairs = [(of, b) for rel, _h, of, b in ratio_pairs(rows, 2026) if rel.measure == "change_pct"]
    assert pairs == [("budget", base)]
    assert ratio_checks("gov.general_revenue", rows, 2026) == (6, [])
    misprinted = next(r for r in rows if r["row_index"] == 3 and r["measure"] == "change_pct")
    misprinted["amount_raw"] = f"{float(misprinted['amount_raw']) + 7:.1f}"
    checked, found = ratio_checks("gov.general_revenue", rows, 2026)
    assert checked == 6 and [f["observed"] for f in found] == [Decimal(misprinted["amount_raw"])]
