"""The funds block of a 绩效自评表: 全年支出 = 基本支出 + 项目支出, 年度资金总额 =
当年财政拨款 + 上年结转资金 + 其他资金, in every column (年初预算, 全年预算, 执行数).

The block has no codes and no 合计 word; a whole is the row the 其中 rows follow.
Parts are recognised by the names the standard forms print, so an unknown row
ends the block instead of being summed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .figures import sum_finding
from .rows import budget_row_to_figure, row_name
from .table_rules import measure_zh

PART = re.compile(
    r"^(其中[:：]?)?(基本支出|项目支出|人员经费|公用经费|(当年)?财政拨款(资金)?|上年结转(资金)?|其他资金|"
    r"(中央|省级|市级|县级|区级|本级)(财政)?(资金|补助)?)$"
)


def _ordered(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r.get("page") or 0, r.get("line") or 0))


def blocks(rows: list[dict]) -> list[tuple[dict, list[dict]]]:
    """(whole row, part rows) per printed row group; rows of one measure, in order."""
    out: list[tuple[dict, list[dict]]] = []
    whole: dict | None = None
    parts: list[dict] = []
    for r in _ordered(rows):
        if PART.match(row_name(r)) and whole is not None:
            parts.append(r)
            continue
        if whole is not None and parts:
            out.append((whole, parts))
        whole, parts = (None if PART.match(row_name(r)) else r), []
    if whole is not None and parts:
        out.append((whole, parts))
    return out


def funds_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    if not table_code.startswith("self_eval.funds"):
        return
    for measure in sorted({r.get("measure") or "" for r in rows}):
        column = [r for r in rows if (r.get("measure") or "") == measure]
        for whole, parts in blocks(column):
            if len({row_name(p) for p in parts}) != len(parts) or len(parts) < 2:
                continue  # a part printed twice, or a lone 其中 line: not a complete split
            total = budget_row_to_figure(whole)
            figs = [budget_row_to_figure(p) for p in parts]
            f = sum_finding("sum.rows", total, figs, f"{table_code} {measure_zh(measure)}栏 资金构成")
            if f:
                yield f
