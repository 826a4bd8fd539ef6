"""text.class_name: a classification name that is not the code's name in the report's year,
or that the report's own tables give another code or level.

- a table row or a prose name printing a code's name from another edition of the 政府收支分类
  科目 (`210 医疗卫生与计划生育支出` in a 2019 report: `卫生健康支出` from 2019), from the dated
  names of `data/reference/class_name_years.csv`;
- a path in prose (`住房保障支出（类）住房改革支出（款）住房公积金（项）`) whose 款 is not the
  款 the tables print that 项 under, whose 项 is a 款 of the tables, or whose level tag is
  another level's (`住房改革支出（类）`: 住房改革支出 is 款 22102).

Names are compared at the level printed, in their loose form (with or without 支出): a name
merely shortened or cut by a wrapped cell is not a dated name and is not judged, and a 款 or
项 is judged against the tables only where the tables place it. Wording slips: warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caizheng.parsers.classification import (
    children,
    dated_codes,
    dated_names,
    entries,
    lookup,
    loose_name,
    misdated_name,
    names_in,
    normalize_name,
)

from ..rows import clean_name
from .wording import context, wording_finding

LEVEL_OF = {3: "类", 5: "款", 7: "项"}
# a name and its level tag; a name may hold `（室）`/`（境）` (政府办公厅（室）及相关机构事务)
SEGMENT = regex.compile(r"(?P<name>\p{Han}(?:\p{Han}|\((?:室|境)\)|、)*?)\((?P<level>类|款|项)\)")
LEAD = regex.compile(r"^(?:其中|包括|主要|用于|一是|二是|三是|[“”\"]|——|-)+")


def class_name_findings(prose: list[dict], facts: list[dict], lines: list[dict], year) -> Iterator[dict]:
    if not year:
        return
    seen: set = set()
    for f in _table_findings(lines, int(year)):
        yield from _once(f, seen)
    for f in _fact_findings(facts, int(year)):
        yield from _once(f, seen)
    for f in _path_findings(prose, lines, int(year)):
        yield from _once(f, seen)


def _once(f: dict, seen: set) -> Iterator[dict]:
    key = f.pop("_key")
    if key not in seen:
        seen.add(key)
        yield f


def _misdated(code: str, printed: str, year: int, where: dict, quote: str, what: str) -> dict | None:
    dated = misdated_name(code, printed, year)
    if dated is None:
        return None
    now = "、".join(f"“{n}”" for n in names_in(code, year)) or "另一名称"
    when = (
        f"{dated.last_year}年及以前"
        if dated.last_year and dated.last_year < year
        else f"{dated.first_year}年起"
    )
    msg = (
        f"{what}科目 {code}“{printed}”是{when}政府收支分类科目的名称，{year}年为{now}（依据：{dated.source}）"
    )
    out = wording_finding("text.class_name", where, quote, msg)
    return {**out, "_key": ("dated", code, loose_name(printed))}


def _table_findings(lines: list[dict], year: int) -> Iterator[dict]:
    """Rows whose printed name is another edition's name for their code."""
    for r in lines:
        code = (r.get("item_code") or "").strip()
        printed = r.get("item_name_raw") or r.get("item_name") or ""
        if len(code) not in LEVEL_OF or not code.startswith("2"):
            continue
        f = _misdated(code, normalize_name(printed), year, r, printed, "表中")
        if f:
            yield {**f, "table_code": r.get("table_code")}


def _fact_findings(facts: list[dict], year: int) -> Iterator[dict]:
    """A figure stated in prose under a class's whole name of another edition
    (`医疗卫生与计划生育支出 468783 万元` in a 2019 决算)."""
    for f in facts:
        name = LEAD.sub("", clean_name(f.get("metric_raw")))
        for code in dated_codes(name, "类"):  # a 款 name alone (农业, 文化) is an ordinary word
            out = _misdated(code, name, year, f, name, "正文")
            if out:
                yield out


def _paragraphs(prose: list[dict]) -> Iterator[tuple[str, list[tuple[int, dict]]]]:
    """The running text joined across wraps within a block, with where each line starts."""
    text, starts = "", []
    for line in prose:
        if line.get("block_start") and text:
            yield text, starts
            text, starts = "", []
        starts.append((len(text), line))
        text += line.get("text") or ""
    if text:
        yield text, starts


def _line_at(starts: list[tuple[int, dict]], pos: int) -> dict:
    return next(line for start, line in reversed(starts) if start <= pos)


def _paths(text: str) -> Iterator[list[regex.Match]]:
    """Chains of tagged names, each starting where the one before ends."""
    chain: list[regex.Match] = []
    for m in SEGMENT.finditer(text):
        if chain and m.start() != chain[-1].end():
            yield chain
            chain = []
        chain.append(m)
    if chain:
        yield chain


