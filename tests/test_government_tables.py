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
        ("完成调整预算数的%", "", 2023, "adjusted_budget_pct"),
        ("2025年完成年初预算%", "", 2026, "budget_pct"),
        ("比上年（同比）+-%", "", 2023, "change_pct"),
        ("2024年快报数比2023年决算数增减额", "", 2024, "change"),
        ("调整预算数", "全市2024年一般公共预算收入执行情况表", 2025, "prior_adjusted_budget"),
        ("上年决算数", "", 2024, "prior_actual"),
        ("预算数为执行数的%", "", 2025, "prior_actual_pct"),  # 新疆 2025 表七: a share, not a change
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
    assert template_of("gov.debt", {"budget"}) is None  # no relations declared for the debt tables yet


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
