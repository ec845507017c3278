"""Run-time hook of the console executable (loyalty-till.exe): Qt's paths without loading Qt.

PyInstaller's PySide6 hook imports QtCore on every start to register a qt.conf: every
``loyalty-till sale`` a POS runs per purchase paid for loading Qt it never uses. The console
executable runs this instead; its commands that do use Qt (``--self-test``, ``scanner-test``)
get the plugin path as that hook sets it, and PySide6 registers its own qt.conf on import.
"""

import os
import sys
from pathlib import Path


def _qt_paths() -> None:
    base = Path(sys._MEIPASS)  # type: ignore[attr-defined]  # PyInstaller's bundle folder
    windows = sys.platform.startswith("win")
    qt = base / "PySide6" if windows else base / "PySide6" / "Qt"
    os.environ["QT_PLUGIN_PATH"] = str(qt / "plugins")
    if windows:  # QtNetwork finds the bundled OpenSSL DLLs on PATH
        os.environ["PATH"] = str(base) + os.pathsep + os.environ.get("PATH", "")


_qt_paths()
del _qt_paths
