"""The relations of a government's own tables (data/templates/government.toml), and how sure
a failure in them is.

- `ratio.columns`: a percentage or difference column equals what the money columns of its
  row give, as the tables state it (`3=2/1*100`, `5=4-2`): 完成预算% = 执行数 ÷ 预算数 × 100,
  增长% = (本年 − 上年) ÷ 上年 × 100, 增减额 = 本年 − 上年. A figure printed to d decimals stands
  for an interval; the computed one too (its inputs are rounded), and the two must meet.
- `government_severity`: a failed relation in a government table is an error only where the
  table was matched to its template (every column one the template lists) and the table's
  other relations hold: one printed figure is in every failed relation and at least
  `HELD` relations of the table held. Anywhere else it is a warning that says why.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from caizheng.parsers.tables.government import base_measure
from caizheng.parsers.tables.templates import GovernmentRatio, government_ratios

from .figures import ZERO, Figure, decimals_of, figures_to_json, raw_number
from .relations import Tally, tally_or_new
from .rows import row_name
from .structure_rules import _complete, _figures_of, _logical_rows, _scopes

HELD = 3  # relations of a table that must hold before one that fails is believed
HUNDRED = Decimal(100)


def _half(raw: str | None) -> Decimal:
    places = decimals_of(raw)
    return Decimal(5) * Decimal(10) ** -((places or 0) + 1)


def _columns(rows: list[dict]) -> dict[str, set[str]]:
    """measure → the headers of the columns printing it."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.get("measure"):
            out[r["measure"]].add(r.get("column_raw") or "")
    return out


def ratio_pairs(rows: list[dict], fiscal_year: int | None) -> list[tuple[GovernmentRatio, str, str, str]]:
    """(relation, percentage column's header, of, base) for every percentage or difference
    column whose pair of money columns the table settles: each printed in one column, the one
    the header names (`比2025年执行数增减%`), else the first the template lists that is printed."""
    columns = _columns(rows)
    title = next((r.get("table_title_raw") for r in rows), None)
    out = []
    for rel in government_ratios():
        for header in sorted(columns.get(rel.measure, ())):
            pairs = [
                (a, b) for a, b in rel.pairs if len(columns.get(a, ())) == 1 and len(columns.get(b, ())) == 1
            ]
            named = base_measure(header, title, fiscal_year)
            if named:
                pairs = [(a, b) for a, b in pairs if b == named]
            if pairs:
                out.append((rel, header, *pairs[0]))
    return out


def _cells(rows: list[dict]) -> dict[tuple, dict[str, dict]]:
    out: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        if r.get("row_index") is None or not r.get("measure"):
            continue
        out[(r.get("row_group") or 0, r["row_index"])].setdefault(r["measure"], r)
    return out


def _computed(kind: str, a: Decimal, b: Decimal) -> Decimal | None:
    if kind == "change":
        return a - b
    if b <= 0:
        return None
    if kind == "share":
        return a / b * HUNDRED
    return (a - b) / b * HUNDRED


def _interval(kind: str, a: Decimal, sa: Decimal, b: Decimal, sb: Decimal) -> tuple[Decimal, Decimal] | None:
    corners = [_computed(kind, a + da, b + db) for da in (-sa, sa) for db in (-sb, sb)]
    if any(c is None for c in corners):
        return None
    return min(corners), max(corners)


def ratio_checks(table_code: str, rows: list[dict], fiscal_year: int | None) -> tuple[int, list[dict]]:
    """(relations checked, findings) for one table's percentage and difference columns."""
    checked, found = 0, []
    cells = _cells(rows)
    for rel, header, of, base in ratio_pairs(rows, fiscal_year):
        for row in cells.values():
            pct = row.get(rel.measure)
            if pct is None or (pct.get("column_raw") or "") != header or of not in row or base not in row:
                continue
            p, a, b = (raw_number(row[m].get("amount_raw")) for m in (rel.measure, of, base))
            if p is None or a is None or b is None:
                continue
            bounds = _interval(rel.kind, a, _half(row[of]["amount_raw"]), b, _half(row[base]["amount_raw"]))
            if bounds is None or (rel.kind != "change" and b < 1):
                continue  # no percentage of nothing; a base under one unit is all rounding
            checked += 1
            sp = _half(pct.get("amount_raw"))
            low, high = bounds
            if low - sp <= p <= high + sp:
                continue
            found.append(_ratio_finding(table_code, rel, pct, row[of], row[base], p, low, high, sp))
    return checked, found


def _figure(r: dict, label: str) -> Figure:
    value = raw_number(r.get("amount_raw")) or ZERO
    return Figure(
        label,
        value,
        _half(r.get("amount_raw")),
        r.get("amount_raw"),
        r.get("page"),
        r.get("line"),
        r.get("table_code"),
    )


