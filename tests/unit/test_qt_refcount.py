"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on Python 3.11).

A cashier's day calls void Qt methods hundreds of thousands of times; a binding that drops a
reference to None on each call kills the program ("deallocating None"). Run in a child process
so that a failure here cannot take the test session down with it.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(300_000):
    label.clear()
    label.setText("x")
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
