"""Markdown escaping: text placed inside Markdown (titles, captions, alerts, labels) shows as
typed: no links, autolinks, images, emphasis, colour directives, headings, lists or HTML."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's :colour[...] and :material/...: directives) act on
# anywhere in a line.
_INLINE = re.compile(r"([\\`*_{}\[\]()<>#|~:$=^&!])")
# What makes a list only at the start of a line: "- ", "+ ", "1. ".
_BLOCK_START = re.compile(r"^(\d*)([-+.])")


def markdown_escaped(text: object) -> str:
    """The text on one line, every character Markdown could act on backslash-escaped.

    Hyphens, plus signs and full stops are escaped only where they could start a list, so
    "C-014." stays readable in the page's source.
    """
    line = _INLINE.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(r"\1\\\2", line)
