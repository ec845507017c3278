"""Text from a server, made safe to show: no direction overrides, no control characters, and a
bounded length. Widgets show it as plain text (never rich text); this module is about the
characters themselves."""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks
# (U+200E, U+200F, U+061C): "\u202eНАВИ" would display as "ИВАН".
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ELLIPSIS = "…"


def clean_text(text: str) -> str:
    """``text`` without direction controls and control characters; whitespace runs folded."""
    text = _BIDI.sub("", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join(text.split())


def display_text(text: str, *, limit: int = 80) -> str:
    """:func:`clean_text`, cut to ``limit`` characters with an ellipsis."""
    cleaned = clean_text(text)
    if len(cleaned) <= limit:
        return cleaned
    return cleaned[: max(1, limit - 1)].rstrip() + ELLIPSIS
