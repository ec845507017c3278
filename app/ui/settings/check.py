"""The settings dialog's connection test: every API of the profile shown, tried in the
background, one line each (✔ ⚠ ✘ –) with the reason IT needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget

from app.api.errors import ApiError
from app.core.link.connection_check import CheckResult, Verdict, check_all
from app.ui.background.requests import Requests
from app.ui.widgets.labels import make_label, named

if TYPE_CHECKING:
    from app.core.settings.model import Profile
    from app.core.settings.secrets import Secrets

MARKS = {Verdict.OK: "✔", Verdict.WARNING: "⚠", Verdict.FAILED: "✘", Verdict.SKIPPED: "–"}


class ConnectionTest(QObject):
    """A button and a results line for the dialog to place; ``profile`` gives what to test."""

    def __init__(
        self,
        profile: Callable[[], tuple[str, Profile] | str | None],
        secrets: Secrets,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.secrets = secrets
        self.requests = Requests.of(parent)
        self.button = named(
            QPushButton(self.tr("Test connection")), "settingsTest", self.tr("Test connection")
        )
        self.button.clicked.connect(self.run)
        self.results = make_label("settingsTestResults")
        self.results.setWordWrap(True)

    def run(self) -> None:
        wanted = self.profile()
        if wanted is None:
            return
        if isinstance(wanted, str):
            self.results.setText(wanted)
            return
        (name, profile), get_key = wanted, self.secrets.get
        self.button.setEnabled(False)
        self.results.setText(self.tr("Testing…"))
        self.requests.submit(
            self,
            lambda: check_all(name, profile, get_key),
            key="check",
            done=self._checked,
            failed=self._failed,
        )

    def _failed(self, error: ApiError) -> None:
        """The check itself broke (not an API's answer): say so and allow another try."""
        self.button.setEnabled(True)
        self.results.setText(self.tr("The test could not run: %1").replace("%1", error.detail))

    def _checked(self, results: list[CheckResult]) -> None:
        self.button.setEnabled(True)
        names = {
            "loyalty": self.tr("Loyalty server"),
            "clock": self.tr("Till clock"),
            "history": self.tr("Bonus history"),
            "invitation": self.tr("Invitation"),
            "imshop": "IMSHOP",
            "partner": self.tr("Partner"),
            "keyring": self.tr("Password store"),
            "tls": "TLS",
        }
        lines = []
        for result in results:
            line = f"{MARKS[result.verdict]} {names.get(result.api, result.api)}: {result.text()}"
            if result.verdict is Verdict.FAILED and result.detail:
                line += f" [{result.detail[:160]}]"  # the HTTP status or TLS reason, for IT
            lines.append(line)
        self.results.setText("\n".join(lines))
