"""Two-sided summary tables (收入支出决算总表, 财政拨款收入支出决算总表, 收支预算总表):
each side's items add to its 本年合计, 合计 plus the carry-over rows add to 总计,
and 收入总计 = 支出总计.

Rows are read by name and printed order, not by a template's row numbers, since
the numbering changes between years and regions. Where the structure is ambiguous
(a budget summary listing expenditure by function and again by use, sub-rows under
a carry-over) the rule accepts any reading that adds up and flags only a
difference that no reading explains.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .figures import ZERO, Figure, budget_row_to_figure, equal_finding, sum_finding
from .relations import Tally, tally_or_new
from .rows import SUBITEM, row_name, unique_amounts
from .table_rules import measure_zh

SUMMARY_TABLES = re.compile(r"\.(summary|fiscal_summary)$")
YEAR_TOTAL = re.compile(r"^(本年)?(收入|支出)合计$|^合计$")
GRAND_TOTAL = re.compile(r"^(收入|支出)?总计$")
CARRY = re.compile(r"结转|结余|结存|事业基金|弥补")
SIDE_ZH = {"income": "收入", "expenditure": "支出"}


def is_summary(table_code: str) -> bool:
    return bool(SUMMARY_TABLES.search(table_code or ""))


def _order(row: dict):
    """Printed order: by 行次 where printed, else column by column (a budget summary may print
    expenditure by function and by use side by side: two views, each read down its column)."""
    bbox = row.get("bbox")
    column = round(bbox[0] / 20) if bbox and row.get("row_no") is None else 0
    return (
        row.get("row_no") is None,
        row.get("row_no") or 0,
        column,
        row.get("page") or 0,
        row.get("line") or 0,
    )


def side_rows(rows: list[dict]) -> dict[tuple, list[tuple[str, Figure]]]:
    """(side, measure) → [(name, figure)] in printed order, duplicates dropped."""
    out: dict[tuple, list] = defaultdict(list)
    for (side, measure, _key), fig in sorted(
        unique_amounts(rows, lambda r: (r.get("side"), r.get("measure"), _row_id(r))).items(),
        key=lambda kv: kv[0][2],
    ):
        if side in SIDE_ZH:
            out[(side, measure)].append((_row_id_name(_key), fig))
    return dict(out)


def _row_id(row: dict):
    return (*_order(row), row_name(row))


def _row_id_name(key) -> str:
    return key[-1]


def summary_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    sides = side_rows(rows)
    grand: dict[tuple, Figure] = {}
    for (side, measure), items in sides.items():
        what = f"{table_code} {SIDE_ZH[side]}方" + (
            f" {measure_zh(measure)}栏" if measure != "amount" else ""
        )
        year_i = next((i for i, (n, _) in enumerate(items) if YEAR_TOTAL.match(n)), None)
        grand_i = next((i for i, (n, _) in enumerate(items) if GRAND_TOTAL.match(n)), None)
        if grand_i is not None:
            grand[(side, measure)] = _side_label(items[grand_i][1], side)
        if year_i is not None:
            body = [
                f for n, f in items[:year_i] if f.value and not SUBITEM.match(n) and not GRAND_TOTAL.match(n)
            ]
            yield from _grouped_sum(items[year_i][1], body, what)
        if year_i is not None and grand_i is not None and grand_i > year_i:
            between = items[year_i + 1 : grand_i]
            carry = [f for n, f in between if CARRY.search(n)]
            every = [f for _, f in between]
            yield from _first_consistent(
                items[grand_i][1], [items[year_i][1], *carry], [items[year_i][1], *every], what
            )
            yield from _carry_subrow_findings(between, what)
    yield from _balance(table_code, grand)


def _balance(table_code: str, grand: dict[tuple, Figure], tally: Tally | None = None) -> Iterator[dict]:
    """收入总计 = 支出总计 per column, from each side's grand total (side, measure) → Figure."""
    tally = tally_or_new(tally)
    for measure in dict.fromkeys(m for _, m in grand):  # in the order the columns were met, run after run
        inc, exp = grand.get(("income", measure)), grand.get(("expenditure", measure))
        if inc is not None and exp is not None:
            yield from tally.check(
                "sum.balance", equal_finding("sum.balance", exp, inc, f"{table_code} 收支总计应相等")
            )


