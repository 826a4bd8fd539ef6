"""text.year: a year that contradicts the report's fiscal year.

- a heading naming the report's own phase for another year (`2023年度部门决算` in a 2024
  决算; `2024年部门预算` in a 2025 预算), unless it says 执行 (a budget's review of last year),
  and not in a government's report on one year's execution and the next year's draft;
- `截至` a date of another year: a 决算 states its year's end, a 预算 its year or the one before;
- the report compared with itself: a 2025 预算 `与2025年预算相比`, a 2024 决算 `与2024年度决算相比`.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .wording import context, wording_finding

PHASE = {"budget": "预算", "final_accounts": "决算"}
HEADING_YEAR = regex.compile(r"(?<!\d)(20\d\d)\s*年度?(?:部门|单位)?(?P<phase>预算|决算)(?!执行)")
# a government's report on last year's execution and next year's draft covers two years
TWO_YEARS = regex.compile(r"预算草案|预算执行情况和|预算执行情况与")
AS_OF = regex.compile(r"截[至止](?:到)?(20\d\d)\s*年")
SELF = regex.compile(
    r"(?:与|比|较)(20\d\d)\s*年度?(?:部门|单位)?(?P<phase>预算|决算)(?:数)?(?:相比|增加|减少|增长|下降)"
)


def year_findings(prose: list[dict], year: int | None, kind: str | None) -> Iterator[dict]:
    phase = PHASE.get(kind or "")
    if not year or not phase:
        return
    two_years = any(TWO_YEARS.search(line.get("text") or "") for line in prose)
    for line in prose:
        text = line.get("text") or ""
        if line.get("heading") and not two_years:
            for m in HEADING_YEAR.finditer(text):
                if m["phase"] == phase and int(m[1]) != year and "执行" not in text:
                    yield wording_finding("text.year", line, text, f"标题年度 {m[1]} 与报告年度 {year} 不符")
        for m in AS_OF.finditer(text):
            allowed = (year,) if kind == "final_accounts" else (year - 1, year)
            if int(m[1]) not in allowed:
                quote = context(text, m.start(), m.end(), 10)
                yield wording_finding(
                    "text.year", line, quote, f"截至日期的年度 {m[1]} 与报告年度 {year} 不符"
                )
        for m in SELF.finditer(text):
            if m["phase"] == phase and int(m[1]) == year:
                quote = context(text, m.start(), m.end(), 6)
                yield wording_finding("text.year", line, quote, f"{year}年{phase}与其自身相比，应为上年")
