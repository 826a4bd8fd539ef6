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
from collections.abc import Iterator
from decimal import Decimal

from caizheng.parsers.tables.government import DEBT, base_measure, debt_kind, debt_split
from caizheng.parsers.tables.structure import outline_rank
from caizheng.parsers.tables.templates import GovernmentRatio, debt_flows, government_ratios

from .figures import (
    ZERO,
    Figure,
    budget_row_to_figure,
    decimals_of,
    figures_to_json,
    finding,
    format_printed,
    raw_number,
)
from .relations import Tally, tally_or_new
from .rows import printed_row_key, row_name
from .structure_rules import _complete, _figures_of, _logical_rows, _scopes
from .table_rules import column_plan

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


def _settled(pairs, columns: dict[str, set[str]]) -> list[tuple[str, str]]:
    """The (of, base) pairs whose money columns the table prints, each in one column."""
    return [(a, b) for a, b in pairs if len(columns.get(a, ())) == 1 and len(columns.get(b, ())) == 1]


def ratio_pairs(
    rows: list[dict], fiscal_year: int | None, cells: dict | None = None
) -> list[tuple[GovernmentRatio, str, str, str]]:
    """(relation, percentage column's header, of, base) for every percentage or difference
    column whose pair of money columns the table settles: each printed in one column, the one
    the header names (`比2025年执行数增减%`), else the one its rows follow (`_column_convention`;
    `cells` is `_cells(rows)`, built here when not given)."""
    columns = _columns(rows)
    title = next((r.get("table_title_raw") for r in rows), None)
    printed = [rel for rel in government_ratios() if rel.measure in columns]
    out = []
    for rel in printed:
        # a pair another printed column of the same kind takes first is that column's, when
        # this one has another (完成调整预算% beside 完成预算% leaves the latter the original budget)
        settled = _settled(rel.pairs, columns)
        taken = {
            _settled(other.pairs, columns)[0]
            for other in printed
            if other is not rel and other.kind == rel.kind and _settled(other.pairs, columns)
        }
        own = [p for p in settled if p not in taken] or settled
        for header in sorted(columns.get(rel.measure, ())):
            pairs = own
            named = base_measure(header, title, fiscal_year)
            if named:
                pairs = [(a, b) for a, b in pairs if b == named]
            elif len(pairs) > 1:
                cells = _cells(rows) if cells is None else cells
                pairs = _column_convention(rel, header, pairs, cells)
            if pairs:
                out.append((rel, header, *pairs[0]))
    return out


def _column_convention(rel: GovernmentRatio, header: str, pairs: list, cells: dict) -> list:
    """The pairs a percentage column whose header names no base may be of, the one its rows
    follow first: a budget's `增长%` is of last year's budget in one report (石嘴山 2026 p45:
    99,500 against 92,000, +8.2) and of last year's outturn in another. One base for the whole
    column, chosen by how many of its rows it explains (the template's order on a tie); every
    row is then checked against it, so a misprinted row still fails."""
    counts = [
        sum(
            1
            for *_, p, low, high, sp in _ratio_rows(rel, header, of, base, cells)
            if low - sp <= p <= high + sp
        )
        for of, base in pairs
    ]
    best = max(range(len(pairs)), key=lambda k: (counts[k], -k))
    return [pairs[best], *(p for k, p in enumerate(pairs) if k != best)]


def _ratio_rows(rel: GovernmentRatio, header: str, of: str, base: str, cells: dict) -> Iterator[tuple]:
    """(row, percentage cell, printed figure, lowest, highest, its half unit) for every row of
    the column headed `header` that prints the figure and both money figures it is of."""
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
        yield row, pct, p, *bounds, _half(pct.get("amount_raw"))


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
    for rel, header, of, base in ratio_pairs(rows, fiscal_year, cells):
        for row, pct, p, low, high, sp in _ratio_rows(rel, header, of, base, cells):
            checked += 1
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


def column_relations(rows: list[dict]) -> int:
    """How many column sums the template states on the table's rows (合计 = 一般债务 + 专项债务,
    合计 = 基本 + 项目): the relations `column_findings` checks, held or not."""
    by_row: dict[tuple, set] = defaultdict(set)
    for r in rows:
        if r.get("amount_raw") is not None:
            by_row[printed_row_key(r)].add(r.get("measure"))
    plan = column_plan({r.get("measure") for r in rows})
    return sum(
        1
        for measures in by_row.values()
        for whole, parts in plan
        if whole in measures and set(parts) & measures
    )


