"""Run the per-document pipeline on a Dask cluster (`caizheng ingest --engine dask`).

The cluster runs exactly what the local pool runs, `pipeline.process_file`, one
task per document; the results come back to this process, which alone writes
the warehouse, so the incremental skip and the atomic per-document writes are
the same as on one machine. Workers must see the input files at the same path
(a shared file system), or the input is an fsspec URL (`s3://…`) that each
worker fetches itself; the warehouse may be an fsspec URL too. With no
scheduler address, a `LocalCluster` of `workers` processes is started for the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from .pipeline import Result, failure, process_file, process_url


def run_dask(
    todo: list[tuple[Path | str, str | None]],
    root: Path | str,
    workers: int,
    scheduler: str | None = None,
    *,
    known: frozenset[str] = frozenset(),
    url: bool = False,
    max_size_mb: float | None = None,
) -> Iterator[Result]:
    """One task per document, hashed by the worker and skipped if its sha256 is in
    `known` (done in the warehouse); with `url`, the inputs are fsspec URLs that each
    worker fetches itself."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        shared = client.scatter([known], broadcast=True)[0]  # sent to every worker once, not with every task
        if url:
            submit = partial(client.submit, process_url, known=shared, max_size_mb=max_size_mb)
        else:
            submit = partial(client.submit, process_file, known=shared)
        futures = {
            submit(
                str(path), str(root), digest, pure=False, key=f"doc-{i}-{str(path).rsplit('/', 1)[-1]}"
            ): path
            for i, (path, digest) in enumerate(todo)
        }
        for future in as_completed(futures):
            path = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # a worker lost with the task: the document is failed, the run goes on
                yield failure(path, root, None, f"dask task failed: {type(exc).__name__}: {exc}")
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
