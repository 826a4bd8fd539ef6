"""Budget tables printed as text lines: 武汉东西湖 2021 final accounts (表1–表6).

The facts asserted are the tables' own arithmetic, checked on the figures read:
a column adds up to its 合计, a 类 to its 款, 合计 = 基本 + 项目.
"""

from __future__ import annotations

import collections
from decimal import Decimal

import pytest

from caizheng.parsers.budget_text import document_to_text_budget

from .conftest import DONGXIHU, NANGONG


@pytest.fixture(scope="module")
def dongxihu(document_cache):
    return document_to_text_budget(document_cache(DONGXIHU))


def table(lines, code):
    return [b for b in lines[0] if b.table_code == code]


def cell(rows, measure, *, code=None, name=None):
    found = [
        b.amount
        for b in rows
        if b.measure == measure
        and (code is None or b.item_code == code)
        and (name is None or b.item_name_raw == name)
    ]
    assert len(found) == 1, (measure, code, name, found)
    return found[0]


def test_the_six_printed_tables_are_recognized(dongxihu):
    _, infos = dongxihu
    codes = [t.table_code for t in infos]
    assert codes == [
        "final.summary",
        "final.income",
        "final.expenditure",
        "final.fiscal_summary",
        "final.general_budget_expenditure",
        "final.general_budget_basic_expenditure",
    ]
    assert all(t.unit_raw == "万元" and t.method == "text-lines" for t in infos)


def test_expenditure_total_is_basic_plus_project(dongxihu):
    rows = table(dongxihu, "final.expenditure")
    total = cell(rows, "total", name="合计")
    assert total == Decimal("3401.90")
    assert total == cell(rows, "basic", name="合计") + cell(rows, "project", name="合计")


@pytest.mark.parametrize("code", ["final.income", "final.expenditure", "final.general_budget_expenditure"])
def test_columns_add_up_over_the_classes_and_the_hierarchy(dongxihu, code):
    rows = table(dongxihu, code)
    by_code = collections.defaultdict(dict)
    for b in rows:
        if b.item_code and b.measure:
            by_code[b.item_code][b.measure] = b.amount
    classes = [c for c in by_code if len(c) == 3]
    assert classes, "类 rows carry their codes"
    for measure in {m for v in by_code.values() for m in v}:
        col_total = sum((by_code[c].get(measure, Decimal(0)) for c in classes), Decimal(0))
        assert col_total == cell(rows, measure, name="合计"), measure
    for parent, values in by_code.items():
        kids = [c for c in by_code if len(c) == len(parent) + 2 and c.startswith(parent)]
        if kids:
            assert sum(by_code[k]["total"] for k in kids) == values["total"], parent


def test_codes_come_from_names_and_the_scrambled_code_block(dongxihu):
    rows = table(dongxihu, "final.income")
    names = {b.item_code: b.item_name_raw for b in rows if b.item_code}
    assert names["205"] == "教育支出" and names["2050399"] == "其他职业教育支出"
    assert names["2210202"] == "提租补贴"  # printed glued to its amount: 14.982210202
    assert names["2101101"] == "行政单位医疗"  # only 表5's block prints this code


def test_two_sided_summary_balances(dongxihu):
    rows = table(dongxihu, "final.summary")
    totals = {(b.side, b.row_no): b.amount for b in rows}
    assert totals[("income", 30)] == totals[("expenditure", 60)] == Decimal("3991.22")
    assert totals[("income", 27)] + totals[("income", 29)] == totals[("income", 30)]
    assert totals[("expenditure", 57)] + totals[("expenditure", 59)] == totals[("expenditure", 60)]


def test_economic_detail_classes_add_up(dongxihu):
    rows = table(dongxihu, "final.general_budget_basic_expenditure")
    amounts = {b.item_code: b.amount for b in rows if b.item_code}
    for cls in ("301", "302", "303", "310"):
        parts = sum((v for c, v in amounts.items() if len(c) == 5 and c.startswith(cls)), Decimal(0))
        assert parts == amounts[cls], cls
    personnel = cell(rows, "amount", name="人员经费合计")
    assert personnel == amounts["301"] + amounts["303"]


def test_printed_formulas_reach_the_audit(dongxihu):
    """表4's note `64行＝（59＋60）行` is kept with the table, and the audit checks it: the
    printed 总计 3,529.98 is 0.01 above 3,395.50 + 134.47, within rounding, so a warning."""
    from caizheng.audit import audit_document
    from caizheng.normalize.rows import records_to_arrow

    lines, infos = dongxihu
    note = next(t.note for t in infos if t.table_code == "final.fiscal_summary")
    assert "64行＝（59＋60）行" in note
    rows = {
        "budget_lines": records_to_arrow("budget_lines", "x", lines).to_pylist(),
        "source_tables": records_to_arrow("source_tables", "x", infos).to_pylist(),
    }
    formula = [f for f in audit_document(rows) if f["check"] == "sum.formula"]
    assert formula and all(f["severity"] == "warning" for f in formula)
    assert any("3,529.98" in f["message"] for f in formula)


def test_fixed_assets_over_three_pages_are_one_table(document_cache):
    """南宫 2021 预算's 部门固定资产占用情况表 runs over three pages, each repeating its
    `截止时间` caption and header: one table of 40 items, each with 数量 and 价值, and
    its printed note `空表列示` (template wording) does not make a filled table empty."""
    lines, infos = document_to_text_budget(document_cache(NANGONG))
    (info,) = [t for t in infos if t.table_code == "assets.fixed"]
    assert info.n_rows == 40 and not info.empty
    rows = [b for b in lines if b.table_code == "assets.fixed"]
    assert not any("截止" in b.item_name_raw or "项目" in b.item_name_raw for b in rows)
    assert cell(rows, "count", name="台式机") == Decimal("113")
    assert cell(rows, "amount", name="台式机") == Decimal("53.37")
    assert cell(rows, "amount", name="床上装具") == Decimal("0.095")  # three decimals kept
