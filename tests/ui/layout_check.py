"""What a cashier sees cut: any label, button or field showing less than its whole text, and
any widget outside its window. Used by the layout tests; also handy from a debugger."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTableView,
    QWidget,
)

from app.ui.widgets.elided_label import ElidedLabel

STRETCH = 0.4  # the pseudo-locale makes every string this much longer


class PseudoTranslator(QTranslator):
    """Every string ~40% longer (as some Qt projects test with): texts that fit only because
    today's wording happens to be short show up as cut."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        del context, disambiguation, n
        if not source.strip():
            return source
        return "[" + source + "~" * math.ceil(len(source) * STRETCH) + "]"

    def isEmpty(self) -> bool:
        return False


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or '?'}"


def _text_problem(widget: QWidget) -> str | None:
    if isinstance(widget, ElidedLabel):
        return None  # elides on purpose, with the whole text in its tooltip
    if isinstance(widget, QLabel):
        if not widget.text():
            return None
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height():
                return f"needs {need} px high, has {widget.height()}"
            return None
        hint = widget.sizeHint()
        if hint.width() > widget.width() or hint.height() > widget.height():
            return f"needs {hint.width()}×{hint.height()}, has {widget.width()}×{widget.height()}"
        return None
    if isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width():
            return f"needs {hint.width()} px wide, has {widget.width()}"
        return None
    if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QSpinBox):
        text = widget.text() or widget.placeholderText()
        room = widget.width() - 12  # the frame and the text margins
        need = widget.fontMetrics().horizontalAdvance(text)
        if text and need > room:
            return f"text needs {need} px, the field shows {room}"
    if isinstance(widget, QSpinBox):
        hint = widget.sizeHint()
        if hint.width() > widget.width():
            return f"needs {hint.width()} px wide, has {widget.width()}"
    return None


HEADER_MARGIN = 4  # at least a header section's padding around its title, in pixels


def _columns_problem(table: QTableView) -> str | None:
    """A column title cut («одробност»), or columns reachable only by scrolling sideways."""
    header = table.horizontalHeader()
    model = table.model()
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = header.fontMetrics().horizontalAdvance(title) + HEADER_MARGIN
        if need > header.sectionSize(column):
            return f"column {title!r} needs {need} px, has {header.sectionSize(column)}"
    if table.horizontalScrollBar().isVisible():
        return "columns beyond its width (a sideways scroll bar)"
    return None


def _scrolled_by(widget: QWidget, window: QWidget) -> QScrollArea | None:
    """The scroll area ``widget`` lies in (reachable by scrolling), if any, below ``window``."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) and parent is area.viewport():
            return area
        parent = parent.parentWidget()
    return None


def _outside(widget: QWidget, window: QWidget) -> str | None:
    """Where ``widget`` lies beyond what the cashier can reach: outside the window, or in a
    scroll area beyond its content or sideways (the areas scroll up and down only)."""
    area = _scrolled_by(widget, window)
    if area is None or area.widget() is None:
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        bounds = window.rect()
        return None if bounds.contains(place) else f"outside the window: {place} not in {bounds}"
    content = area.widget()
    place = QRect(widget.mapTo(content, QPoint(0, 0)), widget.size())
    if not content.rect().contains(place):
        return f"outside its scroll area: {place} not in {content.rect()}"
    if content.width() > area.viewport().width():
        return f"wider than its scroll area: {content.width()} > {area.viewport().width()}"
    return None


def cut_or_outside(window: QWidget) -> list[str]:
    """Every visible widget of ``window`` whose text is cut or that lies outside it (a
    widget in a scroll area may lie below what is shown: the cashier scrolls to it)."""
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.isWindow():
            continue
        outside = _outside(widget, window)
        if outside:
            problems.append(f"{_name(widget)} {outside}")
        problem = _text_problem(widget)
        if problem is None and isinstance(widget, QTableView):
            problem = _columns_problem(widget)
        if problem:
            text = getattr(widget, "text", lambda: "")() or ""
            problems.append(f"{_name(widget)} {text[:40]!r}: {problem}")
    return problems
