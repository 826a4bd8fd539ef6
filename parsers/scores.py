"""Evaluation scores and grades → scores (issue 4: not written yet)."""

from __future__ import annotations

from extract.model import Document

from .records import Score


def document_to_scores(doc: Document) -> list[Score]:
    return []
