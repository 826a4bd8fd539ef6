"""Performance-indicator tables → indicators.

Three readers: `grid` for tables that come as cells (tab-separated or
markdown tables, PDF tables), `text` for tables printed as text lines whose
cells are words separated by spaces, and `stacked` for self-evaluation
tables printed one cell per line.
Target parsing is in `targets`, the level vocabulary in `vocab`.
"""

from __future__ import annotations

from caizheng.extract.model import Document

from ..records import Indicator
from .grid import document_to_grid_indicators
from .stacked import document_to_stacked_indicators
from .text import document_to_text_indicators


def document_to_indicators(doc: Document) -> list[Indicator]:
    """Tables that come as cells first; text lines those cells came from are not read again."""
    return (
        document_to_grid_indicators(doc)
        + document_to_text_indicators(doc)
        + document_to_stacked_indicators(doc)
    )
