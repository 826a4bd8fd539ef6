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

from collections import defaultdict
from collections.abc import Iterator

from .figures import ZERO, Figure, budget_row_to_figure, finding, sum_finding
from .rows import label, row_name
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
        if fig is not None:
            row["cells"].setdefault(r.get("measure"), label(fig, r.get("item_code")))
    return out


def structure_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    found: list[dict] = []
    for _group, by_index in sorted(_logical_rows(rows).items()):
        found += _hierarchy(table_code, by_index)
        found += _totals(table_code, by_index)
        found += _of_which(table_code, by_index)
    yield from found


def _column(measure) -> str:
    return f" {measure_zh(measure)}栏" if measure not in (None, "amount") else ""


def _hierarchy(table_code: str, rows: dict[int, dict]) -> list[dict]:
    children: dict[int, list[int]] = defaultdict(list)
    for i, row in rows.items():
        if row["kind"] == ITEM and row["parent"] is not None and row["parent"] in rows:
            children[row["parent"]].append(i)
    out = []
    for parent, kids in sorted(children.items()):
        head = rows[parent]
        for measure, whole in head["cells"].items():
            parts = [rows[k]["cells"][measure] for k in kids if measure in rows[k]["cells"]]
            if not parts:
                continue
            what = f"{table_code}{_column(measure)} {whole.label} 与其下级各行"
            f = sum_finding("sum.hierarchy", whole, parts, what)
            if f:
                out.append(f)
    return out


def _scopes(rows: dict[int, dict]) -> Iterator[tuple[int, list[int]]]:
    """(total row, the rows it sums) in printed order."""
    order = sorted(rows)
    totals = [i for i in order if rows[i]["kind"] == TOTAL]
    previous = None
    for t in totals:
        before = [i for i in order if (previous is None or i > previous) and i < t and _top(rows[i])]
        if before or previous is not None:
            yield t, ([previous] if previous is not None else []) + before
        else:  # a total printed first: the rows below it, up to the next total
            nxt = next((u for u in totals if u > t), None)
            yield t, [i for i in order if i > t and (nxt is None or i < nxt) and _top(rows[i])]
        previous = t


def _top(row: dict) -> bool:
    return row["kind"] == ITEM and row["parent"] is None


def _totals(table_code: str, rows: dict[int, dict]) -> list[dict]:
    out = []
    for t, members in _scopes(rows):
        if not members or not all(rows[m]["certain"] for m in members):
            continue
        total = rows[t]
        for measure, whole in total["cells"].items():
            parts = [rows[m]["cells"][measure] for m in members if measure in rows[m]["cells"]]
            if not parts:
                continue
            what = f"{table_code}{_column(measure)} {whole.label} 与其所合计的各行"
            f = sum_finding("sum.rows", whole, parts, what)
            if f:
                out.append(f)
    return out


def _of_which(table_code: str, rows: dict[int, dict]) -> list[dict]:
    subs: dict[int, list[int]] = defaultdict(list)
    for i, row in rows.items():
        if row["kind"] == OF_WHICH and row["parent"] in rows:
            subs[row["parent"]].append(i)
    out = []
    for parent, kids in sorted(subs.items()):
        for measure, whole in rows[parent]["cells"].items():
            parts = [rows[k]["cells"][measure] for k in kids if measure in rows[k]["cells"]]
            if not parts:
                continue
            expected = sum((p.value for p in parts), ZERO)
            tolerance = whole.slack + sum((p.slack for p in parts), ZERO)
            if expected - whole.value <= tolerance:
                continue
            shown = " + ".join(f"{p.label} {p.shown()}" for p in parts)
            message = f"{table_code}{_column(measure)} 其中项之和大于其所属行：{whole.label} {whole.shown()} < {shown}"
            out.append(finding("sum.of_which", whole, expected, tolerance, message, parts, "error"))
    return out


def _figures_of(f: dict) -> set:
    """The printed figures a finding compares (where they are printed)."""
    import json

    try:
        figs = json.loads(f.get("detail") or "[]")
    except (TypeError, ValueError):
        return set()
    return {(x.get("page"), x.get("line"), x.get("printed"), x.get("label")) for x in figs}


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


__all__ = ["Figure", "is_structured", "localize", "structure_findings"]
