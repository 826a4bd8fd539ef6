"""The classification reference against the codes the reports print.

Every code a sample prints with its name must be in the table under that name (or
a variant an older edition used); a code the table lacks keeps the report's name.
"""

from __future__ import annotations

import pytest

from parsers.budget import document_to_budget
from parsers.classes import entries, function_class_code, lookup, name_matches

from .conftest import CORPUS, DONGXIHU

PDFS = ["putuo-planning-2024-final-accounts.pdf", "putuo-govoffice-2025-budget.pdf", "swu-2024-budget.pdf"]


def printed_codes(doc):
    lines, _ = document_to_budget(doc)
    return {(b.item_code, b.item_name_raw) for b in lines if b.item_code}


def test_table_is_well_formed():
    table = entries()
    assert len(table) > 150
    for code, e in table.items():
        assert e.level == {3: "类", 5: "款", 7: "项"}[len(code)]
        assert e.parent is None or e.parent in table, code  # every 款/项 hangs under a listed parent
        assert e.kind == ("economic" if code[0] == "3" else "function")


def test_function_classes_by_name():
    assert function_class_code("八、社会保障和就业支出") == "208"
    assert function_class_code("住房保障支出") == "221"
    assert function_class_code("行政运行") is None


def test_codes_printed_in_the_text_sample_are_in_the_table(document_cache):
    pairs = printed_codes(document_cache(DONGXIHU))
    assert len(pairs) > 40
    wrong = [(c, n) for c, n in pairs if not name_matches(c, n)]
    assert not wrong


@pytest.mark.parametrize("name", PDFS)
def test_codes_printed_in_the_pdfs(document_cache, name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"needs ../shared/corpus/{name}")
    pairs = printed_codes(document_cache(path))
    known = [(c, n) for c, n in pairs if lookup(c)]
    assert len(known) >= 0.9 * len(pairs), sorted(set(pairs) - set(known))
    wrong = [(c, n) for c, n in known if not name_matches(c, n)]
    assert not wrong
    assert all(n for _, n in pairs)  # codes the table lacks keep the report's own name
