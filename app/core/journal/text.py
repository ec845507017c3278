"""The journal in the manager's words: one wording for the window and the CSV.

Each entry gets an outcome ("done", "refused", "checking", …), the figures that count (spent
and earned only for a purchase that went through, so that sums in Excel match the window's
totals), the figures that were only attempted, and a details sentence; the technical reason
stays in the entry for support (a tooltip in the window).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.core.journal.entry import Entry, Fate, Kind, State, Verdict

CONTEXT = "Journal"

KINDS = {
    Kind.HOLD: QT_TRANSLATE_NOOP("Journal", "hold"),
    Kind.RELEASE: QT_TRANSLATE_NOOP("Journal", "release"),
    Kind.RETAIL: QT_TRANSLATE_NOOP("Journal", "purchase"),
    Kind.ENROL: QT_TRANSLATE_NOOP("Journal", "partner promotion"),
}

TRAINING = QT_TRANSLATE_NOOP("Journal", " (training)")

HOLD_STATES = {
    "held": QT_TRANSLATE_NOOP("Journal", "held"),
    "expired": QT_TRANSLATE_NOOP("Journal", "expired unused"),
    Fate.USED: QT_TRANSLATE_NOOP("Journal", "used by the sale"),
    Fate.RELEASED: QT_TRANSLATE_NOOP("Journal", "released"),
    Fate.ENDED: QT_TRANSLATE_NOOP("Journal", "ended by another operation"),
}


@dataclass(frozen=True)
class Row:
    """One entry as the manager reads it."""

    kind: str
    outcome: str
    spent: Decimal | None  # counted: a purchase that went through
    earned: Decimal | None
    attempted: str  # what an operation that did not (or may not have) go through tried
    details: str
    needs_attention: bool


def _t(source: str) -> str:
    return translate(CONTEXT, source)


def outcome(entry: Entry, now: float | None = None) -> str:
    """The entry's outcome in a word or two; ``now`` (the till's clock) tells a hold that
    expired from one still held."""
    if entry.decided_by is not None:
        return _decided(entry)
    if entry.proved_late is not None:
        return _t(QT_TRANSLATE_NOOP("Journal", "went through late: check for a repeat"))
    if entry.kind is Kind.HOLD and entry.state is State.DONE:
        state = entry.hold_state(time.time() if now is None else now)
        return _t(HOLD_STATES[state])
    if entry.offline:
        offline = _offline_outcome(entry)
        if offline:
            return offline
    if entry.state is State.PENDING:
        return _t(QT_TRANSLATE_NOOP("Journal", "interrupted"))
    if entry.verdict in (Verdict.SPENT, Verdict.EARNED):
        # The reply was lost and the till found out afterwards (from the balance): the
        # manager's words for it, not the mechanism's (#35)
        return _t(QT_TRANSLATE_NOOP("Journal", "done (confirmed afterwards)"))
    if entry.verdict is Verdict.NOT_HAPPENED:
        return _t(QT_TRANSLATE_NOOP("Journal", "did not happen"))
    if entry.verdict is Verdict.CHECKING:
        return _t(QT_TRANSLATE_NOOP("Journal", "checking"))
    if entry.state is State.UNKNOWN and not entry.settled:
        return _t(QT_TRANSLATE_NOOP("Journal", "needs checking"))
    if entry.state is State.UNKNOWN:
        return _t(QT_TRANSLATE_NOOP("Journal", "unknown, nothing to do"))
    return {
        State.DONE: _t(QT_TRANSLATE_NOOP("Journal", "done")),
        State.REJECTED: _t(QT_TRANSLATE_NOOP("Journal", "refused")),
        State.FAILED: _t(QT_TRANSLATE_NOOP("Journal", "not sent")),
    }[entry.state]


def _decided(entry: Entry) -> str:
    """Settled by a person, never "confirmed afterwards": the manager's word."""
    if entry.verdict in (Verdict.SPENT, Verdict.EARNED):
        return _t(QT_TRANSLATE_NOOP("Journal", "done (decided by the manager)"))
    return _t(QT_TRANSLATE_NOOP("Journal", "did not happen (decided by the manager)"))


def _offline_outcome(entry: Entry) -> str:
    """An earn recorded without a connection: waiting, credited later, or not credited."""
    if entry.state is State.QUEUED:
        return _t(QT_TRANSLATE_NOOP("Journal", "waiting for the link"))
    if entry.state is State.DONE:
        return _t(QT_TRANSLATE_NOOP("Journal", "credited later"))
    if entry.state in (State.REJECTED, State.FAILED):
        return _t(QT_TRANSLATE_NOOP("Journal", "not credited"))
    return ""