def _known(name: str) -> tuple[str, list[str]]:
    """The longest ending of `name` that is a function code's name (any edition), with its codes."""
    for i in range(len(name) - 1):
        tail = name[i:]
        codes = _codes_named(tail)
        if codes:
            return tail, codes
    return name, []


def _codes_named(name: str) -> list[str]:
    loose = loose_name(name)
    codes = {
        e.code
        for e in entries().values()
        if e.kind == "function" and loose in {loose_name(n) for n in e.names}
    }
    return sorted(codes | set(dated_codes(name)))


def _path_findings(prose: list[dict], lines: list[dict], year: int) -> Iterator[dict]:
    table = _table_names(lines)
    for text, starts in _paragraphs(prose):
        for chain in _paths(text):
            where = _line_at(starts, chain[0].start())
            quote = context(text, chain[0].start(), chain[-1].end(), 0)
            yield from _chain_findings(chain, table, year, where, quote)


def _table_names(lines: list[dict]) -> dict[str, str]:
    """code → the name the report's function tables print for it (the first printed)."""
    out: dict[str, str] = {}
    for r in lines:
        code = (r.get("item_code") or "").strip()
        name = normalize_name(r.get("item_name_raw") or r.get("item_name"))
        if len(code) in LEVEL_OF and code.startswith("2") and name:
            out.setdefault(code, name)
    return out


def _chain_findings(chain, table: dict[str, str], year: int, where: dict, quote: str) -> Iterator[dict]:
    segments = [(m["level"], normalize_name(m["name"])) for m in chain]
    level, first = segments[0]
    name, codes = _known(LEAD.sub("", first))
    segments[0] = (level, name)
    klass = None
    for level, name in segments:
        codes = _codes_named(name)
        if level == "类":
            klass = next((c for c in codes if len(c) == 3), None)
            if klass is None and codes:
                yield _wrong_level(name, codes, level, where, quote)
                return
        if klass is None:
            return
        own = [c for c in codes if c.startswith(klass) and LEVEL_OF.get(len(c)) == level]
        if len(own) == 1:
            f = _misdated(own[0], name, year, where, quote, "正文")
            if f:
                yield f
    if klass:
        yield from _against_tables(segments, klass, table, where, quote)


def _wrong_level(name: str, codes: list[str], level: str, where: dict, quote: str) -> dict:
    at = "、".join(f"{LEVEL_OF[len(c)]}（{c}）" for c in codes if len(c) in LEVEL_OF)
    msg = f"正文将“{name}”标为{level}，该名称在政府收支分类科目中为{at}"
    return {**wording_finding("text.class_name", where, quote, msg), "_key": ("level", name, level)}


def _against_tables(segments, klass: str, table: dict[str, str], where: dict, quote: str) -> Iterator[dict]:
    """A 款 that the tables print the path's 项 under with another name; a 项 the tables print
    as a 款 of the class."""
    kuan = next((n for lv, n in segments if lv == "款"), None)
    xiang = next((n for lv, n in segments if lv == "项"), None)
    if not xiang:
        return
    rows = [
        c
        for c, n in table.items()
        if len(c) == 7 and c.startswith(klass) and loose_name(n) == loose_name(xiang)
    ]
    if kuan and len({c[:5] for c in rows}) == 1:
        code = rows[0][:5]
        printed = table.get(code) or (lookup(code).name if lookup(code) else None)
        names = (lookup(code).names if lookup(code) else ()) + tuple(
            n.name for n in dated_names().get(code, ())
        )
        known = {loose_name(n) for n in (*names, printed)}
        if printed and loose_name(kuan) not in known:
            msg = f"正文称“{xiang}”（{rows[0]}）所属的款为“{kuan}”，表中该款（{code}）为“{printed}”"
            yield {**wording_finding("text.class_name", where, quote, msg), "_key": ("kuan", code, kuan)}
        return
    as_kuan = [
        c
        for c, n in table.items()
        if len(c) == 5 and c.startswith(klass) and loose_name(n) == loose_name(xiang)
    ]
    if not rows and len(as_kuan) == 1:
        under = [table[c] for c in sorted(table) if len(c) == 7 and c.startswith(as_kuan[0])]
        listed = [e.name for e in children(as_kuan[0])]
        if loose_name(xiang) not in {loose_name(n) for n in listed}:
            tail = f"，其下的项为“{'、'.join(under)}”" if under else ""
            msg = f"正文将“{xiang}”标为项，表中它是款（{as_kuan[0]}）{tail}"
            yield {**wording_finding("text.class_name", where, quote, msg), "_key": ("as_kuan", as_kuan[0])}
