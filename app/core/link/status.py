"""``loyalty-till status``: one answer for a chain's monitoring agent (Zabbix, a scheduled task)
about one till, without a window.

It probes the loyalty server a few times (a search for a card nobody has: no operation is
made), reads the till's journal read-only (the window may be running), and lists what needs
someone's attention. The figures are this command's own calls, not the window's.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from app import __version__
from app.api.errors import ApiError, ClientNotFound, KeyRejected, PointNotFound
from app.api.loyalty import LoyaltyClient
from app.api.server_clock import skew_minutes
from app.api.timeouts import NO_RETRY, Timeouts, Verify
from app.core.link.state import PROBE
from app.core.settings.model import Profile

PROBES = 5


@dataclass
class TillStatus:
    version: str = __version__
    profile: str = ""
    server: str = ""
    point: str = ""
    reachable: bool | None = None  # None: training mode, nothing to reach
    key_accepted: bool | None = None
    latency_ms: dict[str, float] = field(default_factory=dict)  # p50, p95 of the probes
    clock_offset_s: float | None = None  # the server's clock ahead of the till's
    needs_decision: int = 0  # journal entries a manager must settle
    outcomes_not_written: int = 0  # outcomes kept in the side file, not yet in the journal
    queued_earns: int = 0  # offline earns waiting for the server
    oldest_queued: str | None = None  # when the oldest of them was recorded (ISO, till time)
    last_posted: str | None = None  # when the latest offline earn was credited
    # Shipping to the chain's database (None: chain_dsn not set): entries not yet shipped,
    # and when a batch last went through (ISO, till time).
    chain_backlog: int | None = None
    chain_last_shipped: str | None = None
    # Entries the chain's database kept another version of (a copied journal or disk).
    chain_conflicts: int | None = None
    # The HTTP hand-off's port (None: handoff_http_port not set): who answers there, "till",
    # "nobody" (the window is closed), "another program" or "no token" (none stored).
    handoff_http: str | None = None
    problem: str = ""
    attention: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def probe(
    profile: Profile, apikey: str, verify: Verify, status: TillStatus, samples: int = PROBES
) -> None:
    """Search for the probe card ``samples`` times; ClientNotFound means the server answered,
    took the key and knows the point."""
    timeouts = Timeouts(
        connect=min(profile.connect_timeout, 3.0), read=min(profile.read_timeout, 5.0)
    )
    times: list[float] = []
    with LoyaltyClient(
        profile.base_url, apikey, profile.point, timeouts=timeouts, retry=NO_RETRY, verify=verify
    ) as client:
        for _ in range(samples):
            started = time.monotonic()
            try:
                client.search(PROBE)
            except ClientNotFound:
                pass
            except (KeyRejected, PointNotFound) as refused:
                status.reachable, status.key_accepted = True, False
                status.problem = refused.log_line()
                break
            except ApiError as error:
                status.reachable = False
                status.problem = error.log_line()
                break
            times.append((time.monotonic() - started) * 1000)
        else:
            status.reachable = status.key_accepted = True
        status.clock_offset_s = client.clock.offset
    if times:
        status.latency_ms = {
            "p50": round(statistics.median(times), 1),
            "p95": round(_p95(times), 1),
            "samples": len(times),
        }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


CHAIN_BEHIND_SECONDS = 3600.0  # a backlog older than this is worth a look


def journal_figures(path: Path, status: TillStatus, *, chain: bool = False) -> None:
    from app.core.journal.reads import JournalReader

    side = path.with_name(path.name + ".outcomes")
    if side.exists():
        status.outcomes_not_written = sum(1 for line in side.read_text().splitlines() if line)
    if not path.exists():
        return
    reader = JournalReader(path)
    try:
        status.needs_decision = len(reader.unsettled())
        queued = reader.queued_earns()
        status.queued_earns = len(queued)
        if queued:
            status.oldest_queued = queued[0].created.isoformat(timespec="seconds")
        posted = reader.last_posted()
        status.last_posted = posted.isoformat(timespec="seconds") if posted else None
        if chain:
            status.chain_backlog = reader.unshipped_count()
            status.chain_conflicts = reader.ship_conflicts()
            shipped = reader.meta("chain_last_shipped")
            if shipped is not None:
                moment = datetime.fromtimestamp(float(shipped)).astimezone()
                status.chain_last_shipped = moment.isoformat(timespec="seconds")
    finally:
        reader.close()


def attention(status: TillStatus) -> list[str]:
    """What a person should look at (empty: all is well)."""
    said = []
    if status.reachable is False:
        said.append(f"the loyalty server does not answer: {status.problem}")
    if status.key_accepted is False:
        said.append(f"the server refuses this till: {status.problem}")
    if skew_minutes(status.clock_offset_s):
        said.append(f"the till's clock is {status.clock_offset_s:+.0f} s off the server's")
    if status.needs_decision:
        said.append(f"{status.needs_decision} operation(s) need a manager's decision (F11)")
    if status.queued_earns:
        said.append(
            f"{status.queued_earns} offline earn(s) not yet credited, the oldest recorded at "
            f"{status.oldest_queued}"
        )
    if status.chain_backlog:
        last = status.chain_last_shipped
        stale = (
            last is None
            or (datetime.now().astimezone() - datetime.fromisoformat(last)).total_seconds()
            > CHAIN_BEHIND_SECONDS
        )
        if stale:
            said.append(
                f"{status.chain_backlog} journal entries not shipped to the chain's database "
                f"(last shipment: {last or 'never'})"
            )
    if status.chain_conflicts:
        said.append(
            f"{status.chain_conflicts} journal entries were refused by the chain's database, "
            "which has another version of them: was this journal or disk copied from another "
            "till? (see the log)"
        )
    if status.outcomes_not_written:
        said.append(f"{status.outcomes_not_written} outcome(s) not yet written to the journal")
    if status.handoff_http == "another program":
        said.append(
            "another program answers on the POS hand-off's HTTP port: the POS cannot reach this "
            "till there (find it with netstat -ano / ss -ltnp, stop it, restart the till)"
        )
    elif status.handoff_http == "no token":
        said.append(
            "the POS hand-off over HTTP is on but no token is stored "
            "(loyalty-till credentials set --key handoff)"
        )
    return said
