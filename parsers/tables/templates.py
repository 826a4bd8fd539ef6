"""The standard tables as data: `data/templates/*.toml`, read once.

Each file holds one family of tables (department.toml: 部门预算 / 部门决算). Today a
template declares column relations (`[[columns]]`: whole = Σ parts on every row); the
audit evaluates them and searches for nothing (see the file for the selection rule).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache

import regex

from ..reference import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@cache
def pattern(text: str) -> regex.Pattern:
    """A template's pattern, compiled once: `regex.search(text, …)` looks its pattern up in
    regex's own cache on every call, which costs more than the search on a short name."""
    return regex.compile(text)


@dataclass(frozen=True)
class ColumnRelation:
    name: str
    whole: str
    parts: tuple[str, ...]
    unless: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.parts or self.whole in self.parts:
            raise ValueError(f"template relation {self.name!r}: parts must be given and not hold the whole")


@cache
def _entries(section: str) -> tuple[dict, ...]:
    """Every `[[section]]` entry of every template file, in file order; the files are read once."""
    return tuple(item for data in _files() for item in data.get(section, []))


@cache
def _files() -> tuple[dict, ...]:
    out = []
    for path in sorted(data_dir("templates").glob("*.toml")):
        with path.open("rb") as f:
            out.append(tomllib.load(f))
    return tuple(out)


@cache
def column_relations() -> tuple[ColumnRelation, ...]:
    return tuple(
        ColumnRelation(item["name"], item["whole"], tuple(item["parts"]), tuple(item.get("unless", ())))
        for item in _entries("columns")
    )


def rows_summed(table_code: str) -> bool:
    """Whether a table's rows add up by their printed structure (false where a template says
    the layout prints no hierarchy)."""
    return all(item.get("rows_summed", True) for item in _entries("tables") if item["code"] == table_code)


def relations_for(measures: set) -> list[ColumnRelation]:
    """The column relations that hold for a table printing these measures, or [] when its
    part columns are not all covered (a layout the templates do not know)."""
    chosen: dict[str, ColumnRelation] = {}
    for rel in column_relations():  # per whole, the relation covering most printed parts (the first on a tie)
        if rel.whole not in measures or set(rel.unless) & measures or not set(rel.parts) & measures:
            continue
        best = chosen.get(rel.whole)
        if best is None or len(set(rel.parts) & measures) > len(set(best.parts) & measures):
            chosen[rel.whole] = rel
    covered = {m for rel in chosen.values() for m in (rel.whole, *rel.parts)}
    parts = measures - {"total", "amount", None}
    if not chosen or not parts <= covered:
        return []
    return list(chosen.values())


@dataclass(frozen=True)
class RowRelation:
    name: str
    whole: str  # pattern on the whole row's name
    parts: tuple[str, ...]  # patterns on the names of the rows below it that are its parts
    # True: the rows after it, up to the next total, are its parts or its siblings, and the
    # print does not say which (no code, ordinal or 其中 places them)
    unsettled: bool = False


@cache
def row_relations() -> tuple[RowRelation, ...]:
    return tuple(
        RowRelation(item["name"], item["whole"], tuple(item.get("parts", ())), bool(item.get("unsettled")))
        for item in _entries("rows")
    )


def template_entries(section: str) -> tuple[dict, ...]:
    """The `[[section]]` entries of every template file, for the families that read their own
    sections (data/templates/performance.toml: `performance_tables`, `performance_columns`, …)."""
    return _entries(section)


@dataclass(frozen=True)
class GovernmentFamily:
    """A family of a government's tables (data/templates/government.toml `[[government]]`)."""

    code: str
    name: str
    title: str  # pattern on the cleaned title
    sided: bool = False  # split into `_revenue` / `_expenditure` by the title


@dataclass(frozen=True)
class GovernmentColumn:
    header: str  # pattern on the header as printed (spaces removed)
    measure: str
    prior: str | None = None  # the measure when the header's year is before the fiscal year


@dataclass(frozen=True)
class GovernmentRatio:
    """A percentage or difference column: `measure` = f(of, base) on every row (see the file)."""

    name: str
    measure: str
    kind: str  # share, change_pct, change
    pairs: tuple[tuple[str, str], ...]

    def __post_init__(self):
        if self.kind not in ("share", "change_pct", "change") or not self.pairs:
            raise ValueError(f"template ratio {self.name!r}: kind share/change_pct/change and pairs needed")


@cache
def government_families() -> tuple[GovernmentFamily, ...]:
    return tuple(
        GovernmentFamily(item["code"], item["name"], item["title"], bool(item.get("sided", False)))
        for item in _entries("government")
    )


@cache
def government_columns() -> tuple[GovernmentColumn, ...]:
    return tuple(
        GovernmentColumn(item["header"], item["measure"], item.get("prior"))
        for item in _entries("government_columns")
    )


@cache
def government_measures(family: str | None = None) -> frozenset[str]:
    """The measures a table of the family may print: the `[[government_measures]]` entry naming
    the family (`gov.debt`), else the one naming none (the four 预算's revenue and expenditure)."""
    entries = _entries("government_measures")
    chosen = [e for e in entries if e.get("family") == family] or [e for e in entries if not e.get("family")]
    return frozenset(m for item in chosen for m in item["measures"])


@dataclass(frozen=True)
class DebtFlow:
    """whole = Σ plus − Σ minus, per debt (data/templates/government.toml `[[debt_flows]]`)."""

    name: str
    whole: str
    plus: tuple[str, ...]
    minus: tuple[str, ...]


@cache
def debt_kinds() -> tuple[GovernmentColumn, ...]:
    return tuple(
        GovernmentColumn(item["header"], item["measure"], item.get("prior"))
        for item in _entries("debt_kinds")
    )


@cache
def debt_splits() -> tuple[tuple[str, str], ...]:
    return tuple((item["header"], item["suffix"]) for item in _entries("debt_splits"))


@cache
def debt_scopes() -> tuple[tuple[str, str], ...]:
    return tuple((item["header"], item["measure"]) for item in _entries("debt_scopes"))


@cache
def debt_flows() -> tuple[DebtFlow, ...]:
    return tuple(
        DebtFlow(item["name"], item["whole"], tuple(item["plus"]), tuple(item.get("minus", ())))
        for item in _entries("debt_flows")
    )


@cache
def government_ratios() -> tuple[GovernmentRatio, ...]:
    return tuple(
        GovernmentRatio(item["name"], item["measure"], item["kind"], tuple(tuple(p) for p in item["pairs"]))
        for item in _entries("government_ratios")
    )
