"""Markdown escaping: whatever a partner or clinician typed shows as typed."""

import re

import pytest

from dashboard.escaping import markdown_escaped


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("typed", [
    "![x](https://example.org/a.png)", "[Sam](https://evil.example/x)", "<b>bold</b>",
    "**Sam** _and_ `Alex`", ":red[alarm] :material/home:", "# Heading", "- item", "+ item",
    "1. item", "12) item", "a | table | row", "$x^2$", "&lt;tag&gt;", "~~gone~~", "Sam = Alex",
])
def test_every_markdown_construct_is_escaped_and_the_text_survives(typed):
    escaped = markdown_escaped(typed)
    assert unescaped(escaped) == typed
    assert not re.search(r"(?<!\\)[\[\]()<>*_`:#|$~&=^!]", escaped), escaped
    assert not re.match(r"\d*[-+.]", escaped)


def test_hyphens_and_full_stops_inside_a_line_are_left_readable():
    assert markdown_escaped("Added couple C-200.") == "Added couple C-200."
    assert markdown_escaped("Dr. Demo Rivera") == "Dr. Demo Rivera"


def test_the_text_is_put_on_one_line():
    assert markdown_escaped("Sam\n\n  Rivers\t") == "Sam Rivers"
    assert markdown_escaped("line\n- not a list") == "line - not a list"
