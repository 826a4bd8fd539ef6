"""Sums that a table's own structure states, read from the structure columns the table
readers write (`table_index`, `row_group`, `row_index`, `row_kind`, `parent_row`).

- `sum.hierarchy`: a row = Σ the rows that hang from it (类 = Σ款, `一、财政拨款` = Σ `1.…`),
  per column; 其中 rows are not among them.
- `sum.rows`: a total = Σ the top-level rows of its scope: the rows since the total
  before it, and that total itself (小计 → 合计 → 总计); a total printed first sums the
  rows below it.
- `sum.of_which`: the 其中 rows under a row never add up to more than it.

No relation is searched for: each comes from the printed structure. A relation over a
row whose place the structure does not settle is not checked. A table where several
relations fail and no single figure is common to every failure was misread rather
than misprinted: it is reported once, as `table.unreadable` (info), listing them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from .figures import ZERO, budget_row_to_figure, finding, sum_finding
from .relations import Tally, tally_or_new
from .rows import label, renamed, row_name
from .table_rules import measure_zh

ITEM, OF_WHICH, TOTAL = "item", "of_which", "total"


def is_structured(rows: list[dict]) -> bool:
    return bool(rows) and all(r.get("row_index") is not None for r in rows)


def _logical_rows(rows: list[dict]) -> dict[int, dict[int, dict]]:
    """group → row_index → {kind, parent, name, certain, code, cells: measure → Figure}."""
    out: dict[int, dict[int, dict]] = defaultdict(dict)
    for r in rows:
        g, i = r.get("row_group") or 0, r["row_index"]
        row = out[g].setdefault(
            i,
            {
                "kind": r.get("row_kind") or ITEM,
                "parent": r.get("parent_row"),
                "name": row_name(r),
                "code": r.get("item_code"),
                "certain": r.get("row_certain") is not False,
                "cells": {},
            },
        )
        fig = budget_row_to_figure(r)
        if fig is not None and row["kind"] == TOTAL and not row["name"]:
            fig = renamed(fig, "未印名称的合计行")
        if fig is not None and not r.get("measure") and not r.get("column_raw"):
            continue  # a figure whose column the reader could not tell (text tables): in no sum
        if fig is not None:  # a column without a canonical measure is known by its printed header
            key = r.get("measure") or ("column", r.get("column_raw"))
            row["cells"].setdefault(key, label(fig, r.get("item_code")))
    return out


def structure_findings(table_code: str, rows: list[dict], tally: Tally | None = None) -> Iterator[dict]:
    """The table's structure sums; each one checked is counted in `tally`."""
    tally = tally_or_new(tally)
    found: list[dict] = []
    for _group, by_index in sorted(_logical_rows(rows).items()):
        found += _hierarchy(table_code, by_index, tally)
        found += _totals(table_code, by_index, tally)
        found += _of_which(table_code, by_index, tally)
    yield from found


def _column(measure) -> str:
    if isinstance(measure, tuple):  # ("column", its printed header)
        return f" {measure[1]}栏" if measure[1] else ""
    return f" {measure_zh(measure)}栏" if measure not in (None, "amount") else ""


def _hierarchy(table_code: str, rows: dict[int, dict], tally: Tally) -> list[dict]:
    children: dict[int, list[int]] = defaultdict(list)
    for i, row in rows.items():
        if row["kind"] == ITEM and row["parent"] is not None and row["parent"] in rows:
            children[row["parent"]].append(i)
    out = []
    for parent, kids in sorted(children.items()):
        if not _complete(parent, rows):
            continue
        out += _column_sums("sum.hierarchy", table_code, rows, parent, kids, "与其下级各行", tally)
    return out


def _column_sums(
    check: str, table_code: str, rows: dict, whole_row: int, members: list[int], what: str, tally: Tally
):
    """Per money column: the whole row's figure against the members' figures in that column
    (a relation wherever one member prints a figure in it)."""
    out = []
    for measure, whole in rows[whole_row]["cells"].items():
        parts = [rows[m]["cells"][measure] for m in members if measure in rows[m]["cells"]]
        if parts:
            what_ = f"{table_code}{_column(measure)} {whole.label} {what}"
            out += tally.check(check, sum_finding(check, whole, parts, what_))
    return out


def total_order(name: str) -> int:
    """小计 and the year's totals (本年收入合计, 当年支出小计) 1, 合计 2, 总计 3: a total sums the
    totals of lower order before it (小计 → 合计 → 总计), never one of its own order."""
    if "总计" in name:
        return 3
    if "小计" in name or name.startswith(("本年", "当年", "本期")):
        return 1
    return 2


def _complete(parent: int, rows: dict[int, dict]) -> bool:
    """False where a row whose place is not settled sits among the parent's descendants
    (before the first row after it that does not hang from it): it may be one of its parts."""

    def descends(i: int) -> bool:
        seen = set()
        while i is not None and i not in seen:
            seen.add(i)
            i = rows[i]["parent"] if i in rows else None
            if i == parent:
                return True
        return False

    for i in sorted(k for k in rows if k > parent):
        if not rows[i]["certain"]:
            return False
        if rows[i]["kind"] != OF_WHICH and not descends(i):
            return True
    return True


