"""Client of the loyalty program's basic REST API (document 003)."""

from __future__ import annotations

from collections.abc import Sequence
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
from app.api.timeouts import RetryPolicy, Timeouts, Verify

API = "loyalty"


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

    def hold(self, client_id: str, amount: Decimal, *, minutes: int = HOLD_MINUTES_DEFAULT) -> Held:
        if not 1 <= minutes <= HOLD_MINUTES_MAX:
            raise ValueError(f"hold duration must be 1..{HOLD_MINUTES_MAX} minutes, not {minutes}")
        body = {"client": client_id, "point": self.point, "amount": amount, "duration": minutes}
        reply = self._api.call(
            "/integration/general/bonuses/hold",
            body,
            HoldReply,
            operation="hold",
            kind=CallKind.WRITE,
        )
        return reply.held

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
