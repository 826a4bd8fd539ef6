"""Where the reference tables are read from: `data/reference/` of the source tree (a
checkout, an editable install), or the copy a wheel installs as the package
`caizheng_reference` (pyproject.toml maps the folder to it), so that an installed
caizheng (a Dask worker on another machine, say) reads the same tables."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """`data/NAME` of the source tree, else the package `caizheng_NAME` a wheel installs."""
    tree = Path(__file__).resolve().parent.parent / "data" / name
    if tree.is_dir():
        return tree
    spec = importlib.util.find_spec(f"caizheng_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {name} tables are missing: neither data/{name} nor caizheng_{name}")
    return Path(next(iter(spec.submodule_search_locations)))


def reference_dir() -> Path:
    return data_dir("reference")
