"""Where the reference tables are read from: `data/reference/` of the source tree (a
checkout, an editable install), or the copy a wheel installs as the package
`caizheng_reference` (pyproject.toml maps the folder to it), so that an installed
caizheng (a Dask worker on another machine, say) reads the same tables."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def reference_dir() -> Path:
    tree = Path(__file__).resolve().parent.parent / "data" / "reference"
    if tree.is_dir():
        return tree
    spec = importlib.util.find_spec("caizheng_reference")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the reference tables are missing: neither data/reference nor caizheng_reference"
        )
    return Path(next(iter(spec.submodule_search_locations)))
