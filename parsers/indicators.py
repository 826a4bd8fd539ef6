"""Performance-indicator tables → indicators (issue 4: not written yet)."""

from __future__ import annotations

from extract.model import Document

from .records import Indicator


def document_to_indicators(doc: Document) -> list[Indicator]:
    return []
