"""Chart exports render in a worker process: the app process never loads the engine, and a
crashed worker is replaced without losing the export."""

import os
import signal
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest

from dashboard.exports import images, render_worker
from tests.unit.test_charts import png_size

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def small_chart() -> alt.Chart:
    frame = pd.DataFrame({"day": ["2026-03-01", "2026-03-02"], "stance": [2.0, -1.0]})
    return alt.Chart(frame).mark_line().encode(x="day:T", y="stance:Q").properties(
        width=200, height=100)


def test_the_app_process_never_loads_the_render_engine():
    script = ("import sys\n"
              "from tests.unit.test_render import small_chart\n"
              "from dashboard.exports import images\n"
              "assert images.to_png(small_chart()).startswith(b'\\x89PNG')\n"
              "assert images.to_svg(small_chart()).startswith('<svg')\n"
              "print('vl_convert' in sys.modules)\n")
    found = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, timeout=180, env={**os.environ, "PYTHONPATH": ROOT})
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "False"


def test_a_crashed_worker_is_replaced_and_the_export_still_arrives():
    assert png_size(images.to_png(small_chart(), scale=1))[0] >= 200
    crashed = render_worker.worker_pid()
    assert crashed is not None and crashed != os.getpid()
    os.kill(crashed, signal.SIGKILL)
    assert png_size(images.to_png(small_chart(), scale=2))[0] >= 400
    assert render_worker.worker_pid() not in (None, crashed)


def test_the_worker_never_runs_the_script_streamlit_put_in_main(tmp_path, monkeypatch):
    # Streamlit replaces __main__ with a module whose __file__ is the app's script; a worker
    # started by multiprocessing would run that script again.
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake)
    render_worker.shutdown()
    assert images.to_svg(small_chart()).startswith("<svg")
    assert not marker.exists()


def test_a_bad_spec_names_the_problem_and_the_worker_carries_on():
    with pytest.raises(Exception, match="not allowed"):
        images.to_svg(alt.Chart(alt.UrlData("https://example.com/a.csv")).mark_point()
                      .encode(x="a:Q"))
    assert images.to_svg(small_chart()).startswith("<svg")


def test_shutdown_stops_the_worker_and_the_next_export_starts_one():
    images.to_svg(small_chart())
    running = render_worker.worker_pid()
    render_worker.shutdown()
    assert render_worker.worker_pid() is None
    with pytest.raises(ProcessLookupError):
        os.kill(running, 0)
    assert images.to_svg(small_chart()).startswith("<svg")


def test_the_worker_is_replaced_after_its_share_of_exports(monkeypatch):
    monkeypatch.setattr(render_worker, "TASKS_PER_WORKER", 2)
    render_worker.shutdown()
    images.to_svg(small_chart())
    first = render_worker.worker_pid()
    images.to_svg(small_chart())
    assert render_worker.worker_pid() is None  # retired after two exports
    images.to_svg(small_chart())
    assert render_worker.worker_pid() not in (None, first)
