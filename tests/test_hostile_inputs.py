"""Files that would hang, stop or fool the batch: FIFOs and devices named like reports,
names that are not UTF-8, symlink loops and links out of the folder, unreadable folders,
the same content under two names. Each is built here; each costs only its own row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from caizheng.normalize.warehouse import Warehouse
from caizheng.pipeline import process_file
from caizheng.runner import ingest

from .conftest import DONGXIHU, NANGONG, XINGLONG

ROOT = Path(__file__).resolve().parent.parent


def documents(out) -> dict[str, dict]:
    return {r["source_path"]: r for r in Warehouse(out).read("documents").to_pylist()}


def cli_ingest(folder, out, *extra, timeout=120) -> subprocess.CompletedProcess:
    """The real CLI in its own process group, killed (and the test failed) if it hangs."""
    cmd = [sys.executable, "-m", "caizheng.cli", "ingest", str(folder), "--out", str(out), "--quiet", *extra]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        pytest.fail(f"ingest hung for {timeout} s")
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "reports"
    path.mkdir()
    shutil.copy(XINGLONG, path / XINGLONG.name)
    return path


def test_fifos_and_devices_named_like_reports_do_not_hang_the_batch(folder, tmp_path):
    os.mkfifo(folder / "pipe.pdf")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "random.pdf").symlink_to("/dev/urandom")
    done = cli_ingest(folder, tmp_path / "wh", "--workers", "1", "--timeout", "20")
    assert done.returncode == 0, done.stderr
    docs = documents(tmp_path / "wh")
    assert docs["pipe.pdf"]["status"] == "failed"
    assert docs["pipe.pdf"]["error"] == "not a regular file: a FIFO (named pipe)"
    assert (
        docs["zero.txt"]["error"] == docs["random.pdf"]["error"] == "not a regular file: a character device"
    )
    assert docs[XINGLONG.name]["status"] == "ok"


def test_a_fifo_swapped_in_after_discovery_is_refused_by_the_worker(tmp_path):
    """The worker hashes the file itself, opened without blocking: a FIFO it is handed
    (the file replaced between discovery and reading) is a failed row, not a hang."""
    os.mkfifo(tmp_path / "late.txt")
    out = {}
    thread = threading.Thread(
        target=lambda: out.update(r=process_file(tmp_path / "late.txt", tmp_path)), daemon=True
    )
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "blocked opening a FIFO"
    assert (out["r"].status, out["r"].error) == ("failed", "not a regular file: a FIFO (named pipe)")


def test_a_name_that_is_not_utf8_is_stored_escaped_and_the_batch_goes_on(folder, tmp_path):
    name = os.fsdecode(b"\xb2\xc6\xd5\xfe-2021.txt")  # 财政 in GBK: a name from a Windows zip
    shutil.copy(DONGXIHU, folder / name)
    for _run in range(2):
        summary = ingest(folder, tmp_path / "wh", workers=1)
        assert summary.statuses.get("failed", 0) == 0
    docs = documents(tmp_path / "wh")
    assert set(docs) == {XINGLONG.name, "\\xb2\\xc6\\xd5\\xfe-2021.txt"}
    assert docs["\\xb2\\xc6\\xd5\\xfe-2021.txt"]["org_name"] == "武汉市东西湖区人力资源和社会保障局"
    assert summary.skipped == 2  # the second run found both


def test_a_symlink_loop_is_a_failed_row_not_a_stopped_batch(folder, tmp_path):
    (folder / "a.pdf").symlink_to(folder / "b.pdf")
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    ingest(folder, tmp_path / "wh", workers=1)
    docs = documents(tmp_path / "wh")
    assert docs["a.pdf"]["status"] == docs["b.pdf"]["status"] == "failed"
    assert "symbolic links" in docs["a.pdf"]["error"]
    assert docs[XINGLONG.name]["status"] == "ok"


def test_links_out_of_the_folder_are_refused_unless_followed(folder, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(NANGONG, outside / "secret.txt")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    shutil.copy(DONGXIHU, folder / "inner.txt")
    (folder / "inner-link.txt").symlink_to(folder / "inner.txt")  # inside the folder: read
    ingest(folder, tmp_path / "wh", workers=1)
    docs = documents(tmp_path / "wh")
    assert docs["passwd.txt"]["status"] == "failed" and docs["passwd.txt"]["title"] is None
    assert "outside the input folder (--follow-links" in docs["passwd.txt"]["error"]
    done = cli_ingest(folder, tmp_path / "wh", "--workers", "1", "--follow-links")
    assert done.returncode == 0, done.stderr
    docs = documents(tmp_path / "wh")
    assert docs["passwd.txt"]["status"] == "ok" and docs["passwd.txt"]["org_name"].startswith("南宫市")


def test_an_unreadable_folder_is_reported(folder, tmp_path, monkeypatch):
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(DONGXIHU, locked / "a.txt")
    real = os.scandir

    def scandir(path="."):  # what a folder without the read permission gives (the tests may run as root)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = ingest(folder, tmp_path / "wh", workers=1)
    assert summary.warnings == [
        "cannot read the folder locked: Permission denied; its files were not ingested"
    ]


def test_the_same_content_under_two_names_is_one_document_and_reported(folder, tmp_path):
    shutil.copy(DONGXIHU, folder / "a.txt")
    shutil.copy(DONGXIHU, folder / "b.txt")
    summary = ingest(folder, tmp_path / "wh", workers=1)
    assert summary.statuses == {"ok": 2}  # xinglong and one of a/b
    assert summary.duplicates == [("b.txt", "a.txt")]
    again = ingest(folder, tmp_path / "wh", workers=1)
    assert again.duplicates == [("b.txt", "a.txt")] and again.skipped == 2
    assert sorted(documents(tmp_path / "wh")) == ["a.txt", XINGLONG.name]
    done = cli_ingest(folder, tmp_path / "wh", "--workers", "1")
    assert "  duplicate b.txt: the same content as a.txt (one document)\n" in done.stdout


def test_output_into_a_closed_pipe_ends_quietly(folder, tmp_path):
    """`caizheng ingest … | head -1`: the reader leaves; no BrokenPipeError traceback."""
    cmd = [sys.executable, "-m", "caizheng.cli", "ingest", str(folder), "--out", str(tmp_path / "wh"), "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the summary is printed
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert proc.returncode == 141
