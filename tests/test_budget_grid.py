"""Budget tables read from PDF cells (the corpus PDFs; skipped without ../shared/corpus).

Assertions are the tables' own arithmetic on the figures read, and codes as printed.
"""

from __future__ import annotations

import collections
from decimal import Decimal

import pytest

from caizheng.parsers.budget_grid import document_to_grid_budget

from .conftest import corpus_pdf


@pytest.fixture(scope="module")
def putuo_final(document_cache):
    return document_to_grid_budget(document_cache(corpus_pdf("putuo-planning-2024-final-accounts.pdf")))


@pytest.fixture(scope="module")
def putuo_budget(document_cache):
    return document_to_grid_budget(document_cache(corpus_pdf("putuo-govoffice-2025-budget.pdf")))


def values(lines, code, measure):
    out = collections.defaultdict(Decimal)
    for b in lines[0]:
        if b.table_code == code and b.measure == measure:
            out[b.item_code or b.item_name_raw] += b.amount
    return out


def test_final_accounts_tables_recognized(putuo_final):
    _, infos = putuo_final
    codes = [t.table_code for t in infos]
    for code in (
        "final.summary",
        "final.income",
        "final.expenditure",
        "final.fiscal_summary",
        "final.three_public",
    ):
        assert code in codes
    assert {t.table_code for t in infos if t.empty} >= {"final.gov_fund", "final.state_capital"}


def test_income_table_continued_over_a_page_adds_up(putuo_final):
    """收入决算表 runs over two pages; its 类 rows add up to the 合计 on the first."""
    total = values(putuo_final, "final.income", "total")
    classes = sum(v for k, v in total.items() if len(k) == 3 and k.isdigit())
    assert total["合计"] == Decimal("9746.50") == classes
    kuan = sum(v for k, v in total.items() if len(k) == 5 and k.startswith("212"))
    assert kuan == total["212"]


def test_expenditure_columns_add_up(putuo_final):
    total = values(putuo_final, "final.expenditure", "total")
    basic = values(putuo_final, "final.expenditure", "basic")
    project = values(putuo_final, "final.expenditure", "project")
    for code in ("合计", "212", "21201", "2120101"):
        assert total[code] == basic[code] + project[code], code


def test_two_sided_summary_sides(putuo_final):
    rows = [b for b in putuo_final[0] if b.table_code == "final.summary"]
    income = [b for b in rows if b.side == "income"]
    expenditure = [b for b in rows if b.side == "expenditure"]
    assert income and expenditure
    assert income[0].item_name_raw.startswith("一、一般公共预算财政拨款") and income[0].amount == Decimal(
        "9746.50"
    )


def test_split_code_columns_are_joined_and_units_kept(putuo_budget):
    """普陀 budget prints 类 | 款 | 项 in three columns, in 元."""
    rows = [b for b in putuo_budget[0] if b.table_code == "budget.general_budget_expenditure"]
    assert all(b.unit_raw == "元" for b in rows)
    running = next(b for b in rows if b.item_code == "2010301" and b.measure == "total")
    assert running.item_name_raw == "行政运行" and running.amount == Decimal("12029501.84")
    total = values(putuo_budget, "budget.general_budget_expenditure", "total")
    assert total["201"] == total["20103"]


def test_blank_template_has_tables_and_no_figures(document_cache):
    lines, infos = document_to_grid_budget(document_cache(corpus_pdf("shanghai-final-accounts-template.pdf")))
    assert lines == []
    assert len(infos) >= 8 and all(t.empty for t in infos)
