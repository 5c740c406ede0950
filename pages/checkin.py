"""A partner's check-in page: opened with their link (`checkin?t=TOKEN`), no account needed.

It shows this partner's first name, their active exercises and the check-in form, and nothing
else: never the other partner's answers, clinician notes or other couples. Partner text is never
rendered as HTML or Markdown. Wrong, expired and revoked links get one neutral message; repeated
bad links are slowed down, then refused for a while (see dashboard/links.py).
"""

import time

import streamlit as st

from dashboard import escaping, exercise_library, i18n, link_throttle, validation
from dashboard.data import links
from dashboard.web import cached, forms, login, partner_extras, resources, widgets
from dashboard.web.checkin_words import (LOCKED, NO_DAY, NOT_MONITORED, NOT_WORKING,
                                         NOTHING_SAVED, PAGE_TITLE, REPAIRED, SCORE_OPTIONS,
                                         SCORES, field_errors)

FORM = "checkin"
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

# Before a link is opened there is no partner to ask: the browser's language (or the language of
# the link this browser opened last), for the neutral messages.
language = st.session_state.get("checkin:language") or i18n.browser_language(st.context.locale)
_ = i18n.translator(language).gettext
st.set_page_config(page_title=_(PAGE_TITLE), layout="centered")
widgets.legible_captions()
st.html(NO_REFERRER, unsafe_allow_javascript=True)


def stop_with(message: str) -> None:
    """End the page with one neutral message, in the language known so far."""
    st.title(_(PAGE_TITLE), anchor=False)
    st.info(_(message), icon=":material/info:")
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

# From here on the page speaks the partner's language (set by their clinician).
language = st.session_state["checkin:language"] = access.language
translations = i18n.translator(language)
_, ngettext = translations.gettext, translations.ngettext
st.set_page_config(page_title=_(PAGE_TITLE))
settings = resources.app_settings()
today = resources.today()


def partner_exercises(day):
    """The partner's exercises active on the day: the one place the page reads them (titles,
    goals, steps and prompts are shown as the exercise library gives them)."""
    return [exercise_library.exercise_in(e.id, language) for e in access.exercises_on(day)]


def show_extras() -> None:
    """Their own last four weeks (unless turned off) and the daily reminder."""
    partner_extras.own_progress(token=token, today=today, language=language, gettext=_,
                                 ngettext=ngettext)
    partner_extras.daily_reminder(token=token, access=access, today=today, gettext=_)


def correct(sent: dict) -> None:
    """Fill the form with the check-in just sent, to send a corrected one for that day; a
    question left out then stays left out."""
    st.session_state.pop("checkin:sent", None)
    st.session_state.update({f"ci_{key}": value for key, value in sent["values"].items()})
    for exercise_id in sent["practised"]:
        st.session_state[f"ci_ex_{exercise_id}"] = True


# The name is typed by the clinician; escaped so that it can never become a link or markup.
name = escaping.markdown_escaped(access.name)
st.title(_("Hello {name}").format(name=name), anchor=False)
st.caption(_("Your check-in takes about a minute. Only your therapist reads it: your partner "
             "never sees your answers."))
st.info(_(NOT_MONITORED), icon=":material/info:")

sent = st.session_state.get("checkin:sent")
if sent and sent["link"] == access.link_id:
    st.success(_("Thank you, {name}. Your check-in for {day} was sent to your therapist.").format(
        name=name, day=i18n.format_day(sent["values"]["day"], language)),
        icon=":material/check_circle:")
    st.button(_("Correct this check-in"), key="ci_correct", on_click=correct, args=(sent,),
              width="stretch")
    st.caption(_("A correction is sent as a new check-in for the same day; your therapist sees "
                 "the latest one of each day."))
    show_extras()
    st.stop()

exercises = partner_exercises(today)
if exercises:
    st.subheader(_("Your exercises"), anchor=False)
    for exercise in exercises:
        minutes = ngettext("{title} · about {n} minute", "{title} · about {n} minutes",
                           exercise.minutes).format(title=exercise.title, n=exercise.minutes)
        with st.expander(minutes):
            widgets.plain_text(exercise.goal)
            steps = enumerate(exercise.steps, 1)
            widgets.plain_text("\n".join(f"{n}. {step}" for n, step in steps))
            widgets.plain_text(_("To reflect on:") + "\n"
                               + "\n".join(f"• {p}" for p in exercise.prompts))

st.subheader(_("Your check-in"), anchor=False)
errors = forms.form_errors(FORM)
if errors:
    st.error(errors.get("_form") or _(NOTHING_SAVED), icon=":material/error:")
st.session_state.setdefault("ci_day", today)
back_days = settings.checkin_back_days
# Unbounded on purpose: a day out of range gets a message next to the field, not a silent reset.
day = st.date_input(_("The day this check-in is about"), key="ci_day",
                    format="DD.MM.YYYY" if language == "de" else "DD/MM/YYYY",
                    help=ngettext("Today, or one of the last {n} day.",
                                  "Today, or one of the last {n} days.", back_days).format(
                                      n=back_days))
forms.field_error(FORM, "day")
st.caption(_("0 means not at all, 10 means very much.") + " "
           + _("Tap a number to answer; a question you leave out stays empty."))
scores = {}
for score, label in SCORES.items():
    # No default: a question nobody answered is stored as unanswered, never as a number.
    scores[score] = st.pills(_(label), SCORE_OPTIONS, key=f"ci_{score}", width="stretch")
    forms.field_error(FORM, score)
caught = st.checkbox(_("We got caught in the push-pull today"), key="ci_caught")
answer = None
if caught:
    answer = st.radio(_("We came back to each other afterwards"), list(REPAIRED), index=None,
                      key="ci_repaired", horizontal=True, format_func=_)
forms.field_error(FORM, "repaired")
offered = partner_exercises(day) if day else []
practised = []
if offered:
    st.write(_("Exercises I practised that day"))
    practised = [e.id for e in offered if st.checkbox(e.title, key=f"ci_ex_{e.id}")]
forms.field_error(FORM, "practised")
prompts = [prompt for exercise in offered for prompt in exercise.prompts]
if prompts:
    st.caption(_("Some questions you could write about:"))
    widgets.plain_text("\n".join(f"• {prompt}" for prompt in prompts))
reflection = st.text_area(_("A few words, if you like (optional)"), key="ci_reflection",
                          max_chars=validation.REFLECTION_MAX,
                          help=_("Only your therapist reads this."))
forms.field_error(FORM, "reflection")

if st.button(_("Send my check-in"), key="ci_send", type="primary", width="stretch"):
    if day is None:
        st.session_state[f"{FORM}:errors"] = {"day": _(NO_DAY)}
        st.rerun()
    entry = validation.CheckInInput(
        day=day, **scores, cycle_noticed=caught,
        repaired=REPAIRED.get(answer) if caught else None, practised=tuple(practised),
        reflection=reflection,
    )
    try:
        links.submit_check_in(db=resources.database(), token=token, entry=entry, today=today,
                              back_days=back_days)
    except links.LinkNotValid:
        st.rerun()
    except links.CheckInRefused as refused:
        st.session_state[f"{FORM}:errors"] = field_errors(refused.problems, translations,
                                                          back_days=back_days)
        st.rerun()
    st.session_state.pop(f"{FORM}:errors", None)
    st.session_state["checkin:sent"] = {
        "link": access.link_id, "practised": practised,
        "values": {"day": entry.day, **scores, "caught": caught, "repaired": answer,
                   "reflection": reflection},
    }
    cached.data_changed()
    st.rerun()

show_extras()
