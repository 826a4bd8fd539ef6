"""audit: rules that find inconsistent totals in one document's rows (issue 6).

`audit_document(rows)` takes the document's normalized rows per table (lists of
dicts shaped like the warehouse's) and returns findings rows. Each rule is a small
function yielding findings; a rule that fails on odd input is recorded as an
`info` finding (`audit.rule_failed`) so one bad table never hides the others.
`RULES` lists the rule ids, which are stable: analysts filter on them.
`table_relations(rows)` counts, per table, the relations the rules checked and those that
failed (`audit_document_counted` gives both from one run; source_tables.relations_*).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .change_rules import change_findings
from .cross_rules import cross_findings
from .disclosure import disclosure_findings
from .enumeration_rules import enumeration_findings
from .formula_rules import formula_findings, notes_by_table
from .funds_rules import funds_findings
from .government_rules import government_table_findings, government_warning
from .ocr_rules import ocr_in_doubt
from .prose_rules import prose_findings
from .relations import Tally
from .rows import rows_by_table
from .score_rules import score_findings
from .structure_rules import is_structured, localize, structure_findings
from .summary_rules import balance_findings, is_summary, summary_findings
from .table_rules import column_findings, table_findings, three_public_findings
from .text import text_findings
from .text_table_rules import text_vs_table_findings

RULES = {
    "sum.rows": "a table's 合计/总计 equals the sum of its rows",
    "sum.hierarchy": "类 = Σ款, 款 = Σ项 in every column",
    "sum.columns": "合计 = Σ part columns on every row (基本 + 项目, Σ income sources)",
    "sum.formula": "the row formulas a table prints in its notes (27行＝（1＋2＋…＋8）行)",
    "sum.balance": "收入总计 = 支出总计 in a two-sided summary",
    "sum.of_which": "the 其中 rows under a row do not add up to more than it",
    "ratio.columns": "a government table's percentage or difference column equals what its money columns give (完成预算%, 增长%, 增减额)",
    "table.unreadable": "several relations of one table fail with no figure common to all: a misreading (info)",
    "cross_table": "the same figure printed in two standard tables agrees",
    "text_vs_table": "a figure stated in prose equals the table cell it names",
    "text_vs_table.three_public": "the 三公 figures stated in prose equal the 三公 table's cells",
    "text_vs_table.zero": "a figure stated as 0 (or 10000 times too small) where its table cell prints an amount",
    "prose.parts": "parts listed in prose add up to their whole",
    "part_exceeds_whole": "a part stated in prose does not exceed its whole",
    "ratio": "a stated percentage equals the ratio of the figures it names",
    "ratio.change": "a stated change (减少 19.0%) equals the change over the earlier figure",
    "score.sum": "dimension or indicator scores add up to the total",
    "score.weights": "weights add up to the stated maximum",
    "score.exceeds_weight": "no score exceeds its weight",
    "score.grade": "the grade matches the score and the thresholds",
    "text.comparison_word": "决算数大于/小于/等于预算数 agrees with the two figures it compares",
    "text.year": "headings, 截至 dates and comparisons name the report's own fiscal year",
    "text.placeholder": "no template leftovers: XX, 增加（减少）, a blank 主要原因是。, fill-in notes",
    "text.punctuation": "no doubled punctuation; quotes and brackets balanced across lines and pages",
    "text.class_name": "classification names are the report's year's edition; prose 类/款/项 paths agree with the tables",
    "disclosure.missing_table": "a 部门决算 prints 表1–表9, or its text says why one is absent",
    "disclosure.empty_table_unexplained": "a table printed without figures carries the note why (本表无数据)",
    "audit.rule_failed": "a rule could not run on this document (info)",
}


RULE_INPUTS = {
    "budget_lines": (
        "sum.rows",
        "sum.hierarchy",
        "sum.columns",
        "sum.balance",
        "sum.of_which",
        "ratio.columns",
        "cross_table",
    ),
    "facts": (
        "prose.parts",
        "part_exceeds_whole",
        "ratio",
        "ratio.change",
        "text_vs_table",
        "text_vs_table.three_public",
        "text_vs_table.zero",
    ),
    "source_tables": ("disclosure.missing_table", "disclosure.empty_table_unexplained"),
    "scores": ("score.sum", "score.weights", "score.exceeds_weight", "score.grade"),
    "indicators": ("score.sum", "score.weights", "score.exceeds_weight"),
    # the wording rules read the prose lines, which are not stored: a document with facts has prose
    "facts_prose": (
        "text.comparison_word",
        "text.year",
        "text.placeholder",
        "text.punctuation",
        "text.class_name",
    ),
}


def applicable_rules(row_counts: dict[str, int]) -> list[str]:
    """The rules that had input for a document, from its rows per table: a rule
    that ran on nothing says nothing about the report."""
    out: list[str] = []
    for table, rules in RULE_INPUTS.items():
        if row_counts.get(table.removesuffix("_prose")):
            out += [r for r in rules if r not in out]
    return out


SURE = 0.9  # below this share of cells placed with certainty, a table's reading is in doubt


def _table_rules(rows, document: dict | None = None, relations: dict | None = None) -> Iterator[dict]:
    """The findings of every table; `relations` (table_index → Tally) gets each structured
    table's relations, counted as they are checked."""
    relations = {} if relations is None else relations
    groups = rows_by_table(rows.get("budget_lines") or [])
    notes = notes_by_table(rows.get("source_tables") or [])
    doubtful = doubtful_tables(rows.get("source_tables") or [])
    government = is_government(document or {})
    templates = {t.get("table_index"): t.get("template") for t in rows.get("source_tables") or []}
    cells = by_table_index(rows.get("budget_lines") or []) if government else []  # percentages too
    every = {(c[0].get("table_code"), c[0].get("table_index")): c for c in cells}
    for (table_code, title), table_rows in groups.items():
        note = notes.get((table_code, title))
        formulas: dict = {}  # table_index → its printed formulas checked
        found = _guarded(table_code, formula_findings, table_code, table_rows, note, formulas)
        if any(f.get("check") == "audit.rule_failed" for f in found):
            formulas = {}  # a rule that fails counts none
        for index, tally in formulas.items():
            if index is not None:
                counted = relations.setdefault(index, Tally())
                counted += tally
        if is_structured(table_rows):  # rows placed by a table reader: the structure says what sums
            for one in by_table_index(table_rows):
                index = one[0].get("table_index")
                tally, structure = Tally(), Tally()
                localized = localize(table_code, _structured_rules(table_code, one, tally, structure))
                if government:  # a government table's template and its other relations decide
                    table = every.get((table_code, index), one)
                    year = document.get("fiscal_year")
                    localized = [
                        {**f, GOV_CHECKED: True}
                        for f in _counted(
                            table_code,
                            tally,
                            government_table_findings,
                            table_code,
                            table,
                            localized,
                            templates.get(index),
                            year,
                            structure.of("sum.hierarchy", "sum.rows"),
                        )
                    ]
                found += localized
                if index is not None:  # one printed table may be read under two codes
                    counted = relations.setdefault(index, Tally())
                    counted += tally
        else:
            found += _guarded(table_code, table_findings, table_code, table_rows)
            if is_summary(table_code):
                found += _guarded(table_code, summary_findings, table_code, table_rows)
        found += _guarded(table_code, funds_findings, table_code, table_rows)
        yield from (in_doubt(f) for f in found) if (table_code, title) in doubtful else found
    yield from _guarded("cross_table", cross_findings, groups)


