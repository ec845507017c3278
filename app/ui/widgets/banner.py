"""The coloured banners across the top of the cashier's window (app/ui/cashier/header.py), and the
training banner the first frame shows before the rest is imported (app/ui/start/frame.py):
only PySide6's widgets here, so that the first frame stays light."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

# Centred by the style sheet: PySide6's ``Qt`` namespace (Qt.AlignmentFlag) costs the first
# frame 20 ms to import.
STYLE = "color: white; font-weight: bold; padding: 6px; qproperty-alignment: AlignCenter;"
TRAINING_COLOUR = "#ff6f00"


def banner(name: str, background: str, size: int = 13) -> QLabel:
    """A hidden banner; its owner shows it while it is true."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)  # never wider than a 1024-pixel screen
    label.setStyleSheet(f"background: {background}; font-size: {size}pt; {STYLE}")
    label.hide()
    return label


def training_banner() -> QLabel:
    """«Training mode»: the cashier must never take the demo for the real till."""
    label = banner("trainingBanner", TRAINING_COLOUR)
    label.setText(
        QApplication.translate(
            "Header", "TRAINING MODE: demo server, no real points are spent or earned"
        )
    )
    label.setAccessibleName(QApplication.translate("Header", "Training mode"))
    return label
