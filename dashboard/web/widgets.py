"""Small widgets the pages share: partner text shown as typed, charts drawn the same way."""

from __future__ import annotations

import streamlit as st


def plain_text(text: str, *, where=None) -> None:
    """Show partners' or clinicians' free text exactly as typed: never HTML, never Markdown."""
    (where or st).text(text)


def draw_chart(chart, *, where=None) -> None:
    """One of the couple's charts (`slides.CoupleChart`), page-wide, with its description."""
    (where or st).vega_lite_chart(spec=chart.spec, width="stretch", alt=chart.description)


# Streamlit draws captions and help text at 60% opacity: under WCAG AA's 4.5:1 on our
# background; this ink is 7:1 on it. The date field's day, month and year segments are
# narrower than WCAG 2.2's 24 x 24 px targets.
PHONE_CSS = ("<style>[data-testid=stCaptionContainer], [data-testid=stCaptionContainer] p"
             " { color: #4A5560; opacity: 1; }"
             " [role=spinbutton] { display: inline-block; min-width: 24px; min-height: 24px;"
             " text-align: center; }</style>")


def legible_captions() -> None:
    """Captions at full contrast and touch targets of at least 24 px on this page."""
    st.html(PHONE_CSS)
