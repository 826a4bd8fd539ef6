"""Budget and final-account tables → budget_lines, and a `TableInfo` per table.

Two readers, one vocabulary (`budget_vocab`): `budget_grid` for tables that come
with cells (PDF tables, tab-separated and markdown tables) and `budget_text` for
text reports whose tables are only lines of words and numbers. `self_eval_funds`
reads the funds block of a 绩效自评表.
"""

from __future__ import annotations

from dataclasses import replace

from caizheng.extract.model import Document

from .budget_grid import document_to_grid_budget
from .budget_text import document_to_text_budget
from .records import BudgetLine, TableInfo
from .self_eval_funds import document_to_self_eval_funds


def document_to_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    lines: list[BudgetLine] = []
    tables: list[TableInfo] = []
    for reader in (document_to_grid_budget, document_to_text_budget, document_to_self_eval_funds):
        more_lines, more_tables = reader(doc)
        offset = 1 + max((t.table_index for t in tables if t.table_index is not None), default=-1)
        if offset:  # each reader numbers its own tables from 0: one numbering per document
            more_lines = [_shift(b, offset) for b in more_lines]
            more_tables = [_shift(t, offset) for t in more_tables]
        lines += more_lines
        tables += more_tables
    return lines, tables


def _shift(record, offset: int):
    if record.table_index is None:
        return record
    return replace(record, table_index=record.table_index + offset)
