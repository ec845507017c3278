"""``loyalty-till --self-test``: prove an installed copy works, without a screen or a person.

Runs offscreen: loads resources and both translations, reports the keyring backend (on
Windows it must be Credential Manager), checks TLS uses the OS trust store, renders a QR code,
and runs one spend and one earn against an in-process sandbox with a journal in a temporary
folder; a frozen copy also checks its console twin and that no build tool was bundled.
Writes a JSON report (a windowed Windows program has no console: the file and the exit code
are the interface) and returns non-zero when anything failed.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from app import __version__


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


def _check(name: str, probe: Callable[[], str], checks: list[Check]) -> None:
    started = time.perf_counter()
    try:
        detail, ok = probe(), True
    except Exception as error:
        detail, ok = f"{error!r}\n{traceback.format_exc(limit=3)}", False
    checks.append(Check(name, ok, detail, round(time.perf_counter() - started, 3)))


def run(out: Path | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    checks: list[Check] = []
    _check("resources", lambda: _resources(), checks)
    _check("translations", lambda: _translations(app), checks)
    _check("keyring", _keyring, checks)
    _check("trust store", _trust_store, checks)
    _check("qr code", _qr_code, checks)
    _check("postgresql driver", _postgres_driver, checks)
    _check("spend and earn against the sandbox", _transactions, checks)
    if getattr(sys, "frozen", False):
        _check("console executable", _console_executable, checks)
        _check("no build tools in the bundle", _no_build_tools, checks)
    report = {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ok": all(check.ok for check in checks),
        "checks": [asdict(check) for check in checks],
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    if sys.stdout is not None:  # a windowed Windows program has no stdout
        print(text)
    return 0 if report["ok"] else 1


def _console_executable() -> str:
    """The bundle's console twin (loyalty-till.exe beside LoyaltyTill.exe) is there and
    prints: the commands a POS or IT runs need standard streams."""
    import subprocess

    folder = Path(sys.executable).parent
    name = "loyalty-till.exe" if sys.platform == "win32" else "loyalty-till"
    console = folder / name
    if not console.is_file():
        raise FileNotFoundError(console)
    done = subprocess.run(  # noqa: S603 - our own executable
        [str(console), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0 or __version__ not in done.stdout:
        raise AssertionError(f"{name} --version: exit {done.returncode}, {done.stdout!r}")
    return f"{name} prints {done.stdout.strip()!r}"


# Development tools that PyInstaller's hooks collect though the program never imports them;
# the spec excludes these (and more), and a frozen copy proves they stayed out.
BUILD_TOOLS = (
    "setuptools",
    "pkg_resources",
    "pygments",
    "rich",
    "pytest",
    "_pytest",
    "mypy",
    "mutmut",
)


def _no_build_tools() -> str:
    """None of them was bundled. Size aside, a bundled setuptools brings PyInstaller's run-time
    hook that imports it on every start: 230 ms before the window and before every POS call of
    ``loyalty-till sale`` (measured 2 Dec 2026)."""
    import importlib.util

    found = [name for name in BUILD_TOOLS if importlib.util.find_spec(name) is not None]
    if found:
        raise AssertionError(f"bundled: {', '.join(found)} (add them to the spec's EXCLUDES)")
    return f"none of {', '.join(BUILD_TOOLS)}"


def _postgres_driver() -> str:
    """psycopg and its bundled libpq, which ship the journal to the chain's database."""
    import psycopg

    implementation = psycopg.pq.__impl__
    if implementation not in ("binary", "c"):
        raise AssertionError(f"psycopg uses the {implementation} implementation, not its own libpq")
    return f"psycopg {psycopg.__version__} ({implementation}), libpq {psycopg.pq.version()}"


def _resources() -> str:
    from app.base.paths import resource_path, resource_root

    qm = resource_path("i18n", "loyalty_till_ru.qm")
    if not qm.is_file():
        raise FileNotFoundError(qm)
    return f"{resource_root()} ({qm.stat().st_size} bytes of Russian catalogue)"


