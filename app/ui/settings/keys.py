"""The settings dialog's keys: whether each is stored for the profile shown (read from the
password store off the GUI thread: a locked or remote keyring can take seconds), and a key
typed here, which the password store gets on Save, not before."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.base.i18n import translate
from app.core.settings.secrets import KEY_NAMES, KeyName, SecretsUnavailable
from app.ui.background.requests import Requests
from app.ui.widgets.labels import ERROR_STYLE, make_label, named

if TYPE_CHECKING:
    from app.core.settings.edit import SettingsEdit
    from app.core.settings.secrets import Secrets


class KeyRows(QWidget):
    def __init__(
        self, edit: SettingsEdit, secrets: Secrets, selected: Callable[[], str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.edit = edit
        self.secrets = secrets
        self.selected = selected
        self.requests = Requests.of(parent)
        self.labels: dict[KeyName, QLabel] = {}
        keys_box = QVBoxLayout(self)
        keys_box.setContentsMargins(0, 0, 0, 0)
        for key in KEY_NAMES:
            row = QHBoxLayout()
            status = make_label(f"keyStatus_{key}")
            button = named(
                QPushButton(self.tr("Set key…")),
                f"setKey_{key}",
                self.tr("Set the key: %1").replace("%1", self.key_name(key)),
            )
            button.clicked.connect(lambda _checked=False, k=key: self.set_key(k))
            row.addWidget(status, 1)
            row.addWidget(button)
            keys_box.addLayout(row)
            self.labels[key] = status

    def key_name(self, key: KeyName) -> str:
        return {
            "loyalty": self.tr("Loyalty server key"),
            "partner": self.tr("Partner key"),
            "imshop": self.tr("IMSHOP key"),
        }[key]

    def show_profile(self, profile: str) -> None:
        """Whether each key is stored, read from the password store off the GUI thread (a
        locked or remote keyring can take seconds to answer)."""
        secrets = self.secrets
        names = list(self.labels)

        def stored() -> dict[KeyName, bool | None]:
            found: dict[KeyName, bool | None] = {}
            for key in names:
                try:
                    found[key] = secrets.has(profile, key)
                except SecretsUnavailable:
                    found[key] = None
            return found

        for key, label in self.labels.items():
            if not self._show_pending(profile, key):
                label.setText(self.tr("Reading the password store…"))
                label.setStyleSheet("")
        self.requests.submit(
            self,
            stored,
            key="keys",
            done=lambda found: self._keys_read(profile, found),
            failed=lambda _error: self._keys_read(profile, dict.fromkeys(names)),
        )

    def _show_pending(self, profile: str, key: KeyName) -> bool:
        """Say that a key taken in this dialog waits for Save; ``False`` if there is none."""
        if not self.edit.key_pending(profile, key):
            return False
        label = self.labels[key]
        label.setText(self.tr("%1: will be stored on Save").replace("%1", self.key_name(key)))
        label.setStyleSheet("")
        return True

    def _keys_read(self, profile: str, found: dict[KeyName, bool | None]) -> None:
        if profile != self.selected():
            return
        for key, label in self.labels.items():
            name = self.key_name(key)
            stored = found.get(key)
            if self._show_pending(profile, key):
                continue
            if stored is None:
                label.setText(self.tr("%1: no usable password store").replace("%1", name))
                label.setStyleSheet(ERROR_STYLE)
            else:
                text = self.tr("%1: stored") if stored else self.tr("%1: not stored")
                if not stored and key != "loyalty":
                    text = self.tr("%1: not stored (optional)")
                label.setText(text.replace("%1", name))
                label.setStyleSheet("" if stored or key != "loyalty" else ERROR_STYLE)

    def set_key(self, key: KeyName) -> None:
        """Take a key; it is written to the password store on Save, not before (Cancel
        leaves the stored keys as they were)."""
        value, ok = QInputDialog.getText(
            self,
            self.tr("API key"),
            self.tr("The %1 key (kept in the OS password store):").replace("%1", key),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        problem = self.edit.take_key(self.selected(), key, value)
        if problem:
            QMessageBox.warning(self, self.tr("API key"), translate("Secrets", problem))
            self._reactivate_later()
            return
        self._show_pending(self.selected(), key)  # the others are as they were read

    def _reactivate_later(self) -> None:
        """A message box closed: take the keyboard back (no window manager on a till)."""
        self.window().raise_()
        self.window().activateWindow()
