"""Caseload: every couple with days since contact, cycle intensity over time and alerts."""

import streamlit as st

from dashboard import charts
from dashboard.analytics import wording
from dashboard.charts import descriptions
from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.web import cached, forms, login, resources, widgets

user = login.require_user()
st.title("Caseload")
forms.flash()

controls = st.columns([2, 2, 1])
search = controls[0].text_input("Filter by code or name", placeholder="e.g. C-101 or Rivera")
only = controls[1].selectbox(
    "Show", ["All couples", "Couples with alerts", "Couples without alerts"]
)
show_archived = controls[2].toggle("Show archived")

caseload = cached.load_caseload(user.username, resources.today(), show_archived,
                                resources.app_settings().db_url)
couples = caseload.couples
if search:
    needle = search.strip().lower()
    couples = couples[
        couples["code"].str.lower().str.contains(needle, regex=False)
        | couples["display_name"].str.lower().str.contains(needle, regex=False)
    ]
if only == "Couples with alerts":
    couples = couples[couples["alerts"].map(len) > 0]
elif only == "Couples without alerts":
    couples = couples[couples["alerts"].map(len) == 0]

if caseload.couples.empty:
    st.info("No couples yet. Add your first couple below.")
elif couples.empty:
    st.info("No couple matches the filter.")
else:
    table = couples.assign(
        trend=[
            caseload.sparklines.loc[caseload.sparklines["code"] == code, "cycle_intensity"]
            .fillna(0).round(1).tolist()
            for code in couples["code"]
        ],
        alerts=couples["alerts"].map(lambda reasons: "\n".join(reasons) or "—"),
    )
    st.caption("Select a row to open the couple.")
    selection = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        placeholder="—",
        key="caseload_table",
        on_select="rerun",
        selection_mode="single-row",
        column_order=["code", "display_name", "days_since_session",
                      "days_since_check_in_a", "days_since_check_in_b", "trend", "alerts"],
        column_config={
            "code": st.column_config.TextColumn("Code", width="small"),
            "display_name": st.column_config.TextColumn("Couple"),
            "days_since_session": st.column_config.NumberColumn("Days since session"),
            "days_since_check_in_a": st.column_config.NumberColumn("Days since A checked in"),
            "days_since_check_in_b": st.column_config.NumberColumn("Days since B checked in"),
            "trend": st.column_config.LineChartColumn(
                "Cycle intensity per interval", y_min=0, y_max=10, width="medium"
            ),
            "alerts": st.column_config.TextColumn("Alerts", width="large"),
        },
    )
    if selection.selection.rows:
        chosen = couples["code"].iloc[selection.selection.rows[0]]
        st.switch_page("pages/couple.py", query_params={"couple": chosen})
    with st.expander("Cycle intensity across the caseload"):
        shown = caseload.sparklines[caseload.sparklines["code"].isin(couples["code"])]
        st.altair_chart(charts.caseload_sparkline(shown),
                        alt=descriptions.describe_sparkline(shown))
    with st.expander("Alerts in words", expanded=True):
        st.caption(wording.RELIABLE_HELP)
        for row in couples.itertuples():
            if row.alerts:
                st.markdown(f"**{row.code}**")
                for reason in row.alerts:
                    widgets.plain_text(f"• {reason}")

st.divider()
with st.expander("Add a couple", expanded=caseload.couples.empty):
    form = "add_couple"
    forms.form_error_banner(form)
    with st.form(form):
        code = st.text_input("Code", placeholder="C-014", help="A pseudonymous code, e.g. C-014.")
        forms.field_error(form, "code")
        display_name = st.text_input("Display name", placeholder="e.g. Sam & Alex",
                                     help="Hidden in presentation mode.")
        forms.field_error(form, "display_name")
        left, right = st.columns(2)
        with left:
            name_a = st.text_input("Partner A name")
            forms.field_error(form, "partner_a")
            leaning_a = st.selectbox("Partner A leaning", ["pursuer", "withdrawer", "mixed",
                                                           "unknown"])
        with right:
            name_b = st.text_input("Partner B name")
            forms.field_error(form, "partner_b")
            leaning_b = st.selectbox("Partner B leaning", ["withdrawer", "pursuer", "mixed",
                                                           "unknown"])
        submitted = st.form_submit_button("Add couple", type="primary")
    if submitted:
        try:
            services.add_couple(
                db=resources.database(), clinician=user.username, code=code,
                display_name=display_name or f"{name_a} & {name_b}",
                partner_a=services.NewPartner(name_a, leaning_a),
                partner_b=services.NewPartner(name_b, leaning_b),
            )
        except InvalidInput as error:
            forms.refuse(form, error)
        else:
            forms.accepted(form, f"Added couple {code.strip().upper()}.")
