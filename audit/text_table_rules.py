"""Prose against tables: a figure the text states for a named table cell
(`基本支出 2143.9 万元`, `社会保障和就业支出 2971.56 万元`) equals that cell.

A name may point at several cells (基本支出 is in 表3 and in 表5), so the figure
must equal one of them; a figure rounded in the text (`2144 万元`) equals the cell
at the text's precision. A figure that equals no candidate but some other cell of
the report is taken to mean that cell, and a figure about another year or phase
is not compared: the rule flags only what no reading of the tables explains.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from .figures import Figure, budget_row_to_figure, decimals_of, finding
from .prose_rules import money_figure
from .rows import TOTAL_NAME, clean_name, is_total_row, row_name
from .summary_rules import is_summary
from .three_public_text_rules import three_public_text_findings

OTHER_TIME = re.compile(r"上年|上一年|去年|同期|以前年度|下年|明年|预算|计划|年初")
TOTAL_SIDES = {
    "本年支出合计": ("expenditure", "本年支出合计"),
    "支出合计": ("expenditure", "本年支出合计"),
    "本年收入合计": ("income", "本年收入合计"),
    "收入合计": ("income", "本年收入合计"),
    "年初结转和结余": ("income", "年初结转和结余"),
    "年末结转和结余": ("expenditure", "年末结转和结余"),
}
COLUMN_OF = {"基本支出": "basic", "项目支出": "project"}
SPLIT_TOTAL = {"人员经费": "人员经费合计", "公用经费": "公用经费合计"}


def candidates(
    name: str, lines: list[dict], summary_only: bool = False, by_name: dict[str, list[int]] | None = None
) -> list[Figure]:
    """The table cells a prose name can stand for; with `summary_only`, the one summary row
    of that name (none when two summaries print it: which one the prose means is unclear).
    `by_name` is `rows_by_name(lines)`, given when many names are looked up in the same rows."""
    name = re.sub(r"^(其中[:：]?|本年度?|年度|全年)", "", name)
    by_name = rows_by_name(lines) if by_name is None else by_name
    if summary_only:
        rows = [lines[i] for i in by_name.get(name, ()) if _summary_row(lines[i], name, name)]
        figures = [f for f in (budget_row_to_figure(r) for r in rows) if f is not None]
        return figures if len({(f.table_code, f.page) for f in figures}) == 1 else []
    classed = CLASSED.fullmatch(name)
    if classed:
        return _classed_rows(classed["kuan"], classed["xiang"], lines)
    if name in COLUMN_OF:  # rows of every total's name, in the tables' order
        indices = sorted(i for rn, found in by_name.items() if TOTAL_NAME.match(rn) for i in found)
    else:
        indices = by_name.get(SPLIT_TOTAL.get(name) or TOTAL_SIDES.get(name, (None, name))[1], [])
    out = []
    for i in indices:
        r = lines[i]
        rn = row_name(r)
        if name in COLUMN_OF:
            ok = is_total_row(r) and r.get("measure") == COLUMN_OF[name]
        elif name in SPLIT_TOTAL:
            ok = rn == SPLIT_TOTAL[name]
        elif name in TOTAL_SIDES:
            side, printed = TOTAL_SIDES[name]
            ok = rn == printed and r.get("side") in (side, None) and r.get("measure") in ("amount", "total")
        elif name.endswith("支出") and len(name) > 4:
            ok = (
                rn == name
                and len((r.get("item_code") or "").strip()) in (0, 3)
                and r.get("measure") in ("amount", "total")
            )
            ok = ok and (r.get("item_code") or r.get("side") == "expenditure")
        else:
            ok = _summary_row(r, rn, name)
        if ok:
            fig = budget_row_to_figure(r)
            if fig is not None:
                out.append(fig)
    return out


def rows_by_name(lines: list[dict]) -> dict[str, list[int]]:
    """The positions in `lines` of the rows of each cleaned name: `candidates` looks a prose
    name up here instead of comparing it with every row of the report."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(lines):
        out[row_name(r)].append(i)
    return dict(out)


# `住房改革支出（款）提租补贴（项）支出`, `行政运行（项）支出`: a 项 of the functional classification
# `“一般公共服务支出（类）商贸事务（款）行政运行（项）”科目`: the same, quoted, as a budget prints it
CLASSED = re.compile(
    r"[“\"]?(?:.+?\(类\))?(?:(?P<kuan>[^()]+?)\(款\))?(?P<xiang>[^()]+?)\(项\)(?:支出)?[”\"]?(?:科目)?(?:支出)?"
)


def _classed_rows(kuan: str | None, xiang: str, lines: list[dict]) -> list[Figure]:
    """The rows of the 项 named `xiang` (under the 款 named `kuan`, when given) in the
    functional-classification tables."""
    names = {(r.get("table_code"), (r.get("item_code") or "").strip()): row_name(r) for r in lines}
    out = []
    for r in lines:
        code = (r.get("item_code") or "").strip()
        if len(code) != 7 or row_name(r) != xiang or r.get("measure") not in ("amount", "total"):
            continue
        if kuan and names.get((r.get("table_code"), code[:5])) not in (kuan, None):
            continue
        fig = budget_row_to_figure(r)
        if fig is not None:
            out.append(fig)
    return out


