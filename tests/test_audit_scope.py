"""Prose against tables when the prose splits a different whole.

普陀规划资源局 2024 (corpus PDF; figures typed from pages 4 and 16): the text says
`一般公共预算财政拨款基本支出5377.64万元 … 其中：人员经费4896.98万元 … 公用经费480.66万元`,
while the 基本支出决算表 (p.16) prints 人员经费合计 4884.09 and 公用经费合计 480.66. The text's
whole, 5377.64, is the 基本支出 of all funds (支出决算表), not the 5364.75 of that
table: the parts are of another whole, and no error may be raised.
"""

from __future__ import annotations

from decimal import Decimal

from caizheng.audit import audit_document

from .test_audit_prose import fact

S = "一般公共预算财政拨款基本支出5377.64万元。其中：人员经费4896.98万元，公用经费480.66万元。"


def line(name, amount, line_no):
    return {
        "table_code": "final.general_budget_basic_expenditure",
        "item_name_raw": name,
        "item_name": name,
        "measure": "amount",
        "amount_wan": Decimal(amount),
        "amount_raw": amount,
        "unit_raw": "万元",
        "page": 16,
        "line": line_no,
    }


TABLE = [line("人员经费合计", "4884.09", 40), line("公用经费合计", "480.66", 40)]


def facts(whole):
    return [
        fact("一般公共预算财政拨款基本支出", whole, S, 10, page=4),
        fact("人员经费", "4896.98", S, 11, parent="一般公共预算财政拨款基本支出", page=4),
        fact("公用经费", "480.66", S, 11, parent="一般公共预算财政拨款基本支出", page=4),
    ]


def text_table(found):
    return [f for f in found if f["check"] == "text_vs_table" and f["severity"] == "error"]


def test_parts_of_another_whole_are_not_compared_with_this_table():
    assert text_table(audit_document({"facts": facts("5377.64"), "budget_lines": TABLE})) == []


def test_parts_of_this_tables_whole_are_compared():
    """Had the text's whole been the table's 5364.75, 人员经费 4896.98 ≠ 4884.09 is an error."""
    found = text_table(audit_document({"facts": facts("5364.75"), "budget_lines": TABLE}))
    assert len(found) == 1 and "4896.98" in found[0]["message"] and "4884.09" in found[0]["message"]
