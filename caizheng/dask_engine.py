"""Run the per-document pipeline on a Dask cluster (`caizheng ingest --engine dask`).

The cluster runs exactly what the local pool runs, `pipeline.process_file`, one
task per document; the results come back to this process, which alone writes
the warehouse, so the incremental skip and the atomic per-document writes are
the same as on one machine. Workers must see the input files at the same path
(a shared file system); with no scheduler address, a `LocalCluster` of
`workers` processes is started for the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .pipeline import Result, failure, process_file


def run_dask(
    todo: list[tuple[Path, str | None]], root: Path, workers: int, scheduler: str | None = None
) -> Iterator[Result]:
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
        futures = {
            client.submit(
                process_file, str(path), str(root), digest, pure=False, key=f"doc-{i}-{path.name}"
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
