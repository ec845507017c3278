"""One error taxonomy for the loyalty, IMSHOP and partner APIs.

Every failure of a call becomes exactly one of these classes. Each carries a message a cashier
understands (:meth:`ApiError.user_message`, translated at the moment it is shown) and a technical
``detail`` for the log. The classes say what the caller may do next: a :class:`Transient` failure
of a read may be retried; an :class:`OutcomeUnknown` write must never be repeated blindly.
"""

from __future__ import annotations

import re
from typing import ClassVar

from app.base.i18n import QT_TRANSLATE_NOOP, translate

CONTEXT = "ApiError"


class ApiError(Exception):
    """Base class. ``api`` names the service, ``operation`` the call that failed."""

    message_source: ClassVar[str] = QT_TRANSLATE_NOOP(
        "ApiError", "The request failed. Tell support if it happens again."
    )
    # True when it is proved that no byte of the request left the machine: no connection was
    # made (refused, no such host, connect timeout, no free connection), or the URL was
    # unusable. Such a failure may be told as "not sent" even for a write.
    never_left: ClassVar[bool] = False

    def __init__(self, detail: str, *, api: str = "", operation: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.api = api
        self.operation = operation

    def message(self) -> tuple[str, str]:
        """The message's source text (context ``ApiError``) and what fills its ``%1``."""
        return self.message_source, ""

    def user_message(self) -> str:
        source, argument = self.message()
        return translate(CONTEXT, source).replace("%1", argument)

    def log_line(self) -> str:
        """One line for the support log: class, service, call and technical detail."""
        return f"{type(self).__name__} api={self.api} op={self.operation}: {self.detail}"


class Transient(ApiError):
    """A failure that may pass by itself: a read may be retried after it."""


class FieldRejected(ApiError):
    """HTTP 422 with a body ``{field: message}``: the server refused one or more fields."""

    message_source = QT_TRANSLATE_NOOP("ApiError", "The server refused the request.")

    _SPEND_LIMIT = re.compile(r"^Spend can't be more\s+(?P<limit>[0-9]+(?:[.,][0-9]+)?)\.?$")

    def __init__(
        self, fields: dict[str, str], *, detail: str = "", api: str = "", operation: str = ""
    ) -> None:
        super().__init__(detail or repr(fields), api=api, operation=operation)
        self.fields = dict(fields)

    def field_message(self, field: str) -> str | None:
        """The cashier's words for one field's rejection, or ``None`` if the field is fine."""
        raw = self.fields.get(field)
        if raw is None:
            return None
        match = self._SPEND_LIMIT.match(raw.strip())
        if field == "spend" and match:
            return translate(CONTEXT, "At most %1 points can be spent.").replace(
                "%1", match["limit"]
            )
        return raw

    def user_message(self) -> str:
        parts = [self.field_message(name) or "" for name in self.fields]
        joined = " ".join(p for p in parts if p)
        return joined or translate(CONTEXT, self.message_source)


class ClientNotFound(FieldRejected):
    message_source = QT_TRANSLATE_NOOP("ApiError", "Customer not found.")

    def user_message(self) -> str:
        return translate(CONTEXT, self.message_source)


class PointNotFound(FieldRejected):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "The server does not know this till's point ID. Check the point ID in the settings "
        "or call IT.",
    )

    def user_message(self) -> str:
        return translate(CONTEXT, self.message_source)


class KeyRejected(ApiError):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "The server refused the API key. Check the key in the settings or call IT."
    )


class ServerError(Transient):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "The server has a problem right now. Try again in a minute."
    )

    def __init__(self, status: int, detail: str, *, api: str = "", operation: str = "") -> None:
        super().__init__(detail, api=api, operation=operation)
        self.status = status


class ServerBusy(ServerError):
    """HTTP 429 or 503: the server asks to be left alone for a while (``Retry-After``)."""

    message_source = QT_TRANSLATE_NOOP("ApiError", "The server is busy. Try again in a moment.")

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        retry_after: int | None,
        api: str = "",
        operation: str = "",
    ) -> None:
        super().__init__(status, detail, api=api, operation=operation)
        self.retry_after = retry_after

    def message(self) -> tuple[str, str]:
        if self.retry_after is not None and 0 < self.retry_after <= 3600:
            return (
                QT_TRANSLATE_NOOP("ApiError", "The server is busy. Try again in %1 s."),
                str(self.retry_after),
            )
        return self.message_source, ""


class ProtocolError(ApiError):
    """The reply could not be understood: not JSON, the wrong shape, or ``success: false``."""

    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "The server answered something the program does not understand. Call IT."
    )


class Redirected(ProtocolError):
    """A 3xx: the server sends the till elsewhere; the address in the settings is likely old
    (redirects are not followed: a money request must reach the address IT configured)."""

    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "The server sends the till to another address: the address in the settings is probably "
        "out of date. Call technical support.",
    )


class ServerRefused(ApiError):
    """HTTP 200 with ``success: false``: the server refused and said why (nothing happened)."""

    message_source = QT_TRANSLATE_NOOP("ApiError", "The server refused: %1")

    def __init__(self, said: str, *, api: str = "", operation: str = "") -> None:
        super().__init__(f"success: false: {said}", api=api, operation=operation)
        self.said = said

    def message(self) -> tuple[str, str]:
        return self.message_source, self.said or "—"


class ReplyTooLarge(ProtocolError):
    """The reply is larger than any documented one could be; it was not read whole."""

    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "The server's answer is far larger than it should be, so it was not used. Tell IT.",
    )

    def __init__(self, size: int, limit: int, *, api: str = "", operation: str = "") -> None:
        super().__init__(f"reply of {size}+ bytes, limit {limit}", api=api, operation=operation)


