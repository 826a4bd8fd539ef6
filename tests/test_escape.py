"""Report text on its way to a terminal or a spreadsheet (issues 17.13 and 17.15)."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from caizheng.escape import FORMULA_START, for_csv, for_terminal


def test_owasp_formula_starts_are_quoted_and_numbers_are_not():
    assert [for_csv(v) for v in ("=1+1", "+86 10", "-x", "@SUM(A1)", "\t=1", "普陀区")] == [
        "'=1+1",
        "'+86 10",
        "'-x",
        "'@SUM(A1)",
        "'\t=1",
        "普陀区",
    ]
    assert [for_csv(v) for v in ("-0.01", "-3845.24", "+5", "12", None, 3)] == [
        "-0.01",
        "-3845.24",
        "+5",
        "12",
        None,
        3,
    ]


@given(st.text())
def test_no_csv_cell_opens_a_formula(text):
    cell = for_csv(text)
    back = next(csv.reader(io.StringIO(_row(cell))))[0]
    assert not back.startswith(FORMULA_START) or re.fullmatch(
        r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?", back
    )


def _row(cell: str) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow([cell])
    return buf.getvalue()


@given(st.text())
def test_terminal_text_has_no_control_characters(text):
    out = for_terminal(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)


def test_escape_sequences_go_whole_and_text_stays():
    assert for_terminal("东西湖\x1b[1;31m局\x1b[0m\x1b]8;;http://x\x07link\x1b]8;;\x07") == "东西湖局link"
