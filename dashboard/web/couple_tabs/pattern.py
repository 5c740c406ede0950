"""The Pattern tab: the couple's four charts, each downloadable, and the numbers per interval."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard.charts import slides
from dashboard.exports import images
from dashboard.web import widgets
from dashboard.web.couple_tabs import CoupleView


def pattern_tab(view: CoupleView, exported: Mapping[str, slides.CoupleChart]) -> None:
    """Timeline, dance, comparison and practice charts, then the interval tables."""
    code = view.couple.code
    widgets.draw_chart(exported["timeline"])
    chart_downloads(code, exported["timeline"])
    left, right = st.columns(2)
    with left:
        widgets.draw_chart(exported["dance"])
        chart_downloads(code, exported["dance"])
    with right:
        widgets.draw_chart(exported["comparison"])
        chart_downloads(code, exported["comparison"])
    widgets.draw_chart(exported["practice"])
    chart_downloads(code, exported["practice"])
    found, names = view.metrics, view.names
    with st.expander("Numbers per interval"):
        summary = found.partners.assign(partner=found.partners["partner"].map(names))
        st.dataframe(
            summary[["label", "partner", "days", "pursue", "withdraw", "anxiety", "closeness",
                     "stance", "cycle_days", "repair_rate", "practice_rate"]],
            hide_index=True, width="stretch",
            column_config={"label": "Interval", "partner": "Partner"},
        )
        st.dataframe(
            found.couple[["label", "paired_days", "polarization", "cycle_intensity", "coverage"]],
            hide_index=True, width="stretch", column_config={"label": "Interval"},
        )


def chart_downloads(code: str, chart: slides.CoupleChart) -> None:
    """PNG (twice the size) and SVG of one chart, rendered offline when clicked."""
    with st.container(horizontal=True):
        for kind, render, mime in (("PNG", images.to_png, "image/png"),
                                   ("SVG", images.to_svg, "image/svg+xml")):
            st.download_button(f"{kind}", data=lambda render=render: render(chart.spec),
                               file_name=slides.file_name(code, chart.key, kind.lower()),
                               mime=mime, key=f"download-{chart.key}-{kind}", on_click="ignore",
                               icon=":material/download:", help=f"Save “{chart.title}” as {kind}")
