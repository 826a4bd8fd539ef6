"""Where a stated figure sits in its sentence, and the words around it.

Facts carry their sentence (`sentence`) and the figure as printed (`value_raw`); the
rules that read the wording around a figure (which clause names it, what lies between
two figures) find it again in the sentence, in the order the facts were read.
"""

from __future__ import annotations

import re

from .figures import number_text

# what ends the clause naming a figure: punctuation, or a parenthesis opened before it
CLAUSE_BOUNDARY = re.compile(r"[,，;；:：。!?！？(（)）]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
# a figure about the year before (`上年`, `2016年度…为`, `同期`)
EARLIER_WORD = re.compile(r"上年|上一年|去年|同期|前一年")
# a clause stating a change, not a figure: `比上年减支 5.17`, `较上年增加`
CHANGE_WORD = re.compile(r"增加|减少|增长|下降|增收|减收|增支|减支|上升|降低|节约|压减")


def positions(facts: list[dict]) -> dict[int, int]:
    """id(fact) → where its number starts in its sentence, the facts of one sentence in order."""
    out: dict[int, int] = {}
    cursor: dict[str, int] = {}
    for f in facts:
        s, raw = f.get("sentence") or "", number_text(f.get("value_raw"))
        if not raw:
            continue
        i = s.find(raw, cursor.get(s, 0))
        if i < 0:
            i = s.find(raw)
        if i < 0:
            continue
        out[id(f)] = i
        cursor[s] = i + len(raw)
    return out


def end_of(f: dict, pos: int) -> int:
    """Where the printed figure (number and unit) ends in its sentence."""
    s, raw = f.get("sentence") or "", number_text(f.get("value_raw")) or ""
    end = pos + len(raw)
    unit = f.get("unit") or ""
    if unit and s.startswith(unit, end):
        end += len(unit)
    return end


def clause_before(sentence: str, pos: int) -> str:
    """The clause a figure at `pos` ends: from the last punctuation or parenthesis before it."""
    start = 0
    for m in CLAUSE_BOUNDARY.finditer(sentence, 0, pos):
        start = m.end()
    return sentence[start:pos]


def depth_at(sentence: str, pos: int) -> int:
    """How many brackets are open at `pos`."""
    before = sentence[:pos]
    return max(0, before.count("(") + before.count("（") - before.count(")") - before.count("）"))


def years_in(text: str) -> list[int]:
    return [int(y) for y in YEAR.findall(text)]


def is_earlier(f: dict, pos: int | None, fiscal_year: int | None) -> bool:
    """A figure stated for the year before the report's: named `上年…`, or its clause names
    a year before the report's (`（2016年度部门支出预算安排为 8,648.07 万元）` in a 2017
    budget; without the report's year, before the latest year the sentence names)."""
    if EARLIER_WORD.search((f.get("metric_raw") or "") + (f.get("relation_target_raw") or "")):
        return True
    if pos is None:
        return False
    sentence = f.get("sentence") or ""
    clause = clause_before(sentence, pos)
    if CHANGE_WORD.search(clause):
        return False
    if EARLIER_WORD.search(clause):
        return True
    year = fiscal_year or max(years_in(sentence), default=None)
    return bool(year) and any(y < year for y in years_in(clause))
