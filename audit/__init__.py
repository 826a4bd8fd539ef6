"""audit: rules that find inconsistent totals in one document's rows (issue 6).

`audit_document(rows)` takes the document's normalized rows per table (lists of
dicts shaped like the warehouse's) and returns findings rows.
"""

from __future__ import annotations

from typing import Any


def audit_document(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return []
