"""Presentation mode: one couple's charts on a shared screen, one at a time, in plain words.

Deep link: `present?couple=CODE`. Shows no other couple, no session notes, no reflections and
not even this couple's code: a neutral heading, and the partners by first name or as
"Partner A" and "Partner B". The router hides the sidebar and the page list on this page.
"""

import streamlit as st

from dashboard import escaping
from dashboard.analytics import wording
from dashboard.charts import slides
from dashboard.errors import NotFound
from dashboard.web import cached, login, resources, widgets

user = login.require_user()
# Wide, and no sidebar: the router adds nothing to it and hides the page list here. (A
# "collapsed" sidebar state would stick to the clinician's pages after "Back".)
st.set_page_config(layout="wide")

code = st.query_params.get("couple", "")
try:
    report = cached.load_couple(user.username, code, resources.today(),
                                resources.app_settings().db_url) if code else None
except NotFound:
    report = None
if report is None:
    st.title("Nothing to present")
    st.info("Open a couple from the caseload and choose Present.")
    st.page_link("pages/caseload.py", label="Back to the caseload", icon=":material/arrow_back:")
    st.stop()

found = report.metrics
state = f"present:{report.couple.code}"

controls = st.columns([3, 2, 2], vertical_alignment="center")
controls[0].page_link("pages/couple.py", label="Back to the clinician view",
                      icon=":material/arrow_back:", query_params={"couple": report.couple.code})
first_names = controls[1].toggle("Show first names", value=True, key=f"{state}:names",
                                 help="Off: Partner A and Partner B.")
with controls[2].popover("Choose charts", icon=":material/tune:"):
    chosen = st.pills("Charts to show", slides.CHART_KEYS,
                      format_func=slides.CHART_TITLES.get, selection_mode="multi",
                      default=slides.default_keys(found), key=f"{state}:charts")

names = slides.shown_names(report.couple.names, first_names=first_names)
deck = [slide for slide in cached.load_slides(user.username, code, resources.today(),
                                            resources.app_settings().db_url, tuple(names.items()))
          if slide.chart.key in chosen]

st.title(slides.heading(found), anchor=False)
if not deck:
    st.info("Choose at least one chart to show.")
    st.stop()

position = min(st.session_state.get(f"{state}:slide", 0), len(deck) - 1)
slide = deck[position]


def step(by: int) -> None:
    """Move to the previous or next chart."""
    st.session_state[f"{state}:slide"] = max(0, min(len(deck) - 1, position + by))


widgets.draw_chart(slide.chart)
for caption in slide.captions:
    st.subheader(escaping.markdown_escaped(caption), anchor=False)

back, where, forward = st.columns([2, 1, 3], vertical_alignment="center")
back.button("Previous", width="stretch", on_click=step, args=(-1,),
            disabled=position == 0, shortcut="Left")
where.caption(f"Chart {position + 1} of {len(deck)}", help=wording.RELIABLE_HELP)
forward.button("Next", type="primary", width="stretch",
               on_click=step, args=(1,), disabled=position == len(deck) - 1, shortcut="Right")
