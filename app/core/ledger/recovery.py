"""What the program does at start about the last session's loose ends.

* A retail left ``pending`` (the program died between sending it and its reply) or left
  open is reconciled now, by re-reading the customer (see :mod:`app.core.ledger.teller`). The settle
  window still applies: a retail sent moments before the crash may yet be applied by the
  server, so "did not happen" waits; the window re-checks such ``checking`` entries when their
  window ends (:meth:`~app.core.ledger.teller.Teller.recheck_due`).
* A hold, release or enrolment left ``pending`` is marked unknown: a hold expires by itself,
  and the holds that may still be active are listed and released below.
* Holds this till made that may still be active (not released at exit) are released now,
  best effort; those that still cannot be released are reported.
* An operation already reported as undecided at an earlier start is not listed again: it
  waits for the manager, counted in the header («Требуют проверки: 1 (F11)»).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from app.api.errors import ApiError
from app.core.journal.entry import Entry, Kind, Verdict
from app.core.ledger.teller import Teller

log = logging.getLogger(__name__)


@dataclass
class RecoveryReport:
    reconciled: list[tuple[Entry, Verdict]] = field(default_factory=list)
    interrupted: list[Entry] = field(default_factory=list)
    released: list[Entry] = field(default_factory=list)
    still_held: list[Entry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.reconciled or self.interrupted or self.released or self.still_held)

    @property
    def undecided(self) -> list[Entry]:
        return [entry for entry, verdict in self.reconciled if verdict is Verdict.UNDECIDED]

    @property
    def checking(self) -> list[Entry]:
        return [entry for entry, verdict in self.reconciled if verdict is Verdict.CHECKING]


def recover(teller: Teller) -> RecoveryReport:
    journal = teller.journal
    report = RecoveryReport()
    for entry in journal.unsettled():
        if entry.point != teller.loyalty.point or entry.server != teller.server:
            continue  # another profile's entry: reconciled when that profile is in use
        if entry.kind is Kind.RETAIL:
            # A pending retail becomes unknown through the verdict reconcile records.
            verdict = teller.reconcile(entry)
            log.warning("retail %d from an earlier session reconciled: %s", entry.id, verdict)
            if entry.verdict is Verdict.UNDECIDED and verdict is Verdict.UNDECIDED:
                continue  # told at an earlier start; it waits for the manager (F11 count)
            report.reconciled.append((journal.get(entry.id), verdict))
        else:
            journal.unknown(entry.id, "the program stopped before the reply came")
            report.interrupted.append(journal.get(entry.id))
    for hold in journal.holds_left_active():
        if hold.point != teller.loyalty.point or hold.server != teller.server or not hold.hold_id:
            continue
        try:
            teller.release(hold.hold_id, client_id=hold.client_id)
        except ApiError as error:
            log.warning("hold %s still not released: %s", hold.hold_id, error.log_line())
            report.still_held.append(hold)
        else:
            report.released.append(hold)
    return report
