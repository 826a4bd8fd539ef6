"""The 政府收支分类科目 as a lookup table: code → name, level, parent, kind.

Reports print a classification code next to a name (`2080505 机关事业单位基本养老保险缴费支出`),
split over 类/款/项 columns, or lose the codes altogether (text converted from PDF). A
parser needs the published names to check the codes it read, to name a code printed
without its name, and to find the code of a name printed without one. The data is
`data/reference/gov_classification.csv` (columns code, name, level, parent, kind,
source, variants), written from the Ministry of Finance's published classification:
支出功能分类 201–234 (2021 edition onwards: every 类, their 款, and the 项 department
reports use), 部门预算支出经济分类 301–399 and 政府预算支出经济分类 501–599 (2018
reform onwards: 类 and 款; the economic classification has no 项). `variants` lists
the names an older edition gave the same code (20805 行政事业单位离退休 before 2020,
210 医疗卫生与计划生育支出 before 2019), so a 2018 report still matches.

The table is a reference, not a gate: a code the table lacks (a 项 it does not list,
or one added in a later edition) is no error, and the report's own name is kept
(`lookup` returns None and callers keep `item_name_raw`). Nothing here is derived from
our parsers' output.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex as re

from .budget_vocab import classify_code
from .reference import reference_dir

LEVELS = {3: "类", 5: "款", 7: "项"}
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_LEVEL_TAG = re.compile(r"[（(][类款项][）)]$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: str  # 类, 款, 项
    parent: str | None
    kind: str  # function, economic
    source: str = ""
    variants: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


def table_path() -> Path:
    """The CSV among the project's other reference files (`parsers.reference`)."""
    return reference_dir() / "gov_classification.csv"


def row_to_entry(row: dict[str, str]) -> Entry:
    return Entry(
        code=row["code"],
        name=row["name"],
        level=row["level"],
        parent=row.get("parent") or None,
        kind=row["kind"],
        source=row.get("source") or "",
        variants=tuple(v for v in (row.get("variants") or "").split("|") if v),
    )


@functools.cache
def entries() -> dict[str, Entry]:
    with table_path().open(encoding="utf-8") as f:
        return {r["code"]: row_to_entry(r) for r in csv.DictReader(f)}


def lookup(code: str | None) -> Entry | None:
    """`2080505` → its Entry; None for a code the table does not list."""
    return entries().get((code or "").strip())


def classify(code: str | None) -> str | None:
    """'function' or 'economic' for a code; the table's kind where it lists the code, else
    the rule of `budget_vocab.classify_code` (2xx function, 3xx/5xx economic)."""
    entry = lookup(code)
    return entry.kind if entry else classify_code((code or "").strip())


@functools.lru_cache(maxsize=1 << 16)
def normalize_name(name: str | None) -> str:
    """The form names are compared in: NFKC, no whitespace, no leading ordinal (`一、`,
    `（一）`), no trailing level tag (`（项）`), unified quotes."""
    s = unicodedata.normalize("NFKC", name or "").translate(_QUOTES)
    s = _SPACE.sub("", s)
    s = _ORDINAL.sub("", s)
    return _LEVEL_TAG.sub("", s)


@functools.lru_cache(maxsize=1 << 16)
def loose_name(name: str | None) -> str:
    """A looser form for names printed with or without their 支出 (`其他人力资源和社会保障
    管理事务` for `…事务支出`, `一般公共服务` for `一般公共服务支出`) and with 、 dropped."""
    s = normalize_name(name).replace("、", "")
    return s[:-2] if s.endswith("支出") and len(s) > 3 else s


def name_matches(code: str | None, name: str | None) -> bool:
    """Whether a printed name is the table's name for the code (or an older edition's),
    allowing the loose form and a name cut short by a wrapped cell (6+ characters that
    start the table's name). False for codes the table lacks."""
    entry = lookup(code)
    printed = normalize_name(name)
    if entry is None or not printed:
        return False
    if loose_name(name) in {loose_name(n) for n in entry.names}:
        return True
    return len(printed) >= 6 and any(normalize_name(n).startswith(printed) for n in entry.names)


def resolve_name(code: str | None, printed: str | None) -> str | None:
    """The name a row keeps: what the report printed, whatever the table says (a report
    may use a code the table lacks, or a newer name); the table's name only where the
    report printed the code without one."""
    if normalize_name(printed):
        return printed
    entry = lookup(code)
    return entry.name if entry else None


