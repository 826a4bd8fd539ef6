"""A supervised local pool: each document in its own worker process.

A worker that segfaults, is OOM-killed, runs past `timeout` or past its memory
ceiling costs only its document: the supervisor records it as `failed` with the
reason and goes on. Forking per document is cheap (the parent has already
imported the parsers) and gives each document a fresh address space, so memory
cannot creep across a long run. Results come back over a pipe and are written
by the parent alone, which keeps the warehouse's single-writer guarantees.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from . import pipeline

POLL = 0.2  # seconds between timeout checks


def run_supervised(
    todo: list[tuple[Path, str | None]],
    root: Path,
    workers: int,
    timeout: float | None = None,
    max_memory_mb: int | None = None,
    process: Callable = pipeline.process_file,
) -> Iterator[pipeline.Result]:
    """Process every (path, sha256) in its own worker, `workers` at a time; yield results as they come.

    Workers are forked from a fork server started before any thread exists (pyarrow
    and DuckDB start thread pools, and forking a threaded process is unsafe), with
    the pipeline preloaded, so a worker starts in milliseconds. `process` is the
    per-document function (importable, so the server can find it).
    """
    ctx = _context()
    queue = deque(todo)
    active: dict = {}  # connection → (process, path, sha256, started)
    while queue or active:
        while queue and len(active) < max(1, workers):
            path, digest = queue.popleft()
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_work, args=(send, process, path, root, digest, max_memory_mb), daemon=True
            )
            proc.start()
            send.close()
            active[receive] = (proc, path, digest, time.monotonic())
        for conn in multiprocessing.connection.wait(list(active), timeout=POLL):
            proc, path, digest, _ = active.pop(conn)
            try:
                result = conn.recv()
            except (EOFError, OSError):
                result = None
            conn.close()
            proc.join(timeout=10)
            if result is None:
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                yield pipeline.failure(path, root, digest, f"worker died: {_exit_reason(proc.exitcode)}")
            else:
                yield result
        if timeout:
            now = time.monotonic()
            for conn, (proc, path, digest, started) in list(active.items()):
                if now - started > timeout:
                    proc.kill()
                    proc.join()
                    conn.close()
                    del active[conn]
                    yield pipeline.failure(path, root, digest, f"timed out after {timeout:g} s (--timeout)")


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["caizheng.preload"])
    return ctx


def _work(
    send, process: Callable, path: Path, root: Path, digest: str | None, max_memory_mb: int | None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = process(path, root, digest)
    except MemoryError:
        result = None  # built below, once the exception (and what it holds) is released
    if result is None:
        result = pipeline.failure(
            path, root, digest, f"exceeded the memory ceiling of {max_memory_mb} MB (--max-memory)"
        )
    send.send(result)
    send.close()
    os._exit(0)  # no atexit handlers of the server in a forked child


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
