"""Prose against tables, the rest of rule 9 (issue 14): the 三公 figures stated in text against
the 三公 table (text_vs_table.three_public), a figure stated as 0 or 10000 times too small while
the table prints it (text_vs_table.zero), and a budget's `“…（类）…（款）…（项）”科目 … 万元` against
its row of the 功能分类 table (text_vs_table). Sentences as printed in 普陀区规划资源局 2024 决算
p25 (../shared/corpus) and 万里街道办事处 2025 预算 p7 (../shared/corpus-wild); tables generated."""

from __future__ import annotations

from decimal import Decimal

import pytest

from caizheng.audit import audit_document
from caizheng.extract.model import Document, Line, Page
from caizheng.normalize.rows import fact_to_row
from caizheng.parsers.facts import document_to_facts


def cell(amount, column=None, name=None, table="final.three_public", code=None, measure="amount", line=9):
    return {
        "table_code": table,
        "table_title_raw": table,
        "table_index": 1,
        "item_code": code,
        "item_name_raw": name,
        "item_name": name,
        "column_raw": column,
        "measure": measure,
        "amount_wan": Decimal(amount),
        "amount_raw": amount,
        "unit_raw": "万元",
        "page": 17,
        "line": line,
        "fiscal_year": 2024,
    }


def three_public_table(
    total="0.39", abroad="0.00", cars="0.00", purchase="0.00", running="0.00", reception="0.39"
):
    """One printed line of a 三公 table (决算数), its parts in columns."""
    columns = [
        ("合计", total),
        ("因公出国(境)费", abroad),
        ("公务用车购置及运行费 小计", cars),
        ("公务用车购置费", purchase),
        ("公务用车运行费", running),
        ("公务接待费", reception),
    ]
    return [cell(amount, column) for column, amount in columns]


def audited(texts, lines, kind="final_accounts", year=2024, prefix="text_vs_table"):
    page = Page(number=25, lines=tuple(Line(text=t, page=25, number=i + 1) for i, t in enumerate(texts)))
    doc = Document(path="x.txt", sha256="0", format="txt", pages=(page,))
    rows = {
        "facts": [fact_to_row(f) for f in document_to_facts(doc)],
        "budget_lines": lines,
        "documents": [{"fiscal_year": year, "report_kind": kind}],
    }
    return [
        (f["check"], f["severity"], float(f["observed"]), float(f["expected"]))
        for f in audit_document(rows)
        if f["check"].startswith(prefix)
    ]


# 普陀区规划资源局 2024 决算 p25, as printed (wraps kept)
PUTUO_P25 = (
    "“三公”经费财政拨款支出年初预算为 2.85 万元，支出决",
    "算为 0.39 万元，完成预算的 13.68%，其中：因公出国（境）费",
    "支出决算为 0.00 万元，完成预算的 0.00%；公务接待费支",
    "出决算为 0.39 万元，完成预算的 13.68%。",
)


def test_three_public_prose_that_agrees_with_its_table():
    assert audited(PUTUO_P25, three_public_table(), prefix="text_vs_table.three_public") == []


def test_three_public_prose_against_a_table_that_says_otherwise():
    table = three_public_table(total="0.49", reception="0.49")
    found = audited(PUTUO_P25, table, prefix="text_vs_table.three_public")
    assert ("text_vs_table.three_public", "error", 0.39, 0.49) in found
    assert all(sev == "error" for _, sev, *_ in found)


def test_a_table_whose_parts_do_not_add_up_gives_warnings_only():
    table = three_public_table(total="0.49", reception="0.45")  # 0.00 + 0.00 + 0.45 ≠ 0.49: a misreading
    found = audited(PUTUO_P25, table, prefix="text_vs_table.three_public")
    assert found and all(sev == "warning" for _, sev, *_ in found)


def test_a_part_read_into_several_cells_of_one_line_is_not_compared():
    """省人大办公厅2018 p15: the reader gave four cells of one line the name 公务用车购置费."""
    table = [cell("2542.60", "合计")] + [
        cell(v, "“三公”经费", name="公务用车购置费") for v in ("183.60", "427.50")
    ]
    text = ("（1）公务用车购置预算支出 0 万元，比上年预算增加（减少） 0 万元，主要原因无此项预算。",)
    assert audited(text, table, kind="budget", year=2018, prefix="text_vs_table.three_public") == []


