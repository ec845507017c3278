"""A label that shows what fits, elided, with the whole text in a tooltip.

For addresses the middle goes (their start and end tell them apart); for messages the end.
Its minimum width is small, so a long text gives way to its neighbours in a status bar instead
of pushing the window wider or squeezing a field that must stay whole.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    def __init__(
        self,
        name: str,
        parent: QWidget | None = None,
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._mode = mode

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(escape(text))
        self.setText(text)
        self._elide()

    def full_text(self) -> str:
        """The text before eliding (what the tooltip says)."""
        return self._full

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("M" * 4)), hint.height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, self._mode, max(0, self.width()))
        if shown != self.text():
            self.setText(shown)

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height()
        )
