"""Charts as PNG and SVG files, rendered offline in a worker process (render_worker)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from dashboard.exports import render_worker

EXPORT_WIDTH = 800  # an export has no page to stretch to


Chartable = alt.TopLevelMixin | dict


def to_png(chart: Chartable, scale: float = 2) -> bytes:
    """The chart (an Altair chart or its `spec`) as PNG bytes, rendered offline."""
    return render_worker.png(_export_spec(chart), scale=scale)


def to_svg(chart: Chartable) -> str:
    """The chart (an Altair chart or its `spec`) as an SVG document, rendered offline."""
    return render_worker.svg(_export_spec(chart))


def _export_spec(chart: Chartable) -> dict:
    """The chart's spec with fixed widths (an export has no page) and its datasets as rows."""
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    datasets = spec.pop("datasets", None)
    if datasets is not None:  # a page keeps them as DataFrames (cached.load_slides)
        datasets = {name: json.loads(rows.to_json(orient="records"))
                    if isinstance(rows, pd.DataFrame) else rows
                    for name, rows in datasets.items()}
    spec = _fixed_width(spec)
    return spec if datasets is None else {**spec, "datasets": datasets}


def _fixed_width(spec):
    """Replace width "container" with EXPORT_WIDTH throughout a spec."""
    if isinstance(spec, dict):
        return {key: EXPORT_WIDTH if key == "width" and value == "container"
                else _fixed_width(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [_fixed_width(value) for value in spec]
    return spec
