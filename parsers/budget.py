"""Budget and final-account tables → budget_lines (issue 3: not written yet)."""

from __future__ import annotations

from extract.model import Document

from .records import BudgetLine, TableInfo


def document_to_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    return [], []
