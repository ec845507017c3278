"""Client of MOAB Tools' partner bonus API (document 004).

HTTP is always 200; the body says ``{"status": "ok"}`` or ``{"status": "fail", "error": N}``.
The document asks for a timeout of at least 15 s. Enrolment is a write and never retried here.
"""

from __future__ import annotations

import httpx

from app.api.constants import PARTNER_MIN_READ_TIMEOUT, PARTNER_URL
from app.api.errors import PartnerRejected
from app.api.http import ApiClient, CallKind, JsonApi
from app.api.models import PartnerReply
from app.api.timeouts import NO_RETRY, Timeouts, Verify

API = "partner"
DEFAULT_URL = PARTNER_URL
MIN_READ_TIMEOUT = PARTNER_MIN_READ_TIMEOUT


class PartnerClient(ApiClient):
    def __init__(
        self,
        api_key: str,
        url: str = DEFAULT_URL,
        *,
        timeouts: Timeouts | None = None,
        verify: Verify = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        chosen = timeouts or Timeouts(read=20.0)
        if chosen.read < MIN_READ_TIMEOUT:
            chosen = Timeouts(connect=chosen.connect, read=MIN_READ_TIMEOUT)
        self.url = url
        self._api_key = api_key
        self._api = JsonApi(
            api=API, timeouts=chosen, retry=NO_RETRY, verify=verify, transport=transport
        )

    def enrol(self, email: str) -> None:
        """Grant the partner bonus to ``email``; raises :class:`PartnerRejected` on ``fail``."""
        reply = self._api.call(
            self.url,
            {"api_key": self._api_key, "email": email},
            PartnerReply,
            operation="enrol",
            kind=CallKind.WRITE,
        )
        if reply.status == "fail":
            assert reply.error is not None  # the model guarantees it
            raise PartnerRejected(reply.error, api=API, operation="enrol")
