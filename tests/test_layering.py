"""Imports flow one way: extract ← parsers ← normalize ← audit ← caizheng (the CLI
package); nothing below imports what is above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from caizheng.normalize.schema import schema_markdown

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["extract", "parsers", "normalize", "audit", "caizheng"]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {_layer(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(_layer(node.module))
            if node.module == "caizheng":  # from caizheng import audit
                names |= {a.name for a in node.names}
    return names


def _layer(module: str) -> str:
    """`caizheng.parsers.tables` → `parsers`; `caizheng.cli` → `caizheng`; `pandas` → `pandas`."""
    parts = module.split(".")
    if parts[0] == "caizheng" and len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return parts[0]


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


@pytest.mark.parametrize("folder", [*LAYERS, "tests", "bench"])
def test_the_layers_are_imported_by_their_installed_names(folder):
    """Installed, extract/ parsers/ normalize/ audit/ are caizheng.extract …: an import of the
    bare name works in a checkout and breaks in the wheel (or finds another project's `audit`)."""
    bare = set(LAYERS) - {"caizheng"}
    for path in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = {node.module.split(".")[0]}
            else:
                continue
            assert not tops & bare, f"{path.relative_to(ROOT)}:{node.lineno} imports {tops & bare}"
