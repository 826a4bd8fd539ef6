"""Sums inside one table: the classification hierarchy (类 = Σ款, 款 = Σ项),
the 合计 row (= Σ类), and the columns (合计 = 基本 + 项目; 本年收入合计 = Σ sources).

Each rule takes one table's rows (a group from `rows_by_table`) and yields
findings. A parent is checked only against children printed in the same column,
so a table read without one of its columns stays silent instead of crying wolf.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from caizheng.parsers.tables.templates import relations_for

from .figures import sum_finding
from .relations import Tally, tally_or_new
from .rows import code_key, is_total_row, label, printed_row_key, renamed, row_name, unique_amounts

MEASURE_ZH = {
    "amount": "金额",
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "fiscal_appropriation": "财政拨款收入",
    "upper_subsidy": "上级补助收入",
    "business_income": "事业收入",
    "operating_income": "经营收入",
    "subsidiary_remit": "附属单位上缴收入",
    "other_income": "其他收入",
    "remit_upper": "上缴上级支出",
    "carryover_begin": "上年结转",
    "carryover_end": "年末结转和结余",
    "operating_expenditure": "经营支出",
    "subsidiary_subsidy": "对附属单位补助支出",
    "general_budget": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "personnel": "人员经费",
    "public": "公用经费",
    "budget_initial": "年初预算",
    "budget_full_year": "全年预算",
    "actual": "实际支出",
}

# Which columns a 合计 splits into is declared in data/templates/*.toml (column_plan).

PERSONNEL_CLASSES = ("301", "303")  # 工资福利支出, 对个人和家庭的补助: 人员经费


def measure_zh(measure: str | None) -> str:
    return MEASURE_ZH.get(measure or "", measure or "")


def hierarchy_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    """类 = Σ款 and 款 = Σ项, per column: a parent code against its printed children."""
    cells = unique_amounts(rows, code_key)
    children: dict[tuple, list[str]] = defaultdict(list)
    for code, measure in cells:
        if len(code) in (5, 7):
            children[(code[:-2], measure)].append(code)
    for (parent, measure), kids in sorted(children.items()):
        total = cells.get((parent, measure))
        if total is None:
            continue
        parts = [label(cells[(k, measure)], k) for k in sorted(kids)]
        yield from _some(
            sum_finding(
                "sum.hierarchy",
                label(total, parent),
                parts,
                f"{table_code} {measure_zh(measure)}栏 {parent} 与其下级科目",
            )
        )


def total_row_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    """The 合计 row = Σ 类 rows (3-digit codes) of its column.

    Economic tables split the total into 人员经费合计 (301 + 303) and 公用经费合计
    (the other classes) where they print those rows.
    """
    cells = unique_amounts(rows, code_key)
    totals = unique_amounts([r for r in rows if is_total_row(r)], lambda r: r.get("measure"))
    for measure, total in sorted(totals.items(), key=lambda kv: str(kv[0])):
        classes = sorted(c for c, m in cells if m == measure and len(c) == 3)
        if not classes:
            continue
        parts = [label(cells[(c, measure)], c) for c in classes]
        yield from _some(
            sum_finding("sum.rows", total, parts, f"{table_code} {measure_zh(measure)}栏 合计与各类科目")
        )
    yield from _personnel_public_findings(table_code, rows, cells)


def _personnel_public_findings(table_code, rows, cells) -> Iterator[dict]:
    named = unique_amounts(
        [r for r in rows if not r.get("item_code")],
        lambda r: (_split_name(r), r.get("measure")) if _split_name(r) else None,
    )
    for (kind, measure), total in sorted(named.items(), key=lambda kv: str(kv[0])):
        classes = sorted(c for c, m in cells if m == measure and len(c) == 3)
        if kind == "personnel":
            classes = [c for c in classes if c in PERSONNEL_CLASSES]
        else:
            classes = [c for c in classes if c not in PERSONNEL_CLASSES]
        if not classes:
            continue
        parts = [label(cells[(c, measure)], c) for c in classes]
        yield from _some(sum_finding("sum.rows", total, parts, f"{table_code} {total.label}与其经济分类"))


def _split_name(row: dict) -> str | None:
    name = row_name(row)
    if name.startswith("人员经费") and name.endswith("合计"):
        return "personnel"
    if name.startswith("公用经费") and name.endswith("合计"):
        return "public"
    return None


def column_plan(measures: set) -> list[tuple[str, tuple[str, ...]]]:
    """(whole, parts) column sums for a table printing these measures, from the templates'
    declared column relations (data/templates/*.toml), or [] for a layout they do not know."""
    return [(rel.whole, rel.parts) for rel in relations_for(set(measures))]


def column_findings(table_code: str, rows: list[dict], tally: Tally | None = None) -> Iterator[dict]:
    """On every printed row: 合计 = Σ of the part columns printed in that table (each row's
    sum one relation, counted in `tally`)."""
    tally = tally_or_new(tally)
    by_row: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        by_row[printed_row_key(r)].append(r)
    plan = column_plan({r.get("measure") for r in rows})
    for cells_of_row in by_row.values():
        if any(_unnamed_part(r) for r in cells_of_row):
            continue  # a column no measure names may be one of the parts: the relation is not known
        cells = unique_amounts(cells_of_row, lambda r: r.get("measure"))
        for whole, part_names in plan:
            present = [m for m in part_names if m in cells]
            if whole not in cells or not present:
                continue
            total = cells[whole]
            parts = [renamed(cells[m], measure_zh(m)) for m in present]
            total = renamed(total, f"{total.label} {measure_zh(whole)}")
            yield from tally.check(
                "sum.columns", sum_finding("sum.columns", total, parts, f"{table_code} 栏间关系")
            )


def _unnamed_part(row: dict) -> bool:
    """A money cell under a header that names no measure and is not a 其中 column."""
    if row.get("measure") is not None or row.get("row_index") is None:
        return False
    header = re.sub(r"\s+", "", row.get("column_raw") or "")
    return not re.search(r"其中", header)


def table_findings(table_code: str, rows: list[dict]) -> Iterator[dict]:
    yield from hierarchy_findings(table_code, rows)
    yield from total_row_findings(table_code, rows)
    yield from column_findings(table_code, rows)
    yield from three_public_findings(table_code, rows)


def _some(x):
    return [x] if x else []


THREE_PUBLIC = [
    ("total", re.compile(r"^[“\"]?三公[”\"]?经费(支出)?(合计|总计|总额)?$|^(合计|总计)$")),
    ("abroad", re.compile(r"因公出国")),
    ("cars", re.compile(r"公务用车购置及运行")),
    ("car_purchase", re.compile(r"^(其中[:：]?)?公务用车购置费?$")),
    ("car_running", re.compile(r"^(其中[:：]?)?公务用车运行(维护)?费?$")),
    ("reception", re.compile(r"公务接待")),
]


def _three_public_kind(row: dict) -> str | None:
    name = row_name(row)
    return next((kind for kind, pattern in THREE_PUBLIC if pattern.search(name)), None)


def _three_public_column(row: dict) -> str | None:
    """The 三公 part a column header names (`公务用车购置及运行费 小计`, `购置费`)."""
    col = re.sub(r"\s+", "", row.get("column_raw") or "")
    if not col:
        return None
    if "因公出国" in col:
        return "abroad"
    if "公务接待" in col:
        return "reception"
    if re.search(r"购置及运行(维护)?费?[/／]?(小计)?$", col):
        return "cars"
    if re.search(r"购置费?$", col):
        return "car_purchase"
    if re.search(r"运行(维护)?费?$", col):
        return "car_running"
    if col.endswith("合计") and "机关运行" not in col:
        return "total"
    return None


def _three_public_key(row: dict, own_total: bool = False):
    kind = _three_public_kind(row)
    if kind and kind != "total" or kind == "total" and not row.get("column_raw"):
        return (kind, ("measure", row.get("measure")))
    kind = _three_public_column(row)
    col = re.sub(r"\s+", "", row.get("column_raw") or "")
    if own_total and kind == "total" and "三公" not in col:
        kind = None  # the table's 合计 also holds 会议费/培训费: the 三公 total is its own 小计
    elif own_total and "三公" in col and re.search(r"(小计|合计)$", col):
        kind = "total"
    return (kind, ("row", row.get("page"), row.get("line"), row_name(row))) if kind else None


def three_public_parts(rows: list[dict]) -> list[tuple[dict, str]]:
    """The cells of one 三公 table with the part each is (`total`, `abroad`, `cars`,
    `car_purchase`, `car_running`, `reception`), from its row's name or its column's header;
    cells neither names are left out."""
    own_total = _own_total(rows)
    keyed = ((r, _three_public_key(r, own_total)) for r in rows)
    return [(r, key[0]) for r, key in keyed if key]


def _own_total(rows: list[dict]) -> bool:
    return any(re.search(r"三公.*(小计|合计)$", re.sub(r"\s+", "", r.get("column_raw") or "")) for r in rows)


def three_public_findings(table_code: str, rows: list[dict], tally: Tally | None = None) -> Iterator[dict]:
    """三公 total = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and 公务用车购置及运行费
    = 购置费 + 运行费, in every column, where the table prints them as rows."""
    if not table_code.endswith("three_public"):
        return
    tally = tally_or_new(tally)
    own_total = _own_total(rows)
    cells = unique_amounts(rows, lambda r: _three_public_key(r, own_total))
    for measure in sorted({m for _, m in cells}, key=str):
        for whole, parts in (
            ("total", ("abroad", "cars", "reception")),
            ("cars", ("car_purchase", "car_running")),
        ):
            total = cells.get((whole, measure))
            figs = [cells[(p, measure)] for p in parts if (p, measure) in cells]
            if total is None or len(figs) < 2:
                continue
            what = f"{table_code} “三公”经费构成" + (
                f" {measure_zh(measure[1])}栏" if measure[0] == "measure" else ""
            )
            yield from tally.check("sum.rows", sum_finding("sum.rows", total, figs, what))
