"""A supervised local pool: long-lived worker processes, one document at a time each.

A worker that segfaults, is OOM-killed, runs past `timeout` or past its memory
ceiling costs only the document it holds: the supervisor records that document as
`failed` with the reason, replaces the worker and goes on. A worker is retired
after `tasks_per_worker` documents (and after a MemoryError), so memory cannot
creep across a long run, while the one-time costs of a fresh process (the first
use of every regular expression, the parsers' lazy tables) are paid once per
worker rather than once per document. Results come back over a pipe and are
written by the parent alone, which keeps the warehouse's single-writer guarantees.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import pipeline

POLL = 0.2  # seconds between timeout checks
TASKS_PER_WORKER = 50  # documents a worker handles before it is replaced by a fresh one


@dataclass
class _Worker:
    proc: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    task: tuple[Path, str | None] | None = None
    started: float = 0.0
    done: int = 0

    def give(self, path: Path, digest: str | None, root: Path) -> None:
        self.task, self.started = (path, digest), time.monotonic()
        self.conn.send((path, root, digest))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def run_supervised(
    todo: list[tuple[Path, str | None]],
    root: Path,
    workers: int,
    timeout: float | None = None,
    max_memory_mb: int | None = None,
    process: Callable = pipeline.process_file,
    tasks_per_worker: int = TASKS_PER_WORKER,
) -> Iterator[pipeline.Result]:
    """Process every (path, sha256) in a supervised worker, `workers` at a time; yield results as they come.

    Workers are forked from a fork server started before any thread exists (pyarrow
    and DuckDB start thread pools, and forking a threaded process is unsafe), with
    the pipeline preloaded, so a worker starts in milliseconds. `process` is the
    per-document function (importable, so the server can find it).
    """
    ctx = _context()
    queue = deque(todo)
    idle: list[_Worker] = []
    busy: dict[multiprocessing.connection.Connection, _Worker] = {}
    crashed: set = set()  # documents whose worker died once: each gets one fresh worker more

    def fill() -> None:
        while queue and len(busy) < max(1, workers):
            worker = _idle_worker(idle) or _start(ctx, process, max_memory_mb)
            worker.give(*queue.popleft(), root)
            busy[worker.conn] = worker

    try:
        while queue or busy:
            fill()
            done = []
            for conn in multiprocessing.connection.wait(list(busy), timeout=POLL):
                worker = busy.pop(conn)
                task = worker.task
                result, retire = _receive(worker, root, again=task in crashed)
                if _killed(worker) and task not in crashed:
                    # a native library's crash (pdfium, onnxruntime) can depend on what the
                    # worker read before: the document is read once more, by a fresh worker
                    crashed.add(task)
                    queue.appendleft(task)
                    worker.stop()
                    continue
                if retire or worker.done >= tasks_per_worker:
                    worker.stop()
                else:
                    idle.append(worker)
                done.append(result)
            if timeout:
                now = time.monotonic()
                for conn, worker in list(busy.items()):
                    if now - worker.started > timeout:
                        worker.stop(kill=True)
                        del busy[conn]
                        path, digest = worker.task
                        done.append(
                            pipeline.failure(path, root, digest, f"timed out after {timeout:g} s (--timeout)")
                        )
            fill()  # the next documents start before these results are written
            yield from done
    finally:  # also when the caller stops early (Ctrl-C): no worker outlives the run
        for worker in idle:
            worker.stop()
        for worker in busy.values():
            worker.stop(kill=True)


def _killed(worker: _Worker) -> bool:
    """The worker died by a signal of its own (a crash), not by the supervisor's hand."""
    code = worker.proc.exitcode
    return code is not None and code < 0 and -code != signal.SIGKILL


def _idle_worker(idle: list[_Worker]) -> _Worker | None:
    while idle:
        worker = idle.pop()
        if worker.proc.is_alive():
            return worker
        worker.stop()
    return None


def _start(ctx, process: Callable, max_memory_mb: int | None) -> _Worker:
    parent, child = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_serve, args=(child, process, max_memory_mb), daemon=True)
    proc.start()
    child.close()
    return _Worker(proc=proc, conn=parent)


def _receive(worker: _Worker, root: Path, again: bool = False) -> tuple[pipeline.Result, bool]:
    """The worker's result for its document, and whether the worker must be retired (`again`:
    the document's second worker, the first having died with it)."""
    path, digest = worker.task
    worker.task, worker.done = None, worker.done + 1
    try:
        result, retire = worker.conn.recv()
    except (EOFError, OSError):
        worker.proc.join(timeout=10)
        reason = _exit_reason(worker.proc.exitcode) if not worker.proc.is_alive() else "no answer"
        twice = " (twice, the second time in a fresh worker)" if again else ""
        return pipeline.failure(path, root, digest, f"worker died: {reason}{twice}"), True
    return result, retire


# signals the supervisor alone handles: the fork server and the workers ignore them (issue 16.4)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["caizheng.preload"])
    _start_fork_server()
    return ctx


def _start_fork_server() -> None:
    """Start the fork server with the stop signals ignored, a disposition it and the workers
    it forks inherit: a Ctrl-C or a `kill` of the process group while it loads the parsers
    (the first second and a half) prints no traceback from it, and no worker dies on its
    own before the supervisor has stopped the run. The supervisor's handlers are back
    before the server has finished loading."""
    if threading.current_thread() is not threading.main_thread():
        multiprocessing.forkserver.ensure_running()  # signal handlers belong to the main thread
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in STOP_SIGNALS}
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)


def stop_fork_server() -> None:
    """End the fork server now (after an interrupted run), rather than when this process exits."""
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGKILL)
        server._stop()  # closes its pipe and reaps it; the next run starts a new one
    except (OSError, AttributeError):
        pass


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the fork server exits, which it does as soon
    as the supervisor is gone, even after a `kill -9`: no worker outlives its run."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _one_core() -> None:
    """A worker is one of a pool sized to the cores: its native libraries get one thread each
    (the OCR's onnxruntime would start one per core in every worker), and glibc two malloc
    arenas instead of eight per core. Each thread's arena reserves 64 MB of address space it
    never touches, and the memory ceiling (RLIMIT_AS) counts address space: with them the OCR
    engine alone reserved 2 GB, failed every page with `std::bad_alloc` and crashed the next
    large document with SIGSEGV."""
    from caizheng.extract.ocr import THREADS_ENV

    os.environ.setdefault(THREADS_ENV, "1")
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _serve(conn, process: Callable, max_memory_mb: int | None) -> None:
    """A worker's loop: one (path, root, sha256) in, one (Result, retire) out, until told to stop."""
    for s in STOP_SIGNALS:  # Ctrl-C and kill are the supervisor's to handle
        signal.signal(s, signal.SIG_IGN)
    _die_with_parent()
    _one_core()
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            break  # the supervisor is gone
        if task is None:
            break
        path, root, digest = task
        try:
            result = process(path, root, digest)
            retire = getattr(result, "retire", False)  # it ran out of memory and recovered: replace it
        except MemoryError:
            result, retire = None, True  # built below, once the exception (and what it holds) is released
        if result is None:
            result = pipeline.failure(
                path, root, digest, f"exceeded the memory ceiling of {max_memory_mb} MB (--max-memory)"
            )
        try:
            conn.send((result, retire))
        except OSError:
            break  # the supervisor is gone: nothing to report to, and nothing to print
        if retire:
            break
    conn.close()
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
