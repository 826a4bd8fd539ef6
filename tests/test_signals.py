"""A stop signal ends a real `caizheng ingest` whole (issue 16.4): the supervisor, its
fork server and its workers, with one line on stderr and no traceback, whether it comes
while the fork server is still loading the parsers (the first second and a half) or in
the middle of the run; Ctrl-C reaches the whole process group, `kill` only the parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


def _reports(folder: Path, copies: int) -> Path:
    """`copies` distinct copies of each text sample (a line added, so each is its own document)."""
    folder.mkdir()
    for i in range(copies):
        for sample in sorted(SAMPLES.glob("*.txt")):
            text = sample.read_text(encoding="utf-8") + f"\n（副本 {i}）\n"
            folder.joinpath(f"{sample.stem}-{i}.txt").write_text(text, encoding="utf-8")
    return folder


def _catches(pid: int, signum: int, timeout: float = 20.0) -> None:
    """Wait until `pid` has a handler for `signum` (SigCgt in /proc/PID/status). Before that
    (the interpreter starting) the signal's default action ends the lone process, with no
    children yet and nothing to say; on a loaded machine that moment can outlast `delay`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        caught = next(int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:"))
        if caught >> (signum - 1) & 1:
            return
        time.sleep(0.01)


def _group(pgid: int) -> list[str]:
    """The processes of a process group that are still running (zombies wait for init only)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            left.append(text)
    return left


@pytest.mark.parametrize(
    "signum, delay, to_group",
    [
        (signal.SIGINT, 0.4, True),  # Ctrl-C while the fork server loads the parsers
        (signal.SIGINT, 3.0, True),  # Ctrl-C with workers busy
        (signal.SIGTERM, 0.4, False),  # kill PID, early
        (signal.SIGTERM, 3.0, False),  # kill PID, workers busy
        (signal.SIGTERM, 3.0, True),  # kill -TERM -PGID (a job scheduler, `timeout`)
    ],
)
def test_a_stop_signal_ends_the_whole_run_in_one_line(tmp_path, signum, delay, to_group):
    reports = _reports(tmp_path / "reports", copies=6)
    proc = subprocess.Popen(
        [sys.executable, "-m", "caizheng.cli", "ingest", str(reports), "--out", str(tmp_path / "wh")]
        + ["--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
    )
    started = time.monotonic()
    _catches(proc.pid, signal.SIGTERM)  # caizheng's handlers, set together (Python sets SIGINT's own)
    time.sleep(max(0.0, delay - (time.monotonic() - started)))
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    try:
        # the pipes close only when every process holding them (workers too) has gone
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        left = _group(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"processes outlived the run: {left}")
    deadline = time.monotonic() + 5
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group(proc.pid) == []
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Error" not in text, text
    what = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    last = text.replace("\r", "\n").splitlines()[-1]
    assert last == f"caizheng: {what}; committed documents are kept, re-run to continue"
    assert proc.returncode == 128 + signum


def test_workers_die_with_a_killed_run(tmp_path):
    """`kill -9` of the parent: the fork server sees it gone and exits, and the kernel kills
    each worker with it (PR_SET_PDEATHSIG), so none finishes its document to a closed pipe."""
    reports = _reports(tmp_path / "reports", copies=6)
    proc = subprocess.Popen(
        [sys.executable, "-m", "caizheng.cli", "ingest", str(reports), "--out", str(tmp_path / "wh")]
        + ["--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(3.0)
    os.kill(proc.pid, signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        left = _group(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"processes outlived the run: {left}")
    deadline = time.monotonic() + 5
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group(proc.pid) == []
    assert "Traceback" not in err.decode("utf-8", "replace")
