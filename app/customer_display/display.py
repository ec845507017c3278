"""The customer display follows the till: the sale's state when it changes, and its events
(the ones the POS hand-off follows) for when a result gives way to the welcome again."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.base.i18n import translate
from app.core.sale.customer_facing import CustomerFacing, Moment, customer_facing
from app.core.sale.effects import CustomerLeft, CustomerShown, SaleEnded, SaleQueued
from app.customer_display.pole import PoleDisplay, lines
from app.customer_display.window import CustomerWindow

if TYPE_CHECKING:
    from app.ui.cashier.controller import TillController

log = logging.getLogger(__name__)

RESULT_MS = 8000  # a result stays this long for the customer, then the welcome again


class CustomerDisplay(QObject):
    """What ``till`` sells, on ``window`` (a second screen) and/or ``pole`` (a 2×20 VFD)."""

    def __init__(
        self,
        till: TillController,
        *,
        training: bool,
        window: CustomerWindow | None = None,
        pole: PoleDisplay | None = None,
        language: str = "ru",
        idle_text: str = "",
    ) -> None:
        super().__init__(till)
        self.till, self.training = till, training
        self.window, self.pole = window, pole
        self.language, self.idle_text = language, idle_text
        self.resting = False  # a result shown its time: the welcome until the next customer
        self.shown: Moment | None = None  # the moment on display, logged when it changes
        self._rest = QTimer(self, singleShot=True, interval=RESULT_MS)
        self._rest.timeout.connect(self._to_rest)
        self._tick = QTimer(self, interval=1000)  # a hold's countdown
        self._tick.timeout.connect(self.refresh)
        till.changed.connect(self.refresh)
        till.happened.connect(self._happened)
        self.refresh()

    def view(self) -> CustomerFacing:
        view = customer_facing(self.till.checkout, training=self.training)
        if self.resting and view.moment in (Moment.RESULT, Moment.QUEUED, Moment.IN_DOUBT):
            return CustomerFacing(Moment.IDLE, training=self.training)
        return view

    def refresh(self) -> None:
        view = self.view()
        if view.moment is not self.shown:
            log.info("customer display: %s", view.moment.value)
            self.shown = view.moment
        counting = view.hold_seconds is not None
        if counting and not self._tick.isActive():
            self._tick.start()
        elif not counting:
            self._tick.stop()
        if self.window is not None:
            self.window.show_view(view)
        if self.pole is not None:
            self.pole.show(*lines(view, translate, self.language, self.idle_text))

    def _happened(self, event: object) -> None:
        if isinstance(event, SaleEnded | SaleQueued):
            self.resting = False
            self._rest.start()
        elif isinstance(event, CustomerShown | CustomerLeft):
            self._rest.stop()
            self.resting = False
        self.refresh()

    def _to_rest(self) -> None:
        self.resting = True
        self.refresh()
