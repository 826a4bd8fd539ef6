"""The tables of a government's own budget or final accounts (预算草案, 预算执行情况, 总决算):
the same logical tables, named for what they hold (`gov.general_revenue`, `gov.debt`, …)
rather than as a department's 部门预算 tables, whose templates they do not follow.

The families, the columns and the relations are data (data/templates/government.toml):
`government_table_code` names a table from its title, `government_measure` a column from its
header and the year it names, `template_of` says whether a table prints only columns its
template describes (a matched table's failed relations are errors; see audit)."""

from __future__ import annotations

from dataclasses import replace

import regex as re

from ..budget_vocab import classify_code, clean_title
from ..classification import candidates
from ..records import BudgetLine, TableInfo
from .templates import government_columns, government_families, government_measures

TEMPLATE = "government"
PERCENT = ("change_pct", "share_pct", "budget_pct", "adjusted_budget_pct", "prior_actual_pct")
_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇○零][〇○零一二三四五六七八九]{2})\s*年")


def government_table_code(title: str) -> str | None:
    """`2025年全市一般公共预算支出表` → gov.general_expenditure; None for a title naming no
    government table family."""
    t = clean_title(title or "")
    family = next((f for f in government_families() if re.search(f.title, t)), None)
    if family is None:
        return None
    if not family.sided:
        return family.code
    income, spending = t.find("收入"), t.find("支出")
    if income < 0 and spending < 0:
        return None
    side = "revenue" if spending < 0 or 0 <= income < spending else "expenditure"
    return f"{family.code}_{side}"


def year_of(text: str | None) -> int | None:
    """The first year a header or title names: `2025年执行数` → 2025, `二○二四年决算数` → 2024."""
    m = YEAR.search(text or "")
    return int(m.group(1).translate(_DIGITS)) if m else None


def government_measure(header: str | None, title: str | None, fiscal_year: int | None) -> str | None:
    """The canonical measure of a government table's column, or None for a header the
    template does not name. A figure of a year before the fiscal year is a `prior_*` one; the
    year is the header's, else the title's (`全市2024年…执行情况表` in a 2025 report)."""
    h = re.sub(r"\s+", "", header or "")
    column = next((c for c in government_columns() if re.search(c.header, h)), None)
    if column is None:
        return None
    year = year_of(h) or year_of(title)
    if column.prior and year and fiscal_year and year < fiscal_year:
        return column.prior
    return column.measure


def base_measure(header: str | None, title: str | None, fiscal_year: int | None) -> str | None:
    """The column a change is measured against, where the header names it: `比2025年执行数增减%`
    → prior_actual (in a 2026 report); None where the header does not say."""
    h = re.sub(r"\s+", "", header or "")
    m = re.search(r"比(.+?)(?:增减|增长|增幅|[+＋]?[-－]|$)", h)
    if not m or not m.group(1):
        return None
    return government_measure(m.group(1), title, fiscal_year)


def template_of(table_code: str, measures: set) -> str | None:
    """`government` for a table of a family with relations (the four 预算, revenue or
    expenditure) whose every column is one the template lists; None otherwise."""
    if not table_code.startswith("gov.") or not table_code.endswith(("_revenue", "_expenditure")):
        return None
    printed = {m for m in measures if m is not None}
    if None in measures or not printed or not printed <= government_measures():
        return None
    return TEMPLATE


def class_code(name: str) -> str | None:
    """The 类 a row names with its ordinal (`一、一般公共服务支出`, `教育支出`): the whole-area
    tables print the 类 by name only. None unless exactly one 类 of the classification fits."""
    codes = {e.code for e in candidates(name, None, "function") if len(e.code) == 3}
    return codes.pop() if len(codes) == 1 else None


def _class_coded(b: BudgetLine) -> BudgetLine:
    if b.item_code or b.row_kind not in (None, "item") or b.parent_row is not None:
        return b
    code = class_code(b.item_name_raw)
    return replace(b, item_code=code, classification=classify_code(code)) if code else b


def government_tables(
    lines: list[BudgetLine], tables: list[TableInfo], fiscal_year: int | None
) -> tuple[list[BudgetLine], list[TableInfo]]:
    """A government's report holds the government's tables (gov.*), not a department's: each
    table gets its gov.* code, each column the template's measure, each table its template."""

    def code(record) -> str:
        return government_table_code(record.table_title_raw) or record.table_code

    out = []
    for b in lines:
        c = code(b)
        measure = b.measure
        if c.startswith("gov."):
            measure = government_measure(b.column_raw, b.table_title_raw, fiscal_year) or b.measure
        unit = "%" if measure in PERCENT else b.unit_raw
        b = replace(b, table_code=c, measure=measure, unit_raw=unit)
        out.append(_class_coded(b) if c.endswith("_expenditure") else b)
    printed: dict = {}
    for b in out:
        printed.setdefault((b.table_index, b.table_code), set()).add(b.measure)
    infos = []
    for t in tables:
        c = code(t)
        template = (
            template_of(c, printed.get((t.table_index, c), set())) if t.table_index is not None else None
        )
        infos.append(replace(t, table_code=c, template=template))
    return out, infos
