"""`caizheng audit` through the CLI, on a warehouse holding the real rows of two
samples: 东西湖 2021 表1–表6 (only the 表4 rounding slip: a warning) and 正宁 2023's
自评表 scores (合计 98 ≠ 95: errors)."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal

import pytest

from caizheng.audit import audit_document
from caizheng.cli import main
from caizheng.normalize.rows import records_to_arrow
from caizheng.normalize.warehouse import Warehouse
from tests.test_audit_scores import ZHENGNING_SCORES, indicators
from tests.test_audit_tables import DONGXIHU_ROWS


def _write(wh, doc_id, path, org, year, rows):
    tables = {name: records_to_arrow(name, doc_id, r) for name, r in rows.items()}
    tables["findings"] = records_to_arrow("findings", doc_id, audit_document(rows))
    counts = {name: t.num_rows for name, t in tables.items()}
    doc = {
        "doc_id": doc_id,
        "source_path": path,
        "status": "ok",
        "org_name": org,
        "report_kind": "final_accounts",
        "row_counts": json.dumps(counts),
    }
    tables["documents"] = records_to_arrow("documents", doc_id, [doc])
    wh.write_document(doc_id, year, tables)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit-wh")
    wh = Warehouse(root).create()
    _write(
        wh,
        "d0000000000000a1",
        "dongxihu.txt",
        "武汉市东西湖区人力资源和社会保障局",
        2021,
        {"budget_lines": DONGXIHU_ROWS},
    )
    _write(
        wh,
        "d0000000000000a2",
        "zhengning.txt",
        "正宁县人力资源和社会保障局",
        2023,
        {"scores": ZHENGNING_SCORES, "indicators": indicators()},
    )
    return root


def test_consistent_document_exits_0(tmp_path, capsys):
    root = tmp_path / "wh"
    wh = Warehouse(root).create()
    _write(wh, "d0000000000000a1", "dongxihu.txt", "东西湖", 2021, {"budget_lines": DONGXIHU_ROWS})
    assert main(["audit", "--warehouse", str(root)]) == 0
    out = capsys.readouterr().out
    assert "dongxihu.txt" in out and "errors   0" in out and "3,529.98" in out


def test_table_summary_and_exit_1_on_errors(warehouse, capsys):
    assert main(["audit", "--warehouse", str(warehouse)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("zhengning.txt"))
    assert "errors   2" in line and "rules" in line
    assert "2 document(s), 2 error finding(s)" in out


def test_json_and_csv_carry_the_figures(warehouse, capsys):
    main(["audit", "--warehouse", str(warehouse), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    zn = next(d for d in data["documents"] if d["source_path"] == "zhengning.txt")
    assert {(f["check"], f["observed"], f["expected"]) for f in zn["findings"]} >= {
        ("score.sum", 98, 95),
        ("score.weights", 100, 97),
    }
    assert all(f["doc_id"] == "d0000000000000a2" and isinstance(f["detail"], list) for f in zn["findings"])
    assert (data["errors"], data["warnings"]) == (2, 2)
    main(["audit", "--warehouse", str(warehouse), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[:6] == ["doc_id", "source_path", "org_name", "fiscal_year", "severity", "check"]
    slip = next(r for r in rows if r["source_path"] == "dongxihu.txt")
    assert slip["doc_id"] == "d0000000000000a1"
    # plain numbers a spreadsheet or a script reads as numbers: no thousands separator, no quotes
    for key in ("expected", "observed", "difference", "tolerance"):
        assert slip[key] and "," not in slip[key] and Decimal(slip[key]) >= 0
    assert (slip["expected"], slip["observed"], slip["difference"]) == ("3529.97", "3529.98", "0.01")
    assert json.loads(slip["detail"])[0]["page"] == 1


def test_human_formats_separate_thousands_and_count_warnings(warehouse, tmp_path, capsys):
    out = tmp_path / "audit.html"
    assert main(["audit", "--warehouse", str(warehouse), "--format", "html", "--out", str(out)]) == 1
    assert capsys.readouterr().out == (f"2 document(s), 2 error finding(s), 2 warning(s); report: {out}\n")
    page = out.read_text(encoding="utf-8")
    assert "3,529.98" in page and "2 项错误，2 项警告" in page
    assert "<td class=sev>错误</td>" in page and "td.sev,th.sev,td.w{white-space:nowrap}" in page


def test_html_lists_findings_with_page(warehouse, tmp_path, capsys):
    out = tmp_path / "audit.html"
    assert main(["audit", "--warehouse", str(warehouse), "--format", "html", "--out", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert "正宁县人力资源和社会保障局" in page and "3,529.98" in page and "p1:153" in page


def test_xlsx_working_paper(warehouse, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "audit.xlsx"
    main(["audit", "--warehouse", str(warehouse), "--format", "xlsx", "--out", str(out)])
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "发现"]
    rows = list(wb["发现"].iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "单位", "年度", "级别", "规则")
    assert any(r[4] == "score.sum" and r[10] == 98 and r[9] == 95 for r in rows[1:])


def test_xlsx_needs_out(warehouse, capsys):
    assert main(["audit", "--warehouse", str(warehouse), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_xlsx_without_openpyxl_is_one_line(warehouse, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` raises ImportError
    out = tmp_path / "a.xlsx"
    assert main(["audit", "--warehouse", str(warehouse), "--format", "xlsx", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "caizheng: error: --format xlsx needs openpyxl, a dependency of caizheng: pip install openpyxl\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["csv", "html", "xlsx"])
def test_out_into_a_missing_folder_is_one_line(warehouse, tmp_path, capsys, fmt):
    out = tmp_path / "no" / "such" / f"audit.{fmt}"
    assert main(["audit", "--warehouse", str(warehouse), "--format", fmt, "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"caizheng: error: --out {out}: no such folder {out.parent} (create it first)\n"
    )


# report text that a spreadsheet would run: a file name and a department named by the report
FORMULA_PATH = '=HYPERLINK("http://x","y").txt'
FORMULA_ORG = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-wh")
    wh = Warehouse(root).create()
    _write(wh, "d0000000000000b1", FORMULA_PATH, FORMULA_ORG, 2021, {"budget_lines": DONGXIHU_ROWS})
    _write(wh, "d0000000000000b2", "-2+3.txt", "+1-1", 2021, {"budget_lines": DONGXIHU_ROWS})
    return root


def test_csv_escapes_formulas_and_keeps_negative_numbers(hostile, capsys):
    main(["audit", "--warehouse", str(hostile), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_path = {r["source_path"]: r for r in rows}
    assert set(by_path) == {"'" + FORMULA_PATH, "'-2+3.txt"}
    assert by_path["'" + FORMULA_PATH]["org_name"] == "'" + FORMULA_ORG
    assert by_path["'-2+3.txt"]["org_name"] == "'+1-1"
    for key in ("expected", "observed", "difference", "tolerance", "page", "line"):
        assert all(Decimal(r[key]) is not None for r in rows)  # numbers stay numbers


def test_xlsx_stores_formulas_as_text(hostile, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "audit.xlsx"
    main(["audit", "--warehouse", str(hostile), "--format", "xlsx", "--out", str(out)])
    wb = load_workbook(out)
    for sheet in wb:
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    assert c.data_type == "s" and c.quotePrefix, (sheet.title, c.coordinate, c.value)
    cells = [c for row in wb["发现"].iter_rows(min_row=2) for c in row]
    assert {c.value for c in cells if c.column == 1} == {FORMULA_PATH, "-2+3.txt"}  # shown as printed
    assert all(c.data_type == "n" for c in cells if c.column in (10, 11, 12, 13) and c.value is not None)


def test_terminal_output_has_no_escape_sequences(tmp_path, capsys):
    root = tmp_path / "wh"
    wh = Warehouse(root).create()
    evil = "a\x1b[2J\x1b]0;pwned\x07b\rc\x9bd.txt"
    _write(wh, "d0000000000000c1", evil, "东西湖\x1b[31m局", 2021, {"budget_lines": DONGXIHU_ROWS})
    main(["audit", "--warehouse", str(root)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\x9b" not in out and "\x07" not in out
    assert out.splitlines()[0].startswith("ab cd.txt ")
    assert main(["show", "d0000000000000c1", "--warehouse", str(root)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\x9b" not in out
    assert "source_path     ab cd.txt" in out and "东西湖局" in out