def _structured_rules(table_code: str, rows: list[dict], tally: Tally, structure: Tally) -> list[dict]:
    """The rules of a structured table; `structure` counts its structure sums, `tally` every
    relation (those included)."""
    found = _counted(table_code, structure, structure_findings, table_code, rows)
    tally += structure
    for rule in (column_findings, three_public_findings, balance_findings):
        found += _counted(table_code, tally, rule, table_code, rows)
    return found


def table_relations(rows: dict[str, list[dict[str, Any]]]) -> dict[int, Tally]:
    """table_index → the relations of that table the audit checks (`Tally.checked`) and those
    that failed, a finding raised at any severity (`Tally.failed`): its structure sums (类 = Σ款,
    合计 = Σ rows, 其中 ≤ its row) per column, its column sums per row (合计 = 基本 + 项目, 三公,
    收支总计), the row formulas its notes print, and in a government table under a template its
    ratio columns. Only tables whose rows a table reader placed (structured), or whose notes print
    formulas, are counted; a table with no relation is absent."""
    relations: dict[int, Tally] = {}
    document = (rows.get("documents") or [{}])[0]
    list(_table_rules(rows, document, relations))
    return relations


def by_table_index(rows: list[dict]) -> list[list[dict]]:
    """Two printed tables may share a title (one per unit): each is summed on its own."""
    out: dict = {}
    for r in rows:
        out.setdefault((r.get("table_code"), r.get("table_index")), []).append(r)
    return list(out.values())


