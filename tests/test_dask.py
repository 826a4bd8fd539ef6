"""The Dask engine on a LocalCluster of 2 workers writes the same warehouse as the local pool."""

from __future__ import annotations

import pytest

from caizheng.normalize.schema import SCHEMAS
from caizheng.normalize.warehouse import Warehouse
from caizheng.runner import ingest

from .conftest import SAMPLES

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'caizheng[dask]')")

VOLATILE = {"ingested_at", "seconds"}


def rows(out, table):
    t = Warehouse(out).read(table)
    keep = [c for c in t.column_names if c not in VOLATILE]
    return sorted(map(repr, t.select(keep).to_pylist()))


@pytest.mark.slow
def test_dask_local_cluster_equals_the_local_run(tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    ingest(SAMPLES, local, workers=2)
    summary = ingest(SAMPLES, dask, workers=2, engine="dask")
    assert summary.processed == 5
    for table in SCHEMAS:
        assert rows(dask, table) == rows(local, table), table
