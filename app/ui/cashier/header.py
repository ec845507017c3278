"""The top of the cashier window: the banners that are true now (training, a configuration
problem, a loyalty server on plain http) and one line with the profile, the server, the point
and the connection. The server address is elided in the middle with the whole in a tooltip;
the point is named in the cashier's words (the profile's ``point_name``, else the last four
characters of its ID), with the whole ID in a tooltip for IT."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from app.core.link.state import Link, LinkState
from app.core.link.till_clock import clock_notice
from app.core.settings.config_files import COMMAND_LINE_PROFILE
from app.ui.widgets.banner import banner, training_banner
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.labels import ERROR_STYLE, make_label
from app.ui.widgets.wrapping_label import WrappingLabel

if TYPE_CHECKING:
    from app.core.journal.reads import JournalCounts
    from app.core.link.session import Connection

POINT_TAIL = 4  # "…00f4": enough to tell tills apart at a glance ("…f4" looked like "…ff")
RECENT = timedelta(hours=12)  # "the last earn credited later at …" is shown this long


class Header(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.training_banner = training_banner()
        self.config_banner = banner("configBanner", "#b71c1c", 13)
        self.config_banner.setAccessibleName(self.tr("Configuration problem"))
        self.insecure_banner = banner("insecureBanner", "#b71c1c", 13)
        self.insecure_banner.setAccessibleName(self.tr("Insecure connection"))
        self.offline_banner = banner("offlineBanner", "#e65100", 13)
        self.offline_banner.setAccessibleName(self.tr("No connection"))
        self.handoff_banner = banner("handoffBanner", "#b71c1c", 13)
        self.handoff_banner.setAccessibleName(self.tr("POS hand-off"))
        self.mode = make_label("statusMode")
        self.server = ElidedLabel("statusServer")
        self.point = make_label("statusPoint")
        self.connection = WrappingLabel("statusConnection")
        self.clock = WrappingLabel("statusClock")
        self.clock.setStyleSheet("color: #e65100; font-weight: bold;")
        self.clock.setToolTip(
            self.tr(
                "Holds and the journal use the server's time, so sales are safe; ask IT to set "
                "the till's clock right."
            )
        )
        self.unsettled = WrappingLabel("statusJournal")
        self.queue = WrappingLabel("statusQueue")
        # Two lines: where the till works (profile, server, point, connection), then what
        # needs someone (the clock, operations to check, earns waiting), shown only when any.
        # Every label of the second line, and the connection's, wraps when it must rather than
        # widen the window: no state, in any language, makes it wider than its screen.
        line = QHBoxLayout()
        attention = QHBoxLayout()
        for row in (line, attention):
            row.setContentsMargins(4, 0, 4, 0)
            row.setSpacing(16)  # the words of neighbours never run together
        for label, name, row, stretch in (
            (self.mode, self.tr("Profile"), line, 0),
            (self.server, self.tr("Server"), line, 1),
            (self.point, self.tr("Point"), line, 0),
            (self.connection, self.tr("Connection"), line, 0),
            (self.clock, self.tr("Till clock"), attention, 0),
            (self.unsettled, self.tr("Unsettled operations"), attention, 0),
            (self.queue, self.tr("Earns waiting for the link"), attention, 0),
        ):
            label.setAccessibleName(name)
            row.addWidget(label, stretch)
        attention.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.config_banner)
        layout.addWidget(self.insecure_banner)
        layout.addWidget(self.offline_banner)
        layout.addWidget(self.handoff_banner)
        layout.addLayout(line)
        layout.addLayout(attention)

    def _profile_name(self, name: str) -> str:
        """The profile --base-url makes is "production" in the file; on screen, in words."""
        return self.tr("main") if name == COMMAND_LINE_PROFILE else name

    def show_state(
        self,
        connection: Connection | None,
        link: LinkState,
        *,
        training: bool,
        problem: str | None,
        counts: JournalCounts,
        clock_offset: float | None = None,
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
            self.point.setToolTip("")
        else:
            self.mode.setText(
                self.tr("Training")
                if connection.training
                else self.tr("Profile: %1").replace("%1", self._profile_name(connection.profile))
            )
            self.server.set_full_text(self.tr("Server %1").replace("%1", connection.base_url))
            self.point.setText(
                connection.point_name
                or self.tr("Till …%1").replace("%1", connection.point[-POINT_TAIL:])
            )
            self.point.setToolTip(self.tr("Point ID: %1").replace("%1", connection.point))
        self.connection.setText(self._link_words(link))
        self._show_outage(link)
        bad = link.link in (Link.OFFLINE, Link.NOT_CONNECTED)
        self.connection.setStyleSheet(ERROR_STYLE if bad else "color: #1b5e20;")
        notice = clock_notice(clock_offset)
        self.clock.setText(notice)
        self.clock.setVisible(bool(notice))
        unsettled = counts.unsettled
        self.unsettled.setText(
            self.tr("Need checking: %1 (F11)").replace("%1", str(unsettled)) if unsettled else ""
        )
        self.unsettled.setVisible(bool(unsettled))
        self.unsettled.setStyleSheet(ERROR_STYLE if unsettled else "")
        self._show_queue(counts.queued, counts.last_posted)

    def show_handoff_closed(self, why: str) -> None:
        """The POS cannot hand sales to this till for the rest of the run: said for as long
        as it is true, not in a dialog the cashier closes and forgets."""
        self.handoff_banner.setText(why)
        self.handoff_banner.show()

    def _link_words(self, state: LinkState) -> str:
        if state.link is Link.OFFLINE and state.offline_since is not None:
            since = datetime.fromtimestamp(state.offline_since).strftime("%H:%M")
            if state.unreachable:
                return self.tr("No connection to the server since %1").replace("%1", since)
            return self.tr("The server is failing since %1").replace("%1", since)
        return {
            Link.CONNECTING: self.tr("Connecting…"),
            Link.READY: self.tr("Ready"),
            Link.CONNECTED: self.tr("Connected"),
            Link.OFFLINE: self.tr("No connection to the server"),
            Link.NOT_CONNECTED: self.tr("Not connected"),
        }[state.link]

    def _show_outage(self, state: LinkState) -> None:
        """The one banner of degraded mode: what works and what does not, and since when. A
        server out of reach allows the offline earn; a failing one (it answers with errors,
        or not in time) allows nothing, as a write to it may arrive."""
        if state.link is not Link.OFFLINE:
            self.offline_banner.hide()
            return
        if state.unreachable:
            text = self.tr(
                "NO CONNECTION TO THE LOYALTY SERVER. Customers can still earn: the amount, F4, "
                "F9; points are credited when the link is back. Nothing can be spent."
            )
        else:
            text = self.tr(
                "THE LOYALTY SERVER IS FAILING: it answers with errors or not in time. Try "
                "again in a minute; nothing can be recorded offline meanwhile."
            )
        self.offline_banner.setText(text)
        self.offline_banner.show()

    def _show_queue(self, queued: int, last_posted: datetime | None) -> None:
        if queued:
            text = self.tr("Earns waiting for the link: %1").replace("%1", str(queued))
        elif last_posted is not None and datetime.now().astimezone() - last_posted < RECENT:
            text = self.tr("Earns credited later: the last at %1").replace(
                "%1", last_posted.strftime("%H:%M")
            )
        else:
            text = ""
        self.queue.setText(text)
        self.queue.setVisible(bool(text))
        self.queue.setStyleSheet("color: #e65100; font-weight: bold;" if queued else "")
