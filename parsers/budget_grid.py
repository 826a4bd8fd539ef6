"""Budget and final-account tables that come as cells (PDF tables, tab-separated tables):
read into logical tables (`parsers.tables.grid`), then written as budget_lines."""

from __future__ import annotations

from caizheng.extract.model import Document

from .records import BudgetLine, TableInfo
from .tables.grid import document_to_logical_tables
from .tables.lines import table_to_budget_lines, table_to_info


def document_to_grid_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    lines: list[BudgetLine] = []
    infos: list[TableInfo] = []
    for table in document_to_logical_tables(doc):
        more = table_to_budget_lines(table)
        lines += more
        infos.append(table_to_info(table, len(more)))
    return lines, infos