def _ratio_finding(table_code, rel, pct, of_row, base_row, p, low, high, sp) -> dict:
    name = row_name(pct)
    expected = (low + high) / 2
    places = decimals_of(pct.get("amount_raw")) or 0
    shown = f"{expected:.{places}f}"
    of_fig = _figure(of_row, f"{of_row.get('column_raw') or of_row['measure']}")
    base_fig = _figure(base_row, f"{base_row.get('column_raw') or base_row['measure']}")
    observed = _figure(pct, f"{name} {pct.get('column_raw') or rel.measure}")
    message = (
        f"{table_code} {name} {rel.name}：{pct.get('column_raw') or rel.measure} 印 {pct.get('amount_raw')}，"
        f"而 {of_fig.label} {of_fig.shown()}、{base_fig.label} {base_fig.shown()} 计算得 {shown}"
    )
    return {
        "check": "ratio.columns",
        "severity": "error",
        "message": message,
        "expected": expected,
        "observed": p,
        "difference": p - expected,
        "tolerance": sp + (high - low) / 2,
        "table_code": pct.get("table_code"),
        "page": pct.get("page"),
        "line": pct.get("line"),
        "detail": figures_to_json([observed, of_fig, base_fig]),
    }


def structure_relations(rows: list[dict]) -> int:
    """How many sums the table's structure states (类 = Σ款, 合计 = Σ rows), per money column:
    the relations `structure_findings` checks, held or not (the audit counts them as it checks,
    `Tally.of("sum.hierarchy", "sum.rows")`; this counts them without checking)."""
    n = 0
    for _group, by_index in _logical_rows(rows).items():
        children: dict[int, list[int]] = defaultdict(list)
        for i, row in by_index.items():
            if row["kind"] == "item" and row["parent"] is not None and row["parent"] in by_index:
                children[row["parent"]].append(i)
        wholes = [(p, kids) for p, kids in children.items() if _complete(p, by_index)]
        uncertain = [i for i, r in by_index.items() if not r["certain"]]
        wholes += [
            (t, members)
            for t, members in _scopes(by_index)
            if members and not any(min(members + [t]) < u < max(members + [t]) for u in uncertain)
        ]
        for whole, members in wholes:
            for measure in by_index[whole]["cells"]:
                n += any(measure in by_index[m]["cells"] for m in members)
    return n


def government_table_findings(
    table_code: str,
    rows: list[dict],
    found: list[dict],
    template: str | None,
    fiscal_year: int | None,
    structure_checked: int | None = None,
    tally: Tally | None = None,
) -> list[dict]:
    """The findings of one government table (its structure's, `found`, and its ratio
    columns'), each at the severity the table's reading earns. `structure_checked` is how many
    structure sums were checked (counted here when not given); the ratio relations checked and
    failed are added to `tally`."""
    checked, ratio_found = ratio_checks(table_code, rows, fiscal_year) if template else (0, [])
    tally_or_new(tally).add("ratio.columns", checked, len(ratio_found))
    found = list(found) + ratio_found
    if template:
        checked += structure_relations(rows) if structure_checked is None else structure_checked
    errors = [f for f in found if f.get("severity") == "error"]
    if template and errors and _one_figure(errors) and checked - len(errors) >= HELD:
        return found
    return [government_warning(f, template) for f in found]


def _one_figure(errors: list[dict]) -> bool:
    """One misprint explains the failed relations: one printed cell is in every one of them,
    and no row's sum fails in two columns (a misprint is in one column; the same row failing in
    several is the rows misplaced, whatever cells the columns share)."""
    wholes = [
        (f.get("check"), f.get("page"), f.get("line"))
        for f in errors
        if str(f.get("check")).startswith("sum.")
    ]
    if len(wholes) != len(set(wholes)):
        return False
    return len(errors) == 1 or bool(set.intersection(*(_printed(f) for f in errors)))


def _printed(f: dict) -> set:
    """Where the figures a finding compares are printed (their values may be in 万元 or as printed)."""
    return {(page, line, printed) for page, line, printed, _value in _figures_of(f)}


def government_warning(f: dict, template: str | None = None) -> dict:
    """A government's own budget or final accounts: a relation that fails in a table no
    template covers (its rows selected, its prose interleaving 全市 and 本级 figures), or in
    a table whose other relations fail too, is not known to be the report's slip: a warning
    that says so."""
    if f.get("severity") != "error":
        return f
    why = "表内其他勾稽关系亦不成立，疑为识别有误" if template else "政府预决算报告尚无模板"
    return {**f, "severity": "warning", "message": f"{f['message']}（{why}，仅作提示）"}
