"""A QR code drawn module by module, so it stays sharp at any size and screen density."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


class QrCodeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrCode")
        self._modules: list[list[bool]] = []
        self._text = ""
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> bool:
        """Draw ``text`` as a QR code; ``False`` (and an empty square) when it is too long
        for one (a QR code holds at most ~2,300 characters of a link at this error level)."""
        self._text = text
        self._modules = []
        fits = True
        if text:
            try:
                code = segno.make(text, error="m", micro=False)
            except segno.DataOverflowError:
                fits = False
            else:
                self._modules = [[bool(cell) for cell in row] for row in code.matrix]
        self.setAccessibleName(text)
        self.update()
        return fits

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if not self._modules:
            painter.end()
            return
        count = len(self._modules) + 2 * QUIET_ZONE
        module = max(1, min(self.width(), self.height()) // count)  # whole pixels: no blur
        side = module * count
        left = (self.width() - side) // 2 + QUIET_ZONE * module
        top = (self.height() - side) // 2 + QUIET_ZONE * module
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self._modules):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(QRect(left + x * module, top + y * module, module, module))
        painter.end()
