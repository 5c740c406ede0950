"""Small widgets the pages share: partner text shown as typed, charts drawn the same way."""

from __future__ import annotations

import streamlit as st


def plain_text(text: str, *, where=None) -> None:
    """Show partners' or clinicians' free text exactly as typed: never HTML, never Markdown."""
    (where or st).text(text)


def draw_chart(chart, *, where=None) -> None:
    """One of the couple's charts (`slides.CoupleChart`), page-wide, with its description."""
    (where or st).vega_lite_chart(spec=chart.spec, width="stretch", alt=chart.description)
