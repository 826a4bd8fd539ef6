"""Every table's relations, counted (issues 13 and 15): `audit.table_relations` gives per
table the relations the audit checked and those that failed, and the pipeline writes them to
source_tables.relations_checked / relations_failed.

On generated tables (`tablegen`) the count is what the structure states: per column, every
parent with children printed in it and the total over its classes; per row, 合计 = 基本 + 项目;
in a government table also its two percentage columns on every row.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from caizheng.audit import audit_document, audit_document_counted, table_relations
from caizheng.extract.pdf import read_pdf
from caizheng.normalize.rows import budget_line_to_row
from caizheng.parsers.budget_grid import document_to_grid_budget
from caizheng.pipeline import process_file

from . import tablegen

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
DOCUMENT = {"report_kind": "government_final_accounts", "fiscal_year": 2024}


def _rows(tmp_path: Path, rendered) -> list[dict]:
    path = tmp_path / "t.pdf"
    path.write_bytes(rendered.pdf)
    lines, _ = document_to_grid_budget(read_pdf(path))
    return [{**budget_line_to_row(b), "doc_id": "x"} for b in lines]


def stated_relations(rendered) -> int:
    """The relations an expenditure table's printed cells state: per column, a 类 or 款 with
    a child printed in that column, the 合计 with a 类 printed in it; per row, 合计 = 基本 + 项目
    where the row prints its 合计 and a part."""
    printed = {(c["code"], c["measure"]) for c in rendered.cells}
    codes = {code for code, _ in printed if code}
    n = 0
    for measure in tablegen.MEASURES:
        for parent in codes:
            kids = [k for k in codes if len(k) == len(parent) + 2 and k.startswith(parent)]
            n += (parent, measure) in printed and any((k, measure) in printed for k in kids)
        n += (None, measure) in printed and any((k, measure) in printed for k in codes if len(k) == 3)
    for code in codes | {None}:
        n += (code, "total") in printed and any((code, m) in printed for m in ("basic", "project"))
    return n


@pytest.mark.parametrize("seed", range(5))
def test_a_consistent_table_counts_what_its_structure_states(tmp_path, seed):
    pytest.importorskip("reportlab")
    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    rendered = tablegen.render_pdf(table, tablegen.random_layout(rng))
    relations = table_relations({"budget_lines": _rows(tmp_path, rendered)})
    assert list(relations) == [0]
    assert relations[0].checked == stated_relations(rendered)
    assert relations[0].failed == 0


def _table_and_its_first_kuan(seed: int):
    """A generated expenditure table, its layout, and the printed row number of its first 款."""
    pytest.importorskip("reportlab")
    rng = random.Random(seed)
    table = tablegen.expenditure_table(rng)
    layout = tablegen.random_layout(rng)
    rows_in_order = table.rows[1:] + table.rows[:1] if layout.total_last else table.rows
    return table, layout, next(i for i, r in enumerate(rows_in_order) if r.code and len(r.code) == 5)


@pytest.mark.parametrize("seed", range(5))
def test_a_misprinted_figure_fails_a_relation_and_checks_the_same(tmp_path, seed):
    table, layout, kuan = _table_and_its_first_kuan(seed)
    delta = Decimal(2500) * (Decimal(100) if table.unit == "元" else Decimal(1))
    clean = tablegen.render_pdf(table, layout)
    rendered = tablegen.render_pdf(table, layout, mutate=(kuan, "total", delta))
    rows = _rows(tmp_path, rendered)
    relations = table_relations({"budget_lines": rows})
    assert relations[0].checked == stated_relations(clean)
    assert relations[0].failed >= 1
    assert relations[0].rounded == 0  # 2,500 is beyond any rounding
    # the same run as the findings: every failed relation is a finding (before any is merged)
    findings, counted = audit_document_counted({"budget_lines": rows})
    assert counted == relations
    assert findings == audit_document({"budget_lines": rows})


@pytest.mark.parametrize("seed", range(3))
def test_a_difference_within_rounding_is_counted_as_rounded(tmp_path, seed):
    """One 款 total off by one unit of its last printed digit (0.01 万元, 1 元): the relations it
    enters fail, each within the rounding of the figures it compares, and are counted `rounded`."""
    table, layout, kuan = _table_and_its_first_kuan(seed)
    unit = Decimal(1) if table.unit == "元" else Decimal("0.01")
    rendered = tablegen.render_pdf(table, layout, mutate=(kuan, "total", unit))
    relations = table_relations({"budget_lines": _rows(tmp_path, rendered)})
    assert relations[0].failed >= 1
    assert relations[0].rounded == relations[0].failed


def _government(tmp_path: Path, rendered):
    from caizheng.parsers.tables.government import government_tables

    path = tmp_path / "g.pdf"
    path.write_bytes(rendered.pdf)
    lines, tables = document_to_grid_budget(read_pdf(path))
    lines, tables = government_tables(lines, tables, DOCUMENT["fiscal_year"])
    rows = [{**budget_line_to_row(b), "doc_id": "x"} for b in lines]
    sources = [
        {"table_code": t.table_code, "table_index": t.table_index, "template": t.template} for t in tables
    ]
    return {"budget_lines": rows, "source_tables": sources, "documents": [DOCUMENT]}


def government_relations(table) -> int:
    """Four money columns: each 类 = Σ its 款 and the 合计 = Σ 类 in each; two ratio columns
    (完成调整预算%, 比上年增长%) on every row, the 合计's too."""
    classes = sum(1 for r in table.rows if r.code and len(r.code) == 3)
    return 4 * (classes + 1) + 2 * len(table.rows)