@pytest.mark.parametrize(
    "text",
    [
        "2023 年度“三公”经费财政拨款支出决算为 0.54 万元。",  # another year
        "“三公”经费财政拨款支出年初预算为 2.85 万元。",  # a 决算's budget figure
        "“三公”经费财政拨款支出决算数比 2023 年度减少 0.15 万元。",  # a change
    ],
)
def test_three_public_figures_not_compared(text):
    assert audited((text,), three_public_table(), prefix="text_vs_table.three_public") == []


# ---- a figure stated as 0 while the table prints it


def summary(name, amount, side):
    return {**cell(amount, name=name, table="final.summary", measure="amount"), "side": side}


def test_a_total_stated_as_zero():
    lines = [summary("本年支出合计", "9759.38", "expenditure"), summary("年初结转和结余", "0.00", "income")]
    found = audited(("本年支出合计 0 万元。",), lines)
    assert found == [("text_vs_table.zero", "error", 0, 9759.38)]


def test_a_total_printed_in_yuan_for_wan():
    lines = [summary("本年支出合计", "9759.38", "expenditure")]
    found = audited(("本年支出合计 97593800 元。",), lines)
    assert found == []  # 元 read as 元: 9759.38 万元, the same figure
    found = audited(("本年支出合计 9759.38 元。",), lines)
    assert [(c, s) for c, s, *_ in found] == [("text_vs_table.zero", "error")]


def test_zero_stated_where_the_table_prints_zero():
    lines = [summary("年初结转和结余", "0.00", "income"), summary("本年支出合计", "9759.38", "expenditure")]
    assert audited(("年初结转和结余 0 万元。",), lines) == []


# ---- a budget's item explanation against its 项 row


WANLI_P7 = (
    "3. “一般公共服务支出（类）组织事务（款）一般行政管理事务（项）”科目110.60万元，主要用于组织事务。",
)


def item_rows(amount):
    return [
        cell(
            amount, table="budget.general_budget_expenditure", code="20132", name="组织事务", measure="total"
        ),
        cell(
            amount,
            table="budget.general_budget_expenditure",
            code="2013202",
            name="一般行政管理事务",
            measure="total",
        ),
        cell(
            "55.00",
            table="budget.general_budget_expenditure",
            code="2013102",
            name="一般行政管理事务",
            measure="total",
        ),
    ]


def test_an_item_explanation_that_agrees_with_its_row():
    assert audited(WANLI_P7, item_rows("110.6012"), kind="budget", year=2025) == []


def test_an_item_explanation_that_does_not():
    found = audited(WANLI_P7, item_rows("101.60"), kind="budget", year=2025)
    assert found == [("text_vs_table", "error", 110.60, 101.60)]


# 普陀区财政局 2025 预算 p7 (../shared/corpus-wild tbx-d3ebdaf3), against its table p10 in 元:
# 行政单位离退休 877,080.00 元 is 87.708 万元, printed 87.70 (cut); 职业年金 873,617.00 元 is 87.36 万元,
# printed 887.36
PUTUO_FINANCE_P7 = (
    "5.“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”87.70万元，主要用于局本级。",
    "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”887.36万元，主要用于缴费。",
)


def yuan_row(code, name, amount):
    return {
        **cell("0", table="budget.income", code=code, name=name, measure="total"),
        "amount_wan": Decimal(amount.replace(",", "")) / 10000,
        "amount_raw": amount,
        "unit_raw": "元",
    }


def test_a_cut_last_digit_is_a_warning_a_wrong_figure_an_error():
    lines = [
        yuan_row("2080501", "行政单位离退休", "877,080.00"),
        yuan_row("2080506", "机关事业单位职业年金缴费支出", "873,617.00"),
    ]
    found = audited(PUTUO_FINANCE_P7, lines, kind="budget", year=2025)
    assert sorted(found) == [
        ("text_vs_table", "error", 887.36, 87.3617),
        ("text_vs_table", "warning", 87.7, 87.708),
    ]
