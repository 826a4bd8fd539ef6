"""Fault injection: kill -9 the ingest's parent, its fork server or a worker at random
moments over real reports, resume, and compare the warehouse with an uninterrupted
run, table by table and row by row. A few bounded runs (seeded, so a failure can be
replayed with its seed)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from .test_runner_scale import many_reports

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"ingested_at", "seconds"}


def rows(out: Path, table: str) -> list[str]:
    t = Warehouse(out).read(table)
    keep = [c for c in t.column_names if c not in VOLATILE]
    return sorted(map(repr, t.select(keep).to_pylist()))


def committed(out: Path) -> int:
    return len(list(out.glob("documents/*/*.parquet")))


def parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def group_members(pgid: int) -> list[int]:
    """The processes of a process group (the ingest, its fork server, its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    src = base / "reports"
    many_reports(src, 4)
    reference = base / "reference"
    ingest(src, reference, workers=2)
    return src, reference


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_run(corpus, tmp_path, seed):
    src, reference = corpus
    rng = random.Random(seed)
    out = tmp_path / "wh"
    cmd = [
        sys.executable,
        "-m",
        "caizheng.cli",
        "ingest",
        str(src),
        "--out",
        str(out),
        "--workers",
        "2",
        "-q",
    ]
    interrupted = []
    for _attempt in range(2):  # two interrupted runs, each killed once or twice
        proc = subprocess.Popen(
            cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _kill in range(rng.randint(1, 2)):
            target = committed(out) + 1  # kill once the run writes …
            deadline = time.monotonic() + 120
            while committed(out) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 1.5))  # … at a random moment after that
            members = group_members(proc.pid)  # the parent, its fork server and the server's workers
            victims = [pid for pid in members if pid == proc.pid or parent_of(pid) not in (proc.pid, None)]
            if not victims:
                break
            try:
                os.kill(rng.choice(victims), signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            pytest.fail(f"seed {seed}: the interrupted run did not end")
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # what is left of it (workers of a killed parent)
            except ProcessLookupError:
                pass
        docs = Warehouse(out).read("documents").to_pylist() if (out / "documents").exists() else []
        interrupted.append(len(docs) < 20 or any(d["status"] == "failed" for d in docs))
    assert any(interrupted), f"seed {seed}: every kill came too late to test anything"
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"seed {seed}: {done.stderr}"
    for table in SCHEMAS:
        assert rows(out, table) == rows(reference, table), f"seed {seed}: {table}"
    assert not list(out.glob("*/*/.tmp-*"))