@pytest.mark.parametrize("measure", ["adjusted_budget_pct", "actual"])
def test_a_government_table_counts_its_ratio_columns(tmp_path, measure):
    pytest.importorskip("reportlab")
    table = tablegen.government_expenditure_table(random.Random(11))
    relations = table_relations(_government(tmp_path, tablegen.render_government_pdf(table)))
    assert (relations[0].checked, relations[0].failed) == (government_relations(table), 0)
    row = next(i for i, r in enumerate(table.rows) if r.code and len(r.code) == 5)
    delta = Decimal("3.3") if measure.endswith("pct") else Decimal(5000)
    rendered = tablegen.render_government_pdf(table, mutate=(row, measure, delta))
    relations = table_relations(_government(tmp_path, rendered))
    assert relations[0].checked == government_relations(table)
    assert relations[0].failed >= 1
    if measure.endswith("pct"):
        assert relations[0].kinds["ratio.columns"] == 2 * len(table.rows)
        assert relations[0].failed == 1


def test_an_untemplated_government_table_counts_no_ratio(tmp_path):
    pytest.importorskip("reportlab")
    table = tablegen.government_expenditure_table(random.Random(3))
    headers = ("预算数", "调整预算数", "决算数", "完成调整预算%", "其中：中央补助", "比上年增长%")
    rows = _government(tmp_path, tablegen.render_government_pdf(table, headers=headers))
    assert [t["template"] for t in rows["source_tables"]] == [None]
    relations = table_relations(rows)
    assert relations[0].kinds["ratio.columns"] == 0
    assert relations[0].checked > 0


def test_process_file_writes_the_counts_to_source_tables():
    result = process_file(SAMPLES / "hubei-dongxihu-hrss-2021-final-accounts.txt")
    tables = result.tables["source_tables"]
    for name in ("relations_checked", "relations_failed"):
        assert tables.schema.field(name).type == pa.int32()
    sources = tables.to_pylist()
    findings = result.tables["findings"].to_pylist()
    counted = [t for t in sources if t["relations_checked"] is not None]
    assert counted, "the sample's standard tables state relations"
    assert any(t["relations_failed"] for t in counted), "the sample prints a total that does not add up"
    codes = [t["table_code"] for t in sources]
    for t in sources:
        if t["relations_checked"] is None:
            assert t["relations_failed"] is None
            continue
        assert 0 <= t["relations_failed"] <= t["relations_checked"]
        of_table = [f for f in findings if f["table_code"] == t["table_code"]]
        if codes.count(t["table_code"]) == 1 and not any(f["check"] == "table.unreadable" for f in of_table):
            relations = [f for f in of_table if f["check"].startswith(("sum.", "ratio.columns"))]
            assert t["relations_failed"] == len(relations), t
