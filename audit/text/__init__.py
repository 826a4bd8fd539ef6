"""Wording rules over a document's prose (issue 14): what a reviewer's checklist catches
beyond the sums. Each rule reads the prose lines (`rows["prose"]`: page, line, cleaned
text, heading, block start), the facts where it needs figures, and the document's year and
kind; each finding quotes the printed words (`quote`) with their page and line. Wording
slips are warnings: the figures are not wrong, the words around them are.
"""

from __future__ import annotations

from collections.abc import Iterator

from .class_names import class_name_findings
from .comparison import comparison_findings
from .placeholders import placeholder_findings
from .punctuation import punctuation_findings
from .years import year_findings


def text_findings(
    prose: list[dict], facts: list[dict], document: dict, lines: list[dict] | None = None
) -> Iterator[dict]:
    prose = [line for line in prose if not line.get("table_note")]  # notes inside tables are not running text
    yield from placeholder_findings(prose)
    yield from punctuation_findings(prose)
    yield from year_findings(prose, document.get("fiscal_year"), document.get("report_kind"))
    yield from comparison_findings(prose, facts)
    yield from class_name_findings(prose, facts, lines or [], document.get("fiscal_year"))