def _summary_row(r: dict, rn: str, name: str) -> bool:
    """A row of a summary table named exactly as the prose names it (`使用非财政拨款结余`):
    the summary's rows are the totals the prose restates."""
    return (
        len(name) >= 4
        and rn == name
        and is_summary(r.get("table_code"))
        and not (r.get("item_code") or "").strip()
        and r.get("measure") in ("amount", "total")
    )


def _rounded_equal(text: Figure, cell: Figure) -> bool:
    """The cell printed at the text's precision is the text's figure."""
    places = -text.value.as_tuple().exponent if text.value.as_tuple().exponent < 0 else 0
    return cell.value.quantize(Decimal(1).scaleb(-places)) == text.value


def _cut_equal(text: Figure, cell: Figure) -> bool:
    """The cell cut (not rounded) at the places the text prints is the text's figure
    (877,080 元 = 87.708 万元 printed `87.70`)."""
    places = decimals_of(text.raw)
    if places is None or cell.value < 0:
        return False
    return cell.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN) == text.value


def text_vs_table_findings(
    facts: list[dict], lines: list[dict], report_kind: str | None = None
) -> Iterator[dict]:
    """Final accounts' prose is compared for its final and actual figures. A budget's prose
    states budget figures: one named exactly as a row of its summary table (收支总表) is
    compared with that row; other budget figures may be of all funds or of one, and are not."""
    if not lines:
        return
    yield from three_public_text_findings(facts, lines, report_kind, lines[0].get("fiscal_year"))
    all_cells = [f for f in (budget_row_to_figure(r) for r in lines) if f is not None]
    by_name = rows_by_name(lines)
    for fact in facts:
        phase = fact.get("phase")
        budget_figure = report_kind == "budget" and phase == "budget_initial"
        if (
            fact.get("amount_wan") is None
            or fact.get("relation")
            or (phase not in (None, "final", "actual") and not budget_figure)
        ):
            continue
        name = clean_name(fact.get("metric_raw"))
        if OTHER_TIME.search(name):
            continue
        cands = candidates(
            name, lines, summary_only=budget_figure and not CLASSED.fullmatch(name), by_name=by_name
        )
        text = money_figure(fact)
        if not cands or text is None:
            continue
        if any(_rounded_equal(text, c) for c in cands):
            continue
        slip = _zero_or_unit_slip(text, cands)
        if slip:
            yield slip
            continue
        if name in SPLIT_TOTAL and _other_whole(fact, facts, lines):
            continue  # the text splits a different whole (基本支出 of all funds, not of this table)
        if any(
            abs(text.value - c.value) <= text.slack + c.slack or _rounded_equal(text, c) for c in all_cells
        ):
            continue  # it names another cell of the report
        cell = min(cands, key=lambda c: abs(c.value - text.value))
        where = f"{cell.table_code} 第{cell.page}页" if cell.page else cell.table_code
        msg = f"正文 {text.label} {text.shown()} 万元 ≠ {where} {cell.label} {cell.shown()}"
        truncated = next((c for c in cands if _cut_equal(text, c)), None)
        if truncated is not None:  # the last digit cut, not rounded: a rounding-level slip
            cell, msg = truncated, msg + "（末位截尾而非四舍五入）"
        severity = "warning" if truncated is not None else "error"
        yield finding("text_vs_table", text, cell.value, text.slack + cell.slack, msg, [cell], severity)


def _zero_or_unit_slip(text: Figure, cands: list[Figure]) -> dict | None:
    """A figure stated as 0 where every cell it names prints an amount, or stated 10000 times
    too small (元 for 万元): no other cell of the report can explain it, since a 0 or a tiny
    figure matches some cell of any report."""
    if text.value == 0 and all(abs(c.value) > c.slack for c in cands):
        cell = min(cands, key=lambda c: abs(c.value))
        why = "为 0"
    else:
        scaled = [
            c
            for c in cands
            if text.value > 0 and abs(text.value * 10000 - c.value) <= text.slack * 10000 + c.slack
        ]
        if not scaled:
            return None
        cell, why = scaled[0], "只有表中数的万分之一（单位误写？）"
    where = f"{cell.table_code} 第{cell.page}页" if cell.page else cell.table_code
    msg = f"正文 {text.label} {text.shown()} 万元{why}，而 {where} {cell.label} 为 {cell.shown()}"
    return finding("text_vs_table.zero", text, cell.value, text.slack + cell.slack, msg, [cell], "error")


def _other_whole(fact: dict, facts: list[dict], lines: list[dict]) -> bool:
    """The sentence's whole (`一般公共预算财政拨款基本支出 5377.64`, the parent of 人员经费) is not
    the 人员经费合计 + 公用经费合计 of the table the part would be compared with."""
    parent = fact.get("parent_metric_raw")
    whole = next(
        (
            f.get("amount_wan")
            for f in facts
            if parent
            and f.get("metric_raw") == parent
            and f.get("amount_wan") is not None
            and not f.get("relation")
        ),
        None,
    )
    if whole is None:
        return False
    split = [r for r in lines if row_name(r) in SPLIT_TOTAL.values() and r.get("amount_wan") is not None]
    if len(split) < 2:
        return False
    table_total = sum((Decimal(str(r["amount_wan"])) for r in split), Decimal(0))
    return abs(Decimal(str(whole)) - table_total) > Decimal("0.01") * len(split)
