"""The formulas a table prints in its notes, parsed into rules for that table:
`27行＝（1＋2＋3＋4＋5＋6+7+8）行；30行＝（27＋28＋29）行；57行＝（31＋32＋…＋56）行`.

The printed formula is the report's own statement of how its rows add up, so it
needs no guess about the layout; it is checked on the 行次 (row_no) of the cells.
The note text comes from `source_tables.note` (or any text handed in); a formula
whose rows were read without any figure is skipped, since a blank part and a part
the reader missed look the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .figures import sum_finding
from .relations import Tally
from .rows import label, unique_amounts
from .table_rules import measure_zh

ROW_FORMULA = re.compile(r"(\d+)行=\(?((?:\d+|…|\.{2,}|…+)(?:\+(?:\d+|…|\.{2,}))*)\)?行")


def note_to_row_formulas(note: str | None) -> list[tuple[int, list[int]]]:
    """`57行＝（31＋32＋…＋56）行` → [(57, [31, 32, …, 56])]."""
    if not note:
        return []
    text = unicodedata.normalize("NFKC", note)
    text = re.sub(r"\s+", "", text).replace("⋯", "…").replace("...", "…")
    out = []
    for m in ROW_FORMULA.finditer(text):
        terms = m.group(2).split("+")
        rows: list[int] = []
        for i, t in enumerate(terms):
            if t.isdigit():
                rows.append(int(t))
            elif rows and i + 1 < len(terms) and terms[i + 1].isdigit():
                rows.extend(range(rows[-1] + 1, int(terms[i + 1])))
        if rows:
            out.append((int(m.group(1)), rows))
    return out


def formula_findings(
    table_code: str, rows: list[dict], note: str | None, tallies: dict | None = None
) -> Iterator[dict]:
    """Each printed formula, per column; every one checked is counted in `tallies`
    (table_index → Tally) under the table of its target row."""
    formulas = note_to_row_formulas(note)
    if not formulas:
        return
    numbered = [r for r in rows if r.get("row_no") is not None]
    cells = unique_amounts(numbered, lambda r: (int(r["row_no"]), r.get("measure")))
    table_of = {(int(r["row_no"]), r.get("measure")): r.get("table_index") for r in numbered}
    tallies = {} if tallies is None else tallies
    measures = sorted({m for _, m in cells}, key=str)
    for target, parts in formulas:
        for measure in measures:
            total = cells.get((target, measure))
            figs = [label(cells[(p, measure)], f"{p}行") for p in parts if (p, measure) in cells]
            if total is None or not figs:
                continue
            what = f"{table_code} 表注公式 {target}行=({'+'.join(map(str, parts))})行"
            if measure not in (None, "amount"):
                what += f" {measure_zh(measure)}栏"
            tally = tallies.setdefault(table_of.get((target, measure)), Tally())
            yield from tally.check(
                "sum.formula", sum_finding("sum.formula", label(total, f"{target}行"), figs, what)
            )


def notes_by_table(source_tables: list[dict]) -> dict[tuple, str]:
    """(table_code, title) → the note text of that table, where one was recorded."""
    out: dict[tuple, str] = {}
    for t in source_tables:
        note = t.get("note")
        if note and "行" in note:
            key = (t.get("table_code"), t.get("table_title_raw") or "")
            out[key] = (out.get(key, "") + "\n" + note).strip()
    return out