class NoInvitation(ProtocolError):
    """The documented ``success: false``: the service has no invitation for this user."""

    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "The invitation service has no invitation for this customer."
    )


class HistoryTooLong(ProtocolError):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "The bonus history is too long to show here (more than 20,000 entries). Tell IT.",
    )

    def __init__(self, count: int, *, api: str = "", operation: str = "") -> None:
        super().__init__(f"history of {count} entries", api=api, operation=operation)


class FiguresRejected(ProtocolError):
    """The reply parsed, but its figures contradict the request or each other."""

    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "The server's figures do not add up, so they are not used. Search the customer again; "
        "tell IT if it happens again.",
    )


class ApiTimeout(Transient):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "The server did not answer in time. Check the connection and try again."
    )


class ConnectionFailed(Transient):
    message_source = QT_TRANSLATE_NOOP(
        "ApiError", "No connection to the server. Check the network and try again."
    )


class Unreachable(ConnectionFailed):
    """No connection could be made (refused, no such host, no route) or the URL cannot be
    used: the request never left the machine."""

    never_left = True


class ConnectTimeout(ApiTimeout):
    """The connection was not made in time (or no pooled connection came free): the request
    never left the machine."""

    never_left = True


class CertificateProblem(ConnectionFailed):
    """The TLS handshake failed on the server's certificate: nothing was sent. ``kind`` says
    why, so that IT checks certificates, not cables; ``argument`` fills ``%1``."""

    never_left = True  # the request is sent only over a verified connection

    MESSAGES: ClassVar[dict[str, str]] = {
        "hostname": QT_TRANSLATE_NOOP(
            "ApiError",
            "The server's certificate is not for the address %1. Check the address in the "
            "settings, or ask the server's administrator for a certificate with this name.",
        ),
        "expired": QT_TRANSLATE_NOOP(
            "ApiError",
            "The server's certificate expired on %1. The server's administrator must renew it.",
        ),
        "not-yet-valid": QT_TRANSLATE_NOOP(
            "ApiError",
            "The server's certificate is not valid yet. Check the date and time on this computer.",
        ),
        "untrusted": QT_TRANSLATE_NOOP(
            "ApiError",
            "The server's certificate is issued by an authority this computer does not trust. "
            "IT adds the company's CA certificate: the profile's CA file, or the system's "
            "certificate store.",
        ),
        "other": QT_TRANSLATE_NOOP(
            "ApiError",
            "The server's certificate was refused. Tell IT: the detail is in the log.",
        ),
    }

    def __init__(
        self, kind: str, detail: str, *, argument: str = "", api: str = "", operation: str = ""
    ) -> None:
        super().__init__(detail, api=api, operation=operation)
        self.kind = kind if kind in self.MESSAGES else "other"
        self.argument = argument

    def message(self) -> tuple[str, str]:
        return self.MESSAGES[self.kind], self.argument


class OutcomeUnknown(ApiError):
    """A write (retail, hold, enrolment) was sent, and whether the server carried it out is unknown.

    Raised for a timeout or dropped connection after the request left, a 5xx reply, or an
    unreadable reply to a write. ``cause`` is the underlying error. Never repeat blindly.
    """

    message_source = QT_TRANSLATE_NOOP(
        "ApiError",
        "It is not known whether the server carried out the operation. Do not repeat it "
        "until the result is checked.",
    )

    def __init__(self, cause: ApiError) -> None:
        super().__init__(cause.detail, api=cause.api, operation=cause.operation)
        self.cause = cause


PARTNER_MESSAGES: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("ApiError", "The partner service received no data. Call IT."),
    2: QT_TRANSLATE_NOOP("ApiError", "The partner key is not set. Call IT to set it."),
    3: QT_TRANSLATE_NOOP("ApiError", "The partner key has a wrong format. Call IT to check it."),
    4: QT_TRANSLATE_NOOP("ApiError", "Enter the customer's email."),
    5: QT_TRANSLATE_NOOP("ApiError", "The partner does not accept this email. Check it."),
    6: QT_TRANSLATE_NOOP(
        "ApiError", "The partner does not know this store's key. Call IT to check the key."
    ),
    7: QT_TRANSLATE_NOOP("ApiError", "The partner promotion has not started yet."),
    8: QT_TRANSLATE_NOOP("ApiError", "The partner promotion has already ended."),
    9: QT_TRANSLATE_NOOP("ApiError", "The partner promotion is full: no more customers can join."),
    10: QT_TRANSLATE_NOOP(
        "ApiError", "This email is already enrolled with the partner. Nothing more to do."
    ),
    11: QT_TRANSLATE_NOOP("ApiError", "The partner could not add the customer. Try again later."),
}


class PartnerRejected(ApiError):
    """The partner service answered ``{"status": "fail", "error": code}``."""

    def __init__(self, code: int, *, detail: str = "", api: str = "", operation: str = "") -> None:
        super().__init__(detail or f"partner error {code}", api=api, operation=operation)
        self.code = code

    @property
    def already_done(self) -> bool:
        """Error 10: the email was enrolled before, so the customer already has the bonus."""
        return self.code == 10

    @property
    def retry_later(self) -> bool:
        return self.code == 11

    def user_message(self) -> str:
        source = PARTNER_MESSAGES.get(self.code)
        if source is None:
            return translate(
                CONTEXT, "The partner refused with an unknown error %1. Call IT."
            ).replace("%1", str(self.code))
        return translate(CONTEXT, source)


# The two strings above built at run time, listed so that lupdate extracts them.
QT_TRANSLATE_NOOP("ApiError", "At most %1 points can be spent.")
QT_TRANSLATE_NOOP("ApiError", "The partner refused with an unknown error %1. Call IT.")
