"""A label that keeps to one line while there is room, and wraps when there is not.

Qt's word-wrapping label asks for a narrow, several-line shape even on a wide screen, and a
plain label asks for its whole line as its minimum, so that a long status pushes the window
past its screen. This one asks for its one-line width (the layout gives it that when it can)
and accepts its longest word's (then it wraps, taller): it gives way, never the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        spare = 2 * self.margin() + margins.left() + margins.right() + 2
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + spare
        if one_line <= hint.width():
            return hint
        return QSize(one_line, max(self.heightForWidth(one_line), hint.height() // 2, 1))
