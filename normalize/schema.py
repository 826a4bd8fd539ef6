"""The warehouse's tables as pyarrow schemas: the single source of truth.

Contract columns come from `../shared/SCHEMA.md` (names and types never change);
columns marked `added` are ours. `docs/schema.md` is generated from this file
(`python -m caizheng.normalize.schema > docs/schema.md`, checked by a test).
`fiscal_year` is the hive partition key, so it is not stored inside the files.
"""

from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(24, 6)
BBOX = pa.list_(pa.float64(), 4)
PARTITION = "fiscal_year"


def _f(name, type_, doc, added=False):
    meta = {b"doc": doc.encode(), b"added": b"1" if added else b"0"}
    return pa.field(name, type_, nullable=True, metadata=meta)


PROVENANCE = [
    _f("page", pa.int32(), "1-based page (1 for text without page breaks)"),
    _f("line", pa.int32(), "1-based line within the page where the row starts"),
]
OCR_PROVENANCE = [
    _f(
        "method",
        pa.string(),
        "how the row's page was read: pdf (its text layer), ocr (its image), text",
        True,
    ),
    _f(
        "ocr_confidence",
        pa.float64(),
        "OCR rows: the recognizer's score (0..1) of the cell (else the line) the row was read from; "
        "null for text layers",
        True,
    ),
]

DOCUMENTS = pa.schema(
    [
        _f("doc_id", pa.string(), "first 16 hex chars of the file's sha256"),
        _f("source_path", pa.string(), "path relative to the ingested folder"),
        _f("source_sha256", pa.string(), "full sha256 of the file"),
        _f("file_format", pa.string(), "pdf, txt, md"),
        _f("page_count", pa.int32(), "pages (1 for text without page breaks)"),
        _f(
            "report_kind",
            pa.string(),
            "budget, final_accounts, performance_self_evaluation, performance_targets, performance_evaluation, "
            "government_budget, government_final_accounts, unknown",
        ),
        _f("org_name", pa.string(), "full name of the reporting department"),
        _f("province", pa.string(), "province (or municipality) full name"),
        _f("prefecture", pa.string(), "prefecture-level division; null for municipalities"),
        _f("county", pa.string(), "county, county-level city or district"),
        _f("admin_code", pa.string(), "GB/T 2260 six-digit code of the lowest division named"),
        _f(
            "admin_level",
            pa.string(),
            "province, prefecture, county, or central (a central unit: admin_code null)",
        ),
        _f("published", pa.string(), "date printed on the report, YYYY-MM-DD or YYYY-MM"),
        _f("status", pa.string(), "ok, partial, failed, needs_ocr"),
        _f("error", pa.string(), "why, when not ok"),
        _f("parser_version", pa.string(), "version of the parsers that produced the rows"),
        _f("title", pa.string(), "the report's title as printed", True),
        _f(
            "report_kind_confidence",
            pa.float64(),
            "how sure report_kind is, 0..1: the title's reading (0.7–0.8), the table titles' (0.65) or the "
            "vocabulary's (0.45) alone, ±0.08/0.1 for each other reading that agrees/disagrees; a title "
            "whose genre is not a report (通知, 办法, 汇编 …) gives unknown at 0.9",
            True,
        ),
        _f("encoding", pa.string(), "detected text encoding (text files)", True),
        _f("file_size", pa.int64(), "bytes", True),
        _f("warnings", pa.list_(pa.string()), "non-fatal problems, each with its page", True),
        _f("row_counts", pa.string(), "JSON: rows written per table for this document", True),
        _f("ingested_at", pa.string(), "UTC time of ingestion, ISO 8601", True),
        _f("seconds", pa.float64(), "time spent on this document", True),
        _f(
            "source_root",
            pa.string(),
            "absolute folder (or URL) the file was ingested from; with source_path, a name that holds one document",
            True,
        ),
        _f("ocr_pages", pa.list_(pa.int32()), "pages read by OCR from their image (no text layer)", True),
    ]
)

