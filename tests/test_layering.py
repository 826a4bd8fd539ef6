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


@pytest.mark.parametrize("doc", ["docs/schema.md", "docs/performance.md", "README.md"])
def test_the_docs_name_only_files_that_exist(doc):
    """Every file a doc links to or names in backticks is there (../shared only beside a checkout)."""
    import re

    text = (ROOT / doc).read_text(encoding="utf-8")
    named = re.findall(r"\]\(([^)#\s]+)\)", text)  # links
    named += re.findall(r"(?<![\w/.:-])((?:\.\./)?[\w-]+(?:/[\w.-]+)*\.(?:md|csv|py|txt|ipynb))\b", text)
    base = (ROOT / doc).parent
    missing = []
    for ref in named:
        if re.match(r"[a-z]+://", ref) or "*" in ref:
            continue
        if ref.startswith("../shared/") and not (ROOT.parent / "shared").exists():
            continue
        if "/" not in ref and any(ROOT.glob(f"*/{ref}")):
            continue  # `pdf.py` in a listing of extract/
        if not any((b / ref).exists() for b in (base, ROOT)):
            missing.append(ref)
    assert not missing, f"{doc} names files that do not exist: {missing}"
