"""Figures stated in prose → facts (issue 5: not written yet)."""

from __future__ import annotations

from extract.model import Document

from .records import Fact


def document_to_facts(doc: Document) -> list[Fact]:
    return []
