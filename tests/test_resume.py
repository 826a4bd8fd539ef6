"""Resume and replace: a failed document is read again by the next run; a name holds
one document, so a report edited in place (or fixed after a failure) leaves only the
new version's rows."""

from __future__ import annotations

import shutil
from collections import Counter

from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from . import scale_hooks
from .conftest import DONGXIHU, NANGONG, XINGLONG


def docs(out):
    return Counter(r["source_path"] for r in Warehouse(out).read("documents").to_pylist())


def test_failed_documents_are_retried_and_carried_over_failures_listed(tmp_path):
    src, out = tmp_path / "reports", tmp_path / "wh"
    src.mkdir()
    for path in (DONGXIHU, NANGONG, XINGLONG):
        shutil.copy(path, src / path.name)
    (src / "empty.txt").write_bytes(b"")
    first = ingest(src, out, workers=1, process=scale_hooks.crash_on_nangong)
    assert first.statuses == {"ok": 2, "failed": 2}
    second = ingest(src, out, workers=1)  # the worker no longer crashes
    assert second.statuses == {"ok": 1, "failed": 1} and second.skipped == 2
    assert second.retried == 2
    assert docs(out) == Counter({DONGXIHU.name: 1, NANGONG.name: 1, XINGLONG.name: 1, "empty.txt": 1})
    (src / "empty.txt").unlink()
    third = ingest(src, out, workers=1)
    assert third.carried_over == [("empty.txt", "empty file (0 bytes)")]


def test_a_report_edited_in_place_keeps_only_the_new_rows(tmp_path):
    src, out = tmp_path / "reports", tmp_path / "wh"
    src.mkdir()
    shutil.copy(DONGXIHU, src / "report.txt")
    ingest(src, out, workers=1)
    shutil.copy(NANGONG, src / "report.txt")  # edited: another content under the same name
    ingest(src, out, workers=1)
    wh = Warehouse(out)
    (doc,) = wh.read("documents").to_pylist()
    assert doc["source_path"] == "report.txt" and doc["org_name"].startswith("南宫市")
    for table in ("budget_lines", "facts", "source_tables", "findings"):
        assert set(wh.read(table).column("doc_id").to_pylist()) <= {doc["doc_id"]}, table


def test_two_folders_with_the_same_file_names_keep_both(tmp_path):
    """A name is the folder ingested and the path below it: 2021/report.txt and
    2022/report.txt ingested one folder at a time do not replace each other."""
    out = tmp_path / "wh"
    for year, sample in (("2021", DONGXIHU), ("2022", NANGONG)):
        (tmp_path / year).mkdir()
        shutil.copy(sample, tmp_path / year / "report.txt")
        ingest(tmp_path / year, out, workers=1)
    assert docs(out) == Counter({"report.txt": 2})
