"""The windows the cashier window opens: the customer view (F10), the journal (F11) and the
settings (F12). None opens while a confirmation is; each gives the keyboard back to the
cashier window when it closes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from app.ui.manager.pin_prompt import manager_allowed

if TYPE_CHECKING:
    from app.core.journal.store import Journal
    from app.core.link.session import Connection
    from app.core.settings.model import Settings
    from app.ui.cashier.controller import TillController
    from app.ui.settings.context import SettingsContext


class DialogHost(Protocol):
    """What the dialogs need of the cashier window, and nothing more."""

    controller: TillController
    journal: Journal
    settings_context: SettingsContext | None

    @property
    def confirm_open(self) -> bool: ...

    def reactivate(self) -> None: ...

    def reconnect(self, connect: Callable[[], Connection], *, training: bool) -> bool: ...


log = logging.getLogger(__name__)


def take_keyboard(dialog: QDialog) -> None:
    """A till without a window manager activates no new window: the dialog takes the keyboard
    itself, now and once it is on screen (activation before that is lost)."""
    dialog.activateWindow()
    QTimer.singleShot(0, dialog, dialog.activateWindow)


class WindowDialogs(QObject):
    """Opens the dialogs over ``parent`` (the cashier window), asking ``host`` for the rest."""

    def __init__(self, host: DialogHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.parent_window = parent
        # The windows opened last, for support's diagnostics and the tests that drive them.
        self.client_view: QDialog | None = None
        self.journal_window: QDialog | None = None
        self.settings_dialog: QDialog | None = None

    def _opened(self, dialog: QDialog) -> None:
        host = self.host
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: host.controller.count_unsettled())
        dialog.finished.connect(lambda _result: host.reactivate())
        dialog.open()
        take_keyboard(dialog)

    def show_client_view(self) -> None:
        """The manager's view of the customer on screen, or a read-only lookup."""
        host, window = self.host, self.parent_window
        ctl = host.controller
        if host.confirm_open or ctl.connection is None or ctl.teller is None:
            return
        from app.ui.manager.client_view import ClientView

        client = ctl.checkout.client
        if client is not None and ctl.checkout.balance_after is not None:
            # the balance after the sale on screen, until the view's own read comes back
            client = client.model_copy(update={"balance": ctl.checkout.balance_after})
        hold = ctl.checkout.hold
        held = (
            (tuple(ctl.checkout.active_hold_ids), hold.amount)
            if hold is not None and ctl.checkout.active_hold_ids
            else ((), Decimal(0))
        )
        view = ClientView(ctl.connection, ctl.teller, client, window, held=held)
        self._opened(view)
        if client is None:
            view.search.setFocus()
        self.client_view = view

    def show_journal(self) -> None:
        host, window = self.host, self.parent_window
        if host.confirm_open:
            return
        from PySide6 import __version__ as pyside_version

        from app.core.link.diagnostics import diagnostics_text
        from app.core.link.till_clock import clock_notice
        from app.ui.manager.journal_window import JournalWindow

        dialog = JournalWindow(
            host.journal,
            lambda: diagnostics_text(
                host.controller.connection,
                toolkit=f"PySide6: {pyside_version}",
                clock_offset=host.controller.clock_offset,
            ),
            window,
            authorize=lambda: manager_allowed(dialog, self._pin_hash()),
            clock=clock_notice(host.controller.clock_offset),
        )
        self._opened(dialog)
        self.journal_window = dialog

    def _pin_hash(self) -> str:
        context = self.host.settings_context
        return context.loaded.settings.manager_pin if context else ""

    def show_settings(self) -> None:
        """Settings and profile switching, behind the manager PIN when one is set."""
        host, window = self.host, self.parent_window
        context = host.settings_context
        if context is None or host.confirm_open:
            return
        if not manager_allowed(window, self._pin_hash()):
            return
        from app.ui.settings.dialog import SettingsDialog

        before = context.loaded.settings
        dialog = SettingsDialog(context, window)
        dialog.accepted.connect(lambda: self._saved(before, set(dialog.keys_changed)))
        self._opened(dialog)
        self.settings_dialog = dialog

    def _saved(self, before: Settings, keys_changed: set[str]) -> None:
        """Reconnect when the profile in use, its settings or its keys changed: a new key is
        used at once, not after a restart."""
        context = self.host.settings_context
        assert context is not None
        after = context.loaded.settings
        if (
            after.active_profile != before.active_profile
            or after.profile != before.profile
            or after.active_profile in keys_changed
        ):
            self.host.reconnect(context.connector(after), training=after.training)
        for problem in context.loaded.problems:
            log.warning("settings: %s", problem)
