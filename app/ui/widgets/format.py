"""Money, points and dates formatted with the locale in force (Russian by default)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale


def money(value: Decimal) -> str:
    return f"{QLocale().toString(float(value), 'f', 2)} ₽"


def amount_input(value: Decimal) -> str:
    """An amount as a cashier types it into a field (and a POS takes it back): 1234,50."""
    return f"{value:.2f}".replace(".", ",")


def points(value: Decimal) -> str:
    if value == value.to_integral_value():
        return QLocale().toString(int(value))
    return QLocale().toString(float(value), "f", 2)


def day(value: date) -> str:
    return QLocale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


def day_month(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM")
