"""One finding about printed words: the rule, the words quoted, where they are."""

from __future__ import annotations

import json


def wording_finding(check: str, line: dict, quote: str, message: str, severity: str = "warning") -> dict:
    return {
        "check": check,
        "severity": severity,
        "message": f"{message}：“{quote}”（第{line.get('page')}页）",
        "quote": quote,
        "page": line.get("page"),
        "line": line.get("line"),
        "detail": json.dumps(
            [{"label": "原文", "printed": quote, "page": line.get("page"), "line": line.get("line")}],
            ensure_ascii=False,
        ),
    }


def context(text: str, start: int, end: int, width: int = 12) -> str:
    """The matched words with a few characters either side, as printed."""
    return text[max(0, start - width) : end + width]
