"""Reading budget_lines rows the way the rules need them: grouped by table, by
printed row, by classification code, with duplicates made explicit.

A rule that finds two different amounts for the same code and column cannot tell
which one the report means, so `unique_amounts` drops such cells: the rule stays
silent rather than guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from .figures import Figure, budget_row_to_figure

TOTAL_NAME = re.compile(r"^(本年)?(收入|支出|收支)?(合计|总计)$")
SUBITEM = re.compile(r"^其中[:：]?")


SPACE = re.compile(r"\s+")
ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|\(\d+\)|\d+[、.])")


def clean_name(text: str | None) -> str:
    """NFKC, no whitespace, no leading ordinal: how two printings of a row name compare."""
    if not text:
        return ""
    return _clean_name(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _clean_name(text: str) -> str:
    # cached: the rules compare every prose name with every row's (text_table_rules.candidates)
    return ORDINAL.sub("", SPACE.sub("", unicodedata.normalize("NFKC", text)))


def row_name(row: dict) -> str:
    return clean_name(row.get("item_name") or row.get("item_name_raw"))


def is_total_row(row: dict) -> bool:
    """合计 / 总计 rows without a classification code (the table's grand total)."""
    return not row.get("item_code") and bool(TOTAL_NAME.match(row_name(row)))


def rows_by_table(rows: Iterable[dict]) -> dict[tuple, list[dict]]:
    """One group per printed table: same table_code and title."""
    out: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("amount_wan") is None or not r.get("table_code"):
            continue
        out[(r["table_code"], r.get("table_title_raw") or "")].append(r)
    return dict(out)


def unique_amounts(rows: Iterable[dict], key) -> dict:
    """key(row) → Figure, dropping keys printed twice with different amounts."""
    seen: dict = {}
    bad = set()
    for r in rows:
        k = key(r)
        if k is None:
            continue
        fig = budget_row_to_figure(r)
        if fig is None:
            continue
        if k in seen and seen[k].value != fig.value:
            bad.add(k)
        seen.setdefault(k, fig)
    return {k: v for k, v in seen.items() if k not in bad}


def code_key(row: dict):
    code = (row.get("item_code") or "").strip()
    if not code.isdigit():
        return None
    return (code, row.get("measure"))


def printed_row_key(row: dict):
    """Cells on the same printed row share page, line and name."""
    return (
        row.get("page"),
        row.get("line"),
        row.get("item_code"),
        row_name(row),
        row.get("side"),
        row.get("row_no"),
    )


def label(fig: Figure, code: str | None = None) -> Figure:
    """The figure with its code in front of its name (`208 社会保障和就业支出`)."""
    if code and not fig.label.startswith(code):
        return Figure(
            f"{code} {fig.label}", fig.value, fig.slack, fig.raw, fig.page, fig.line, fig.table_code
        )
    return fig


def renamed(fig: Figure, name: str) -> Figure:
    return Figure(name, fig.value, fig.slack, fig.raw, fig.page, fig.line, fig.table_code)
