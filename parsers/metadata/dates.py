"""The date printed on a report: a labelled date, else a date standing alone on a line."""

from __future__ import annotations

import regex

from ..numbers import parse_chinese_numeral

_DATE = regex.compile(
    r"(?P<y>20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
_DATE_LABEL = regex.compile(r"(?:填报|报送|编制|印发|发布|公开)?日期\s*[:：]?\s*")


def published_of(lines: list[str]) -> str | None:
    for line in lines:
        m = _DATE_LABEL.search(line)
        if m:
            d = _DATE.match(line[m.end() :])
            if d:
                return _iso(d)
    for line in reversed(lines):
        d = _DATE.fullmatch(line.replace(" ", ""))
        if d:
            return _iso(d)
    return None


def _iso(m) -> str | None:
    def num(s):
        if s is None:
            return None
        return (
            int(s)
            if s.isdigit()
            else parse_chinese_numeral(s.replace("〇", "零").replace("○", "零"), errors="null")
        )

    y = m["y"]
    year = int(y) if y.isdigit() else parse_chinese_numeral(y.replace("○", "〇"))
    month, day = num(m["m"]), num(m["d"])
    if not month or not 1 <= month <= 12:
        return None
    if day and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"