def _carry_subrow_findings(between: list[tuple[str, Figure]], what: str) -> Iterator[dict]:
    """A carry-over row = the rows printed under it (年初财政拨款结转和结余 = 一般公共预算
    + 政府性基金 + 国有资本经营), when any are printed."""
    i = 0
    while i < len(between):
        name, head = between[i]
        j = i + 1
        while j < len(between) and not CARRY.search(between[j][0]):
            j += 1
        subs = [f for _, f in between[i + 1 : j]]
        if CARRY.search(name) and subs:
            f = sum_finding("sum.rows", head, subs, what)
            if f:
                yield f
        i = j


def _side_label(fig: Figure, side: str) -> Figure:
    name = fig.label if fig.label.startswith(SIDE_ZH[side]) else f"{SIDE_ZH[side]}{fig.label}"
    return Figure(name, fig.value, fig.slack, fig.raw, fig.page, fig.line, fig.table_code)


def _grouped_sum(total: Figure, body: list[Figure], what: str) -> Iterator[dict]:
    """Items → 本年合计, allowing the items to be printed as several complete views.

    A budget summary may list expenditure by function and then again by use; each
    run of items that adds to the total is one view. Whatever is left after the last
    complete view must add to the total too.
    """
    if not body:
        return
    start, run, slack = 0, ZERO, ZERO
    for i, f in enumerate(body):
        run += f.value
        slack += f.slack
        if abs(total.value - run) <= slack + total.slack:
            start, run, slack = i + 1, ZERO, ZERO
    rest = body[start:]
    if start and not rest:
        # every view adds up; report rounding in the first view only
        view = _first_view(total, body)
        f = sum_finding("sum.rows", total, view, what)
        if f:
            yield f
        return
    f = sum_finding("sum.rows", total, rest or body, what)
    if f:
        yield f


def _first_view(total: Figure, body: list[Figure]) -> list[Figure]:
    run, slack = ZERO, ZERO
    for i, f in enumerate(body):
        run += f.value
        slack += f.slack
        if abs(total.value - run) <= slack + total.slack:
            return body[: i + 1]
    return body


def _first_consistent(total: Figure, strict: list[Figure], loose: list[Figure], what: str) -> Iterator[dict]:
    """总计 = 本年合计 + carry-over rows; the sub-rows below a carry-over are not added
    unless that is the only reading that adds up."""
    first = sum_finding("sum.rows", total, strict, what)
    if first is None or first["severity"] == "warning":
        yield from [first] if first else []
        return
    second = sum_finding("sum.rows", total, loose, what)
    if second is None or second["severity"] == "warning":
        yield from [second] if second else []
        return
    yield first


def balance_findings(table_code: str, rows: list[dict], tally: Tally | None = None) -> Iterator[dict]:
    """收入总计 = 支出总计: the last total row of the income side against the last total row of
    the expenditure side (the group that prints it), per column, in a structured summary."""
    if not is_summary(table_code):
        return
    last: dict[tuple, tuple] = {}
    for r in rows:
        if r.get("row_kind") != "total" or r.get("side") not in SIDE_ZH:
            continue
        key = (r["side"], r.get("measure"))
        order = (r.get("row_group") or 0, r.get("row_index") or 0)
        if key not in last or order > last[key][0]:
            last[key] = (order, r)
    grand = {}
    for (side, measure), (_, row) in last.items():
        fig = budget_row_to_figure(row)
        if fig is not None:
            grand[(side, measure)] = _side_label(fig, side)
    yield from _balance(table_code, grand, tally)
