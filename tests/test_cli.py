"""The command line, driven through `caizheng.cli.main` as a user would."""

from __future__ import annotations

import json

import pytest

from caizheng.cli import build_parser, main

from .conftest import DONGXIHU


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command" or getattr(a, "choices", None))
    for name, command in sub.choices.items():
        assert command.description, f"{name} has no description"
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
        assert name in capsys.readouterr().out


def test_missing_source_is_one_line_error(capsys, tmp_path):
    code, out, err = run(capsys, "ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "wh"))
    assert code == 2
    assert err == f"caizheng: error: {tmp_path / 'nope'}: no such file or folder\n"


def test_query_without_warehouse(capsys, tmp_path):
    code, _, err = run(capsys, "query", "SELECT 1", "--warehouse", str(tmp_path / "none"))
    assert code == 2 and err.startswith("caizheng: error: no warehouse at")


def test_ingest_then_query(capsys, tmp_path):
    wh = str(tmp_path / "wh")
    code, out, _ = run(capsys, "ingest", str(DONGXIHU), "--out", wh, "--quiet")
    assert code == 0 and "ingested 1 document(s) (1 ok)" in out
    code, out, _ = run(
        capsys,
        "query",
        "SELECT org_name, fiscal_year, report_kind FROM documents",
        "--warehouse",
        wh,
        "--format",
        "json",
    )
    assert json.loads(out) == [
        {
            "org_name": "武汉市东西湖区人力资源和社会保障局",
            "fiscal_year": 2021,
            "report_kind": "final_accounts",
        }
    ]
    code, _, err = run(capsys, "query", "SELECT nope FROM documents", "--warehouse", wh)
    assert code == 2 and err.startswith('caizheng: error: Binder Error: Referenced column "nope" not found')
    code, out, _ = run(capsys, "tables", "--warehouse", wh)
    assert code == 0 and out.splitlines()[0].split() == ["documents", "1"]


def test_urls_for_the_reports_and_the_warehouse(capsys, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    folder.joinpath(DONGXIHU.name).write_bytes(DONGXIHU.read_bytes())
    out = "memory://cli-warehouse"
    code, stdout, _ = run(capsys, "ingest", folder.as_uri(), "--out", out, "--quiet", "--workers", "1")
    assert code == 0 and "ingested 1 document(s) (1 ok)" in stdout
    code, stdout, _ = run(capsys, "query", "SELECT source_path, status FROM documents", "--warehouse", out)
    assert code == 0 and DONGXIHU.name in stdout and "ok" in stdout


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ingest", "nosuch://bucket/reports"], "caizheng: error: cannot open nosuch://bucket/reports: "),
        (
            ["ingest", "memory://nothing-here"],
            "caizheng: error: memory://nothing-here: no such file or folder",
        ),
        (
            ["tables", "--warehouse", "nosuch://wh"],
            "caizheng: error: cannot open the warehouse nosuch://wh: ",
        ),
    ],
)
def test_bad_urls_are_one_line_errors(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith(message) and err.count("\n") == 1


def test_version(capsys):
    from importlib.metadata import version

    from caizheng.parsers import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"caizheng {version('caizheng')} (parsers {__version__})\n"


def test_ingest_into_an_existing_file_is_one_line(capsys, tmp_path):
    (tmp_path / "wh.parquet").write_bytes(b"not a folder")
    code, _, err = run(capsys, "ingest", str(DONGXIHU), "--out", str(tmp_path / "wh.parquet"), "--quiet")
    assert code == 2
    assert err == (
        f"caizheng: error: --out {tmp_path / 'wh.parquet'} is a file: "
        "the warehouse is a folder (give a new or existing folder)\n"
    )


def test_an_empty_folder_warns_that_nothing_was_found(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.docx").write_bytes(b"PK")
    code, out, err = run(capsys, "ingest", str(tmp_path / "empty"), "--out", str(tmp_path / "wh"), "--quiet")
    assert code == 0 and out.startswith("ingested 0 document(s) (nothing new)")
    assert err == f"caizheng: warning: no .pdf, .txt or .md report found in {tmp_path / 'empty'}\n"


def test_progress_bar_has_a_total_and_is_done_before_the_interrupted_line(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        folder.joinpath(f"r{i}.txt").write_text(
            DONGXIHU.read_text(encoding="utf-8") + f"\n{i}\n", encoding="utf-8"
        )
    code, _, err = run(capsys, "ingest", str(folder), "--out", str(tmp_path / "wh"), "--workers", "0")
    assert code == 0 and "3/3 [" in err  # the total, known before the run: tqdm shows an ETA

    import caizheng.runner

    def interrupted(source, out, progress, **kw):
        progress(None)
        raise KeyboardInterrupt

    monkeypatch.setattr(caizheng.runner, "ingest", interrupted)
    code, _, err = run(capsys, "ingest", str(folder), "--out", str(tmp_path / "wh"))
    import gc

    gc.collect()  # an unclosed bar draws itself once more when collected
    err += capsys.readouterr().err
    assert code == 130 and "1/3 [" in err
    assert err.endswith("caizheng: interrupted; committed documents are kept, re-run to continue\n")


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory):
    wh = tmp_path_factory.mktemp("query-wh")
    assert main(["ingest", str(DONGXIHU), "--out", str(wh), "--quiet", "--workers", "0"]) == 0
    return str(wh)


@pytest.mark.parametrize(
    "sql, message",
    [
        (
            "SELECT * FROM document",
            "caizheng: error: Catalog Error: Table with name document does not exist!\n"
            'Did you mean "documents"?\n',
        ),
        ("SELECT org FROM documents", 'Candidate bindings: "org_name"'),
        (
            "",
            'caizheng: error: no SQL given: e.g. caizheng query "SELECT org_name, fiscal_year FROM documents"\n',
        ),
        ("  ;  ", "caizheng: error: no SQL statement given (only comments or semicolons)\n"),
        ("SELECT 1; SELECT 2", "caizheng: error: one statement at a time: got 2\n"),
        (
            "DROP VIEW documents",
            "caizheng: error: query only reads the warehouse: DROP is refused "
            "(SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN and PRAGMA run)\n",
        ),
        ("CREATE OR REPLACE VIEW facts AS SELECT 1", "CREATE is refused"),
        ("COPY documents TO 'x.csv'", "COPY is refused"),
        ("ATTACH 'x.db'", "ATTACH is refused"),
    ],
)
def test_query_errors_keep_duckdb_hints_and_refuse_changes(capsys, small_warehouse, sql, message):
    code, out, err = run(capsys, "query", sql, "--warehouse", small_warehouse)
    assert code == 2 and out == ""
    assert message in err and err.startswith("caizheng: error: ")


def test_query_empty_result_and_nulls(capsys, small_warehouse):
    sql = "SELECT doc_id, NULL AS nothing, 1.50::DECIMAL(9, 2) AS amount FROM documents"
    code, out, _ = run(capsys, "query", sql + " WHERE false", "--warehouse", small_warehouse)
    assert code == 0 and out == "doc_id  nothing  amount\n(0 rows)\n"
    code, out, _ = run(capsys, "query", sql, "--warehouse", small_warehouse)
    head, row = out.splitlines()
    assert row.split() == [row.split()[0], "NULL", "1.5"] and len(row.split()[0]) == 16
    code, out, _ = run(capsys, "query", sql, "--warehouse", small_warehouse, "--format", "csv")
    assert out.splitlines()[1].endswith(",,1.5")
    code, out, _ = run(capsys, "query", sql, "--warehouse", small_warehouse, "--format", "json")
    assert json.loads(out)[0]["nothing"] is None and json.loads(out)[0]["amount"] == 1.5
    code, out, _ = run(
        capsys, "query", sql + " WHERE false", "--warehouse", small_warehouse, "--format", "json"
    )
    assert out == "[]\n"
    code, out, _ = run(
        capsys, "query", sql + " WHERE false", "--warehouse", small_warehouse, "--format", "csv"
    )
    assert out == "doc_id,nothing,amount\n"


def test_query_aligns_chinese_text(capsys, small_warehouse):
    code, out, _ = run(
        capsys, "query", "SELECT org_name, fiscal_year FROM documents", "--warehouse", small_warehouse
    )
    head, row = out.splitlines()
    # 17 characters, 34 columns wide: the header pads to that; the year is right-aligned under its name
    assert row == "武汉市东西湖区人力资源和社会保障局" + " " * 9 + "2021"
    assert head == "org_name" + " " * 28 + "fiscal_year"


def test_ingest_summary_prints_file_names_without_escape_sequences(capsys, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bad\x1b[2J\x1b[31mname.txt").write_bytes(b"")  # empty: a failed row naming the file
    code, out, err = run(capsys, "ingest", str(folder), "--out", str(tmp_path / "wh"), "--workers", "0")
    assert code == 0 and "\x1b" not in out + err
    assert any(line.startswith("  failed    badname.txt: ") for line in out.splitlines()), out
