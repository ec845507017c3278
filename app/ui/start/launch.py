"""Starting the cashier window: logging, language, journal, connection (training or real)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.base import i18n, logs, restart_after_upgrade
from app.base.paths import data_dir, log_dir, resource_path
from app.core.settings import config_files
from app.core.settings.config_files import COMMAND_LINE_PROFILE, TRAINING
from app.ui.start.first_frame import OnScreen, report_ready
from app.ui.start.frame import StartFrame

# The rest of the program is imported once the first frame is on screen (app/ui/start/frame.py):
# these names are types here, imported where they are used.
if TYPE_CHECKING:
    from app.api.errors import ApiError
    from app.core.journal.schema import JournalTooNew
    from app.core.journal.store import Journal
    from app.core.link.session import Connection
    from app.core.settings.model import LoadedSettings, Settings
    from app.core.settings.secrets import Secrets
    from app.training import TrainingSandbox
    from app.ui.cashier.main_window import MainWindow

log = logging.getLogger(__name__)

RETRY_JOURNAL_MS = 3000  # a journal held by another program is tried again this often
# Closing waits this long for a sale's outcome to reach the journal; past it the entry stays
# pending (or its outcome sits in the side file) and the next start reconciles it.
EXIT_WRITES_SECONDS = 10.0


def command_line_overrides(args: argparse.Namespace, active_profile: str) -> dict[str, Any]:
    """Settings given on the command line (they lose to fields IT locked)."""
    overrides: dict[str, Any] = {}
    if args.lang:
        overrides["language"] = args.lang
    name = args.profile or (None if active_profile == TRAINING else active_profile)
    if args.base_url or args.point:
        name = name or COMMAND_LINE_PROFILE
        if args.base_url:
            overrides[f"profiles.{name}.base_url"] = args.base_url
        if args.point:
            overrides[f"profiles.{name}.point"] = args.point
    if name:
        overrides["active_profile"] = name
    if args.training:
        overrides["active_profile"] = TRAINING
    return overrides


def exception_hook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An unexpected error is logged and shown; the program keeps running where it can."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("unhandled exception", exc_info=(kind, error, trace))
    if QApplication.instance() is not None:
        QMessageBox.critical(
            None,
            QApplication.translate("Crash", "Unexpected error"),
            QApplication.translate(
                "Crash",
                "Something went wrong inside the program. It was recorded for technical "
                "support; call them if it happens again. The program keeps running.",
            ),
        )
        _give_the_keyboard_back()


def _give_the_keyboard_back() -> None:
    """After a box that had no parent, no window has the keyboard on a till without a window
    manager: scans and typing would be lost until a mouse click. The cashier window takes it."""
    from app.ui.cashier.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.reactivate()
            focused = QApplication.focusWidget()
            if focused is None or focused.window() is not widget:
                widget.focus_search()
            return


def more_descriptors(wanted: int = 8192) -> None:
    """Raise this process's descriptor limit toward ``wanted`` where the OS allows (Unix; the
    default 1,024 is what a flood of local connections once exhausted)."""
    try:
        import resource
    except ImportError:  # Windows: handles are not limited this way
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as error:
            log.warning("descriptor limit stays %d: %s", soft, error)


def start_customer_display(window: MainWindow, settings: Settings) -> None:
    """The customer's display the settings ask for: a window on a second screen, or a pole
    display on a serial port. One that cannot be opened is logged and left out: the sale
    never waits for it."""
    choice = settings.customer_display
    if choice == "off":
        return
    from app.customer_display.display import CustomerDisplay
    from app.customer_display.pole import PoleDisplay
    from app.customer_display.window import CustomerWindow, screen_for

    shown_on: CustomerWindow | None = None
    pole: PoleDisplay | None = None
    if choice.startswith("serial:"):
        try:
            pole = PoleDisplay(
                choice[7:],
                settings.customer_display_baud,
                settings.customer_display_code_table,
            )
        except (OSError, ValueError) as error:  # SerialException is an OSError: never fatal
            log.warning("customer display %s: %s", choice, error)
            return
    else:
        screen = screen_for(choice, QApplication.screens(), QApplication.primaryScreen())
        if screen is None:
            log.info("customer display %s: no such screen", choice)
            return
        shown_on = CustomerWindow(window, settings.customer_display_join_url)
        shown_on.place_on(screen)
        shown_on.show()
    window.customer_display = CustomerDisplay(
        window.controller,
        training=settings.training,
        window=shown_on,
        pole=pole,
        language=settings.language,
    )


def start_touch_input(app: QApplication, touch: str) -> None:
    """The on-screen keypad, per the ``touch`` setting (auto: when a touch screen is seen)."""
    from app.ui.cashier.touch_keypad import TouchInput, touch_screen_reported

    if touch == "on" or (touch == "auto" and touch_screen_reported()):
        log.info("touch input: on-screen keypad on (setting %s)", touch)
        TouchInput(app)


def run(args: argparse.Namespace) -> int:
    logs.setup_with_fallback(log_dir)
    more_descriptors()
    sys.excepthook = exception_hook
    # What the window needs to be drawn, read without pydantic; the validated settings
    # follow once it is on screen (see finish_start).
    overrides = command_line_overrides(args, config_files.peek().active_profile)
    first = config_files.peek(overrides)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Loyalty Till")
    app.setWindowIcon(QIcon(str(resource_path("icons", "loyalty-till.png"))))
    font = app.font()
    font.setPointSize(first.font_size)
    app.setFont(font)
    i18n.install(app, first.language)
    from app.ui.start.single_instance import claim_window

    # One window per user and data folder: a second start brings the first to the front.
    data = data_dir()
    try:
        window_lock = claim_window(data)
    except OSError as error:
        log.error("start: %s", error)
        _cannot_start(disk_full=True)
        return 1
    if window_lock is None:
        from app.handoff import client as handoff_client

        socket_name = handoff_socket_name(data)
        if socket_name is not None and handoff_client.show(socket_name):
            log.info("another window is running: brought it to the front")
            return 0
        QMessageBox.critical(
            None,
            QApplication.translate("Start", "Loyalty Till"),
            QApplication.translate(
                "Start",
                "Loyalty Till is already running for this user but does not answer. Close it "
                "(or end it in the task manager) and start it again.",
            ),
        )
        return 1
    training = first.active_profile == TRAINING
    frame = StartFrame(training=training)
    frame.show_first()  # the cashier can type from here on
    shown_with = sorted(sys.modules)
    start_touch_input(app, first.touch)
    from app.core.journal.opening import CARRIED
    from app.training import TrainingSandbox
    from app.ui.cashier.main_window import MainWindow

    opened = open_journal_waiting(data / "journal.sqlite3", first.journal_retention_days)
    if opened is None:
        window_lock.unlock()
        return 1
    journal, moved = opened
    sandbox = TrainingSandbox(data / "training.sqlite3")
    window = MainWindow(sandbox.start, journal, training=training)
    # The till's screen is the cashier's: the window fills it. Without a window manager
    # (locked-down tills) "maximised" means nothing, so the geometry is set as well.
    window.setGeometry(window.screen().availableGeometry())
    window.showMaximized()
    restart_after_upgrade.register()
    window.raise_()
    window.activateWindow()  # F-key shortcuts fire only in the active window
    window.focus_search()
    frame.hand_over(window.search, window.start_search)
    if moved is not None:
        carried = int(journal.meta(CARRIED) or 0)
        QTimer.singleShot(0, lambda: window.notices.journal_moved(moved, carried))
    ready_file = os.environ.get("LOYALTY_TILL_READY_FILE")
    if ready_file:
        report_ready(window, Path(ready_file), shown_with, frame.focused_at)

    def after_first_frame() -> None:
        open_handoff(window, handoff_socket_name(data))
        finish_start(window, sandbox, overrides)

    OnScreen(window, after_first_frame)
    try:
        return app.exec()
    finally:
        # A money operation's journal write is waited for (bounded); reads are dropped.
        window.requests.stop(wait_for_writes=EXIT_WRITES_SECONDS)
        sandbox.stop()
        journal.close()
        if window.handoff_http is not None:
            window.handoff_http.stop()
        window_lock.unlock()


def handoff_socket_name(data: Path) -> str | None:
    """The POS hand-off's local socket (a named pipe on Windows) for this data folder, or
    ``None`` where no safe one can be made (logged)."""
    from app.handoff.protocol import SocketUnsafe, server_name

    try:
        return server_name(data)
    except SocketUnsafe as unsafe:
        log.error("hand-off socket: %s", unsafe)
        return None


def open_journal_waiting(path: Path, retention_days: int) -> tuple[Journal, Path | None] | None:
    """The journal, waited for while another program holds it (a backup, an antivirus scan)
    or the disk is full: a message says so and the opening is retried every few seconds,
    until it opens or the cashier closes the program. A busy journal is never set aside."""
    import sqlite3

    from app.core.journal.opening import JournalBusy, open_journal
    from app.core.journal.schema import JournalTooNew
    from app.core.journal.store import Journal

    while True:
        try:
            return open_journal(path, retention_days=retention_days)
        except JournalTooNew as newer:
            log.error("journal %s refused: %s", path, newer)
            _too_new(newer)
            return None
        except JournalBusy as busy:
            log.error("journal %s cannot be opened: %s", path, busy)
            reason = busy
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QApplication.translate("Start", "Loyalty Till"),
            _busy_text(disk_full=reason.disk_full),
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close,
        )
        box.setObjectName("journalBusyBox")
        box.setDefaultButton(QMessageBox.StandardButton.Retry)

        def try_again(box: QMessageBox = box) -> None:
            try:
                Journal(path, retention_days=retention_days).close()
            except (JournalBusy, sqlite3.Error, OSError):
                return
            box.done(QMessageBox.StandardButton.Retry)

        timer = QTimer(box, interval=RETRY_JOURNAL_MS)
        timer.timeout.connect(try_again)
        timer.start()
        if box.exec() != QMessageBox.StandardButton.Retry:
            return None


def _busy_text(*, disk_full: bool) -> str:
    if disk_full:
        return QApplication.translate(
            "Start",
            "The till's disk is full, so the journal of operations cannot be written and no "
            "sale can be made safely. Call technical support to free space. The program "
            "tries again every few seconds.",
        )
    return QApplication.translate(
        "Start",
        "The journal of operations is held by another program (a backup or an antivirus "
        "scan?) or cannot be written. No sale can be made without it. The program tries again "
        "every few seconds; if this lasts, call technical support.",
    )


def _too_new(newer: JournalTooNew) -> None:
    """A journal written by a newer version: refused, untouched, and the manager told why."""
    QMessageBox.critical(
        None,
        QApplication.translate("Start", "Loyalty Till"),
        QApplication.translate(
            "Start",
            "The journal of operations was written by a newer version of Loyalty Till (journal "
            "version %1; this one knows up to %2). Nothing was changed in it. Install the newer "
            "version, or call technical support.",
        )
        .replace("%1", str(newer.found))
        .replace("%2", str(newer.known)),
    )


def _cannot_start(*, disk_full: bool) -> None:
    QMessageBox.critical(
        None, QApplication.translate("Start", "Loyalty Till"), _busy_text(disk_full=disk_full)
    )


def open_handoff(window: MainWindow, socket_name: str | None) -> None:
    """The POS hand-off's local socket, once the window is on screen (QtNetwork and the
    hand-off modules cost start-up time a cashier would wait for). A socket another user could
    reach or already holds is not used, and the cashier is told."""
    from app.handoff.desk import HandoffDesk
    from app.handoff.local_socket import LocalEndpoint

    window.handoff = HandoffDesk(window, window.controller, window)
    if socket_name is not None and LocalEndpoint(window.handoff, socket_name).listen():
        return
    window.header.show_handoff_closed(
        QApplication.translate(
            "Start",
            "THE POS CANNOT HAND SALES TO THIS TILL: its connection point is taken by another "
            "user of this computer. Sales typed here work as usual. Tell IT.",
        )
    )


def port_taken(port: int) -> str:
    """The banner's words when another program holds the hand-off's port."""
    return QApplication.translate(
        "Start",
        "THE POS CANNOT HAND SALES TO THIS TILL: another program holds port %1. The POS must "
        "not trust what answers there. Sales typed here work as usual. Tell IT.",
    ).replace("%1", str(port))


def start_handoff_http(
    window: MainWindow,
    port: int,
    secrets: Secrets,
    *,
    bearer: bool,
    origins: Sequence[str] = (),
) -> None:
    """The loopback endpoint, once its token is read from the keyring (off the GUI thread)."""
    from app.core.settings.secrets import HANDOFF_PROFILE
    from app.handoff.http_endpoint import HttpEndpoint

    def token() -> str | None:
        return secrets.get(HANDOFF_PROFILE, "handoff")

    def start(found: str | None) -> None:
        if window.handoff is None:
            return
        if not found:
            log.warning("handoff_http_port is set but no hand-off token is stored")
            window.notices.settings_problems(
                [
                    QApplication.translate(
                        "Start",
                        "The POS hand-off over HTTP is off: no token is stored. IT: "
                        "loyalty-till credentials set --key handoff",
                    )
                ]
            )
            return
        try:
            endpoint = HttpEndpoint(window.handoff, port, found, bearer=bearer, origins=origins)
        except OSError as error:
            log.warning("hand-off endpoint on port %s: %s", port, error)
            window.header.show_handoff_closed(port_taken(port))
            return

        def not_started(error: ApiError) -> None:
            log.warning("hand-off endpoint did not start: %s", error.log_line())

        window.handoff_http = endpoint
        window.requests.submit(window, endpoint.start, done=lambda _: None, failed=not_started)

    def unreadable(error: ApiError) -> None:
        log.warning("hand-off token not read: %s", error.log_line())
        start(None)

    window.requests.submit(window, token, done=start, failed=unreadable)


def freeze_start_up_objects() -> None:
    """Move everything start-up made (Qt wrappers, pydantic's schemas, the modules) out of the
    garbage collector's sight. Without it a full collection, triggered by the allocations of a
    large reply, walks them all while holding the interpreter lock: 50+ ms without paint while
    a 20,000-entry history loaded."""
    gc.collect()
    gc.freeze()


def finish_start(window: MainWindow, sandbox: TrainingSandbox, overrides: dict[str, Any]) -> None:
    """Once the window is up: validate the settings off the GUI thread (importing pydantic
    takes ~100 ms), then connect (in training mode, start the sandbox)."""

    def load() -> LoadedSettings:
        from app.core.settings import file as settings_file

        return settings_file.load(overrides=overrides)

    def loaded_settings(loaded: LoadedSettings) -> None:
        from app.core.link.session import describe, production_connector
        from app.core.settings.secrets import Secrets

        for problem in loaded.problems:
            log.warning("settings: %s", problem)
        log.info("starting with %s", describe(loaded.settings))
        secrets = Secrets()

        def connector(chosen: Settings) -> Callable[[], Connection]:
            if chosen.profile is None:
                return sandbox.start
            return production_connector(chosen.active_profile, chosen.profile, secrets.get)

        from app.ui.settings.context import SettingsContext

        window.settings_context = SettingsContext(loaded, connector, secrets)
        window.reconnect(connector(loaded.settings), training=loaded.settings.training)
        start_customer_display(window, loaded.settings)
        if loaded.settings.handoff_http_port:
            start_handoff_http(
                window,
                loaded.settings.handoff_http_port,
                secrets,
                bearer=loaded.settings.handoff_http_auth == "bearer",
                origins=loaded.settings.handoff_http_origins,
            )
        if loaded.settings.chain_dsn:  # loaded only for a till that ships
            from app.chain.shipping import for_settings

            shipper = for_settings(loaded.settings, window.journal, data_dir(), secrets)
            if shipper is not None:
                window.controller.ship_to(shipper)
        freeze_start_up_objects()
        if loaded.problems:
            window.notices.settings_problems([problem.text() for problem in loaded.problems])

    def not_loaded(error: ApiError) -> None:
        """The settings could not even be read (a bug, or a file system refusing): say so
        instead of "Connecting…" forever, and start in training mode."""
        log.error("settings not loaded: %s", error.log_line())
        window.notices.settings_problems([error.detail])
        window.reconnect(sandbox.start, training=True)

    window.requests.submit(window, load, done=loaded_settings, failed=not_loaded)
