"""The wheel carries what an installed caizheng needs beyond its code: the reference
tables of data/reference (a Dask worker on another machine installs the wheel, not the
checkout)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of the source tree, built from a copy of it: setuptools reuses a checkout's
    `build/`, so a stale one (left by an older layout) would put its files in the wheel."""
    import shutil

    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "caizheng"
    skip = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "warehouse*", "executed"
    )
    shutil.copytree(ROOT, source, ignore=skip)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("caizheng-*.whl"))


@pytest.mark.slow
def test_the_wheel_holds_every_reference_table(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tables = sorted(p.name for p in REFERENCE.iterdir() if p.suffix in {".csv", ".txt"})
    assert len(tables) >= 4
    assert {f"caizheng_reference/{name}" for name in tables} <= names


def _install(wheel: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )


def _probe(code: str, site: Path, cwd: Path) -> list[str]:
    """The lines `code` prints in a fresh interpreter that imports from `site` alone."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.splitlines()


@pytest.mark.slow
def test_an_installed_wheel_reads_its_own_reference_tables(wheel, tmp_path):
    target = tmp_path / "site"
    _install(wheel, target)
    probe = (
        "from caizheng.parsers.reference import reference_dir; from caizheng.parsers.classification import lookup; "
        "print(reference_dir()); print(lookup('2080501').name)"
    )
    out = _probe(probe, target, tmp_path)
    assert out[0] == str(target / "caizheng_reference")
    assert out[1] == "行政单位离退休"


@pytest.mark.slow
def test_the_wheel_installs_beside_other_projects_named_audit_and_extract(wheel, tmp_path):
    """The card's folders install as caizheng.audit, caizheng.extract …: a site with packages of
    its own called `audit` and `extract` keeps both, and caizheng imports its own."""
    target = tmp_path / "site"
    for name in ("audit", "extract", "parsers", "normalize"):
        (target / name).mkdir(parents=True)
        (target / name / "__init__.py").write_text(f"WHOSE = 'another project {name}'\n", encoding="utf-8")
    _install(wheel, target)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not {n.split("/")[0] for n in names} & {"audit", "extract", "parsers", "normalize"}
    probe = (
        "import audit, extract, parsers, normalize; print(audit.WHOSE, extract.WHOSE); "
        "from caizheng.audit import RULES; from caizheng.extract import read_document; "
        "import caizheng.normalize.warehouse, caizheng.parsers.tables.grid; "
        "import caizheng.cli; print(len(RULES) > 10, caizheng.audit.__file__)"
    )
    out = _probe(probe, target, tmp_path)
    assert out[0] == "another project audit another project extract"
    assert out[1] == f"True {target / 'caizheng' / 'audit' / '__init__.py'}"


def _dry_run(target: str) -> str:
    import shutil

    if shutil.which("make") is None:
        pytest.skip("needs make")
    done = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_demo_installs_the_command_only_and_make_test_the_dev_tools():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"])
    for heavy in (
        "moto",
        "dask",
        "sympy",
        "boto3",
        "matplotlib",
        "pytest",
        "nbclient",
        "rapidocr",
        "onnxruntime",
    ):
        assert heavy not in core, f"{heavy} is a core dependency: make demo would install it"
    demo = _dry_run("demo")
    assert "pip install --quiet -e .\n" in demo and "[dev]" not in demo
    assert "The errors above are real" in demo  # exit 1 of the audit is explained, not ignored
    assert 'pip install --quiet -e ".[dev,ocr]"' in _dry_run("test")
