"""disclosure.missing_table and disclosure.empty_table_unexplained on the tables a report
prints (source_tables rows as the readers write them) and its prose lines: 普陀区规划资源局
2024 决算 (../shared/corpus) prints 表1–表9 with 表7–表9 empty and says why in its text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from caizheng.audit import audit_document
from caizheng.audit.disclosure import FINAL_SET


def table(code, page, empty=False, note=None, title=None):
    return {
        "table_code": code,
        "table_title_raw": title or code,
        "page": page,
        "page_end": page,
        "empty": empty,
        "note": note,
    }


def line(text, page=30, number=1):
    return {"page": page, "line": number, "text": text, "heading": False, "block_start": False}


def run(tables, prose=(), facts=(), kind="final_accounts"):
    rows = {
        "source_tables": tables,
        "prose": list(prose),
        "facts": list(facts),
        "documents": [{"report_kind": kind, "fiscal_year": 2024}],
    }
    return [
        (f["check"], f.get("table_code"), f["severity"])
        for f in audit_document(rows)
        if f["check"].startswith("disclosure.")
    ]


FULL = [table(code, 7 + n) for n, (code, _) in enumerate(FINAL_SET)]
DECLARED = line(
    "本部门2024年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故政府性基金预算财政拨款收入支出决算表为空表。"
)


def test_all_nine_tables_printed():
    assert run(FULL) == []


def test_a_missing_table_unless_its_absence_is_declared():
    without_gov_fund = [t for t in FULL if t["table_code"] != "final.gov_fund"]
    assert run(without_gov_fund) == [("disclosure.missing_table", "final.gov_fund", "warning")]
    assert run(without_gov_fund, [DECLARED]) == []


def test_not_a_table_disclosure_or_a_budget():
    assert run(FULL[:3]) == []  # an explanation printing three tables is not judged on the others
    assert run(FULL[:6], kind="budget") == []


@pytest.mark.parametrize(
    "note, prose, explained",
    [
        ("注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。", [], False),
        ("注：本单位无政府性基金预算财政拨款收支，故本表为空。", [], True),
        ("注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。", [DECLARED], True),
        (None, [line("注：本表无数据。", page=14)], True),
    ],
)
def test_an_empty_table_needs_its_note(note, prose, explained):
    tables = [
        t if t["table_code"] != "final.gov_fund" else table("final.gov_fund", 14, True, note) for t in FULL
    ]
    found = run(tables, prose)
    assert found == (
        [] if explained else [("disclosure.empty_table_unexplained", "final.gov_fund", "warning")]
    )


def test_a_table_read_as_empty_while_the_prose_states_its_figures_is_not_judged():
    # 普陀区政府办公室 2025 p20: the 三公 table's one row of figures was not placed; the text states 867.50
    tables = [
        t if t["table_code"] != "final.three_public" else table("final.three_public", 13, True) for t in FULL
    ]
    assert run(tables) == [("disclosure.empty_table_unexplained", "final.three_public", "warning")]
    fact = {
        "metric_raw": "“三公”经费预算",
        "amount_wan": Decimal("867.50"),
        "value_raw": "867.50万元",
        "unit": "万元",
        "page": 5,
        "line": 3,
        "sentence": "“三公”经费预算 867.50 万元。",
    }
    assert run(tables, facts=[fact]) == []


# ---- the required set of the report's style


CENTRAL_FINAL = ["final.summary", "final.income", "final.expenditure", "final.fiscal_expenditure"]


def test_a_central_units_four_tables_are_its_whole_set():
    """西南大学 2024 决算 (../shared/corpus-wild dma-f2e9b724) prints the four tables of a central unit."""
    assert run([table(code, 9 + n) for n, code in enumerate(CENTRAL_FINAL)]) == []
    three = [table(code, 9 + n) for n, code in enumerate(CENTRAL_FINAL) if code != "final.income"]
    assert run(three) == [("disclosure.missing_table", "final.income", "warning")]


# 江苏省 budgets (2017–2019, ../shared/corpus-wild) name the 一般公共预算 tables 财政拨款支出预算表
JIANGSU_BUDGET = [
    "budget.summary",
    "budget.income",
    "budget.expenditure",
    "budget.fiscal_summary",
    "budget.fiscal_expenditure",
    "budget.fiscal_basic_expenditure",
    "budget.three_public",
    "budget.gov_fund",
]


def test_a_budget_set_with_its_local_names():
    tables = [table(code, 5 + n) for n, code in enumerate(JIANGSU_BUDGET)]
    assert run(tables, kind="budget") == []
    without = [t for t in tables if t["table_code"] != "budget.three_public"]
    assert run(without, kind="budget") == [("disclosure.missing_table", "budget.three_public", "warning")]


def test_a_budget_table_named_in_the_contents_is_not_missing():
    """烟台市教育局 2026 预算 p2 lists `四、财政拨款收支总体情况表`, a title the reader does not know."""
    tables = [table(code, 5 + n) for n, code in enumerate(JIANGSU_BUDGET) if code != "budget.fiscal_summary"]
    assert run(tables, kind="budget") == [("disclosure.missing_table", "budget.fiscal_summary", "warning")]
    contents = line("四、财政拨款收支总体情况表", page=2)
    assert run(tables, [contents], kind="budget") == []


def test_a_budget_read_too_partially_is_not_judged():
    tables = [table(code, 5 + n) for n, code in enumerate(JIANGSU_BUDGET[:5])]
    assert run(tables, kind="budget") == []
