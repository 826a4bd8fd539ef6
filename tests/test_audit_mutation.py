"""Mutation test: change one printed figure of a consistent standard table by a
plausible slip (+1.00, two adjacent digits transposed) and the audit must flag
that table, with an error that names the changed figure or its total.

Run on the 东西湖 2021 tables typed from the sample (tests/test_audit_tables.py),
and on whatever budget_lines the parsers read from the five samples (skipped,
with the reason, while they read none).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from caizheng.audit import audit_document
from tests.conftest import DONGXIHU, NANGONG, SHIJIAZHUANG, XINGLONG, ZHENGNING
from tests.test_audit_tables import DONGXIHU_ROWS

TARGET = 0.95
STANDARD = ("final.", "budget.")  # the standard disclosure tables (表1–表9 and their 预算 counterparts)


def plus_one(raw: str) -> str:
    """`3,395.50` → `3,396.50`: one more unit before the decimal point, printed alike."""
    text = raw.strip()
    places = len(text.split(".")[1]) if "." in text else 0
    value = Decimal(text.replace(",", "")) + 1
    out = f"{value:,.{places}f}" if "," in text else f"{value:.{places}f}"
    return out


def transposed(raw: str) -> str | None:
    """`1,778.49` → `7,178.49`: the first two adjacent, different digits swapped."""
    s = list(raw)
    for i in range(len(s) - 1):
        if s[i].isdigit() and s[i + 1].isdigit() and s[i] != s[i + 1]:
            s[i], s[i + 1] = s[i + 1], s[i]
            return "".join(s)
    return None


def mutate(rows: list[dict], i: int, raw: str) -> list[dict]:
    old = rows[i]
    scale = (
        old["amount_wan"] / Decimal(old["amount_raw"].replace(",", ""))
        if Decimal(old["amount_raw"].replace(",", ""))
        else Decimal(1)
    )
    new = dict(old, amount_raw=raw, amount_wan=Decimal(raw.replace(",", "")) * scale)
    return [*rows[:i], new, *rows[i + 1 :]]


def names_it(finding: dict, raw: str, table_code: str) -> bool:
    """The finding is about this table and shows the changed figure (or its total)."""
    text = (finding.get("message") or "") + (finding.get("detail") or "")
    return (
        finding["severity"] == "error"
        and (raw in text or raw.replace(",", "") in text)
        and (finding.get("table_code") == table_code or table_code in text)
    )


def _mutable(r: dict, broken: set) -> bool:
    raw = (r.get("amount_raw") or "").strip()
    if not str(r.get("table_code") or "").startswith(STANDARD):
        return False  # asset lists and self-evaluation funds blocks print no total to check against
    if r.get("table_code") in broken or not raw or r.get("amount_wan") in (None, 0):
        return False
    try:
        Decimal(raw.replace(",", ""))
    except ArithmeticError:
        return False
    return True


def mutation_results(rows: list[dict], at_most: int | None = None) -> tuple[int, list[str]]:
    """(mutations tried, the ones the audit missed), over the tables without errors;
    `at_most` cells, evenly spread, keep a large document fast."""
    base = audit_document({"budget_lines": rows})
    broken = {f.get("table_code") for f in base if f["severity"] == "error"}
    cells = [i for i, r in enumerate(rows) if _mutable(r, broken)]
    if at_most and len(cells) > at_most:
        cells = cells[:: -(-len(cells) // at_most)]
    tried, missed = 0, []
    for i in cells:
        r = rows[i]
        raw = r["amount_raw"].strip()
        for new in {plus_one(raw), transposed(raw)} - {None, raw}:
            tried += 1
            found = audit_document({"budget_lines": mutate(rows, i, new)})
            if not any(names_it(f, new, r["table_code"]) for f in found):
                missed.append(
                    f"{r['table_code']} {r.get('item_code') or r.get('item_name')} {r['measure']} {raw}→{new}"
                )
    return tried, missed


def test_mutation_helpers():
    assert plus_one("3,395.50") == "3,396.50" and plus_one("40.00") == "41.00" and plus_one("7") == "8"
    assert transposed("1,778.49") == "1,787.49" and transposed("40.00") == "04.00"
    assert transposed("11.1") is None


def test_mutations_of_the_typed_dongxihu_tables_are_caught():
    tried, missed = mutation_results(DONGXIHU_ROWS)
    assert tried > 300
    assert 1 - len(missed) / tried >= TARGET, missed[:20]


@pytest.mark.parametrize(
    "path", [DONGXIHU, NANGONG, ZHENGNING, XINGLONG, SHIJIAZHUANG], ids=lambda p: p.stem[:20]
)
def test_mutations_of_parsed_tables_are_caught(path, document_cache):
    from caizheng import parsers
    from caizheng.normalize.rows import records_to_arrow

    parsed = parsers.parse_document(document_cache(path))
    rows = records_to_arrow("budget_lines", "x", parsed.budget_lines).to_pylist()
    if not rows:
        pytest.skip(f"the parsers read no budget_lines from {path.name} yet")
    tried, missed = mutation_results(rows, at_most=120)
    if not tried:
        pytest.skip(f"no consistent table in {path.name}")
    assert 1 - len(missed) / tried >= TARGET, missed[:20]
