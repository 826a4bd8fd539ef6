"""text.placeholder: a template's leftovers in the published text.

- a placeholder for a name or figure: `XX局`, `××万元`;
- both alternatives of the template left in: `增加（减少）`, `增长（下降）`;
- a reason left blank: `主要原因是。`, `主要用于：；`;
- fill-in instructions: `请据实填写…`, `此处说明…`, `【填写…】`.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .wording import context, wording_finding

_UP = "增加|增长|上升|提高|高于|大于|超支|多于"
_DOWN = "减少|下降|降低|低于|小于|节约|节支|少于"
PATTERNS = [
    (
        regex.compile(r"(?<![A-Za-z])(?:(?<=\p{Han})[X×✕]{2,}|[X×✕]{2,}(?=\p{Han}))(?![A-Za-z])|某某"),
        "占位符未替换",
    ),
    (regex.compile(rf"(?:{_UP})\((?:{_DOWN})\)|(?:{_DOWN})\((?:{_UP})\)"), "模板的两种表述并存"),
    (regex.compile(r"(?:原因|用于)(?:主要)?(?:是|为|有|包括)?[:]?[。;]"), "原因或用途未填写"),
    (
        regex.compile(
            r"请[^。;,]{0,15}(?:填写|填列|填报|据实说明|补充说明)|此处(?:填写|填列|说明|补充)|【[^】]{0,20}(?:填写|填列)[^】]{0,20}】"
        ),
        "填报说明未删除",
    ),
]


def placeholder_findings(prose: list[dict]) -> Iterator[dict]:
    for line in prose:
        text = line.get("text") or ""
        for pattern, what in PATTERNS:
            for m in pattern.finditer(text):
                yield wording_finding("text.placeholder", line, context(text, m.start(), m.end()), what)
