"""What the teller answers instead of an operation: a lost reply it reconciled (with the
verdict), or a refusal before anything was sent (the balance unread, the journal unwritable,
the customer's previous sale still being checked, or that sale proved to have gone through)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import ApiError, OutcomeUnknown
from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.core.journal.entry import Entry, Verdict
from app.core.journal.store import JournalUnwritable

if TYPE_CHECKING:
    from app.api.models import Retail


VERDICT_MESSAGES = {
    Verdict.NOT_HAPPENED: QT_TRANSLATE_NOOP(
        "Teller",
        "The server did not answer, but the balance has not changed: the operation did not "
        "happen. You may repeat it.",
    ),
    Verdict.CHECKING: QT_TRANSLATE_NOOP(
        "Teller",
        "The server did not answer. Still checking whether the operation went through: do not "
        "repeat it yet. The screen will say when it is known.",
    ),
    Verdict.UNDECIDED: QT_TRANSLATE_NOOP(
        "Teller",
        "Cannot tell whether the operation happened. Do not repeat it: the manager will check "
        "it in the journal.",
    ),
}


class ReconciledUnknown(OutcomeUnknown):
    """A retail whose reply was lost, after the teller re-read the customer."""

    def __init__(
        self, cause: ApiError, verdict: Verdict, entry_id: int, *, server_reachable: bool = False
    ) -> None:
        super().__init__(cause)
        self.verdict = verdict
        self.entry_id = entry_id
        self.server_reachable = server_reachable  # the re-read after the failure worked

    def user_message(self) -> str:
        return translate("Teller", VERDICT_MESSAGES[self.verdict])


class TellerRefusal(ApiError):
    """Nothing was sent, for a reason of the teller's (messages of context ``Teller``)."""

    def user_message(self) -> str:
        return translate("Teller", self.message_source)


class BalanceUnread(TellerRefusal):
    """The balance could not be read before a retail; nothing was sent."""

    message_source = QT_TRANSLATE_NOOP(
        "Teller",
        "Could not read the balance before the sale, so nothing was sent. F9 sends it anyway: "
        "if its reply is then lost, only the manager can tell whether it went through.",
    )

    def __init__(self, cause: ApiError) -> None:
        super().__init__(f"balance before retail not read: {cause.log_line()}", api="loyalty")
        self.cause = cause

    @property
    def server_away(self) -> bool:
        """No connection could be made (refused, no such host, connect timeout): sending
        without the balance would go to a server that is not there, so F9 reads it again.
        A server that answers slowly or wrongly may still take the retail: the cashier may
        choose to send it without the balance."""
        return self.cause.never_left


class ServerAway(BalanceUnread):
    """The balance read before a retail could not reach the server; nothing was sent."""

    message_source = QT_TRANSLATE_NOOP(
        "Teller",
        "The loyalty server does not answer, so nothing was sent. F9 tries again; Esc serves "
        "the next customer.",
    )


class JournalRefused(TellerRefusal):
    """The journal could not record the intent, so nothing was sent (write-ahead)."""

    message_source = QT_TRANSLATE_NOOP(
        "Teller",
        "Nothing was sent: the journal cannot be written right now (the disk is full, or "
        "another program holds the file). Try again in a minute; if it goes on, call technical "
        "support.",
    )

    def __init__(self, cause: JournalUnwritable) -> None:
        super().__init__(f"journal refused the intent: {cause}", api="loyalty")


class StillChecking(TellerRefusal):
    """The customer's previous retail is inside its settle window; nothing was sent."""

    message_source = QT_TRANSLATE_NOOP(
        "Teller",
        "This customer's previous operation is still being checked. Wait until the screen "
        "says whether it went through; nothing was sent.",
    )

    def __init__(self, entry_id: int) -> None:
        super().__init__(f"retail {entry_id} still being checked", api="loyalty")
        self.entry_id = entry_id


class EarlierOperationHappened(TellerRefusal):
    """The balance read before a retail proves the customer's earlier, unanswered retail went
    through; the new one was not sent."""

    message_source = QT_TRANSLATE_NOOP(
        "Teller",
        "Not sent: the balance shows that the previous operation for this customer did go "
        "through after all. Check the journal before doing anything else.",
    )

    def __init__(self, entry: Entry, verdict: Verdict) -> None:
        super().__init__(f"retail {entry.id} proved {verdict} by a later read", api="loyalty")
        self.entry = entry
        self.verdict = verdict

    @property
    def retail(self) -> Retail:
        """The earlier operation, as the balance proved it."""
        return proved_retail(self.entry, self.verdict)


def proved_retail(entry: Entry, verdict: Verdict) -> Retail:
    """The operation a balance proved: what was asked, since the reply never came."""
    from app.api.models import Retail

    amount, spend = entry.amount or Decimal(0), entry.spend or Decimal(0)
    if verdict is Verdict.SPENT:
        return Retail(amount=amount, total=amount - spend, type="cashback", spend=spend)
    return Retail(amount=amount, total=amount, type="cashback", earn=entry.points or Decimal(0))
