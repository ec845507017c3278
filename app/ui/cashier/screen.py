"""The cashier's screen, top to bottom: the connection header, the search row, the next step,
the card beside the sale panel, and the result with the two keys that end a sale. Below
``COMPACT_BELOW`` px high every part gives up some air, so that nothing is cut on a 1024×600
touch terminal; every target stays finger-sized (44 px).

The card and the panel sit in a scroll area: when banners pile up (training, a configuration
problem, an outage and a closed POS hand-off at once on a 600-px screen) they scroll, and the
window never grows past its screen; the search row and the keys that end a sale stay put."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.ui.cashier.checkout_panel import CheckoutPanel, SaleActions
from app.ui.cashier.header import Header
from app.ui.cashier.search_bar import SearchBar
from app.ui.widgets.client_card import ClientCard
from app.ui.widgets.labels import named

COMPACT_BELOW = 700  # px of window height: a 1024×600 terminal gets the compact layout
NEXT_STEP_STYLE = "background: #e3f2fd; color: #0d47a1; font-weight: bold;"


class CashierScreen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = Header()
        self.bar = SearchBar()
        self.next_step = named(QLabel(), "nextStep", self.tr("Next step"))
        self.next_step.setWordWrap(True)
        self.card = ClientCard()
        self.panel = CheckoutPanel()
        self.sale = SaleActions()
        self._compact: bool | None = None
        content = QWidget()
        content.setObjectName("cardAndPanel")
        middle = QHBoxLayout(content)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.card, 2)
        middle.addWidget(self.panel, 3)
        self.middle = QScrollArea()
        self.middle.setObjectName("cardAndPanelScroll")
        self.middle.setWidget(content)
        self.middle.setWidgetResizable(True)
        self.middle.setFrameShape(QFrame.Shape.NoFrame)
        self.middle.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.middle.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        self._layout = QVBoxLayout(self)
        for widget in (self.header, self.bar, self.next_step):
            self._layout.addWidget(widget)
        self._layout.addWidget(self.middle, 1)
        self._layout.addWidget(self.sale)

    def fit(self, height: int) -> None:
        """The compact layout below ``COMPACT_BELOW`` px of window height, else the roomy one."""
        compact = height < COMPACT_BELOW
        if compact == self._compact:
            return
        self._compact = compact
        size, padding = (13, 3) if compact else (15, 6)
        self.next_step.setStyleSheet(
            f"{NEXT_STEP_STYLE} font-size: {size}pt; padding: {padding}px;"
        )
        self._layout.setSpacing(3 if compact else 6)
        self.bar.spacing(3 if compact else 6)  # between the search row and its problem
        margin = 4 if compact else 9
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self.card.compact(compact)
        self.panel.compact(compact)
        self.sale.compact(compact)
