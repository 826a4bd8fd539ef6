"""(not written yet)"""

from __future__ import annotations

from extract.model import Document

from .records import BudgetLine, TableInfo


def document_to_text_budget(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    return [], []
