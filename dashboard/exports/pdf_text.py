"""Text for the PDF's core fonts: characters they cannot show transliterated, never dropped."""

from __future__ import annotations

import unicodedata

CORE_FONT_ENCODING = "windows-1252"
_SUBSTITUTES = {"→": "->", "←": "<-", "↑": "up", "↓": "down", "≥": ">=", "≤": "<=", "−": "-",
                "≈": "~", "✓": "v", "\u00a0": " ",
                # Letters with a stroke do not decompose into a letter and an accent.
                "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i"}


def pdf_text(text: str) -> str:
    """Text the core fonts can show: other characters transliterated, or "?" as a last resort."""
    out = []
    for character in str(text):
        if character in _SUBSTITUTES:
            out.append(_SUBSTITUTES[character])
            continue
        try:
            character.encode(CORE_FONT_ENCODING)
            out.append(character)
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", character)
                            if not unicodedata.combining(c))
            out.append(plain if plain and plain.isascii() else "?")
    return "".join(out)
