"""Ingest at scale: a worker that dies, hangs or grows costs only its document; a run
killed with SIGKILL resumes with exactly one copy of every document; compaction
keeps re-ingest working; files that would stall a run are refused unread."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from . import scale_hooks
from .conftest import DONGXIHU, NANGONG, SAMPLES, XINGLONG
from .pdfgen import build_pdf

ROOT = Path(__file__).resolve().parent.parent


def statuses(out):
    return {r["source_path"]: (r["status"], r["error"]) for r in Warehouse(out).read("documents").to_pylist()}


@pytest.fixture
def three(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in (DONGXIHU, NANGONG, XINGLONG):
        shutil.copy(path, folder / path.name)
    return folder


def test_a_worker_that_crashes_costs_only_its_document(three, tmp_path):
    summary = ingest(three, tmp_path / "wh", workers=2, process=scale_hooks.crash_on_nangong)
    docs = statuses(tmp_path / "wh")
    assert docs[NANGONG.name] == (
        "failed",
        "worker died: killed by SIGSEGV (twice, the second time in a fresh worker)",
    )
    assert docs[DONGXIHU.name][0] == docs[XINGLONG.name][0] == "ok"
    assert summary.statuses == Counter(ok=2, failed=1)


def test_a_document_whose_worker_crashed_once_is_read_by_a_fresh_one(three, tmp_path):
    summary = ingest(three, tmp_path / "wh", workers=2, process=scale_hooks.crash_once_on_nangong)
    assert (three / f"{NANGONG.name}.crashed").exists()  # its first worker did crash
    assert {name: status for name, (status, _) in statuses(tmp_path / "wh").items()} == {
        NANGONG.name: "ok",
        DONGXIHU.name: "ok",
        XINGLONG.name: "ok",
    }
    assert summary.statuses == Counter(ok=3)


def test_workers_are_reused_then_retired(tmp_path):
    """A worker reads several documents (its one-time warm-up is paid once), and is replaced
    by a fresh one after `tasks_per_worker`, so memory cannot creep over a long run."""
    from caizheng.pool import run_supervised

    src = tmp_path / "reports"
    many_reports(src, 2)
    todo = [(p, None) for p in sorted(src.iterdir())]
    pids = [r.error for r in run_supervised(todo, src, 1, process=scale_hooks.tell_pid, tasks_per_worker=4)]
    assert len(pids) == 10
    assert [pids.count(p) for p in dict.fromkeys(pids)] == [4, 4, 2]


def test_a_document_past_the_time_limit_is_failed_and_the_run_goes_on(three, tmp_path):
    started = time.monotonic()
    ingest(three, tmp_path / "wh", workers=2, timeout=15, process=scale_hooks.hang_on_xinglong)
    assert time.monotonic() - started < 60
    docs = statuses(tmp_path / "wh")
    assert docs[XINGLONG.name] == ("failed", "timed out after 15 s (--timeout)")
    assert docs[DONGXIHU.name][0] == "ok"


def test_a_document_past_the_memory_ceiling_is_failed(three, tmp_path):
    ingest(three, tmp_path / "wh", workers=1, max_memory_mb=1024, process=scale_hooks.balloon_on_dongxihu)
    status, error = statuses(tmp_path / "wh")[DONGXIHU.name]
    assert status == "failed" and "memory ceiling of 1024 MB" in error
    assert statuses(tmp_path / "wh")[NANGONG.name][0] == "ok"


def test_files_that_would_stall_a_run_are_refused(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    with (folder / "huge.pdf").open("wb") as f:  # sparse: 5 GB on paper, nothing on disk
        f.truncate(5 * 1024**3)
    (folder / "folder.pdf").mkdir()
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    shutil.copy(XINGLONG, folder / XINGLONG.name)
    started = time.monotonic()
    ingest(folder, tmp_path / "wh", workers=1, max_size_mb=500)
    assert time.monotonic() - started < 30  # never hashed
    docs = statuses(tmp_path / "wh")
    assert docs["huge.pdf"][0] == "failed" and "--max-size" in docs["huge.pdf"][1]
    assert docs[XINGLONG.name][0] == "ok"
    assert set(docs) == {"huge.pdf", XINGLONG.name}  # the directory and the loop are not documents


def many_reports(folder: Path, copies: int) -> None:
    """Distinct documents (each copy differs by a line) from the text samples."""
    folder.mkdir()
    for i in range(copies):
        for path in sorted(SAMPLES.glob("*.txt")):
            text = path.read_text(encoding="utf-8") + f"\n副本 {i}\n"
            (folder / f"{path.stem}-{i:02d}.txt").write_text(text, encoding="utf-8")


def test_kill_9_in_the_middle_then_resume_leaves_one_copy_of_everything(tmp_path):
    src, out = tmp_path / "reports", tmp_path / "wh"
    many_reports(src, 6)
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
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "documents").glob("*/*.parquet"))) < 5:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "documents").glob("*/*.parquet")))
    assert 5 <= done_before < 30, "killed in the middle"
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wh = Warehouse(out)
    for table in SCHEMAS:
        if table == "documents":
            ids = Counter(r["doc_id"] for r in wh.read(table).to_pylist())
            assert len(ids) == 30 and set(ids.values()) == {1}
    files = Counter(p.name for p in out.glob("*/*/*.parquet"))
    assert max(files.values()) == len(SCHEMAS) and not list(out.glob("*/*/.tmp-*"))
    sample_of = {r["doc_id"]: r["source_path"][:-7] for r in wh.read("documents").to_pylist()}
    per_doc = Counter(r["doc_id"] for r in wh.read("budget_lines").to_pylist())
    per_sample: dict[str, set[int]] = {}
    for doc_id, n in per_doc.items():
        per_sample.setdefault(sample_of[doc_id], set()).add(n)
    assert all(len(counts) == 1 for counts in per_sample.values())  # each copy's rows once, none twice


def test_compaction_keeps_reingest_exact(tmp_path):
    src, out = tmp_path / "reports", tmp_path / "wh"
    many_reports(src, 2)
    ingest(src, out, workers=1)
    wh = Warehouse(out)
    rows_before = {t: wh.read(t).num_rows for t in SCHEMAS}
    before, after = wh.compact()
    assert after < before
    assert {t: Warehouse(out).read(t).num_rows for t in SCHEMAS} == rows_before
    ingest(src, out, workers=1, force=True)  # every document replaced inside the compacted files
    assert {t: Warehouse(out).read(t).num_rows for t in SCHEMAS} == rows_before
    con = Warehouse(out).connect()
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 10


def test_a_pdf_bomb_is_stopped_by_the_time_limit(tmp_path):
    """A page of 10^6 tiny rectangles: pdfminer would take minutes; the run records it and goes on."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(
        build_pdf([b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n" + b"0 0 1 1 re f\n" * 1_000_000])
    )
    shutil.copy(XINGLONG, folder / XINGLONG.name)
    started = time.monotonic()
    ingest(folder, tmp_path / "wh", workers=2, timeout=5)
    assert time.monotonic() - started < 60
    docs = statuses(tmp_path / "wh")
    assert docs["bomb.pdf"] == ("failed", "timed out after 5 s (--timeout)")
    assert docs[XINGLONG.name][0] == "ok"
