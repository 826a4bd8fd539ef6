"""The fiscal year: the year the figures are for, not the year of publication.

Read from the title block however it is printed (`2024年`, a year on its own line or in
another font, `二〇二四年度`, `2 0 2 4 年`), leaving out dates (`2022年8月`) and
ranges (`2025—2035年`), and checked against the years the table titles use.

A government report on one year's execution and the next year's draft budget
(`2025年预算执行情况和2026年预算草案`) is filed under the draft budget's year (2026):
its budget figures, the ones the report asks the congress to approve, are for that
year. A government budget printed without a title gets the latest year its budget
(not execution) tables are for.
"""

from __future__ import annotations

from collections import Counter

import regex

from .lines import join_spaced_digits

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "О": 0, "O": 0, "Ｏ": 0, "0": 0, "一": 1, "二": 2, "三": 3,
             "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_YEAR = regex.compile(r"([一二][〇○零ОOＯ0一二三四五六七八九]{3})\s*年")
_YEAR = regex.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
_DATE_AFTER = regex.compile(r"^\s*年?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月")
_RANGE_AFTER = regex.compile(r"^\s*年?\s*[-—–~～至到]\s*(?:19|20)\d{2}")
_RANGE_BEFORE = regex.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*$")
_NOT_A_YEAR_AFTER = regex.compile(r"^\s*(?:万|亿|元|人|个|号|期|次|%|\.\d)")
_ISSUED = regex.compile(
    r"〔\s*((?:19|20)\d{2})\s*〕|((?:19|20)\d{2})(?=\s*年\s*\d{1,2}\s*月|-\d{1,2}-\d{1,2})"
)
_BUDGET_TABLE = regex.compile(r"预算|草案")
_EXECUTION_TABLE = regex.compile(r"执行|完成|决算|上年|年初")


def arabic_years(text: str) -> str:
    """Chinese-numeral years as digits: `二〇二四年度` → `2024年度`."""
    text = join_spaced_digits(text)
    return _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[c]) for c in m[1]) + "年", text)


def years_in(text: str, *, bare: bool = False) -> list[int]:
    """The years a line prints, in order: `20xx年` (or a bare `20xx` when `bare`),
    not dates, not either end of a range."""
    text = arabic_years(text)
    out = []
    for m in _YEAR.finditer(text):
        after, before = text[m.end() :], text[: m.start()]
        if _DATE_AFTER.match(after) or _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
            continue
        if _NOT_A_YEAR_AFTER.match(after) or regex.match(r"^[-/]\d", after):
            continue
        if not bare and not regex.match(r"^\s*年", after) and not regex.search(r"〔\s*$|\[\s*$", before):
            continue
        out.append(int(m[1]))
    return out


def title_years(block: list[str]) -> list[int]:
    """Years of the title block: `2024年…`, and a year printed alone on its line
    (`2026` under `重庆市商务委员会年部门预算`)."""
    out = []
    for line in block:
        t = arabic_years(line).strip()
        if regex.fullmatch(r"(?:19|20)\d{2}\s*(?:年度?)?", t):
            out.append(int(t[:4]))
        else:
            out += [y for y in years_in(t) if not regex.search(rf"〔\s*{y}\s*〕", t)]
    return out


def fiscal_year_of(block: list[str], kind: str, table_titles: list[str], lines: list[str]) -> int | None:
    found = title_years(block)
    table_years = Counter(y for t in table_titles for y in years_in(t))
    if kind == "government_budget":
        budget_years = [y for t in table_titles if _BUDGET_TABLE.search(t) and not _EXECUTION_TABLE.search(t)
                        for y in years_in(t)]  # fmt: skip
        candidates = found + budget_years or list(table_years)
        return max(candidates) if candidates else _most_printed(lines)
    if kind == "unknown":  # not a report: the year it was issued (文号 〔2026〕, a date)
        issued = [int(m[1] or m[2]) for ln in block for m in _ISSUED.finditer(arabic_years(ln))]
        if issued:
            return issued[0]
        found = found or [y for ln in block for y in years_in(ln)]
        return found[0] if found else None  # no title year: the body's years say nothing
    if len(set(found)) > 1 and table_years:
        # two years in the title (a period, a re-publication): the one the tables use
        return max(set(found), key=lambda y: (table_years[y], -found.index(y)))
    if found:
        return found[0]
    if table_years:
        return table_years.most_common(1)[0][0]
    return _most_printed(lines)


def _most_printed(lines: list[str]) -> int | None:
    for line in lines[:40]:
        m = regex.search(r"(?<!\d)((?:19|20)\d{2})\s*年度", arabic_years(line))
        if m:
            return int(m[1])
    years = Counter(y for ln in lines for y in years_in(ln))
    return years.most_common(1)[0][0] if years else None
