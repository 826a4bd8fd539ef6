"""caizheng: Chinese public-finance reports into audited Parquet datasets.

Installed, the card's folders are this package's subpackages (`caizheng.extract`,
`caizheng.parsers`, `caizheng.normalize`, `caizheng.audit`: pyproject.toml maps them with
`package-dir`). In a checkout they sit beside this folder, so the checkout's root is searched
too: the checkout on `sys.path` (pytest, `python -m caizheng.cli`, a worktree on PYTHONPATH)
imports its own folders, whatever another checkout's editable install points at."""

from pathlib import Path as _Path

_root = _Path(__file__).resolve().parent.parent
if (_root / "pyproject.toml").is_file() and (_root / "extract" / "__init__.py").is_file():
    __path__.append(str(_root))  # noqa: F821 (a package's __path__)
del _Path, _root
