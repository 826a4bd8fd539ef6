"""`caizheng audit` through the CLI, on a warehouse holding the real rows of two
samples: 东西湖 2021 表1–表6 (only the 表4 rounding slip: a warning) and 正宁 2023's
自评表 scores (合计 98 ≠ 95: errors)."""

from __future__ import annotations

import json

import pytest

from audit import audit_document
from caizheng.cli import main
from normalize.rows import records_to_arrow
from normalize.warehouse import Warehouse
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
        ("score.sum", "98", "95"),
        ("score.weights", "100", "97"),
    }
    main(["audit", "--warehouse", str(warehouse), "--format", "csv"])
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("source_path,org_name,fiscal_year,severity,check")
    assert "3529.98" in text.replace(",", "") or "3,529.98" in text


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
