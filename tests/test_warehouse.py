"""The batch and the warehouse: bad input recorded, rows replaced not duplicated,
every table present with its schema, nothing half-written."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from .conftest import DONGXIHU, ZHENGNING
from .pdfgen import build_pdf


@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "gbk.txt").write_bytes(ZHENGNING.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    (folder / "truncated.pdf").write_bytes(build_pdf(["hello"])[:60])
    (folder / "locked.pdf").write_bytes(build_pdf(["secret"], encrypt=True))
    (folder / "scanned.pdf").write_bytes(build_pdf([None, None]))
    (folder / "fake.pdf").write_text("this is not a PDF", encoding="utf-8")
    (folder / "dir.pdf").mkdir()
    return folder


def test_bad_input_is_recorded_and_the_batch_goes_on(bad_folder, tmp_path):
    summary = ingest(bad_folder, tmp_path / "wh")
    docs = {r["source_path"]: r for r in Warehouse(tmp_path / "wh").read("documents").to_pylist()}
    assert docs["empty.txt"]["status"] == "failed" and "empty" in docs["empty.txt"]["error"]
    assert docs["binary.txt"]["status"] == "failed" and "binary" in docs["binary.txt"]["error"]
    assert docs["truncated.pdf"]["status"] == "failed" and "damaged PDF" in docs["truncated.pdf"]["error"]
    assert docs["locked.pdf"]["status"] == "failed" and "encrypted" in docs["locked.pdf"]["error"]
    assert docs["fake.pdf"]["status"] == "failed" and "%PDF" in docs["fake.pdf"]["error"]
    assert docs["scanned.pdf"]["status"] == "needs_ocr" and docs["scanned.pdf"]["page_count"] == 2
    gbk = docs["gbk.txt"]
    assert (
        gbk["status"] == "ok"
        and gbk["encoding"] == "gb18030"
        and gbk["org_name"] == "正宁县人力资源和社会保障局"
    )
    assert "dir.pdf" not in docs  # a directory named .pdf is not a report
    assert summary.processed == 7
    assert summary.statuses == {"failed": 5, "needs_ocr": 1, "ok": 1}
    assert all(d["error"] for d in docs.values() if d["status"] != "ok")


def test_reingest_replaces_rows_and_skips_known_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DONGXIHU, folder / "a.txt")
    wh = tmp_path / "wh"
    first = ingest(folder, wh)
    assert first.processed == 1
    second = ingest(folder, wh)
    assert (second.processed, second.skipped) == (0, 1)
    ingest(folder, wh, force=True)
    shutil.copy(DONGXIHU, folder / "copy-of-a.txt")  # same bytes, same doc_id
    ingest(folder, wh, force=True)
    docs = Warehouse(wh).read("documents").to_pylist()
    assert len(docs) == 1 and docs[0]["fiscal_year"] == 2021


def test_every_table_exists_with_its_schema(samples_warehouse):
    con = samples_warehouse.connect()
    for name, schema in SCHEMAS.items():
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall()]
        assert columns[: len(schema)] == schema.names
    files = list(samples_warehouse.root.glob("facts/*/*.parquet"))
    assert (
        files
        and pq.read_schema(files[0]).field("amount_wan").type == SCHEMAS["facts"].field("amount_wan").type
    )


def test_empty_warehouse_can_be_queried(tmp_path):
    con = Warehouse(tmp_path).create().connect()
    assert con.execute("SELECT count(*) FROM budget_lines").fetchone() == (0,)


def test_interrupted_write_leaves_no_partial_document(tmp_path, monkeypatch):
    wh = Warehouse(tmp_path).create()
    import os

    calls = []
    real = os.replace

    def dying_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt  # killed between two renames
        return real(src, dst)

    from caizheng.pipeline import process_file

    result = process_file(DONGXIHU)
    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        wh.write_document(result.doc_id, result.fiscal_year, result.tables)
    monkeypatch.setattr(os, "replace", real)
    assert wh.known_documents() == {}  # the documents row is the commit mark
    assert not list(tmp_path.glob("*/*/.tmp-*"))  # and no temp file is left
    wh.write_document(result.doc_id, result.fiscal_year, result.tables)
    assert list(wh.known_documents()) == [result.doc_id]


def test_samples_all_ingest_ok(samples_warehouse):
    docs = samples_warehouse.read("documents").to_pylist()
    assert len(docs) == 5
    assert {d["status"] for d in docs} == {"ok"}
    assert all(d["parser_version"] and d["source_sha256"].startswith(d["doc_id"]) for d in docs)
