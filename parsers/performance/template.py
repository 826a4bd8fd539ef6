"""The performance tables' template (data/templates/performance.toml): which title names
which table, which header names which column role, which relations hold."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..tables.structure import clean
from ..tables.templates import pattern, template_entries


@dataclass(frozen=True)
class PerfTable:
    code: str
    name: str
    title: tuple[str, ...]
    kind: str  # target | self_eval
    scope: str  # project | department


@dataclass(frozen=True)
class PerfRelation:
    check: str
    name: str
    applies: tuple[str, ...]  # the column roles a table must print for the relation to apply


@cache
def perf_tables() -> tuple[PerfTable, ...]:
    return tuple(
        PerfTable(e["code"], e["name"], tuple(e["title"]), e["kind"], e["scope"])
        for e in template_entries("performance_tables")
    )


@cache
def perf_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((e["role"], tuple(e["headers"])) for e in template_entries("performance_columns"))


@cache
def perf_relations() -> tuple[PerfRelation, ...]:
    return tuple(
        PerfRelation(e["check"], e["name"], tuple(e["applies"]))
        for e in template_entries("performance_relations")
    )


def title_to_perf_table(title: str | None) -> PerfTable | None:
    """The template a printed title names (`2026年项目支出绩效目标表（含转移支付项目）`), or None."""
    if not title:
        return None
    text = clean(title)
    return next((t for t in perf_tables() if any(pattern(p).search(text) for p in t.title)), None)


@cache
def header_to_role(text: str) -> str | None:
    """The role of a header cell: the first template entry one of whose headers it contains."""
    t = clean(text)
    if not t:
        return None
    return next((role for role, names in perf_columns() if any(n in t for n in names)), None)


def relations_for(roles: set[str]) -> list[PerfRelation]:
    return [r for r in perf_relations() if set(r.applies) <= roles]
