"""What the text budget reader needs from the 政府收支分类科目 (`classification`): a
function class (类) known by its name, and the function codes a document prints.

Text reports that lose the code column (seed 004 prints its codes in a separate,
scrambled block) get their 类 code from the name, and their 款/项 from the codes the
document itself prints (`budget_codes`); where a code cannot be derived the row keeps
its name and code null.
"""

from __future__ import annotations

import functools

import regex as re

from .classification import entries, normalize_name


def function_class_code(name: str) -> str | None:
    """`教育支出` (or `五、教育支出`) → '205'; older names of a class count too."""
    return _class_by_name().get(normalize_name(name))


@functools.cache
def _class_by_name() -> dict[str, str]:
    return {
        normalize_name(n): e.code
        for e in entries().values()
        if e.kind == "function" and e.level == "类"
        for n in (e.name, *e.variants)
    }


def budget_codes(text: str) -> set[str]:
    """Every function code (3/5/7 digits, 2xx) the document prints, glued to an amount or not."""
    codes = set()
    for m in re.finditer(r"(?<![\d.,])(2\d{2}(?:\d{2}){0,2})(?!\d)", text):
        codes.add(m.group(1))
    for m in re.finditer(r"\d\.\d{2}(2\d{6})(?!\d)", text):  # `14.982210202`: a code glued to an amount
        codes.add(m.group(1))
    classes = {c for c, e in entries().items() if e.level == "类" and e.kind == "function"}
    return {c for c in codes if c[:3] in classes}
