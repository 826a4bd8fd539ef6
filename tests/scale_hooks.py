"""Per-document functions that misbehave on purpose, for the pool tests (workers import
them by name, so they live in a module rather than in a test)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from caizheng.pipeline import process_file


def crash_on_nangong(path, root=None, sha256=None, **kw):
    if "nangong" in Path(path).name:
        os.kill(os.getpid(), signal.SIGSEGV)
    return process_file(path, root, sha256, **kw)


def crash_once_on_nangong(path, root=None, sha256=None, **kw):
    """A crash that depends on the worker's past: nangong crashes its first worker only."""
    mark = Path(path).with_name(Path(path).name + ".crashed")
    if "nangong" in Path(path).name and not mark.exists():
        mark.touch()
        os.kill(os.getpid(), signal.SIGSEGV)
    return process_file(path, root, sha256, **kw)


def hang_on_xinglong(path, root=None, sha256=None, **kw):
    if "xinglong" in Path(path).name:
        time.sleep(300)
    return process_file(path, root, sha256, **kw)


def balloon_on_dongxihu(path, root=None, sha256=None, **kw):
    if "dongxihu" in Path(path).name:
        hog = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
        return len(hog)
    return process_file(path, root, sha256, **kw)


def tell_pid(path, root=None, sha256=None, **kw):
    """The document's result, its `error` naming the worker process that read it."""
    result = process_file(path, root, sha256, **kw)
    result.error = f"pid {os.getpid()}"
    return result


def oom_on_nangong(path, root=None, sha256=None, **kw):
    """The reader runs out of memory on nangong (and recovers); the others tell their pid."""
    from caizheng import pipeline

    if "nangong" in Path(path).name:
        real = pipeline.read_document
        pipeline.read_document = lambda *a, **k: (_ for _ in ()).throw(MemoryError())
        try:
            result = process_file(path, root, sha256, **kw)
        finally:
            pipeline.read_document = real
        result.error = f"{result.error} | pid {os.getpid()}"
        return result
    return tell_pid(path, root, sha256, **kw)
