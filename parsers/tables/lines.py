"""A logical table → budget_lines records and its `TableInfo`, the structure kept in columns
(`table_index`, `row_group`, `row_index`, `row_kind`, `row_level`, `parent_row`) so the
audit sums what the structure says."""

from __future__ import annotations

from ..budget_vocab import classify_code, is_percent_header
from ..records import BudgetLine, TableInfo
from .model import LogicalTable

SUMMARY_KINDS = ("summary", "fiscal_summary")
PERCENT = ("change_pct", "share_pct")  # kept as printed, in %: never money (amount_wan null)


def table_to_budget_lines(table: LogicalTable) -> list[BudgetLine]:
    summary = table.table_code.split(".", 1)[-1] in SUMMARY_KINDS
    out = []
    for row in table.rows:
        for v in row.values:
            measure = v.measure if v.measure or not summary else "amount"
            out.append(
                BudgetLine(
                    table_code=table.table_code,
                    table_title_raw=table.title,
                    item_name_raw=row.name_raw,
                    measure=measure,
                    amount=v.amount,
                    amount_raw=v.raw,
                    unit_raw="%" if measure in PERCENT or is_percent_header(v.header) else table.unit,
                    page=v.page,
                    line=v.line,
                    row_no=row.row_no,
                    item_code=row.code,
                    classification=classify_code(row.code) if row.code else None,
                    side=table.side_of(row.group),
                    column_raw=v.header or None,
                    bbox=v.bbox,
                    table_index=table.index,
                    row_group=row.group,
                    row_index=row.index,
                    row_kind=row.kind,
                    row_level=row.level,
                    parent_row=row.parent,
                    row_certain=row.certain,
                )
            )
    return out


def table_to_info(table: LogicalTable, n_lines: int) -> TableInfo:
    return TableInfo(
        table.table_code,
        table.title,
        table.page,
        table.page_end,
        table.line,
        table.unit,
        n_rows=len({(r.page, r.line) for r in table.rows if r.values}),
        n_values=n_lines,
        empty=n_lines == 0 and not table.unread_rows,  # printed figures not read are no empty table
        confidence=1.0,
        method=table.method,
        note=table.note,
        table_index=table.index,
    )
