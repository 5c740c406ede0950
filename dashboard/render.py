"""Chart exports (PNG, SVG) rendered by vl-convert in one worker process beside the app.

vl-convert embeds a JavaScript engine of about 100 MB that grows with every export. Kept in a
worker, it leaves the app process small; the worker starts on the first export, is replaced
after `TASKS_PER_WORKER` exports (so the engine's growth is bounded) and after a crash (the
export is tried once more), and renders offline: no spec may load anything from a URL.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TASKS_PER_WORKER = 200
TIMEOUT_SECONDS = 120

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def png(spec: dict, scale: float = 2) -> bytes:
    """A Vega-Lite spec as PNG bytes, `scale` times its size."""
    return _in_worker("png", spec, scale)


def svg(spec: dict) -> str:
    """A Vega-Lite spec as an SVG document."""
    return _in_worker("svg", spec, 1)


def shutdown() -> None:
    """Stop the worker (it starts again on the next export)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _convert(kind: str, spec: dict, scale: float) -> bytes | str:
    """Runs in the worker: one conversion, refusing every URL."""
    import vl_convert

    if kind == "png":
        return vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


def _in_worker(kind: str, spec: dict, scale: float):
    for attempt in (1, 2):
        pool = _worker()
        try:
            return pool.submit(_convert, kind, spec, scale).result(timeout=TIMEOUT_SECONDS)
        except BrokenProcessPool:
            _forget(pool)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _worker() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # "spawn": a fresh interpreter, not a copy of the app process and its threads.
            _pool = ProcessPoolExecutor(max_workers=1,
                                        mp_context=multiprocessing.get_context("spawn"),
                                        max_tasks_per_child=TASKS_PER_WORKER)
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)