SPLITS = ("", "_general", "_special")


def _flow_finding(table_code: str, flow, whole, plus: list, minus: list, where: str) -> dict | None:
    expected = sum((f.value for f in plus), ZERO) - sum((f.value for f in minus), ZERO)
    tolerance = whole.slack + sum((f.slack for f in plus + minus), ZERO)
    difference = whole.value - expected
    if difference == 0 or abs(difference) <= tolerance:
        return None
    terms = " + ".join(f"{f.label} {f.shown()}" for f in plus) + "".join(
        f" − {f.label} {f.shown()}" for f in minus
    )
    message = f"{table_code} {where}{flow.name}：{whole.label} {whole.shown()} ≠ {terms} = {format_printed(expected, [whole, *plus, *minus])}"
    # a warning whatever the table: the balance also moves by terms such tables need not print
    # (转贷 to the counties, 置换, 调整: 湖南 2023 p49, 宣城 2024 p6 and 拉萨 2025 本级 p12 do
    # not close while every figure is read as printed)
    message += "（余额还可因表中未列的转贷、置换、调整等变动，仅作提示）"
    return finding("sum.columns", whole, expected, tolerance, message, plus + minus, "warning")


def debt_flow_checks(table_code: str, rows: list[dict], fiscal_year: int | None) -> tuple[int, list[dict]]:
    """(relations checked, findings) for 年末余额 = 上年末余额 + 本年新增 − 本年偿还 in a debt
    table: on every row printing the four columns (per debt: 合计, 一般, 专项), and down every
    column of a table printing them as rows (`一、2023年末…余额` … `五、2024年末…余额`), where each
    row with a figure in the column names what it holds and no two name the same."""
    if table_code != DEBT:
        return 0, []
    checked, found = 0, []
    cells = _cells(rows)
    for flow in debt_flows():
        for row in cells.values():
            for split in SPLITS:
                names = [
                    flow.whole + split,
                    *(m + split for m in flow.plus),
                    *(m + split for m in flow.minus),
                ]
                if not all(m in row for m in names):
                    continue
                figs = [
                    budget_row_to_figure(row[m], f"{row_name(row[m])} {row[m].get('column_raw') or m}")
                    for m in names
                ]
                if any(f is None for f in figs):
                    continue
                checked += 1
                n = 1 + len(flow.plus)
                f = _flow_finding(table_code, flow, figs[0], figs[1:n], figs[n:], "")
                found += [f] if f else []
        columns: dict[tuple, list[dict]] = defaultdict(list)
        for r in rows:
            if (
                r.get("row_index") is not None
                and r.get("amount_raw") is not None
                and r.get("row_kind") != "of_which"
            ):
                columns[(r.get("row_group") or 0, r.get("measure"), r.get("column_raw"))].append(r)
        for column in columns.values():
            numbered = [r for r in column if outline_rank(r.get("item_name_raw") or "") == 1]
            column = numbered or column  # a table numbering its rows (一、二、…) states its terms so
            kinds = [debt_kind(row_name(r), fiscal_year) for r in column]
            splits = {debt_split(row_name(r)) for r in column}
            terms = (flow.whole, *flow.plus, *flow.minus)
            if (
                None in kinds
                or len(set(kinds)) != len(kinds)
                or len(splits) > 1
                or not set(terms) <= set(kinds)
            ):
                continue
            by_kind = {k: budget_row_to_figure(r, row_name(r)) for k, r in zip(kinds, column)}
            if any(by_kind[t] is None for t in terms):
                continue
            checked += 1
            plus = [by_kind[m] for m in flow.plus]
            minus = [by_kind[m] for m in flow.minus]
            column_name = column[0].get("column_raw") or ""
            f = _flow_finding(
                table_code, flow, by_kind[flow.whole], plus, minus, f"{column_name}栏 " if column_name else ""
            )
            found += [f] if f else []
    return checked, found


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
    flows, flow_found = debt_flow_checks(table_code, rows, fiscal_year)
    counted = tally_or_new(tally)
    counted.add("ratio.columns", checked, ratio_found)
    counted.add("sum.flow", flows, flow_found)
    found = list(found) + ratio_found + flow_found
    if template:  # the column sums are tallied by `column_findings`; here they only vouch for the table
        structure = structure_relations(rows) if structure_checked is None else structure_checked
        checked += structure + column_relations(rows) + flows
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
