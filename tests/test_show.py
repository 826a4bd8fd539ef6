"""`caizheng show`: one document in the terminal, found by doc_id prefix or path."""

from __future__ import annotations

from caizheng.cli import main
from caizheng.show import document_report, find_document


def test_show_by_path_fragment(capsys, samples_warehouse):
    code = main(["show", "dongxihu", "--warehouse", str(samples_warehouse.root)])
    out = capsys.readouterr().out
    assert code == 0
    assert "武汉市东西湖区人力资源和社会保障局" in out
    assert "420112" in out  # GB/T 2260 code of 东西湖区
    assert "findings:" in out


def test_show_by_doc_id_prefix_finds_the_same_document(samples_warehouse):
    con = samples_warehouse.connect()
    doc = find_document(con, "zhengning")
    assert find_document(con, doc["doc_id"][:8])["source_path"] == doc["source_path"]
    report = document_report(con, doc["doc_id"])
    assert doc["source_path"] in report and "正宁县" in report


def test_ambiguous_and_unknown_keys_are_user_errors(capsys, samples_warehouse):
    code = main(["show", "hebei", "--warehouse", str(samples_warehouse.root)])
    err = capsys.readouterr().err
    assert code == 2 and "matches 3 documents" in err
    code = main(["show", "no-such-report", "--warehouse", str(samples_warehouse.root)])
    assert code == 2 and "no document matches" in capsys.readouterr().err
