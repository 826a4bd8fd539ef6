"""The tables of a government's own budget or final accounts (预算草案, 预算执行情况, 总决算):
the same logical tables, named for what they hold (`gov.general_revenue`, `gov.debt`, …)
rather than as a department's 部门预算 tables, whose templates they do not follow."""

from __future__ import annotations

import regex as re

from ..budget_vocab import clean_title

# (family pattern, code stem); first match wins
FAMILIES = (
    (r"社会保险基金|社保基金", "social_insurance"),
    (r"债务|债券|限额", "debt"),
    (r"转移支付|税收返还", "transfer"),
    (r"国有资本经营", "state_capital"),
    (r"政府性基金", "fund"),
    (r"一般公共预算|公共财政|一般预算", "general"),
)
STEMS_WITH_SIDES = ("social_insurance", "state_capital", "fund", "general")


def government_table_code(title: str) -> str | None:
    """`2025年全市一般公共预算支出表` → gov.general_expenditure; None for a title naming no
    government table family."""
    t = clean_title(title or "")
    stem = next((s for pattern, s in FAMILIES if re.search(pattern, t)), None)
    if stem is None:
        return None
    if stem not in STEMS_WITH_SIDES:
        return f"gov.{stem}"
    income, spending = t.find("收入"), t.find("支出")
    if income < 0 and spending < 0:
        return None
    side = "revenue" if spending < 0 or 0 <= income < spending else "expenditure"
    return f"gov.{stem}_{side}"
