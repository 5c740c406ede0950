"""Markdown escaping: text placed inside Markdown (titles, captions, alerts, labels) shows as
typed: no links, autolinks, images, emphasis, colour directives or HTML."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&])")


def markdown_escaped(text: object) -> str:
    """The text on one line, every character Markdown could act on backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