def _offline_details(entry: Entry) -> str:
    recorded = entry.created.strftime("%H:%M")
    if entry.state is State.QUEUED:
        text = QT_TRANSLATE_NOOP(
            "Journal", "recorded without a connection at %1; credited when the link is back"
        )
        return _t(text).replace("%1", recorded)
    if entry.state is State.DONE and entry.posted is not None and entry.verdict is None:
        text = QT_TRANSLATE_NOOP("Journal", "recorded without a connection at %1, credited at %2")
        return _t(text).replace("%1", recorded).replace("%2", entry.posted.strftime("%H:%M"))
    if entry.state in (State.REJECTED, State.FAILED):
        text = QT_TRANSLATE_NOOP(
            "Journal",
            "recorded without a connection at %1; the server did not credit it (the customer "
            "not found, or refused): credit it in the loyalty program, then settle it",
        )
        return _t(text).replace("%1", recorded)
    return ""


def details(entry: Entry) -> str:
    """Why the entry is as it is, in a sentence."""
    if entry.decided_by is not None:
        text = QT_TRANSLATE_NOOP("Journal", "settled by the manager: %1")
        return _t(text).replace("%1", entry.reason)
    if entry.proved_late is not None:
        text = QT_TRANSLATE_NOOP(
            "Journal",
            "judged «did not happen», but a balance read at %1 shows the server made it "
            "later: check whether it was made again, then settle it",
        )
        return _t(text).replace("%1", entry.proved_late.strftime("%H:%M"))
    if entry.kind is Kind.RELEASE and entry.state is State.DONE:
        return _t(QT_TRANSLATE_NOOP("Journal", "the hold was released; its points are free"))
    if entry.offline and (offline := _offline_details(entry)):
        return offline
    if entry.state is State.PENDING:
        return _t(QT_TRANSLATE_NOOP("Journal", "the program stopped before the answer came"))
    if entry.state is State.REJECTED:
        return _t(QT_TRANSLATE_NOOP("Journal", "the server refused it; nothing happened"))
    if entry.state is State.FAILED:
        return _t(QT_TRANSLATE_NOOP("Journal", "no connection; nothing was sent"))
    if entry.state is State.DONE and entry.verdict is None:
        return ""
    if entry.kind is Kind.ENROL:
        return _t(
            QT_TRANSLATE_NOOP(
                "Journal",
                "no answer; enrolling again is harmless: the partner recognises the email",
            )
        )
    if entry.kind in (Kind.HOLD, Kind.RELEASE):
        return _t(QT_TRANSLATE_NOOP("Journal", "no answer; a hold ends by itself in time"))
    balances = ""
    if entry.balance_before is not None and entry.balance_after is not None:
        balances = " " + _t(QT_TRANSLATE_NOOP("Journal", "(balance %1 → %2)")).replace(
            "%1", plain_number(entry.balance_before)
        ).replace("%2", plain_number(entry.balance_after))
    sentence = {
        Verdict.SPENT: QT_TRANSLATE_NOOP("Journal", "no answer; the balance shows it went through"),
        Verdict.EARNED: QT_TRANSLATE_NOOP(
            "Journal", "no answer; the balance shows it went through"
        ),
        Verdict.NOT_HAPPENED: QT_TRANSLATE_NOOP(
            "Journal", "no answer; the balance shows it did not happen"
        ),
        Verdict.CHECKING: QT_TRANSLATE_NOOP(
            "Journal", "no answer; checking the balance until a late answer is impossible"
        ),
    }.get(
        entry.verdict or Verdict.UNDECIDED,
        QT_TRANSLATE_NOOP(
            "Journal", "the balance cannot tell; check with the loyalty program, then settle it"
        ),
    )
    return _t(sentence) + balances