def _translations(app: object) -> str:
    from PySide6.QtCore import QCoreApplication

    from app.base import i18n

    i18n.install(app, "ru")  # type: ignore[arg-type]
    russian = QCoreApplication.translate("ApiError", "Customer not found.")
    # Qt's own catalogue: the file dialog of the journal's CSV export (#35)
    qt_own = QCoreApplication.translate("QFileDialog", "&Look in:")
    i18n.install(app, "en")  # type: ignore[arg-type]
    english = QCoreApplication.translate("ApiError", "Customer not found.")
    i18n.install(app, "ru")  # type: ignore[arg-type]
    if russian != "Покупатель не найден." or english != "Customer not found.":
        raise AssertionError(f"ru={russian!r} en={english!r}")
    if qt_own == "&Look in:":
        raise AssertionError("Qt's own Russian catalogue (qtbase_ru.qm) is not loaded")
    return f"ru: {russian} / en: {english}; Qt's file dialog: {qt_own}"


def _keyring() -> str:
    from app.core.settings.secrets import Secrets, SecretsUnavailable

    secrets = Secrets()
    name = secrets.backend_name
    if sys.platform == "win32" and "Windows" not in name:
        raise AssertionError(f"expected the Windows Credential Manager backend, got {name}")
    try:
        secrets.check()
    except SecretsUnavailable as unavailable:
        if sys.platform == "win32":
            raise
        return f"{name} (not usable here: {unavailable}; training mode needs no key)"
    return name


def _trust_store() -> str:
    import ssl

    import truststore

    from app.core.link.session import tls_context

    context = tls_context()
    if not isinstance(context, truststore.SSLContext):
        raise AssertionError(f"TLS context is {type(context).__name__}, not the OS trust store")
    if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
        raise AssertionError("certificates or host names would not be verified")
    return f"truststore {truststore.__version__}, verify_mode=CERT_REQUIRED"


def _qr_code() -> str:
    from app.ui.widgets.qr_view import QrCodeView

    view = QrCodeView()
    view.resize(300, 300)
    view.set_text("https://invite.example.ru/r/SELFTEST")
    image = view.grab().toImage()
    dark = sum(
        1
        for x in range(0, 300, 3)
        for y in range(0, 300, 3)
        if image.pixelColor(x, y).lightness() < 128
    )
    if dark < 500:
        raise AssertionError(f"only {dark} dark samples: the code was not drawn")
    return f"{image.width()}×{image.height()} px, {dark} dark samples"


def _transactions() -> str:
    from app.core.journal.entry import State
    from app.core.journal.store import Journal
    from app.core.ledger.teller import Teller
    from app.sandbox import demo
    from app.sandbox.server import SandboxServer
    from app.training import training_connection

    with tempfile.TemporaryDirectory() as folder:
        server = SandboxServer(Path(folder) / "sandbox.sqlite3").start()
        journal = Journal(Path(folder) / "journal.sqlite3")
        try:
            connection = training_connection(server.url)
            with connection.loyalty_client() as loyalty:
                teller = Teller(loyalty, journal, server=server.url, training=True)
                ivan = loyalty.search(demo.CLIENTS[0].phone)
                spent = teller.retail(ivan, ivan.phone or "", Decimal(300), Decimal(100))
                earned = teller.retail(
                    ivan, ivan.phone or "", Decimal(500), Decimal(0), expected_earn=Decimal(50)
                )
                after = loyalty.search(demo.CLIENTS[0].phone).balance
            if (spent.spend, earned.earn, after) != (Decimal(100), Decimal(50), Decimal(828)):
                raise AssertionError(f"spent {spent.spend}, earned {earned.earn}, balance {after}")
            states = [entry.state for entry in journal.entries()]
            if states != [State.DONE, State.DONE]:
                raise AssertionError(f"journal states {states}")
        finally:
            journal.close()
            server.stop()
    return "spent 100, earned 50, balance 878 → 828, journal agrees"
