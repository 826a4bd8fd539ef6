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
    assert code == 2 and err.count("\n") == 1
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