BUDGET_LINES = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("table_code", pa.string(), "final.summary, budget.expenditure, self_eval.funds, …"),
        _f("table_title_raw", pa.string(), "the table's title as printed"),
        _f("row_no", pa.int32(), "行次 where printed"),
        _f("item_code", pa.string(), "classification code (function 205/20503/2050399, economic 301/30101)"),
        _f("classification", pa.string(), "function, economic or null"),
        _f("item_name_raw", pa.string(), "row name as printed"),
        _f("item_name", pa.string(), "row name normalized"),
        _f("side", pa.string(), "income, expenditure or null"),
        _f(
            "measure",
            pa.string(),
            "canonical column (amount, total, basic, project, …; in gov.* tables budget, adjusted_budget, "
            "actual, their prior_* forms for an earlier year's column, change (增减额), change_pct, "
            "budget_pct, adjusted_budget_pct, prior_actual_pct (完成预算%, 完成调整预算%, 为上年执行数%); "
            "in gov.debt limit, balance, prior_balance, prior_limit, new_limit, issued, refinanced, repaid, "
            "interest, each also _general (一般债务) and _special (专项债务), and region_total / own_level "
            "(本地区, 本级 columns): data/templates/government.toml)",
        ),
        _f("amount_wan", MONEY, "amount in 万元, exact"),
        _f("amount_raw", pa.string(), "the cell as printed"),
        _f("unit_raw", pa.string(), "the table's unit as printed (万元, 元)"),
        *PROVENANCE,
        _f("column_raw", pa.string(), "the column header as printed", True),
        _f("bbox", BBOX, "x0, top, x1, bottom of the cell (PDF)", True),
        _f("table_index", pa.int32(), "the table's order within the document (joins source_tables)", True),
        _f("row_group", pa.int32(), "column group of the row (0 = income side of a summary, …)", True),
        _f("row_index", pa.int32(), "printed order of the row within its group, across pages", True),
        _f("row_kind", pa.string(), "item, of_which (其中), total (合计/小计/总计), named_total", True),
        _f(
            "row_level",
            pa.int32(),
            "code level (类 1, 款 2, 项 3), outline rank (一、 1, （一） 2, 1. 3), or indent where a table"
            " shows its levels by indentation alone (1 leftmost, 2 one step in, …)",
            True,
        ),
        _f(
            "parent_row",
            pa.int32(),
            "row_index of the row this one is a part of (same table and group)",
            True,
        ),
        _f(
            "row_certain",
            pa.bool_(),
            "false where the printed structure does not settle the row's place",
            True,
        ),
        _f(
            "quantity",
            pa.float64(),
            "for measure `count` (数量 of assets.fixed): the count; amount_wan and unit_raw are then null",
            True,
        ),
        *OCR_PROVENANCE,
    ]
)

FACTS = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("metric_raw", pa.string(), "the phrase naming the figure"),
        _f(
            "metric", pa.string(), "canonical key where known (keys and patterns: data/reference/metrics.csv)"
        ),
        _f("value", pa.float64(), "the number in `unit`"),
        _f("unit", pa.string(), "万元, 元, 人, %, 万人, 家, 件, … (normalized spelling)"),
        _f("amount_wan", MONEY, "for money, the value in 万元"),
        _f("phase", pa.string(), "budget_initial, budget_adjusted, final, actual or null"),
        _f("sentence", pa.string(), "the sentence it came from"),
        *PROVENANCE,
        _f("value_raw", pa.string(), "the number and unit as printed", True),
        _f("value_exact", pa.string(), "the number as an exact decimal string", True),
        _f(
            "parent_metric_raw",
            pa.string(),
            "the whole this figure is a part of (基本支出 for 人员支出)",
            True,
        ),
        _f("relation", pa.string(), "share_of, change, change_pct, completion_of, ratio or null", True),
        _f("relation_target_raw", pa.string(), "what a ratio or change relates to", True),
        _f("direction", pa.string(), "increase or decrease, for changes", True),
        *OCR_PROVENANCE,
    ]
)

INDICATORS = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("scope", pa.string(), "department or project"),
        _f("project_name", pa.string(), "project name without the table-title suffix"),
        _f("table_kind", pa.string(), "target or self_eval"),
        _f("level1_raw", pa.string(), "一级指标 as printed (merged cells filled down)"),
        _f("level2_raw", pa.string(), "二级指标 as printed"),
        _f("level1", pa.string(), "normalized 一级指标"),
        _f("level2", pa.string(), "normalized 二级指标"),
        _f("name", pa.string(), "三级指标"),
        _f("description", pa.string(), "指标描述 / 指标内容"),
        _f("target_raw", pa.string(), "指标值 as printed"),
        _f("target_op", pa.string(), ">=, <=, =, >, < or null"),
        _f("target_value", pa.float64(), "target number"),
        _f("target_unit", pa.string(), "normalized unit"),
        _f("actual_raw", pa.string(), "实际完成值 as printed"),
        _f("actual_value", pa.float64(), "actual number"),
        _f("weight", pa.float64(), "分值"),
        _f("score", pa.float64(), "得分"),
        _f("basis", pa.string(), "指标值确定依据"),
        _f("note", pa.string(), "偏差原因分析及改进措施"),
        *PROVENANCE,
        _f("actual_op", pa.string(), "operator of the actual value", True),
        _f("actual_unit", pa.string(), "unit of the actual value", True),
        _f("table_title_raw", pa.string(), "the table's title as printed", True),
        _f("unit_name", pa.string(), "the unit a many-projects table lists the project under", True),
        _f("period_target_raw", pa.string(), "实施周期指标值 as printed, beside the 年度指标值", True),
        _f("table_code", pa.string(), "the performance template matched (perf.project_targets, …)", True),
        *OCR_PROVENANCE,
    ]
)