def doubtful_tables(source_tables: list[dict]) -> set[tuple]:
    """Tables the reader placed with little certainty (source_tables.confidence)."""
    return {
        (t.get("table_code"), t.get("table_title_raw") or "")
        for t in source_tables
        if t.get("confidence") is not None and t["confidence"] < SURE
    }


def in_doubt(f: dict) -> dict:
    """An error in a table read with little certainty is more likely a misreading than
    a misprint: it is reported as a warning that says so."""
    if f.get("severity") != "error":
        return f
    return {**f, "severity": "warning", "message": f"{f['message']}（表格识别把握不足，仅作提示）"}


def audit_document(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return audit_document_counted(rows)[0]


def audit_document_counted(
    rows: dict[str, list[dict[str, Any]]],
) -> tuple[list[dict[str, Any]], dict[int, Tally]]:
    """(findings, relations): `audit_document`'s findings and `table_relations`' counts from
    the one run of the rules."""
    out: list[dict] = []
    relations: dict[int, Tally] = {}
    document = (rows.get("documents") or [{}])[0]
    out += _table_rules(rows, document, relations)
    out += _guarded("prose", prose_findings, rows.get("facts") or [])
    out += _guarded("changes", change_findings, rows.get("facts") or [], document.get("fiscal_year"))
    out += _guarded("enumerations", enumeration_findings, rows.get("facts") or [])
    out += _guarded(
        "text_vs_table",
        text_vs_table_findings,
        rows.get("facts") or [],
        rows.get("budget_lines") or [],
        document.get("report_kind"),
    )
    out += _guarded(
        "text",
        text_findings,
        rows.get("prose") or [],
        rows.get("facts") or [],
        document,
        rows.get("budget_lines") or [],
    )
    out += _guarded(
        "disclosure",
        disclosure_findings,
        rows.get("source_tables") or [],
        rows.get("prose") or [],
        rows.get("facts") or [],
        document,
    )
    out += _guarded("scores", score_findings, rows.get("scores") or [], rows.get("indicators") or [])
    if is_government(document):
        out = [without_template(f) for f in out]
    return _dedupe(ocr_in_doubt(out, rows)), relations


GOV_CHECKED = "_government_checked"  # a finding whose severity its government table decided


def is_government(document: dict) -> bool:
    return str(document.get("report_kind") or "").startswith("government")


def without_template(f: dict) -> dict:
    """In a government's own budget or final accounts, only a table matched to its template
    (data/templates/government.toml) whose other relations hold keeps its errors; the rest —
    tables no template covers, the prose, which interleaves 全市 and 本级 figures — are warnings
    that say so (`government_rules`)."""
    if f.get(GOV_CHECKED):
        return {k: v for k, v in f.items() if k != GOV_CHECKED}
    return government_warning(f)


def _guarded(where: str, rule: Callable[..., Iterator[dict]], *args) -> list[dict]:
    try:
        return list(rule(*args))
    except Exception as exc:  # a rule bug must not lose the other findings
        return [_rule_failed(where, exc)]


def _counted(where: str, tally: Tally, rule: Callable[..., Iterator[dict]], *args) -> list[dict]:
    """`_guarded`, the rule counting its relations into `tally`; a rule that fails counts none."""
    own = Tally()
    try:
        found = list(rule(*args, tally=own))
    except Exception as exc:
        return [_rule_failed(where, exc)]
    tally += own
    return found


def _rule_failed(where: str, exc: Exception) -> dict:
    return {
        "check": "audit.rule_failed",
        "severity": "info",
        "message": f"规则执行失败（{where}）：{type(exc).__name__}: {exc}",
    }


def _dedupe(findings: list[dict]) -> list[dict]:
    """The same comparison reached twice (a table read twice, two views) is reported once."""
    seen, out = set(), []
    for f in findings:
        key = (
            f.get("check"),
            f.get("observed"),
            f.get("expected"),
            f.get("page"),
            f.get("line"),
            f.get("table_code"),
            f.get("message"),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
