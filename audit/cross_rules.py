"""Across tables: the same figure printed in two standard tables must agree.

表1 本年收入合计 = 表2 合计 (表1 收入总计 where 表2 prints 上年结转结余 in its total); 表1 本年支出合计 and its 类 rows = 表3; 表4 本年支出合计
(一般公共预算 column) = 表5 合计; 表5 基本支出 = 表6 人员经费合计 + 公用经费合计.
Tables are matched by their code prefix (`final.` or `budget.`), so a budget's
tables are compared with each other the same way as a final account's.
"""

from __future__ import annotations

from collections.abc import Iterator

from .figures import Figure, equal_finding, sum_finding
from .rows import is_total_row, row_name, unique_amounts
from .summary_rules import GRAND_TOTAL, YEAR_TOTAL

PERSONNEL_CLASSES = ("301", "303")


def _one(rows: list[dict], pick) -> Figure | None:
    """The single figure `pick` selects, or None when there is none or several differ."""
    cells = unique_amounts([r for r in rows if pick(r)], lambda r: "x")
    return cells.get("x")


def _table(groups: dict[tuple, list[dict]], code: str) -> list[dict] | None:
    """Rows of the table with this code, when exactly one such table was read."""
    found = [rows for (tc, _), rows in groups.items() if tc == code]
    return found[0] if len(found) == 1 else None


def _year_total(rows, side, measure) -> Figure | None:
    return _one(
        rows,
        lambda r: r.get("side") == side and r.get("measure") == measure and YEAR_TOTAL.match(row_name(r)),
    )


def _grand_total(rows, side, measure) -> Figure | None:
    return _one(
        rows,
        lambda r: r.get("side") == side and r.get("measure") == measure and GRAND_TOTAL.match(row_name(r)),
    )


def _grand_total_row(rows, measure) -> Figure | None:
    return _one(rows, lambda r: is_total_row(r) and r.get("measure") == measure)


def _class_rows(rows, measure) -> dict[str, Figure]:
    """类 rows by their name (`社会保障和就业支出`), from a coded table."""
    cells = unique_amounts(
        [r for r in rows if len((r.get("item_code") or "").strip()) == 3 and r.get("measure") == measure],
        row_name,
    )
    return cells


def summary_vs_detail(groups, prefix: str) -> Iterator[dict]:
    """表1 against 表2 (income) and 表3 (expenditure): totals and 类 rows."""
    summary = _table(groups, f"{prefix}.summary")
    if summary is None:
        return
    for side, detail_code in (("income", f"{prefix}.income"), ("expenditure", f"{prefix}.expenditure")):
        detail = _table(groups, detail_code)
        if detail is None:
            continue
        mine = _year_total(summary, side, "amount") or _year_total(summary, side, "total")
        if side == "income" and any(r.get("measure") == "carryover_begin" for r in detail):
            # 表2 prints 总计 = 本年收入 + 上年结转结余 (浙江's 收入预算总表): its total is 表1's 收入总计
            mine = _grand_total(summary, side, "amount") or _grand_total(summary, side, "total")
        theirs = _grand_total_row(detail, "total")
        if mine and theirs:
            yield from _eq(mine, theirs, f"{prefix}.summary 与 {detail_code} 合计")
        if side != "expenditure":
            continue
        classes = _class_rows(detail, "total")
        for name, fig in classes.items():
            printed = _one(
                summary,
                lambda r, n=name: (
                    r.get("side") == "expenditure"
                    and r.get("measure") in ("amount", "total")
                    and row_name(r) == n
                ),
            )
            if printed:
                yield from _eq(printed, fig, f"{prefix}.summary 与 {detail_code} 类级科目")


def fiscal_vs_general(groups, prefix: str) -> Iterator[dict]:
    """表4 一般公共预算 column against 表5: 本年支出合计 and 类 rows."""
    fiscal = _table(groups, f"{prefix}.fiscal_summary")
    general = _table(groups, f"{prefix}.general_budget_expenditure")
    if fiscal is None or general is None:
        return
    mine = _year_total(fiscal, "expenditure", "general_budget")
    theirs = _grand_total_row(general, "total")
    if mine and theirs:
        yield from _eq(mine, theirs, f"{prefix}.fiscal_summary 与 {prefix}.general_budget_expenditure 合计")


def general_vs_basic(groups, prefix: str) -> Iterator[dict]:
    """表5 合计 基本支出 = 表6 人员经费合计 + 公用经费合计 (or Σ its 类 rows)."""
    general = _table(groups, f"{prefix}.general_budget_expenditure")
    basic = _table(groups, f"{prefix}.general_budget_basic_expenditure")
    if general is None or basic is None:
        return
    total = _grand_total_row(general, "basic")
    if total is None:
        return
    personnel = _one(basic, lambda r: not r.get("item_code") and row_name(r).startswith("人员经费"))
    public = _one(basic, lambda r: not r.get("item_code") and row_name(r).startswith("公用经费"))
    if personnel and public:
        parts = [personnel, public]
    else:
        classes = unique_amounts(
            [r for r in basic if len((r.get("item_code") or "").strip()) == 3],
            lambda r: (r["item_code"].strip(), r.get("measure")),
        )
        measures = {m for _, m in classes}
        if len(measures) != 1:
            return
        parts = [classes[k] for k in sorted(classes)]
    f = sum_finding(
        "cross_table",
        total,
        parts,
        f"{prefix}.general_budget_expenditure 基本支出 与 {prefix}.general_budget_basic_expenditure",
    )
    if f:
        yield f


def _eq(observed: Figure, other: Figure, what: str) -> Iterator[dict]:
    f = equal_finding("cross_table", observed, other, what)
    if f:
        yield f


def cross_findings(groups: dict[tuple, list[dict]]) -> Iterator[dict]:
    for prefix in ("final", "budget"):
        yield from summary_vs_detail(groups, prefix)
        yield from fiscal_vs_general(groups, prefix)
        yield from general_vs_basic(groups, prefix)
