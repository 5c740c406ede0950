"""A partner's check-in page: opened with their link (`checkin?t=TOKEN`), no account needed.

It shows this partner's first name, their active exercises and the check-in form, and nothing
else: never the other partner's answers, clinician notes or other couples. Partner text is never
rendered as HTML or Markdown. Wrong, expired and revoked links get one neutral message; repeated
bad links are slowed down, then refused for a while (see dashboard/links.py).
"""

import time

import streamlit as st

from dashboard import escaping, link_throttle, validation
from dashboard.data import links
from dashboard.web import cached, forms, login, resources, widgets

FORM = "checkin"
SCORES = {
    "pursue": "How much I pushed for closeness, reassurance or a response",
    "withdraw": "How much I pulled back, went quiet or needed distance",
    "anxiety": "How anxious or unsettled I felt about us",
    "closeness": "How connected I felt to my partner",
}
FIELD_WORDS = {"day": "The day", "repaired": "Coming back to each other",
               "practised": "The exercises ticked", "reflection": "Your note",
               **dict.fromkeys(SCORES, "This answer")}
REPAIRED = {"Yes": True, "Not yet": False}
NOT_WORKING = ("This check-in link does not work. Links stop working after a while or when a new "
               "one is made. Please ask your therapist for a new link.")
LOCKED = ("Too many links that do not work were opened here. Please wait 15 minutes, then open "
          "the link from your therapist again.")
NOT_MONITORED = ("This form is not monitored in real time and is not for emergencies. If you "
                 "or someone else is in danger, call your local emergency number.")
# The page links to no other site; no-referrer also keeps the token out of any Referer header.
NO_REFERRER = """<script>
if (!document.querySelector('meta[name="referrer"]')) {
  const meta = document.createElement('meta');
  meta.name = 'referrer';
  meta.content = 'no-referrer';
  document.head.appendChild(meta);
}
</script>"""

login.run_through_router()

st.set_page_config(page_title="Check-in", layout="centered")
st.html(NO_REFERRER, unsafe_allow_javascript=True)


def stop_with(message: str) -> None:
    """End the page with one neutral message."""
    st.title("Check-in", anchor=False)
    st.info(message, icon=":material/info:")
    st.stop()


now = time.time()
client = link_throttle.client_key(st.context.ip_address, st.context.headers)
attempts = st.session_state.get("checkin:attempts", link_throttle.Attempts())
if attempts.locked(now) or link_throttle.CLIENTS.locked(client, now):
    stop_with(LOCKED)
token = st.query_params.get("t", "")
access = links.open_link(db=resources.database(), token=token) if token else None
if access is None:
    if token:
        attempts = attempts.after_failure(now, link_throttle.BAD_TOKEN_LIMIT)
        st.session_state["checkin:attempts"] = attempts
        client_locked = link_throttle.CLIENTS.failure(client, now).locked(now)
        time.sleep(link_throttle.slowdown(attempts.failures))
        if attempts.locked(now) or client_locked:
            stop_with(LOCKED)
    stop_with(NOT_WORKING)

settings = resources.app_settings()
today = resources.today()


def correct(sent: dict) -> None:
    """Fill the form with the check-in just sent, to send a corrected one for that day."""
    st.session_state.pop("checkin:sent", None)
    st.session_state.update({f"ci_{key}": value for key, value in sent["values"].items()})
    for exercise_id in sent["practised"]:
        st.session_state[f"ci_ex_{exercise_id}"] = True


# The name is typed by the clinician; escaped so that it can never become a link or markup.
name = escaping.markdown_escaped(access.name)
st.title(f"Hello {name}", anchor=False)
st.caption("Your check-in takes about a minute. Only your therapist reads it: your partner "
           "never sees your answers.")
st.info(NOT_MONITORED, icon=":material/info:")

sent = st.session_state.get("checkin:sent")
if sent and sent["link"] == access.link_id:
    st.success(f"Thank you, {name}. Your check-in for {sent['values']['day']:%A %d %B} "
               "was sent to your therapist.", icon=":material/check_circle:")
    st.button("Correct this check-in", on_click=correct, args=(sent,), width="stretch")
    st.caption("A correction is sent as a new check-in for the same day; your therapist sees "
               "the latest one of each day.")
    st.stop()

exercises = access.exercises_on(today)
if exercises:
    st.subheader("Your exercises", anchor=False)
    for exercise in exercises:
        with st.expander(f"{exercise.title} · {exercise.minutes} min"):
            widgets.plain_text(exercise.goal)
            steps = enumerate(exercise.steps, 1)
            widgets.plain_text("\n".join(f"{n}. {step}" for n, step in steps))
            widgets.plain_text("To reflect on:\n" + "\n".join(f"• {p}" for p in exercise.prompts))

st.subheader("Your check-in", anchor=False)
forms.form_error_banner(FORM)
st.session_state.setdefault("ci_day", today)
# Unbounded on purpose: a day out of range gets a message next to the field, not a silent reset.
day = st.date_input("The day this check-in is about", key="ci_day", format="DD/MM/YYYY",
                    help=f"Today, or one of the last {settings.checkin_back_days} days.")
forms.field_error(FORM, "day")
st.caption("0 means not at all, 10 means very much.")
scores = {}
for score, label in SCORES.items():
    st.session_state.setdefault(f"ci_{score}", 5)
    scores[score] = st.slider(label, 0, 10, key=f"ci_{score}")
    forms.field_error(FORM, score)
caught = st.checkbox("We got caught in the push-pull today", key="ci_caught")
answer = None
if caught:
    answer = st.radio("We came back to each other afterwards", list(REPAIRED), index=None,
                      key="ci_repaired", horizontal=True)
forms.field_error(FORM, "repaired")
offered = access.exercises_on(day) if day else []
practised = []
if offered:
    st.write("Exercises I practised that day")
    practised = [e.id for e in offered if st.checkbox(e.title, key=f"ci_ex_{e.id}")]
forms.field_error(FORM, "practised")
prompts = [prompt for exercise in offered for prompt in exercise.prompts]
if prompts:
    st.caption("Some questions you could write about:")
    widgets.plain_text("\n".join(f"• {prompt}" for prompt in prompts))
reflection = st.text_area("A few words, if you like (optional)", key="ci_reflection",
                          max_chars=validation.REFLECTION_MAX,
                          help="Only your therapist reads this.")
forms.field_error(FORM, "reflection")

if st.button("Send my check-in", type="primary", width="stretch"):
    if day is None:
        st.session_state[f"{FORM}:errors"] = {"day": "The day: please choose one."}
        st.rerun()
    entry = validation.CheckInInput(
        day=day, **scores, cycle_noticed=caught,
        repaired=REPAIRED.get(answer) if caught else None, practised=tuple(practised),
        reflection=reflection,
    )
    try:
        links.submit_check_in(db=resources.database(), token=token, entry=entry, today=today,
                              back_days=settings.checkin_back_days)
    except links.LinkNotValid:
        st.rerun()
    except links.CheckInRefused as refused:
        st.session_state[f"{FORM}:errors"] = {
            field: f"{FIELD_WORDS.get(field, field)}: {reason}."
            for field, reason in refused.problems.items()
        }
        st.rerun()
    st.session_state.pop(f"{FORM}:errors", None)
    st.session_state["checkin:sent"] = {
        "link": access.link_id, "practised": practised,
        "values": {"day": entry.day, **scores, "caught": caught, "repaired": answer,
                   "reflection": reflection},
    }
    cached.data_changed()
    st.rerun()
