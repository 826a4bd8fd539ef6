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
from .structure import clean
from .templates import (
    debt_kinds,
    debt_scopes,
    debt_splits,
    government_columns,
    government_families,
    government_measures,
    pattern,
)

TEMPLATE = "government"
DEBT = "gov.debt"
PERCENT = ("change_pct", "share_pct", "budget_pct", "adjusted_budget_pct", "prior_actual_pct")
_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇○零][〇○零一二三四五六七八九]{2})\s*年")


def government_table_code(title: str) -> str | None:
    """`2025年全市一般公共预算支出表` → gov.general_expenditure; None for a title naming no
    government table family."""
    t = clean_title(title or "")
    family = next((f for f in government_families() if pattern(f.title).search(t)), None)
    if family is None:
        return None
    if not family.sided:
        return family.code
    # `…收支平衡情况表`, `…收支决算总表`: both sides, the revenue side first (as `收支总表`)
    income = min((i for i in (t.find("收入"), t.find("收支")) if i >= 0), default=-1)
    spending = t.find("支出")
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
    h = clean(header)
    column = next((c for c in government_columns() if pattern(c.header).search(h)), None)
    if column is None:
        return None
    year = year_of(h) or year_of(title)
    if column.prior and year and fiscal_year and year < fiscal_year:
        # two years back is its own column (朝阳 2025 预算报告: 2024年快报数 | 2023年决算数)
        return column.prior if year == fiscal_year - 1 else column.prior.replace("prior_", "prior2_", 1)
    return column.measure


FORMULA = re.compile(r"[A-Z](?:[=＝][A-Z+\-−]+)?$")  # `2024年债务限额A=B+C`: the 公式 row's letters


def debt_kind(text: str | None, fiscal_year: int | None) -> str | None:
    """What a debt column or row holds, from its header or name: `2023年债务限额` → limit,
    `一、2023年末地方政府一般债务余额` → prior_balance (in a 2024 report), `2024年还本额` → repaid."""
    h = clean(text)
    kind = next((k for k in debt_kinds() if pattern(k.header).search(h)), None)
    if kind is None:
        return None
    year = year_of(h)
    if kind.prior and year and fiscal_year and year < fiscal_year:
        return kind.prior
    return kind.measure


def debt_split(text: str | None) -> str | None:
    """`_general` or `_special` for a text naming one debt (一般债务, 专项债券) and not the other."""
    h = clean(text)
    found = [suffix for p, suffix in debt_splits() if pattern(p).search(h)]
    return found[0] if len(found) == 1 else None


def debt_measures() -> frozenset[str]:
    """Every measure `debt_measure` can give a debt column: each kind (and its prior form) per
    debt, and the scopes."""
    kinds = {m for k in debt_kinds() for m in (k.measure, k.prior) if m}
    suffixes = ["", *(suffix for _, suffix in debt_splits())]
    return frozenset({k + s for k in kinds for s in suffixes} | {m for _, m in debt_scopes()})


def debt_measure(header: str | None, title: str | None, fiscal_year: int | None) -> str | None:
    """The measure of a debt table's column: what it holds (its header's, else the title's)
    and which debt (its header's, else the title's): `2024年债务限额一般债务` → limit_general,
    `一般债券` under `2024年全市新增政府债券分地区明细表` → issued_general, `全市` → region_total."""
    h = FORMULA.sub("", clean(header))
    scope = next((m for p, m in debt_scopes() if pattern(p).search(h)), None)
    if scope:
        return scope
    kind = debt_kind(h, fiscal_year)
    if kind is None:
        plain = government_measure(h, title, fiscal_year)
        if plain is not None:
            return plain  # 预算数 / 决算数 of a table whose rows say what they hold
        kind = debt_kind(clean_title(title or ""), fiscal_year) if h else None
    if kind is None:
        return None
    split = debt_split(h) if re.search(r"一般债|专项债", h) else debt_split(title)
    return kind + (split or "")


def base_measure(header: str | None, title: str | None, fiscal_year: int | None) -> str | None:
    """The column a change is measured against, where the header names it: `比2025年执行数增减%`
    → prior_actual (in a 2026 report); None where the header does not say."""
    h = clean(header)
    m = re.search(r"比(.+?)(?:增减|增长|增幅|[+＋]?[-－]|$)", h)
    if not m or not m.group(1):
        return None
    return government_measure(m.group(1), title, fiscal_year)


def template_of(table_code: str, measures: set) -> str | None:
    """`government` for a table of a family with relations (the four 预算, revenue or
    expenditure) whose every column is one the template lists; None otherwise."""
    debt = table_code == DEBT
    if not table_code.startswith("gov.") or not (debt or table_code.endswith(("_revenue", "_expenditure"))):
        return None
    printed = {m for m in measures if m is not None}
    if None in measures or not printed or not printed <= government_measures(DEBT if debt else None):
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
        if c == DEBT:
            measure = debt_measure(b.column_raw, b.table_title_raw, fiscal_year)
        elif c.startswith("gov."):
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
