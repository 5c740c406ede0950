"""Form feedback: errors beside the field they concern, a banner, and a message after a save."""

from __future__ import annotations

import streamlit as st

from dashboard import escaping
from dashboard.errors import InvalidInput
from dashboard.web.cached import data_changed


def show_error(error: InvalidInput, *, where=None) -> None:
    """Show a refused input as an error naming what is wrong."""
    (where or st).error(escaping.markdown_escaped(str(error)[:1].upper() + str(error)[1:] + "."))


def form_errors(form: str) -> dict[str, str]:
    """The field errors kept for a form from its last refused submit."""
    return st.session_state.get(f"{form}:errors", {})


def field_error(form: str, field: str) -> None:
    """Show the refused reason right under the field it concerns."""
    message = form_errors(form).get(field)
    if message:
        st.error(message, icon=":material/error:")


def refuse(form: str, error: InvalidInput) -> None:
    """Keep the error for its field and rerun so it shows next to that field."""
    text = escaping.markdown_escaped(str(error)[:1].upper() + str(error)[1:] + ".")
    st.session_state[f"{form}:errors"] = {error.field or "_form": text}
    st.rerun()


def accepted(form: str, message: str) -> None:
    """Clear a form's errors, forget cached data and show what was saved on the next run."""
    st.session_state.pop(f"{form}:errors", None)
    st.session_state["flash"] = message
    data_changed()
    st.rerun()


def flash() -> None:
    """Show the success message of the last saved form, once."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(escaping.markdown_escaped(message), icon=":material/check_circle:")


def form_error_banner(form: str) -> None:
    """A general error for a form whose problem has no single field."""
    errors = form_errors(form)
    if "_form" in errors:
        st.error(f"Nothing was saved. {errors['_form']}", icon=":material/error:")
    elif errors:
        st.error("Nothing was saved: please correct the field marked below.",
                 icon=":material/error:")
