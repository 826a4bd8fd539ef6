"""The 政府收支分类科目 (government revenue and expenditure classification) names these
reports rely on: function classes 201–234 with the 款/项 department reports use,
and economic classes 301–399 with their 款. The data is
`data/reference/gov_classification.csv`, written from the published
classification (财政部《政府收支分类科目》, 2021 edition onwards); `variants` lists
names an older edition used for the same code (20805 行政事业单位离退休 before 2020).

The table is a reference, not a gate: where a report prints a code the table
lacks, the report's own name is kept (the parsers always keep `item_name_raw`).
Text reports that lose the code column (seed 004 prints its codes in a separate,
scrambled block) get their 类 code from the name here, and their 款/项 from the
codes the document itself prints (`budget_codes`).
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex as re

TABLE = Path(__file__).resolve().parent.parent / "data" / "reference" / "gov_classification.csv"
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: str  # 类, 款, 项
    kind: str  # function, economic
    variants: tuple[str, ...] = ()

    @property
    def parent(self) -> str | None:
        return self.code[:-2] if len(self.code) > 3 else None


@functools.cache
def entries() -> dict[str, Entry]:
    with TABLE.open(encoding="utf-8") as f:
        return {
            r["code"]: Entry(
                r["code"], r["name"], r["level"], r["kind"], tuple(v for v in r["variants"].split("|") if v)
            )
            for r in csv.DictReader(f)
        }


def lookup(code: str | None) -> Entry | None:
    return entries().get(code or "")


def normalize(name: str) -> str:
    """Full-width/half-width, spaces, ordinal and quote differences removed."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"\s+", "", s)
    return _ORDINAL.sub("", s)


def name_matches(code: str, name: str) -> bool:
    """Whether a printed name is the table's name for the code (or a known variant)."""
    entry = lookup(code)
    return entry is not None and normalize(name) in {normalize(n) for n in (entry.name, *entry.variants)}


def function_class_code(name: str) -> str | None:
    """`教育支出` (or `五、教育支出`) → '205'."""
    return _CLASS_BY_NAME().get(normalize(name))


@functools.cache
def _CLASS_BY_NAME() -> dict[str, str]:
    return {normalize(e.name): e.code for e in entries().values() if e.kind == "function" and e.level == "类"}


def budget_codes(text: str) -> set[str]:
    """Every function code (3/5/7 digits, 2xx) the document prints, glued to an amount or not."""
    codes = set()
    for m in re.finditer(r"(?<![\d.,])(2\d{2}(?:\d{2}){0,2})(?!\d)", text):
        codes.add(m.group(1))
    for m in re.finditer(r"\d\.\d{2}(2\d{6})(?!\d)", text):  # `14.982210202`: a code glued to an amount
        codes.add(m.group(1))
    classes = {c for c, e in entries().items() if e.level == "类" and e.kind == "function"}
    return {c for c in codes if c[:3] in classes}
