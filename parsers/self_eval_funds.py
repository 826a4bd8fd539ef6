"""(not written yet)"""

from __future__ import annotations

from extract.model import Document

from .records import BudgetLine, TableInfo


def document_to_self_eval_funds(doc: Document) -> tuple[list[BudgetLine], list[TableInfo]]:
    return [], []
