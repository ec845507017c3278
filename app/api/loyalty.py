"""Client of the loyalty program's basic REST API (document 003)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import httpx

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX
from app.api.http import ApiClient, CallKind, JsonApi
from app.api.models import (
    Client,
    ClientReply,
    Held,
    HoldReply,
    Recalc,
    RecalcReply,
    ReleaseReply,
    Retail,
    RetailReply,
)
from app.api.server_clock import ServerClock, Stamp
from app.api.timeouts import RetryPolicy, Timeouts, Verify

log = logging.getLogger(__name__)

API = "loyalty"
# A hold's ``until`` and the reply's ``Date`` are whole seconds: they may disagree by this much.
HOLD_ROUNDING_SECONDS = 2.0


@dataclass(frozen=True)
class Granted:
    """A hold the server made, timed on this till's monotonic clock.

    ``lasts`` counts from the reply's arrival: ``until - Date`` by the server's own clock
    (never longer than was asked: the server may end it sooner, never later), or the asked
    duration when the reply had no ``Date``. The till's wall clock takes no part."""

    held: Held
    arrived: float  # time.monotonic() when the reply arrived
    lasts: float  # seconds from ``arrived``

    @property
    def id(self) -> str:
        return self.held.id

    @property
    def amount(self) -> Decimal:
        return self.held.amount

    @property
    def until(self) -> datetime:
        """The server's ``until`` as sent, in the server's clock: for the record only."""
        return self.held.until

    @property
    def ends_at(self) -> float:
        """The monotonic moment the hold ends."""
        return self.arrived + self.lasts


def granted(held: Held, stamp: Stamp, *, minutes: int) -> Granted:
    asked = minutes * 60.0
    if stamp.server is None:
        return Granted(held, stamp.arrived, asked)
    by_server = held.until.timestamp() - stamp.server
    if abs(by_server - asked) > HOLD_ROUNDING_SECONDS:
        log.warning(
            "hold %s: until is %.0f s after the reply's Date, asked %.0f s",
            held.id,
            by_server,
            asked,
        )
    return Granted(held, stamp.arrived, max(0.0, min(asked, by_server)))


class LoyaltyClient(ApiClient):
    """Search, preview, hold, release and retail at one point of sale.

    ``hold_ids`` passed to a call make those holds' points count in that call's balance.
    Retail and hold are never retried here; search and recalc retry transient failures;
    release retries too, the document says it succeeds even for an unknown hold.
    """

    def __init__(
        self,
        base_url: str,
        apikey: str,
        point: str,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        verify: Verify = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.point = point
        self.timeouts = timeouts or Timeouts()
        self._api = JsonApi(
            api=API,
            base_url=base_url.rstrip("/"),
            headers={"apikey": apikey},
            timeouts=timeouts,
            retry=retry,
            verify=verify,
            transport=transport,
            refusals=True,
        )

    def search(
        self, search: str, *, hold_ids: Sequence[str] = (), quick: float | None = None
    ) -> Client:
        """Find a customer. ``quick``: one attempt with that timeout (seconds), no retries."""
        body = {"search": search, "point": self.point, **_holds(hold_ids)}
        reply = self._api.call(
            "/integration/general/client",
            body,
            ClientReply,
            operation="search",
            kind=CallKind.READ,
            quick=quick,
        )
        return reply.client

    def recalc(self, client_id: str, amount: Decimal, *, hold_ids: Sequence[str] = ()) -> Recalc:
        body = {"client": client_id, "point": self.point, "amount": amount, **_holds(hold_ids)}
        reply = self._api.call(
            "/integration/general/recalc", body, RecalcReply, operation="recalc", kind=CallKind.READ
        )
        return reply.recalc

    @property
    def clock(self) -> ServerClock:
        """The server's time, as its replies' ``Date`` headers tell it."""
        return self._api.clock

    def hold(
        self, client_id: str, amount: Decimal, *, minutes: int = HOLD_MINUTES_DEFAULT
    ) -> Granted:
        if not 1 <= minutes <= HOLD_MINUTES_MAX:
            raise ValueError(f"hold duration must be 1..{HOLD_MINUTES_MAX} minutes, not {minutes}")
        body = {"client": client_id, "point": self.point, "amount": amount, "duration": minutes}
        reply, stamp = self._api.call_stamped(
            "/integration/general/bonuses/hold",
            body,
            HoldReply,
            operation="hold",
            kind=CallKind.WRITE,
        )
        return granted(reply.held, stamp, minutes=minutes)

    def release(self, hold_id: str) -> None:
        self._api.call(
            "/integration/general/bonuses/release",
            {"id": hold_id},
            ReleaseReply,
            operation="release",
            kind=CallKind.IDEMPOTENT,
        )

    def retail(
        self,
        client_id: str,
        amount: Decimal,
        spend: Decimal,
        *,
        hold_ids: Sequence[str] = (),
    ) -> Retail:
        """Create the operation. ``spend == 0`` earns points instead of spending them."""
        body = {
            "client": client_id,
            "point": self.point,
            "amount": amount,
            "spend": spend,
            **_holds(hold_ids),
        }
        reply = self._api.call(
            "/integration/general/retail",
            body,
            RetailReply,
            operation="retail",
            kind=CallKind.WRITE,
        )
        return reply.retail


def _holds(hold_ids: Sequence[str]) -> dict[str, list[str]]:
    return {"hold": list(hold_ids)} if hold_ids else {}