def row(entry: Entry, now: float | None = None) -> Row:
    fmt = plain_number
    went_through = entry.kind is Kind.RETAIL and entry.state is State.DONE
    attempted = ""
    if entry.kind is Kind.RETAIL and not went_through:
        spend, earn = entry.spend or Decimal(0), entry.points or Decimal(0)
        if spend > 0:
            attempted = _t(QT_TRANSLATE_NOOP("Journal", "spend %1")).replace("%1", fmt(spend))
        elif earn > 0:
            attempted = _t(QT_TRANSLATE_NOOP("Journal", "earn %1")).replace("%1", fmt(earn))
    elif entry.kind in (Kind.HOLD, Kind.RELEASE) and entry.points:
        # The points held, whatever became of them (a release names its hold's).
        attempted = _t(QT_TRANSLATE_NOOP("Journal", "hold of %1")).replace("%1", fmt(entry.points))
    return Row(
        kind=_t(KINDS[entry.kind]) + (_t(TRAINING) if entry.training else ""),
        outcome=outcome(entry, now),
        spent=(entry.spend or None) if went_through else None,
        earned=(entry.earn or None) if went_through else None,
        attempted=attempted,
        details=details(entry),
        needs_attention=not entry.settled,
    )


def plain_number(value: Decimal) -> str:
    """Points without a needless fraction: 500, 12.5 (never 500.0)."""
    normal = value.normalize()
    return format(normal, "f")


def money_number(value: Decimal) -> str:
    """Money with its two decimals: 99.90."""
    return format(value.quantize(Decimal("0.01")), "f")


CSV_HEADERS = (
    QT_TRANSLATE_NOOP("Journal", "No."),
    QT_TRANSLATE_NOOP("Journal", "Time"),
    QT_TRANSLATE_NOOP("Journal", "Operation"),
    QT_TRANSLATE_NOOP("Journal", "Outcome"),
    QT_TRANSLATE_NOOP("Journal", "Point"),
    QT_TRANSLATE_NOOP("Journal", "Customer"),
    QT_TRANSLATE_NOOP("Journal", "Amount"),
    QT_TRANSLATE_NOOP("Journal", "Spent"),
    QT_TRANSLATE_NOOP("Journal", "Earned"),
    QT_TRANSLATE_NOOP("Journal", "To pay"),
    QT_TRANSLATE_NOOP("Journal", "Attempted"),
    QT_TRANSLATE_NOOP("Journal", "Details"),
    QT_TRANSLATE_NOOP("Journal", "Receipt"),
    QT_TRANSLATE_NOOP("Journal", "Server time"),
    QT_TRANSLATE_NOOP("Journal", "Sent later at"),  # an offline earn: when it was posted
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """A text cell a spreadsheet will not run: one that starts like a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return: OWASP's CSV injection list) gets a leading
    apostrophe, so the spreadsheet takes it as text. The apostrophe stays visible (LibreOffice
    shows it; tests/money/test_csv_in_libreoffice.py), OWASP's accepted cost. The masked
    customer «+7 920 ***-**-01» is such a cell, and so is any text a server sent."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_csv(
    entries: Sequence[Entry], *, separator: str = ";", decimal_comma: bool = True
) -> bytes:
    """CSV that Excel with a Russian locale opens correctly: UTF-8 with BOM, ``;`` separated,
    decimal commas; headers and words in the manager's language (the servers' own messages,
    often English, stay in the journal and the log for support, not in the manager's file).
    The spent and earned
    columns hold only purchases that went through, and a last row gives their totals, so
    that Excel's sums and the window's agree. ``separator=","`` with ``decimal_comma=False``
    gives plain CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_t(header) for header in CSV_HEADERS])

    def number(text: str) -> str:
        return text.replace(".", ",") if decimal_comma else text

    def money(value: Decimal | None) -> str:
        return "" if value is None else number(money_number(value))

    def points(value: Decimal | None) -> str:
        return "" if value is None else number(plain_number(value))

    spent = earned = Decimal(0)
    for entry in entries:
        shown = row(entry)
        spent += shown.spent or 0
        earned += shown.earned or 0
        writer.writerow(
            [
                entry.id,
                entry.created.strftime("%d.%m.%Y %H:%M:%S"),
                inert(shown.kind),
                inert(shown.outcome),
                inert(entry.point),
                inert(entry.customer),
                money(entry.amount),
                points(shown.spent),
                points(shown.earned),
                money(entry.total if entry.state is State.DONE else None),
                inert(number(shown.attempted)),
                inert(shown.details),
                inert(entry.receipt or ""),
                entry.server_time.strftime("%d.%m.%Y %H:%M:%S") if entry.server_time else "",
                entry.posted.strftime("%d.%m.%Y %H:%M:%S") if entry.posted else "",
            ]
        )
    total = [""] * len(CSV_HEADERS)
    total[1] = _t(QT_TRANSLATE_NOOP("Journal", "Total"))
    total[7], total[8] = points(spent), points(earned)
    writer.writerow(total)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
