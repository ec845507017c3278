"""Client of the IMSHOP Retail Protocol's bonus history (001) and invitation (000).

The retailer configures a URL for each. The protocol says any reply other than the documented
one "means no history"; this client still raises the taxonomy error for such a reply, so the
screen can show an empty history *and* tell the manager that the service failed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import httpx
import pydantic

from app.api.errors import HistoryTooLong, NoInvitation, ProtocolError
from app.api.http import ApiClient, CallKind, JsonApi
from app.api.models import BonusEntry, BonusHistory, Invitation, InvitationAnswer, RawBonusHistory
from app.api.timeouts import RetryPolicy, Timeouts, Verify

API = "imshop"
# A bonus history is the one large reply: 6 MB holds ~40,000 entries of the documented shape,
# far beyond any customer's; the table shows at most MAX_HISTORY_ENTRIES.
MAX_HISTORY_BYTES = 6 * 1024 * 1024
MAX_HISTORY_ENTRIES = 20_000
VALIDATION_BATCH = 250  # ~15 ms of validation each
_ENTRIES = pydantic.TypeAdapter(list[BonusEntry])


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
            max_reply_bytes=MAX_HISTORY_BYTES,
        )

    def bonus_history(self, user_identifier: str) -> BonusHistory:
        """The customer's history. Entries are validated in batches with a pause between
        them: validation holds the interpreter lock, and one call over 20,000 entries would
        freeze the window for its whole length."""
        raw = self._api.call(
            self.history_url,
            {"userIdentifier": user_identifier},
            RawBonusHistory,
            operation="bonus-history",
            kind=CallKind.READ,
        )
        if len(raw.bonuses) > MAX_HISTORY_ENTRIES:
            raise HistoryTooLong(len(raw.bonuses), api=API, operation="bonus-history")
        entries: list[BonusEntry] = []
        for start in range(0, len(raw.bonuses), VALIDATION_BATCH):
            time.sleep(0)  # let the GUI thread paint between batches (and after the parse)
            batch = raw.bonuses[start : start + VALIDATION_BATCH]
            try:
                entries.extend(_ENTRIES.validate_python(batch))
            except pydantic.ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ProtocolError(
                    f"reply has the wrong shape (bonuses.{start}+{where}: {first['msg']})",
                    api=API,
                    operation="bonus-history",
                ) from error
        return BonusHistory(bonuses=entries)

    def invitation(self, user_id: str) -> Invitation:
        """The invitation link; :class:`NoInvitation` for the documented ``success: false``."""
        answer = self._api.call(
            self.invitation_url,
            {"userIdentity": {"userId": user_id}},
            InvitationAnswer,
            operation="invitation",
            kind=CallKind.READ,
        )
        if not answer.success:
            raise NoInvitation(
                "invitation reply has success: false", api=API, operation="invitation"
            )
        try:
            return Invitation.model_validate(answer.model_dump(by_alias=True))
        except pydantic.ValidationError as error:
            raise ProtocolError(
                f"invitation reply unusable: {error.errors()[:2]}", api=API, operation="invitation"
            ) from error
