"""What the cashier reads about the checkout: the next step, the preview, the hold, the result
and the confirmation's summary, each made from the checkout's state alone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QObject

from app.base.privacy import mask_lookup
from app.core.ledger.teller_errors import EarlierOperationHappened
from app.core.link.state import link_down
from app.core.sale.checkout import Checkout
from app.core.sale.messages import Level, Message
from app.core.sale.state import HoldStatus, Phase, RecentSale, Sale
from app.ui.widgets import format as fmt

WARN_SECONDS = 60  # the hold's countdown turns into a warning below this


class CheckoutText(QObject):
    def next_step(self, c: Checkout, *, ready: bool) -> str:
        """The one line that always says what to do now."""
        if not ready:
            return self.tr("Connecting to the server…")
        if c.phase is Phase.IDLE:
            return self.tr("Scan the card or type a phone, card number or app code, then Enter")
        if c.phase is Phase.SEARCHING:
            return self.tr("Looking for the customer…")
        if c.phase is Phase.SUBMITTING:
            return self.tr("Sending the operation: wait for the result")
        if c.phase is Phase.CHECKING:
            return self.tr("Checking whether the operation went through: do not repeat it")
        if c.phase is Phase.DONE:
            return self.tr("Done: give the customer the result; Esc or a scan for the next one")
        if c.phase is Phase.UNKNOWN:
            return self.tr("Do not repeat the operation: the manager checks it. Esc: next")
        if c.phase is Phase.QUEUED:
            return self.tr("Earn recorded: the customer pays in full. Esc or a scan: next")
        if c.phase is Phase.OFFLINE:
            if c.amount is None:
                return self.tr("No connection: type the amount (F3) to record an earn")
            if c.amount_problem:
                return self.tr("Correct the marked field")
            return self.tr("F9: record the earn; the points are credited when the link is back")
        if c.amount is None:
            return self.tr("Type the purchase amount (F3)")
        if c.field_errors or c.amount_problem:
            return self.tr("Correct the marked field")
        if c.recalc is None:
            return self.tr("Calculating the points…")
        if c.is_discount:
            return self.tr("F9: confirm the discount")
        return self.tr("Earn (F4), spend the maximum (F6) or type points (F7); F9: confirm")

    def preview(self, c: Checkout) -> str:
        if c.phase in (Phase.OFFLINE, Phase.QUEUED):
            return ""  # nobody to ask: the banner and the next step say what holds
        if c.phase in (Phase.DONE, Phase.UNKNOWN, Phase.CHECKING, Phase.SUBMITTING):
            return ""  # the preview was for the sale made (or sent): its result says what holds
        if c.recalc is None:
            if c.amount is not None and c.error is None:
                return self.tr("Calculating…")
            if c.amount is not None and c.error is not None and not c.field_errors:
                return c.error.user_message()
            return ""
        r = c.recalc
        if c.is_discount:
            return (
                self.tr("Discount %1%: %2")
                .replace("%1", fmt.points(r.percent))
                .replace("%2", fmt.money(c.discount))
            )
        return (
            self.tr("Spend up to %1 points or earn %2 points (%3%)")
            .replace("%1", fmt.points(r.spend))
            .replace("%2", fmt.points(r.earn))
            .replace("%3", fmt.points(r.percent))
        )

    def to_pay(self, c: Checkout) -> tuple[str, str]:
        """The large "to pay" and the line under it: what this sale spends or earns."""
        if c.phase in (Phase.OFFLINE, Phase.QUEUED) and c.amount is not None:
            points = self.tr("Points: credited when the link is back")
            if c.queued_fate is not None:
                credited, earned = c.queued_fate
                points = (
                    self.tr("Earned %1 points.").replace("%1", fmt.points(earned or Decimal(0)))
                    if credited
                    else self.tr("Points: not credited (the manager settles it)")
                )
            return self.tr("To pay: %1").replace("%1", fmt.money(c.amount)), points
        if c.to_pay is None or c.client is None:
            return "", ""
        if c.is_discount:
            points = self.tr("Discount: %1").replace("%1", fmt.money(c.discount))
        elif c.spend > 0:
            points = self.tr("Spend %1 points").replace("%1", fmt.points(c.spend))
        else:
            points = self.tr("Earn %1 points").replace("%1", fmt.points(c.earn))
        return self.tr("To pay: %1").replace("%1", fmt.money(c.to_pay)), points

    def hold(self, c: Checkout) -> tuple[str, Level | None]:
        hold = c.hold
        if hold is None:
            return "", None
        if hold.status is HoldStatus.PENDING:
            return self.tr("Holding %1 points…").replace("%1", fmt.points(hold.amount)), None
        seconds = c.hold_left()
        if seconds is not None:
            left = int(seconds + 0.999)  # 0:01 until it is really over
            text = (
                self.tr("%1 points held · %2 left")
                .replace("%1", fmt.points(hold.amount))
                .replace("%2", f"{left // 60}:{left % 60:02d}")
            )
            if left <= WARN_SECONDS:
                return text + " · " + self.tr("the hold ends in under a minute!"), Level.WARNING
            return text, None
        if hold.status is HoldStatus.EXPIRED:
            return self.tr("The hold expired; the points are free again."), Level.ERROR
        if hold.status is HoldStatus.RELEASED:
            return self.tr("The hold was released."), None
        if c.phase is Phase.DONE:
            return self.tr("The held points were used by this operation."), None
        return self.tr("The hold ended: an operation was made at this point."), Level.ERROR

    def result(self, c: Checkout) -> list[str]:
        """The result panel's lines after a sale (empty before one)."""
        r = c.result
        if r is None:
            return []
        lines = [self.tr("Purchase confirmed.")]
        if isinstance(c.error, EarlierOperationHappened):
            lines = [c.error.user_message()]
        if r.type == "discount":
            discount = max(r.amount - r.total, Decimal(0))
            lines.append(self.tr("Discount: %1").replace("%1", fmt.money(discount)))
        elif r.spend:
            lines.append(self.tr("Spent %1 points.").replace("%1", fmt.points(r.spend)))
        elif r.earn:
            lines.append(self.tr("Earned %1 points.").replace("%1", fmt.points(r.earn)))
        lines.append(self.tr("To pay: %1").replace("%1", fmt.money(r.total)))
        if c.balance_after is not None and r.type != "discount":
            lines.append(
                self.tr("New balance: %1 points").replace("%1", fmt.points(c.balance_after))
            )
        return lines

    def summary(
        self, c: Checkout, sale: Sale, earlier: RecentSale | None = None
    ) -> list[tuple[str, str]]:
        """The confirmation's lines, from ``sale`` (exactly what F9 sends): who, how much,
        what it spends or earns, and warnings."""
        if sale.offline:
            return [
                (self.tr("Customer"), mask_lookup(c.lookup)),
                (self.tr("Amount"), fmt.money(sale.amount)),
                (self.tr("To pay"), fmt.money(sale.to_pay)),
                (
                    self.tr("No connection"),
                    self.tr(
                        "The points will be credited when the link is back; nothing can be "
                        "spent now."
                    ),
                ),
            ]
        assert c.client is not None
        lines = [(self.tr("Customer"), c.client.name), (self.tr("Amount"), fmt.money(sale.amount))]
        if c.is_discount:
            lines.append((self.tr("Discount"), fmt.money(sale.discount)))
        elif sale.spend > 0:
            lines.append(
                (self.tr("Spend"), self.tr("%1 points").replace("%1", fmt.points(sale.spend)))
            )
        else:
            lines.append(
                (self.tr("Earn"), self.tr("%1 points").replace("%1", fmt.points(sale.earn)))
            )
        lines.append((self.tr("To pay"), fmt.money(sale.to_pay)))
        if earlier is not None:
            made = self.tr("spent %1 points").replace("%1", fmt.points(earlier.spend))
            if earlier.spend == 0:
                made = self.tr("earned %1 points").replace("%1", fmt.points(earlier.earn))
            lines.append(
                (
                    self.tr("Warning"),
                    self.tr(
                        "The same purchase was already made for this customer at %1: %2, %3. "
                        "Is this another purchase? Enter goes back; F9 confirms it anyway."
                    )
                    .replace("%1", datetime.fromtimestamp(earlier.wall).strftime("%H:%M"))
                    .replace("%2", fmt.money(earlier.amount))
                    .replace("%3", made),
                )
            )
        if c.repeat_warning:
            lines.append(
                (
                    self.tr("Warning"),
                    self.tr(
                        "The last attempt got no answer; by the balance it did not happen. "
                        "Confirming sends it once more."
                    ),
                )
            )
        if c.without_balance:
            lines.append(
                (
                    self.tr("Warning"),
                    self.tr(
                        "The balance could not be read. If the reply to this operation is lost, "
                        "only the manager can tell whether it went through."
                    ),
                )
            )
        return lines

    def result_panel(self, c: Checkout, action: Message | None) -> tuple[list[str], str]:
        """The result panel's lines and their kind (info, done, warning, error)."""
        error = c.error.user_message() if c.error is not None else ""
        if c.phase is Phase.SUBMITTING:
            return [self.tr("Sending the operation…")], "info"
        if c.phase is Phase.DONE:
            return self.result(c), "done"
        if c.phase is Phase.QUEUED and c.amount is not None and c.queued_fate is not None:
            credited, points = c.queued_fate
            if not credited:
                return [
                    self.tr(
                        "The earn was not credited: the server did not find the customer or "
                        "refused it. The manager settles it in the journal (F11)."
                    )
                ], "error"
            lines = [self.tr("Earn credited.")]
            if points:
                lines.append(self.tr("Earned %1 points.").replace("%1", fmt.points(points)))
            lines.append(self.tr("To pay: %1").replace("%1", fmt.money(c.amount)))
            return lines, "done"
        if c.phase is Phase.QUEUED and c.amount is not None:
            return [
                self.tr("Earn recorded, not yet credited."),
                self.tr("To pay: %1").replace("%1", fmt.money(c.amount)),
                self.tr("The points are credited when the link is back."),
            ], "warning"
        if c.phase is Phase.OFFLINE and c.error is not None and not link_down(c.error):
            return [error], "error"  # the journal refused to record the earn
        if c.phase is Phase.CHECKING and error:
            return [error], "warning"
        if c.phase is Phase.UNKNOWN and error:
            return [error], "error"
        if action is not None:
            return [action.text], "error"
        if c.phase is Phase.CUSTOMER and error and c.recalc is not None:
            return [error], "error"
        return [], "info"
