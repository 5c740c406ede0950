"""Chart exports (PNG, SVG) rendered by vl-convert in one worker process beside the app.

vl-convert embeds a JavaScript engine of about 100 MB that grows with every export. Kept in a
worker, it leaves the app process small. The worker is this file run as a script
(`python -P dashboard/render.py`): it imports only vl-convert, never the app (multiprocessing
would re-run Streamlit's fake `__main__`, the router, in its child). It starts on the first
export, serves one export at a time over its stdin and stdout, is replaced after
`TASKS_PER_WORKER` exports (so the engine's growth is bounded) and after a crash or a hang (the
export is tried once more), and renders offline: no spec may load anything from a URL.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import subprocess
import sys
import threading
import time

TASKS_PER_WORKER = 200
TIMEOUT_SECONDS = 120
_HEADER = 8  # bytes of a frame's length, big-endian


def png(spec: dict, scale: float = 2) -> bytes:
    """A Vega-Lite spec as PNG bytes, `scale` times its size."""
    return _export("png", spec, scale)


def svg(spec: dict) -> str:
    """A Vega-Lite spec as an SVG document."""
    return _export("svg", spec, 1)


def worker_pid() -> int | None:
    """The process id of the running worker, if one is running."""
    with _lock:
        return None if _worker is None else _worker.process.pid


def shutdown() -> None:
    """Stop the worker and wait for it (the next export starts a new one)."""
    global _worker
    with _lock:
        worker, _worker = _worker, None
    if worker is not None:
        worker.stop()


class RenderFailed(RuntimeError):
    """The worker died or hung twice in a row on one export."""


class _Worker:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-P", os.path.abspath(__file__)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, bufsize=0, close_fds=True)
        self.tasks = 0

    def convert(self, request: tuple) -> tuple:
        """Send one request and wait for its answer; OSError or EOFError when the worker is
        gone, TimeoutError when it does not answer in time."""
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(self.process.stdin, len(payload).to_bytes(_HEADER, "big") + payload)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        size = int.from_bytes(self._read(_HEADER, deadline), "big")
        self.tasks += 1
        return pickle.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, wanted = [], size
        descriptor = self.process.stdout.fileno()
        while wanted:
            if not select.select([descriptor], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError("the chart renderer did not answer")
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                raise EOFError("the chart renderer stopped")
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        """Close its input (it exits), and kill it if it does not."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


_lock = threading.Lock()
_worker: _Worker | None = None


def _export(kind: str, spec: dict, scale: float):
    global _worker
    with _lock:  # one export at a time: the worker serves them in order
        for attempt in (1, 2):
            if _worker is None:
                _worker = _Worker()
            try:
                outcome, value = _worker.convert((kind, spec, scale))
            except (OSError, EOFError, TimeoutError) as error:
                _worker.process.kill()
                _worker.stop()
                _worker = None
                if attempt == 2:
                    raise RenderFailed(f"the chart could not be rendered: {error}") from None
                continue
            if _worker.tasks >= TASKS_PER_WORKER:
                _worker.stop()
                _worker = None
            if outcome == "error":
                raise ValueError(value)
            return value
    raise AssertionError("unreachable")


atexit.register(shutdown)


# --- the worker ----------------------------------------------------------------------------

def _serve() -> None:
    """Answer requests from stdin on stdout until stdin closes."""
    import vl_convert

    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    answers = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    while header := _read_all(requests, _HEADER):
        kind, spec, scale = pickle.loads(_read_all(requests, int.from_bytes(header, "big")))
        try:
            if kind == "png":
                answer = ("ok", vl_convert.vegalite_to_png(spec, scale=scale,
                                                           allowed_base_urls=[]))
            else:
                answer = ("ok", vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))
        except Exception as error:  # the message goes back to the export that asked
            answer = ("error", str(error))
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(answers, len(payload).to_bytes(_HEADER, "big") + payload)


def _write_all(stream, data: bytes) -> None:
    """Write all of it to an unbuffered stream (a pipe may take it in parts)."""
    view = memoryview(data)
    while view:
        view = view[stream.write(view):]


def _read_all(stream, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return b""
        data += chunk
    return data


if __name__ == "__main__":
    _serve()
