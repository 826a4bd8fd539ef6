"""text.comparison_word: `决算数大于预算数`, `小于`, `等于`, `持平` against the two figures the
passage names (`年初预算为 100.00 万元，支出决算为 90.00 万元。决算数大于预算数的主要原因…`).

The figures are the last budget figure and the last final figure stated in the lines just
before the words (the same sentence or the one before). A word the figures contradict is a
wording slip: a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from ..figures import to_decimal
from .wording import context, wording_finding

WORD = regex.compile(
    r"决算(?:数|支出)?(?P<w>大于|小于|等于|高于|低于|超过|多于|少于)(?:年初)?(?:预算|调整)(?:数)?"
    r"|决算(?:数|支出)?与(?:年初)?预算(?:数)?(?P<eq>持平|一致|相等)"
)
GREATER, LESS = ("大于", "高于", "超过", "多于"), ("小于", "低于", "少于")


def _stated(facts: list[dict], line: dict, lines: int = 4) -> tuple[dict | None, dict | None]:
    near = [
        f
        for f in facts
        if f.get("page") == line.get("page")
        and f.get("amount_wan") is not None
        and not f.get("relation")
        and 0 <= (line.get("line") or 0) - (f.get("line") or 0) <= lines
    ]
    budget = next((f for f in reversed(near) if (f.get("phase") or "").startswith("budget")), None)
    final = next((f for f in reversed(near) if f.get("phase") == "final"), None)
    return budget, final


def comparison_findings(prose: list[dict], facts: list[dict]) -> Iterator[dict]:
    for line in prose:
        text = line.get("text") or ""
        for m in WORD.finditer(text):
            budget, final = _stated(facts, line)
            if budget is None or final is None:
                continue
            b, f = to_decimal(budget["amount_wan"]), to_decimal(final["amount_wan"])
            word = m["w"] or m["eq"]
            if _holds(word, f, b):
                continue
            quote = context(text, m.start(), m.end(), 4)
            msg = (
                f"预算 {budget.get('value_raw')}（第{budget.get('page')}页）与决算 {final.get('value_raw')}"
                f"（第{final.get('page')}页）不符合“{word}”"
            )
            out = wording_finding("text.comparison_word", line, quote, msg)
            yield {**out, "expected": b, "observed": f, "difference": f - b}


def _holds(word: str, final: Decimal, budget: Decimal) -> bool:
    if word in GREATER:
        return final > budget
    if word in LESS:
        return final < budget
    return final == budget
