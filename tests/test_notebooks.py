"""The analyst notebooks run top to bottom on the sample warehouse, in a fresh kernel.

`make notebooks` runs this file against `data/warehouse` (the one `make demo` builds);
`make test` runs it against the session's sample warehouse. A notebook that raises,
or that no longer draws its chart from the data, fails here. With CAIZHENG_EXECUTED set
(`make notebooks` sets it to notebooks/executed, git-ignored) the executed copies, with
their tables and charts, are saved there to open in any notebook viewer.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import SAMPLES

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_are_there():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01-quickstart", "02-where-the-money-goes", "03-performance", "04-audit"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                f"{path.name}: strip outputs before commit"
            )


@pytest.fixture(scope="module")
def warehouse(request):
    given = os.environ.get("CAIZHENG_WAREHOUSE")
    if given:
        return Path(given).resolve()
    return request.getfixturevalue("samples_warehouse").root.resolve()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_draws(path, warehouse, monkeypatch):
    monkeypatch.setenv("CAIZHENG_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("CAIZHENG_SAMPLES", str(SAMPLES.resolve()))
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError with the failing cell and traceback
    images = [
        out
        for cell in book.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]
    assert images, f"{path.name} drew no chart from the data"
    executed = os.environ.get("CAIZHENG_EXECUTED")
    if executed:
        Path(executed).mkdir(parents=True, exist_ok=True)
        nbformat.write(book, Path(executed) / path.name)


def _sql_blocks(text: str) -> list[str]:
    import re

    return [b for b in re.findall(r"```sql\n(.*?)```", text, re.S)]


def _squash(text: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"^--.*$", "", text, flags=re.M)).strip()


def test_readme_queries_are_the_notebooks_queries():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = _sql_blocks(readme)
    assert len(blocks) >= 3
    cells = " ".join(
        _squash(c.source)
        for p in NOTEBOOKS
        for c in nbformat.read(p, as_version=4).cells
        if c.cell_type == "code"
    )
    for block in blocks:
        assert _squash(block) in cells, block
