"""Inputs and warehouses behind fsspec URLs: `file://` reports fetched by the worker that
reads them, a warehouse on a non-local filesystem (fsspec's `memory://`), and the Dask
engine reading from and writing to S3 (moto's S3 server on 127.0.0.1). Each equals the
plain local run, row for row."""

from __future__ import annotations

import shutil
import uuid
from collections import Counter

import pytest

from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from .conftest import SAMPLES, XINGLONG

VOLATILE = {"ingested_at", "seconds", "source_root"}  # source_root: a URL here, a folder there


def rows(warehouse: Warehouse, table: str) -> list[str]:
    t = warehouse.read(table)
    keep = [c for c in t.column_names if c not in VOLATILE]
    return sorted(map(repr, t.select(keep).to_pylist()))


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    ingest(SAMPLES, out, workers=2)
    return Warehouse(out)


def test_reports_behind_a_url_and_a_warehouse_behind_fsspec_equal_the_local_run(local_run, tmp_path):
    out = f"memory://wh-{uuid.uuid4().hex[:8]}"
    summary = ingest(SAMPLES.as_uri(), out, workers=2)
    assert summary.statuses == Counter(ok=5)
    remote = Warehouse(out)
    assert not remote.local
    for table in SCHEMAS:
        assert rows(remote, table) == rows(local_run, table), table
    # the same files again: each worker hashes its file and finds it known
    again = ingest(SAMPLES.as_uri(), out, workers=2)
    assert (again.processed, again.skipped) == (0, 5)
    con = remote.connect()
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == 5


def test_compaction_and_reingest_on_a_non_local_warehouse(local_run):
    out = f"memory://wh-{uuid.uuid4().hex[:8]}"
    ingest(SAMPLES, out, workers=1)
    wh = Warehouse(out)
    before, after = wh.compact()
    assert after < before
    ingest(SAMPLES, out, workers=1, force=True)  # each document replaced inside the compacted files
    for table in SCHEMAS:
        assert rows(Warehouse(out), table) == rows(local_run, table), table


def test_a_url_source_too_large_is_refused_unread(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    with (folder / "huge.pdf").open("wb") as f:
        f.truncate(600 * 1024**2)  # sparse
    shutil.copy(XINGLONG, folder / XINGLONG.name)
    ingest(folder.as_uri(), tmp_path / "wh", workers=1, max_size_mb=500)
    docs = {r["source_path"]: r for r in Warehouse(tmp_path / "wh").read("documents").to_pylist()}
    assert docs["huge.pdf"]["status"] == "failed" and "--max-size" in docs["huge.pdf"]["error"]
    assert docs[XINGLONG.name]["status"] == "ok"


@pytest.fixture(scope="module")
def s3(request):
    """A bucket on moto's S3 server, on the loopback interface; AWS_ENDPOINT_URL points
    boto (and the Dask workers, which inherit the environment) at it."""
    pytest.importorskip("s3fs", reason="needs s3fs (pip install 'caizheng[s3]')")
    server_mod = pytest.importorskip("moto.server", reason="needs moto[server] (a dev dependency)")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    mp = pytest.MonkeyPatch()
    for key, value in {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        mp.setenv(key, value)
    import fsspec

    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    fs.mkdir("reports")
    fs.put(str(SAMPLES) + "/", "reports/in/", recursive=True)
    fs.invalidate_cache()
    yield fs
    mp.undo()
    server.stop()


@pytest.mark.slow
def test_dask_from_s3_to_s3_equals_the_local_run(s3, local_run):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    summary = ingest("s3://reports/in", "s3://reports/warehouse", workers=2, engine="dask")
    assert summary.statuses == Counter(ok=5)
    remote = Warehouse("s3://reports/warehouse")
    for table in SCHEMAS:
        assert rows(remote, table) == rows(local_run, table), table
    assert not s3.glob("reports/warehouse/*/*/.tmp-*")
    again = ingest("s3://reports/in", "s3://reports/warehouse", workers=2, engine="dask")
    assert (again.processed, again.skipped) == (0, 5)
    forced = ingest("s3://reports/in", "s3://reports/warehouse", workers=2, engine="dask", force=True)
    assert forced.statuses == Counter(ok=5)
    for table in SCHEMAS:  # replaced, not added
        assert rows(Warehouse("s3://reports/warehouse"), table) == rows(local_run, table), table


def test_a_url_file_that_cannot_be_fetched_is_failed_and_the_run_goes_on(tmp_path):
    from caizheng.pipeline import process_url

    folder = tmp_path / "reports"
    folder.mkdir()
    result = process_url((folder / "gone.pdf").as_uri(), folder.as_uri())
    assert (result.status, result.source_path) == ("failed", "gone.pdf")
    assert result.error.startswith("cannot fetch the file: ")
    row = result.tables["documents"].to_pylist()[0]
    assert row["status"] == "failed" and row["source_path"] == "gone.pdf"
