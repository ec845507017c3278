"""Client of the IMSHOP Retail Protocol's bonus history (001) and invitation (000).

The retailer configures a URL for each. The protocol says any reply other than the documented
one "means no history"; this client still raises the taxonomy error for such a reply, so the
screen can show an empty history *and* tell the manager that the service failed.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from app.api.http import ApiClient, CallKind, JsonApi
from app.api.models import BonusHistory, Invitation
from app.api.timeouts import RetryPolicy, Timeouts, Verify

API = "imshop"


class ImshopClient(ApiClient):
    def __init__(
        self,
        history_url: str,
        invitation_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        verify: Verify = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.history_url = history_url
        self.invitation_url = invitation_url
        self._api = JsonApi(
            api=API,
            headers=headers,
            timeouts=timeouts,
            retry=retry,
            verify=verify,
            transport=transport,
        )

    def bonus_history(self, user_identifier: str) -> BonusHistory:
        return self._api.call(
            self.history_url,
            {"userIdentifier": user_identifier},
            BonusHistory,
            operation="bonus-history",
            kind=CallKind.READ,
        )

    def invitation(self, user_id: str) -> Invitation:
        return self._api.call(
            self.invitation_url,
            {"userIdentity": {"userId": user_id}},
            Invitation,
            operation="invitation",
            kind=CallKind.READ,
        )
