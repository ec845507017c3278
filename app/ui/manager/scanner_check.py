"""The scanner check: what a scanner sends, as the program reads it, for IT and a cashier's
first day — so that a store can tell in a minute why a card "is not found".

Opened from the journal window or with ``loyalty-till scanner-test``. Each scan (or typed
run of keys) is shown with the characters as read and as decoded, the gaps between keys, the
terminator, the active keyboard layout, and whether the program takes it for a scan.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.sale.scanning import MIN_LENGTH, SCAN_GAP_MS, SUFFIX_MS, as_scanned, now_ms, rhythm
from app.ui.widgets.labels import make_label, named

IDLE_MS = 1000  # a run of keys with no terminator is shown after this pause


class ScannerCheck(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scannerCheck")
        self.setWindowTitle(self.tr("Scanner check"))
        intro = make_label(
            "scannerIntro",
            self.tr(
                "Scan a card or a code (or type one). Here you see what the scanner sends and "
                "how the program reads it."
            ),
        )
        intro.setWordWrap(True)
        self.results = named(QPlainTextEdit(), "scannerResults", self.tr("What was received"))
        self.results.setReadOnly(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the check
        self.results.setMinimumHeight(260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close (Esc)"))
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(760, 440)
        self.keys: list[tuple[str, float]] = []
        self.reports: list[str] = []
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(lambda: self._report(None, None))
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, now = event.key(), now_ms()
        if key == Qt.Key.Key_Escape:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            names = {
                Qt.Key.Key_Return: self.tr("Enter"),
                Qt.Key.Key_Enter: self.tr("keypad Enter"),
                Qt.Key.Key_Tab: self.tr("Tab"),
            }
            self._report(names[Qt.Key(key)], now)
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable():
            self.keys.append((text, now))
            self._idle.start()
            return True
        return False

    def _report(self, terminator: str | None, at: float | None) -> None:
        self._idle.stop()
        if not self.keys:
            return
        chars = "".join(char for char, _ in self.keys)
        beat = rhythm([t for _, t in self.keys], at)
        self.keys = []
        decoded = as_scanned(chars)
        layout = QGuiApplication.inputMethod().locale().name()
        if layout in ("", "C"):  # the system does not say which layout is on
            layout = self.tr("not known (the system does not say)")
        gaps = (
            self.tr("%1–%2 ms, median %3 ms")
            .replace("%1", f"{min(beat.gaps):.0f}")
            .replace("%2", f"{max(beat.gaps):.0f}")
            .replace("%3", f"{beat.median_gap:.0f}")
            if beat.gaps
            else "—"
        )
        if beat.is_scan:
            verdict = self.tr("a scan: the program searches for it from any field")
        elif len(chars) < MIN_LENGTH:
            verdict = self.tr("not a scan: fewer than %1 characters").replace("%1", str(MIN_LENGTH))
        elif any(gap > SCAN_GAP_MS for gap in beat.gaps):
            verdict = self.tr(
                "not a scan: keys more than %1 ms apart (a person's typing, or a slow "
                "scanner: set it faster)"
            ).replace("%1", str(SCAN_GAP_MS))
        elif terminator is None:
            verdict = self.tr("not a scan: no Enter or Tab at the end (set the scanner's suffix)")
        else:
            verdict = self.tr("not a scan: the Enter came more than %1 ms after the code").replace(
                "%1", str(SUFFIX_MS)
            )
        lines = [
            self.tr("Received: %1").replace("%1", chars),
            self.tr("Read as: %1").replace("%1", decoded)
            + (
                "  " + self.tr("(Russian keyboard layout: read by key position)")
                if decoded != chars
                else ""
            ),
            self.tr("Between keys: %1").replace("%1", gaps),
            self.tr("Ended by: %1").replace("%1", terminator or self.tr("nothing"))
            + (
                self.tr(", %1 ms after the last key").replace("%1", f"{beat.suffix:.0f}")
                if beat.suffix is not None
                else ""
            ),
            self.tr("Keyboard layout: %1").replace("%1", layout),
            self.tr("Verdict: %1").replace("%1", verdict),
        ]
        report = "\n".join(lines)
        self.reports.append(report)
        self.results.appendPlainText(report + "\n")
