"""Performance-indicator tables → indicators.

Three readers: `perf_grid` for tables that come as cells (tab-separated or
markdown tables, PDF tables), `perf_text` for tables printed as text lines whose
cells are words separated by spaces, and `perf_stacked` for self-evaluation
tables printed one cell per line.
Target parsing is in `perf_targets`, the level vocabulary in `perf_vocab`.
"""

from __future__ import annotations

from extract.model import Document

from .perf_grid import document_to_grid_indicators
from .perf_stacked import document_to_stacked_indicators
from .perf_text import document_to_text_indicators
from .records import Indicator


def document_to_indicators(doc: Document) -> list[Indicator]:
    """Tables that come as cells first; text lines those cells came from are not read again."""
    return (
        document_to_grid_indicators(doc)
        + document_to_text_indicators(doc)
        + document_to_stacked_indicators(doc)
    )
