"""Couple page: partners, the pattern charts, the shift since the last session, check-ins,
exercises, sessions, and the couple's details. Deep link: `couple?couple=CODE`.

The tabs are functions of `dashboard.web.couple_tabs`; this page loads the couple once and
lays them out."""

import streamlit as st

from dashboard import escaping
from dashboard.analytics import wording
from dashboard.errors import NotFound
from dashboard.web import cached, forms, login, resources, widgets
from dashboard.web.couple_tabs import CoupleView
from dashboard.web.couple_tabs.check_in_links import check_in_links_tab
from dashboard.web.couple_tabs.check_ins import check_ins_tab
from dashboard.web.couple_tabs.details import details_tab
from dashboard.web.couple_tabs.exercises import exercises_tab
from dashboard.web.couple_tabs.import_export import import_export_tab
from dashboard.web.couple_tabs.pattern import pattern_tab
from dashboard.web.couple_tabs.sessions import sessions_tab

user = login.require_user()
db_url = resources.app_settings().db_url
as_of = resources.today()

code = st.query_params.get("couple", "")
if not code:
    caseload = cached.load_caseload(user.username, as_of, False, db_url)
    st.title("Couple")
    if caseload.couples.empty:
        st.info("No couples yet. Add one on the caseload page.")
        st.stop()
    picked = st.selectbox("Choose a couple", caseload.couples["code"], index=None,
                          placeholder="Couple code")
    if picked:
        st.query_params["couple"] = picked
        st.rerun()
    st.stop()

try:
    if not login.couple_visible(user.username, code):
        raise NotFound("couple not found")
    report = cached.load_couple(user.username, code, as_of, db_url)
except NotFound:
    st.title("Couple not found")
    st.error(f"No couple {escaping.markdown_escaped(code)!s} in your caseload.")
    st.page_link("pages/caseload.py", label="Back to the caseload", icon=":material/arrow_back:")
    st.stop()

view = CoupleView(user=user, report=report, as_of=as_of, db_url=db_url)
couple, found, names = view.couple, view.metrics, view.names

st.title(f"{couple.code} · {escaping.markdown_escaped(couple.display_name)}")
if couple.archived:
    st.warning("This couple is archived.")
forms.flash()
st.caption(" · ".join(f"{p.label}: {escaping.markdown_escaped(p.name)} ({p.leaning})"
                      for p in couple.partners))
# A new tab: a fresh page load shows no sidebar at all, and this view stays open here.
st.link_button("Present to the couple", f"present?couple={couple.code}",
               icon=":material/co_present:",
               help="Opens presentation mode in a new tab: charts and plain words only.")

for alert in report.alerts:
    st.warning(escaping.markdown_escaped(alert.reason), icon=":material/notifications:")

latest, first = found.latest_interval, found.first_interval
if latest is None:
    st.info("No check-ins or sessions yet. Create check-in links for the partners, or import "
            "check-ins, to see the pattern.")
else:
    previous = found.previous_interval(latest)
    st.subheader("Since the last session" if previous is not None else "So far",
                 help=wording.RELIABLE_HELP)
    if previous is None:
        st.write("Only one interval so far: the shift appears after the next session.")
    else:
        # The couple's two measures lead; each partner's scores follow on request.
        shift = wording.shift_sentences(found, previous, latest, names)
        for sentence in shift[:2]:
            widgets.plain_text(sentence)
        with st.expander("Each partner's scores since the last session"):
            for sentence in shift[2:]:
                widgets.plain_text(sentence)
        if first != previous:
            with st.expander("Compared with the baseline"):
                for sentence in wording.shift_sentences(found, first, latest, names):
                    widgets.plain_text(sentence)

pattern, log, exercises, sessions, details, link_tab, transfer = st.tabs(
    ["Pattern", "Check-ins", "Exercises", "Sessions", "Couple details", "Check-in links",
     "Import & export"],
    # The open tab stays open across reruns (a saved form's message shifts the page). A switch
    # reruns the page, so hidden tabs that show data or take one click are not drawn; tabs where
    # something is typed or a file chosen are always drawn and keep it during a look elsewhere.
    key="couple_tabs", on_change="rerun",
)
exported = {slide.chart.key: slide.chart for slide in
            cached.load_slides(user.username, code, as_of, db_url, tuple(names.items()))}

with pattern:
    pattern_tab(view, exported)
with log:
    if log.open:  # drawn only while open
        check_ins_tab(view)
with exercises:
    if exercises.open:  # drawn only while open
        exercises_tab(view)
with sessions:
    sessions_tab(view)
with details:
    details_tab(view)
with link_tab:
    if link_tab.open:  # drawn only while open
        check_in_links_tab(view)
with transfer:
    import_export_tab(view)
