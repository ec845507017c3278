"""The top of the cashier window: the banners that are true now (training, a configuration
problem, a loyalty server on plain http) and one line with the profile, the server, the point
and the connection. The server address is elided in the middle with the whole in a tooltip;
the point ID is always whole (``…f4`` and ``…ff`` must not look alike)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.config_files import COMMAND_LINE_PROFILE
from app.core.link import Link
from app.core.till_clock import clock_notice
from app.ui.checkout_panel import ERROR_STYLE, make_label
from app.ui.elided_label import ElidedLabel

if TYPE_CHECKING:
    from app.core.session import Connection

BANNER = "color: white; font-weight: bold; padding: 6px;"


def banner(name: str, background: str, size: int) -> QLabel:
    label = make_label(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)  # never wider than a 1024-pixel screen
    label.setStyleSheet(f"background: {background}; font-size: {size}pt; {BANNER}")
    label.hide()
    return label


class Header(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.training_banner = banner("trainingBanner", "#ff6f00", 13)
        self.training_banner.setText(
            self.tr("TRAINING MODE: demo server, no real points are spent or earned")
        )
        self.training_banner.setAccessibleName(self.tr("Training mode"))
        self.config_banner = banner("configBanner", "#b71c1c", 13)
        self.config_banner.setAccessibleName(self.tr("Configuration problem"))
        self.insecure_banner = banner("insecureBanner", "#b71c1c", 13)
        self.insecure_banner.setAccessibleName(self.tr("Insecure connection"))
        self.mode = make_label("statusMode")
        self.server = ElidedLabel("statusServer")
        self.point = make_label("statusPoint")
        self.connection = make_label("statusConnection")
        self.clock = make_label("statusClock")
        self.clock.setStyleSheet("color: #e65100; font-weight: bold;")
        self.clock.setToolTip(
            self.tr(
                "Holds and the journal use the server's time, so sales are safe; ask IT to set "
                "the till's clock right."
            )
        )
        self.unsettled = make_label("statusJournal")
        line = QHBoxLayout()
        line.setContentsMargins(4, 0, 4, 0)
        line.setSpacing(16)  # the words of neighbours never run together
        for label, name, stretch in (
            (self.mode, self.tr("Profile"), 0),
            (self.server, self.tr("Server"), 1),
            (self.point, self.tr("Point"), 0),
            (self.connection, self.tr("Connection"), 0),
            (self.clock, self.tr("Till clock"), 0),
            (self.unsettled, self.tr("Unsettled operations"), 0),
        ):
            label.setAccessibleName(name)
            line.addWidget(label, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.config_banner)
        layout.addWidget(self.insecure_banner)
        layout.addLayout(line)

    def _profile_name(self, name: str) -> str:
        """The profile --base-url makes is "production" in the file; on screen, in words."""
        return self.tr("main") if name == COMMAND_LINE_PROFILE else name

    def show_state(
        self,
        connection: Connection | None,
        link: Link,
        *,
        training: bool,
        problem: str | None,
        unsettled: int,
        clock_offset: float | None = None,
        offline_since: float | None = None,
    ) -> None:
        self.training_banner.setVisible(training)
        self.config_banner.setText(problem or "")
        self.config_banner.setVisible(bool(problem))
        insecure = connection.insecure if connection is not None else ()
        self.insecure_banner.setText(
            self.tr(
                "NOT PROTECTED: %1 is on plain http; keys and customers' data travel in the "
                "clear. Tell IT."
            ).replace("%1", ", ".join(insecure))
        )
        self.insecure_banner.setVisible(bool(insecure) and not training)
        if connection is None:
            self.mode.setText(self.tr("Training") if training else self.tr("Production"))
            self.server.set_full_text("")
            self.point.clear()
        else:
            self.mode.setText(
                self.tr("Training")
                if connection.training
                else self.tr("Profile: %1").replace("%1", self._profile_name(connection.profile))
            )
            self.server.set_full_text(self.tr("Server %1").replace("%1", connection.base_url))
            self.point.setText(self.tr("Point %1").replace("%1", connection.point))
        words = {
            Link.CONNECTING: self.tr("Connecting…"),
            Link.READY: self.tr("Ready"),
            Link.CONNECTED: self.tr("Connected"),
            Link.OFFLINE: self.tr("No connection to the server"),
            Link.NOT_CONNECTED: self.tr("Not connected"),
        }
        if link is Link.OFFLINE and offline_since is not None:
            since = datetime.fromtimestamp(offline_since).strftime("%H:%M")
            words[Link.OFFLINE] = self.tr("No connection to the server since %1").replace(
                "%1", since
            )
        self.connection.setText(words[link])
        bad = link in (Link.OFFLINE, Link.NOT_CONNECTED)
        self.connection.setStyleSheet(ERROR_STYLE if bad else "color: #1b5e20;")
        notice = clock_notice(clock_offset)
        self.clock.setText(notice)
        self.clock.setVisible(bool(notice))
        self.unsettled.setText(
            self.tr("Need checking: %1 (F11)").replace("%1", str(unsettled)) if unsettled else ""
        )
        self.unsettled.setStyleSheet(ERROR_STYLE if unsettled else "")