SCORES = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("scope", pa.string(), "department or project"),
        _f("project_name", pa.string(), "project, for project scores"),
        _f("dimension_raw", pa.string(), "投入, 过程, 产出, 效果, …; 总分 for the total"),
        _f("dimension", pa.string(), "normalized; total for the total"),
        _f("parent", pa.string(), "the dimension this one is part of"),
        _f("max_score", pa.float64(), "分值"),
        _f("score", pa.float64(), "得分"),
        _f("grade_raw", pa.string(), "优 / 良 / 中 / 差 … as printed"),
        _f("grade", pa.string(), "excellent, good, fair, poor"),
        *PROVENANCE,
        _f("thresholds_raw", pa.string(), "grade thresholds the report prints (得分≥85分为优秀)", True),
        _f("source", pa.string(), "prose or table", True),
        *OCR_PROVENANCE,
    ]
)

FINDINGS = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("check", pa.string(), "stable rule id: sum.rows, sum.columns, cross_table, ratio, …"),
        _f("severity", pa.string(), "error, warning, info"),
        _f("message", pa.string(), "one sentence in Chinese naming the figures"),
        _f("expected", MONEY, "what the rule computes"),
        _f("observed", MONEY, "what the report printed"),
        _f("difference", MONEY, "observed − expected"),
        _f("tolerance", MONEY, "the slack the rule allowed"),
        _f("table_code", pa.string(), "where, if in a table"),
        *PROVENANCE,
        _f("quote", pa.string(), "the printed words a wording finding is about (text.* rules)", True),
        _f("detail", pa.string(), "JSON: the figures used, each with page and line", True),
        *OCR_PROVENANCE,
    ]
)

SOURCE_TABLES = pa.schema(
    [
        _f("doc_id", pa.string(), "document"),
        _f("table_code", pa.string(), "which standard table"),
        _f("table_title_raw", pa.string(), "the title as printed"),
        _f("page", pa.int32(), "first page"),
        _f("page_end", pa.int32(), "last page (tables continue over pages)"),
        _f("line", pa.int32(), "line of the title on the first page"),
        _f("unit_raw", pa.string(), "unit declared by the table"),
        _f("n_rows", pa.int32(), "data rows read"),
        _f("n_values", pa.int32(), "money cells written to budget_lines"),
        _f("empty", pa.bool_(), "recognized but printed without figures (空表)"),
        _f("confidence", pa.float64(), "share of cells placed with certainty (0..1)"),
        _f("method", pa.string(), "pdf-lines, pdf-text, tsv, text-lines"),
        _f("note", pa.string(), "what was hard about this table"),
        _f("table_index", pa.int32(), "the table's order within the document (joins budget_lines)", True),
        _f(
            "template",
            pa.string(),
            "the template whose relations the table follows (`government`: data/templates/government.toml), or null",
            True,
        ),
        _f(
            "relations_checked",
            pa.int32(),
            "relations of the table the audit checked (structure sums per column, column sums per row, "
            "printed row formulas, ratio columns); null where it states none",
            True,
        ),
        _f(
            "relations_failed",
            pa.int32(),
            "of those, the ones that failed (a finding at any severity); held = checked − failed",
            True,
        ),
        _f(
            "relations_rounded",
            pa.int32(),
            "of the failed, those within the rounding of their printed figures (a warning 在舍入误差范围内); "
            "held to the printed precision = checked − failed + rounded",
            True,
        ),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "budget_lines": BUDGET_LINES,
    "facts": FACTS,
    "indicators": INDICATORS,
    "scores": SCORES,
    "findings": FINDINGS,
    "source_tables": SOURCE_TABLES,
}


def schema_markdown() -> str:
    """docs/schema.md, generated from the schemas above."""
    out = [
        "# Warehouse schema",
        "",
        "Generated from `normalize/schema.py` by `python -m caizheng.normalize.schema`; do not edit by hand.",
        "Every table is hive-partitioned by `fiscal_year` (unknown year: `fiscal_year=0`, read as null by caizheng).",
        "Columns marked *added* extend the contract in `../shared/SCHEMA.md`.",
        "",
    ]
    for name, schema in SCHEMAS.items():
        out += [f"## {name}", "", "| column | type | meaning |", "|---|---|---|"]
        for field in schema:
            meta = field.metadata or {}
            doc = meta.get(b"doc", b"").decode()
            added = " *(added)*" if meta.get(b"added") == b"1" else ""
            out.append(f"| {field.name} | {field.type} | {doc}{added} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(schema_markdown())
