"""What the cashier typed or scanned, turned into the ``search`` the loyalty server expects.

Russian phone numbers arrive in many forms (``+7 (920) 123-45-67``, ``8 920 1234567``,
``9201234567``); all become ``79201234567``, the form the server stores (document 003 shows
the phone as the bare number ``7920XXXXXXX``). Anything else (a card number, an app code) is
passed through with surrounding blanks removed.
"""

from __future__ import annotations

import re

from app.base.i18n import QT_TRANSLATE_NOOP

_PHONE_PUNCTUATION = re.compile(r"[\s()\-.+]")
_MAX_SEARCH = 64


def normalise_search(text: str) -> str:
    stripped = text.strip()
    compact = _PHONE_PUNCTUATION.sub("", stripped)
    looks_like_phone = stripped.startswith("+") or compact != stripped.replace(" ", "")
    if compact.isascii() and compact.isdigit():
        if len(compact) == 11 and compact[0] in "78":
            return "7" + compact[1:]
        if len(compact) == 10 and compact[0] == "9":
            return "7" + compact
        if looks_like_phone:
            return compact
        return stripped.replace(" ", "")
    return stripped


def search_problem(text: str) -> str | None:
    """Why ``text`` cannot be searched for (source text of context ``Search``), or ``None``."""
    stripped = text.strip()
    if not stripped:
        return QT_TRANSLATE_NOOP("Search", "Enter a phone, card number or app code.")
    if len(stripped) > _MAX_SEARCH:
        return QT_TRANSLATE_NOOP("Search", "That is too long for a phone, card number or app code.")
    if any(not ch.isprintable() for ch in stripped):
        return QT_TRANSLATE_NOOP(
            "Search", "That contains characters a phone, card number or app code cannot have."
        )
    return None
