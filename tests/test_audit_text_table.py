"""Prose against tables on 西南大学 2021 部门预算 (../shared/corpus-wild dma-ee77afa0): p9 states
`收支总预算 490,808.40 万元，其中本年收入预算 390,140.45 万元，使用非财政拨款结余 18,953.73 万元，
上年结转 81,714.17 万元；本年支出预算 415,808.40 万元，结转下年 75,000.00 万元。` while the
summary table p6 prints 使用非财政拨款结余 18,953.78. One slip: the prose figure. The sentence
lists the two sides of one balance, not one list of five parts.
"""

from __future__ import annotations

from decimal import Decimal

from caizheng.audit import audit_document
from caizheng.extract.model import Document, Line, Page
from caizheng.normalize.rows import fact_to_row
from caizheng.parsers.facts import document_to_facts

SWU_P9 = (
    "我校 2021 年收支总预算 490,808.40 万元，其中本年收",
    "入预算 390,140.45 万元，使用非财政拨款结余 18,953.73",
    "万元，上年结转 81,714.17 万元；本年支出预算 415,808.40",
    "万元，结转下年 75,000.00 万元。",
)


def summary_row(name, amount, side, line):
    return {
        "table_code": "budget.summary",
        "table_title_raw": "收支预算总表",
        "item_name_raw": name,
        "item_name": name,
        "measure": "amount",
        "amount_wan": Decimal(amount.replace(",", "")),
        "amount_raw": amount,
        "unit_raw": "万元",
        "side": side,
        "page": 6,
        "line": line,
    }


SWU_P6 = [
    summary_row("本年收入合计", "390,140.45", "income", 23),
    summary_row("使用非财政拨款结余", "18,953.78", "income", 24),
    summary_row("上年结转", "81,714.17", "income", 26),
    summary_row("本年支出合计", "415,808.40", "expenditure", 23),
    summary_row("结转下年", "75,000.00", "expenditure", 24),
]


def audit_lines(texts, lines, kind="budget"):
    page = Page(number=9, lines=tuple(Line(text=t, page=9, number=i + 20) for i, t in enumerate(texts)))
    doc = Document(path="x.txt", sha256="0", format="txt", pages=(page,))
    rows = {
        "facts": [fact_to_row(f) for f in document_to_facts(doc)],
        "budget_lines": lines,
        "documents": [{"fiscal_year": 2021, "report_kind": kind}],
    }
    return [f for f in audit_document(rows) if f["severity"] in ("error", "warning")]


def test_a_summary_row_restated_in_prose_is_compared():
    found = audit_lines(SWU_P9, SWU_P6)
    assert [(f["check"], f["severity"], f["observed"], f["expected"]) for f in found] == [
        ("text_vs_table", "error", Decimal("18953.73"), Decimal("18953.78"))
    ]
    assert found[0]["page"] == 9 and "第6页" in found[0]["message"]


def test_the_two_sides_of_a_balance_are_not_one_list():
    # with the table's 18,953.78 the prose is consistent: no finding at all (before: 490,808.40 ≠
    # the sum of all five parts, 981,616.75)
    right = tuple(t.replace("18,953.73", "18,953.78") for t in SWU_P9)
    assert audit_lines(right, SWU_P6) == []
    # the income side short by the slip is a list of the main items (fewer than the whole): no finding
    assert audit_lines(SWU_P9, []) == []


def test_a_side_that_does_not_add_up_is_still_found():
    wrong = tuple(t.replace("75,000.00", "80,000.00") for t in SWU_P9)
    right_income = tuple(t.replace("18,953.73", "18,953.78") for t in wrong)
    found = audit_lines(right_income, SWU_P6)
    assert [(f["check"], f["observed"], f["expected"]) for f in found] == [
        ("prose.parts", Decimal("490808.40"), Decimal("495808.40"))
    ]


def test_final_accounts_prose_of_budget_figures_is_not_compared_with_their_tables():
    fact = {
        "metric_raw": "使用非财政拨款结余",
        "value": 18953.73,
        "value_exact": "18953.73",
        "value_raw": "18,953.73万元",
        "unit": "万元",
        "amount_wan": Decimal("18953.73"),
        "phase": "budget_initial",
        "sentence": "年初预算使用非财政拨款结余 18,953.73 万元。",
        "page": 9,
        "line": 1,
    }
    for kind, checks in (("final_accounts", []), ("budget", ["text_vs_table"])):
        rows = {"facts": [fact], "budget_lines": SWU_P6, "documents": [{"report_kind": kind}]}
        assert [f["check"] for f in audit_document(rows)] == checks


def function_row(code, name, amount, line):
    return dict(summary_row(name, amount, None, line), table_code="budget.fiscal_expenditure", item_code=code)


FUNCTION_ROWS = [
    function_row("20102", "政协事务", "4,810.85", 5),
    function_row("2010201", "行政运行", "3,233.03", 6),
    function_row("2010202", "一般行政管理事务", "1,577.82", 7),
    function_row("20101", "人大事务", "900.00", 8),
    function_row("2010101", "行政运行", "900.00", 9),
]


def test_an_item_of_the_functional_classification_against_its_row():
    # 政协2017 p9: `1．政协事务（款）行政运行（项）支出3,233.03万元` is row 2010201, not 2010101
    ok = ("1．政协事务（款）行政运行（项）支出3,233.03万元，与上年相比减少108.56万元。",)
    assert audit_lines(ok, FUNCTION_ROWS) == []
    wrong = (ok[0].replace("3,233.03", "3,323.03"),)
    found = audit_lines(wrong, FUNCTION_ROWS)
    assert [(f["check"], f["severity"], f["expected"]) for f in found if f["check"] == "text_vs_table"] == [
        ("text_vs_table", "error", Decimal("3233.03"))
    ]
