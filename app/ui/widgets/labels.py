"""The till's labels and fields, as every window makes them: named for the tests and for screen
readers, error labels that wrap and hide when empty, and sizes a finger can hit."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def make_label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def error_label(name: str, accessible: str) -> QLabel:
    label = make_label(name)
    label.setAccessibleName(accessible)
    # Bold through the font, not the style sheet: a wrapped label measures its height with
    # its font, and a style-sheet bold would not fit in the lines measured.
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setStyleSheet("color: #b71c1c;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_text(label: QLabel, text: str) -> None:
    """Show ``text``; an empty text hides the label (and the space it took)."""
    label.setText(text)
    label.setVisible(bool(text))


def big(label: QLabel, size: int) -> QLabel:
    font = label.font()
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    return label


TOUCH = 44  # pixels: the smallest target a finger hits on a till's touch screen


def touch(widget: W, size: int = 0) -> W:
    """At least :data:`TOUCH` pixels high; a larger font when ``size`` is given."""
    widget.setMinimumHeight(TOUCH)
    if size:
        font = widget.font()
        font.setPointSize(size)
        widget.setFont(font)
    return widget
