"""Server-supplied text is shown as plain characters: no direction tricks, bounded length."""

from __future__ import annotations

import pytest

from app.base.text import clean_text, display_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\u202eНАВИ", "НАВИ"),  # would display reversed, as "ИВАН"
        ("Иван\u2066\u2069 Петров", "Иван Петров"),
        ("a\u200fb\u200ec\u061cd", "abcd"),
        ("line\nbreak\ttab\x00nul", "line break tab nul"),
        ("  spaced   out  ", "spaced out"),
        ("<h1 style=color:red>", "<h1 style=color:red>"),  # kept as text, shown as text
    ],
)
def test_clean_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown


def test_display_text_elides_long_values() -> None:
    long = "Б" * 20_000
    shown = display_text(long, limit=60)
    assert len(shown) == 60
    assert shown.endswith("…")
    assert display_text("Иван", limit=60) == "Иван"
