"""Chart exports render in a worker process: the app process never loads the engine, and a
crashed worker is replaced without losing the export."""

import multiprocessing
import os
import signal
import subprocess
import sys

import altair as alt
import pandas as pd
import pytest

from dashboard import charts, render
from tests.test_charts import png_size

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def small_chart() -> alt.Chart:
    frame = pd.DataFrame({"day": ["2026-03-01", "2026-03-02"], "stance": [2.0, -1.0]})
    return alt.Chart(frame).mark_line().encode(x="day:T", y="stance:Q").properties(
        width=200, height=100)


def test_the_app_process_never_loads_the_render_engine():
    script = ("import sys\n"
              "from tests.test_render import small_chart\n"
              "from dashboard import charts\n"
              "assert charts.to_png(small_chart()).startswith(b'\\x89PNG')\n"
              "assert charts.to_svg(small_chart()).startswith('<svg')\n"
              "print('vl_convert' in sys.modules)\n")
    found = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, timeout=180, env={**os.environ, "PYTHONPATH": ROOT})
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "False"


def test_a_crashed_worker_is_replaced_and_the_export_still_arrives():
    assert png_size(charts.to_png(small_chart(), scale=1))[0] >= 200
    workers = multiprocessing.active_children()
    assert workers, "the export ran in no worker process"
    for worker in workers:
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(timeout=30)
    assert png_size(charts.to_png(small_chart(), scale=2))[0] >= 400


def test_a_bad_spec_names_the_problem_and_the_worker_carries_on():
    with pytest.raises(Exception, match="not allowed"):
        charts.to_svg(alt.Chart(alt.UrlData("https://example.com/a.csv")).mark_point()
                      .encode(x="a:Q"))
    assert charts.to_svg(small_chart()).startswith("<svg")


def test_shutdown_stops_the_worker_and_the_next_export_starts_one():
    charts.to_svg(small_chart())
    render.shutdown()
    assert multiprocessing.active_children() == []
    assert charts.to_svg(small_chart()).startswith("<svg")
