"""parsers: the document model → records (what kind of report, budget tables,
indicator tables, scores, figures in prose).

`parse_document(doc)` chains them in one place. Each parser runs on its own: one
that fails costs only its records, and its error (with the page where known) is
returned so the document is marked `partial`, never silently `ok`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caizheng.extract.model import Document

from .budget import document_to_budget
from .document_info import document_to_info
from .facts import document_to_facts
from .performance import document_to_indicators
from .prose import document_to_prose
from .records import BudgetLine, DocumentInfo, Fact, Indicator, ProseLine, Score, TableInfo
from .scores import document_to_scores
from .tables.government import government_tables

__version__ = "0.2.0"


@dataclass
class Parsed:
    info: DocumentInfo
    budget_lines: list[BudgetLine] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    prose: list[ProseLine] = field(default_factory=list)  # for the wording rules; not stored
    errors: list[str] = field(default_factory=list)


def parse_document(doc: Document) -> Parsed:
    errors: list[str] = []
    info = _guarded(errors, "document info", document_to_info, doc) or DocumentInfo()
    budget_lines, tables = _guarded(errors, "budget tables", document_to_budget, doc) or ([], [])
    if info.report_kind.startswith("government"):
        budget_lines, tables = government_tables(budget_lines, tables, info.fiscal_year)
    return Parsed(
        info=info,
        budget_lines=list(budget_lines),
        tables=list(tables),
        indicators=_guarded(errors, "indicator tables", document_to_indicators, doc) or [],
        scores=_guarded(errors, "scores", document_to_scores, doc) or [],
        facts=_guarded(errors, "facts", document_to_facts, doc) or [],
        prose=_guarded(errors, "prose lines", document_to_prose, doc) or [],
        errors=errors,
    )


def _guarded(errors: list[str], what: str, fn, doc):
    try:
        return fn(doc)
    except Exception as exc:  # a parser bug on one document must not stop the batch
        page = getattr(exc, "page", None)
        where = f" (page {page})" if page else ""
        errors.append(f"{what}{where}: {type(exc).__name__}: {exc}")
        return None