def candidates(name: str | None, parent_code: str | None = None, kind: str | None = None) -> list[Entry]:
    """The entries a printed name may stand for, best tier only: exact normalized names,
    else the loose form, else (for a name cut short by a wrapped cell, 6+ characters) the
    entries whose name starts with it. `parent_code` keeps the entries under that code
    (`candidates('行政运行', '20801')` → [2080101]); `kind` keeps function or economic."""
    return list(_candidates(name, parent_code, kind))


@functools.lru_cache(maxsize=1 << 14)
def _candidates(name: str | None, parent_code: str | None, kind: str | None) -> tuple[Entry, ...]:
    """`candidates`, remembered: a report asks for the same names (行政运行, 其他…支出)
    in table after table."""
    exact, loose = normalize_name(name), loose_name(name)
    if not exact:
        return ()
    pool = [
        (e, forms)
        for e, forms in _entry_forms()
        if (kind is None or e.kind == kind)
        and (parent_code is None or (e.code.startswith(parent_code) and e.code != parent_code))
    ]
    tiers = (
        lambda forms: exact in forms[0],
        lambda forms: loose in forms[1],
        lambda forms: len(exact) >= 6 and any(n.startswith(exact) for n in forms[2]),
    )
    for test in tiers:
        found = [e for e, forms in pool if test(forms)]
        if found:
            return tuple(sorted(found, key=lambda e: e.code))
    return ()


@functools.cache
def _entry_forms() -> tuple[tuple[Entry, tuple[frozenset[str], frozenset[str], tuple[str, ...]]], ...]:
    """Each entry with its names' normalized and loose forms, computed once: `candidates`
    is asked for every unclassified row of every table, and normalizing the whole table's
    names per question was most of the parsers' time on a long report."""
    out = []
    for e in entries().values():
        normal = tuple(normalize_name(n) for n in e.names)
        out.append((e, (frozenset(normal), frozenset(loose_name(n) for n in e.names), normal)))
    return tuple(out)


def children(code: str) -> list[Entry]:
    """The listed 款 of a 类, or 项 of a 款, in code order."""
    return sorted((e for e in entries().values() if e.parent == code), key=lambda e: e.code)


# ---- the names of renamed codes, year by year (data/reference/class_name_years.csv)


@dataclass(frozen=True)
class DatedName:
    """One name a code had, and the years the published classification gave it (None: open)."""

    code: str
    name: str
    first_year: int | None
    last_year: int | None
    source: str = ""

    def valid_in(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


def _year(text: str | None) -> int | None:
    return int(text) if (text or "").strip() else None


@functools.cache
def dated_names() -> dict[str, tuple[DatedName, ...]]:
    """code → its names with their years, for the codes the classification renamed."""
    out: dict[str, list[DatedName]] = {}
    with (reference_dir() / "class_name_years.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            one = DatedName(r["code"], r["name"], _year(r["first_year"]), _year(r["last_year"]), r["source"])
            out.setdefault(one.code, []).append(one)
    return {code: tuple(names) for code, names in out.items()}


def misdated_name(code: str | None, printed: str | None, year: int | None) -> DatedName | None:
    """The dated name `printed` is, when the classification did not give it to `code` in `year`:
    a name retired before that year, or one given only from a later edition. A report drafted
    in the year before an edition takes effect (a budget compiled on it, a 决算 compiled after it
    was published) may already use its names, so a name is early only two years ahead. None for
    a name the code had in that year, for a name not on the list, and for codes never renamed."""
    names = dated_names().get((code or "").strip())
    if not names or not year or not normalize_name(printed):
        return None
    loose = loose_name(printed)
    hits = [n for n in names if loose_name(n.name) == loose]
    if not hits or any(n.valid_in(year) or n.valid_in(year + 1) for n in hits):
        return None
    return hits[0]


def names_in(code: str, year: int) -> list[str]:
    """The code's name(s) in the classification of `year` (its dated names, else the table's)."""
    dated = [n.name for n in dated_names().get(code, ()) if n.valid_in(year)]
    if dated:
        return dated
    entry = lookup(code)
    return [entry.name] if entry else []


def dated_codes(printed: str | None, level: str | None = None) -> list[str]:
    """The renamed codes (of one level: 类, 款, 项 by code length) one of whose dated names is
    `printed`, in code order."""
    loose = loose_name(printed)
    lengths = {"类": 3, "款": 5, "项": 7}
    return sorted(
        code
        for code, names in dated_names().items()
        if (level is None or len(code) == lengths[level]) and any(loose_name(n.name) == loose for n in names)
    )
