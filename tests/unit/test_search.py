from __future__ import annotations

import pytest

from app.core.sale.search import normalise_search, search_problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+7 (920) 123-45-67", "79201234567"),
        ("8 920 1234567", "79201234567"),
        ("89201234567", "79201234567"),
        ("9201234567", "79201234567"),
        ("7-920-123-45-67", "79201234567"),
        ("  79201234567 ", "79201234567"),
        ("7000000000000001", "7000000000000001"),
        ("7000 0000 0000 0001", "7000000000000001"),
        ("100001", "100001"),
        ("AB-12 34", "AB-12 34"),
    ],
)
def test_normalise_search(typed: str, expected: str) -> None:
    assert normalise_search(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "1" * 65, "12\x0034"])
def test_search_problems(typed: str) -> None:
    assert search_problem(typed) is not None


def test_fine_search_has_no_problem() -> None:
    assert search_problem("+7 920 123-45-67") is None
