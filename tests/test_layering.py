"""Imports flow one way: extract ← parsers ← normalize ← audit ← caizheng (the CLI
package); nothing below imports what is above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from normalize.schema import schema_markdown

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["extract", "parsers", "normalize", "audit", "caizheng"]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_flow_one_way(layer):
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    for path in (ROOT / layer).rglob("*.py"):
        bad = imported_packages(path) & above
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}, which sit above {layer}"


def test_schema_doc_is_generated_from_the_code():
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8").strip() == schema_markdown().strip()