def _scopes(rows: dict[int, dict]) -> Iterator[tuple[int, list[int]]]:
    """(total row, the rows it sums) in printed order.

    Totals printed below their rows sum the top-level rows since the total before them,
    and that total where it is of lower order. Totals printed above their rows (the first
    total comes before any row) sum the rows below them, up to the next total; such a
    total followed directly by totals of lower order sums those."""
    order = sorted(rows)
    totals = [i for i in order if rows[i]["kind"] == TOTAL]
    items = [i for i in order if _top(rows[i])]
    if not totals or not items:
        return
    rank = {t: total_order(rows[t]["name"]) for t in totals}
    if totals[0] < items[0] and rank[totals[0]] > 1:  # totals head their blocks (a 小计 or
        # 本年…合计 closes the year's rows, never heads them: one printed first has lost its rows)
        for k, t in enumerate(totals):
            nxt = totals[k + 1] if k + 1 < len(totals) else None
            below = [i for i in items if i > t and (nxt is None or i < nxt)]
            if below:
                yield t, below
            elif t > items[-1]:
                if rank[t] >= rank[totals[0]]:  # a grand total under every row: the head total again
                    yield t, [totals[0]]
            else:
                subs = []
                for u in totals[k + 1 :]:
                    if rank[u] >= rank[t]:
                        break
                    if rank[u] == rank[nxt]:
                        subs.append(u)
                if subs:
                    last = max(subs)
                    after = next((u for u in totals if u > last and rank[u] >= rank[t]), None)
                    rest = [i for i in items if i > last and (after is None or i < after)]
                    yield t, subs + [i for i in rest if not _inside(i, subs, totals)]
        return
    previous = None
    for t in totals:
        before = [i for i in items if (previous is None or i > previous) and i < t]
        chain = [previous] if previous is not None and rank[previous] < rank[t] else []
        if before or chain:
            yield t, chain + before
        previous = t


def _inside(i: int, subs: list[int], totals: list[int]) -> bool:
    """Whether row i lies in the block a head total of `subs` sums."""
    for s in subs:
        nxt = next((u for u in totals if u > s), None)
        if i > s and (nxt is None or i < nxt):
            return True
    return False


def _top(row: dict) -> bool:
    return row["kind"] == ITEM and row["parent"] is None and row["certain"]


def _totals(table_code: str, rows: dict[int, dict], tally: Tally) -> list[dict]:
    out = []
    uncertain = [i for i, r in rows.items() if not r["certain"]]
    for t, members in _scopes(rows):
        if not members or any(min(members + [t]) < u < max(members + [t]) for u in uncertain):
            continue  # a row inside the scope whose place is not settled may be one of the parts
        out += _column_sums("sum.rows", table_code, rows, t, members, "与其所合计的各行", tally)
    return out


def _of_which(table_code: str, rows: dict[int, dict], tally: Tally) -> list[dict]:
    subs: dict[int, list[int]] = defaultdict(list)
    for i, row in rows.items():
        if row["kind"] == OF_WHICH and row["parent"] in rows:
            subs[row["parent"]].append(i)
    out = []
    for parent, kids in sorted(subs.items()):
        for measure, whole in rows[parent]["cells"].items():
            parts = [rows[k]["cells"][measure] for k in kids if measure in rows[k]["cells"]]
            if not parts or _signed(measure) or whole.value < 0 or any(p.value < 0 for p in parts):
                continue  # 其中 items are parts of an amount: a change (增减额) or a percentage is not
            expected = sum((p.value for p in parts), ZERO)
            tolerance = whole.slack + sum((p.slack for p in parts), ZERO)
            if expected - whole.value <= tolerance:
                tally.check("sum.of_which", None)
                continue
            shown = " + ".join(f"{p.label} {p.shown()}" for p in parts)
            message = f"{table_code}{_column(measure)} 其中项之和大于其所属行：{whole.label} {whole.shown()} < {shown}"
            out += tally.check(
                "sum.of_which", finding("sum.of_which", whole, expected, tolerance, message, parts, "error")
            )
    return out


def _signed(measure) -> bool:
    """A column of differences or percentages (增减额, 增长%, 完成预算%), whose 其中 items need
    not stay within their row's figure (朝阳 2025 p23: 专项收入 −2,039, 其中 教育费附加收入 −763)."""
    name = measure[1] if isinstance(measure, tuple) else measure
    return bool(name) and (name in ("change", "change_pct") or str(name).endswith("_pct"))


def _figures_of(f: dict) -> set:
    """The printed figures a finding compares (where they are printed)."""
    try:
        figs = json.loads(f.get("detail") or "[]")
    except (TypeError, ValueError):
        return set()
    return {(x.get("page"), x.get("line"), x.get("printed"), x.get("value")) for x in figs}


def localize(table_code: str, findings: list[dict]) -> list[dict]:
    """Errors one misprinted figure explains (it is in every failing relation) stay errors;
    errors no single figure explains mean the table was misread: one `table.unreadable`."""
    errors = [f for f in findings if f.get("severity") == "error"]
    if len(errors) < 2:
        return findings
    common = set.intersection(*(_figures_of(f) for f in errors))
    if common:
        return findings
    rest = [f for f in findings if f.get("severity") != "error"]
    first = min(errors, key=lambda f: (f.get("page") or 0, f.get("line") or 0))
    listed = "；".join(f["message"] for f in errors[:6]) + ("；…" if len(errors) > 6 else "")
    return rest + [
        {
            "check": "table.unreadable",
            "severity": "info",
            "message": f"{table_code} 有 {len(errors)} 处勾稽关系不成立且无共同数字，判断为表格识别有误而非报表差错：{listed}",
            "table_code": table_code,
            "page": first.get("page"),
            "line": first.get("line"),
        }
    ]
