"""The floor for start-up: a PySide6 window with a focused line edit that does nothing else."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow


def main(ready_file: str) -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    field = QLineEdit()
    window.setCentralWidget(field)
    window.show()
    modules = sorted(sys.modules)
    window.activateWindow()
    field.setFocus()

    def ready() -> None:
        if not field.hasFocus():
            QTimer.singleShot(1, ready)
            return
        Path(ready_file).write_text(json.dumps({"ready": time.time(), "modules": modules}))
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
