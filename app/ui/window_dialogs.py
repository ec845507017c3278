"""The windows the cashier window opens: the customer view (F10), the journal (F11) and the
settings (F12). None opens while a confirmation is; each gives the keyboard back to the
cashier window when it closes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog

from app.ui.pin_prompt import manager_allowed

if TYPE_CHECKING:
    from app.core.settings import Settings
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def take_keyboard(dialog: QDialog) -> None:
    """A till without a window manager activates no new window: the dialog takes the keyboard
    itself, now and once it is on screen (activation before that is lost)."""
    dialog.activateWindow()
    QTimer.singleShot(0, dialog, dialog.activateWindow)


class WindowDialogs(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _opened(self, dialog: QDialog) -> None:
        window = self.window
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: window.controller.count_unsettled())
        dialog.finished.connect(lambda _result: window.reactivate())
        dialog.open()
        take_keyboard(dialog)

    def client_view(self) -> None:
        """The manager's view of the customer on screen, or a read-only lookup."""
        window = self.window
        ctl = window.controller
        if window.confirm_dialog is not None or ctl.connection is None or ctl.teller is None:
            return
        from app.ui.client_view import ClientView

        client = ctl.checkout.client
        if client is not None and ctl.checkout.balance_after is not None:
            # the balance after the sale on screen, until the view's own read comes back
            client = client.model_copy(update={"balance": ctl.checkout.balance_after})
        view = ClientView(ctl.connection, ctl.teller, client, window)
        self._opened(view)
        if client is None:
            view.search.setFocus()
        window.client_view = view

    def journal(self) -> None:
        window = self.window
        if window.confirm_dialog is not None:
            return
        from app.core.till_clock import clock_notice
        from app.ui.journal_window import JournalWindow

        dialog = JournalWindow(
            window.journal,
            window.diagnostics,
            window,
            authorize=lambda: manager_allowed(dialog, self._pin_hash()),
            clock=clock_notice(window.controller.clock_offset),
        )
        self._opened(dialog)
        window.journal_window = dialog

    def _pin_hash(self) -> str:
        context = self.window.settings_context
        return context.loaded.settings.manager_pin if context else ""

    def settings(self) -> None:
        """Settings and profile switching, behind the manager PIN when one is set."""
        window = self.window
        context = window.settings_context
        if context is None or window.confirm_dialog is not None:
            return
        if not manager_allowed(window, self._pin_hash()):
            return
        from app.ui.settings_dialog import SettingsDialog

        before = context.loaded.settings
        dialog = SettingsDialog(context, window)
        dialog.accepted.connect(lambda: self._saved(before, set(dialog.keys_changed)))
        self._opened(dialog)
        window.settings_dialog = dialog

    def _saved(self, before: Settings, keys_changed: set[str]) -> None:
        """Reconnect when the profile in use, its settings or its keys changed: a new key is
        used at once, not after a restart."""
        context = self.window.settings_context
        assert context is not None
        after = context.loaded.settings
        if (
            after.active_profile != before.active_profile
            or after.profile != before.profile
            or after.active_profile in keys_changed
        ):
            self.window.reconnect(context.connector(after), training=after.training)
        for problem in context.loaded.problems:
            log.warning("settings: %s", problem)
