"""Test connection: ask each configured API a harmless question and say what the answer means.

* Loyalty: a search for a customer that cannot exist. "Customer not found" means the server is
  reachable and the key accepted, and the point was not refused (a server that checks the
  customer before the point cannot tell us more); "point not found" and a refused key say so.
* IMSHOP history and invitation: a request for a user that cannot exist; only a reply in the
  documented shape (a history, or the invitation's ``success: false``) passes. A redirect, a
  login page or a 404 is something else answering at that address.
* Partner: an enrolment without an email (error 4) proves the service is reachable without
  enrolling anyone; whether the partner knows the key cannot be checked without a real email.
"""

from __future__ import annotations

import enum
import ssl
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.api.errors import (
    ApiError,
    ClientNotFound,
    KeyRejected,
    NoInvitation,
    OutcomeUnknown,
    PartnerRejected,
    PointNotFound,
    ProtocolError,
    ServerError,
)
from app.api.imshop import ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.api.server_clock import skew_minutes
from app.api.timeouts import NO_RETRY, Timeouts, Verify
from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.core.link.state import PROBE
from app.core.link.till_clock import clock_notice
from app.core.settings.model import Profile

if TYPE_CHECKING:
    from app.core.settings.secrets import KeyName


class Verdict(enum.Enum):
    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    api: str
    verdict: Verdict
    message: str  # source text of ``context``
    detail: str = ""
    context: str = "ConnectionCheck"
    argument: str = ""  # fills ``%1`` in the message
    clock_offset: float | None = None  # the server's clock ahead of the till's (loyalty only)

    def text(self) -> str:
        return translate(self.context, self.message).replace("%1", self.argument)


def check_loyalty(profile: Profile, apikey: str | None, verify: Verify) -> CheckResult:
    if not apikey:
        return CheckResult(
            "loyalty", Verdict.FAILED, QT_TRANSLATE_NOOP("ConnectionCheck", "No API key is stored.")
        )
    timeouts = Timeouts(connect=profile.connect_timeout, read=profile.read_timeout)
    with LoyaltyClient(
        profile.base_url, apikey, profile.point, timeouts=timeouts, retry=NO_RETRY, verify=verify
    ) as client:
        result = _probe_loyalty(client)
        return replace(result, clock_offset=client.clock.offset)


def _probe_loyalty(client: LoyaltyClient) -> CheckResult:
    try:
        client.search(PROBE)
    except ClientNotFound:
        return CheckResult(
            "loyalty",
            Verdict.OK,
            QT_TRANSLATE_NOOP(
                "ConnectionCheck", "Reachable; the key is accepted; the point was not refused."
            ),
        )
    except PointNotFound as error:
        return CheckResult(
            "loyalty",
            Verdict.FAILED,
            QT_TRANSLATE_NOOP(
                "ConnectionCheck",
                "Reachable and the key is accepted, but the point ID is unknown to the server.",
            ),
            error.log_line(),
        )
    except KeyRejected as error:
        return CheckResult(
            "loyalty",
            Verdict.FAILED,
            QT_TRANSLATE_NOOP("ConnectionCheck", "Reachable, but the server refused the API key."),
            error.log_line(),
        )
    except ApiError as error:
        return _unreachable("loyalty", error)
    return CheckResult(
        "loyalty",
        Verdict.WARNING,
        QT_TRANSLATE_NOOP(
            "ConnectionCheck", "Reachable, but it found a customer for a test search."
        ),
    )


def check_imshop(profile: Profile, verify: Verify, token: str | None) -> list[CheckResult]:
    if not profile.history_url and not profile.invitation_url:
        return [
            CheckResult(
                "imshop", Verdict.SKIPPED, QT_TRANSLATE_NOOP("ConnectionCheck", "Not configured.")
            )
        ]
    headers = {"Authorization": f"Bearer {token}"} if token else None
    timeouts = Timeouts(connect=profile.connect_timeout, read=profile.read_timeout)
    results = []
    with ImshopClient(
        profile.history_url,
        profile.invitation_url,
        headers=headers,
        timeouts=timeouts,
        retry=NO_RETRY,
        verify=verify,
    ) as client:
        if profile.history_url:
            try:
                client.bonus_history(PROBE)
                results.append(
                    CheckResult(
                        "history",
                        Verdict.OK,
                        QT_TRANSLATE_NOOP(
                            "ConnectionCheck", "Reachable; answers in the protocol's shape."
                        ),
                    )
                )
            except ApiError as error:
                results.append(_unreachable("history", error))
        if profile.invitation_url:
            try:
                client.invitation(PROBE)
                results.append(
                    CheckResult(
                        "invitation",
                        Verdict.OK,
                        QT_TRANSLATE_NOOP(
                            "ConnectionCheck", "Reachable; answers in the protocol's shape."
                        ),
                    )
                )
            except NoInvitation as error:
                # The documented "success: false" for an unknown user: a live service.
                results.append(
                    CheckResult(
                        "invitation",
                        Verdict.OK,
                        QT_TRANSLATE_NOOP(
                            "ConnectionCheck", "Reachable; it answered for a test user."
                        ),
                        error.log_line(),
                    )
                )
            except ApiError as error:
                results.append(_unreachable("invitation", error))
    return results


def check_partner(profile: Profile, partner_key: str | None, verify: Verify) -> CheckResult:
    if not partner_key:
        return CheckResult(
            "partner",
            Verdict.SKIPPED,
            QT_TRANSLATE_NOOP("ConnectionCheck", "No partner key is stored."),
        )
    timeouts = Timeouts(connect=profile.connect_timeout, read=profile.partner_timeout)
    with PartnerClient(
        partner_key, profile.partner_url, timeouts=timeouts, verify=verify
    ) as client:
        try:
            client.enrol("")
        except PartnerRejected as rejected:
            if rejected.code in (2, 3):
                return CheckResult(
                    "partner",
                    Verdict.FAILED,
                    QT_TRANSLATE_NOOP(
                        "ConnectionCheck", "Reachable, but the partner refused the key's format."
                    ),
                    rejected.log_line(),
                )
            return CheckResult(
                "partner",
                Verdict.OK,
                QT_TRANSLATE_NOOP(
                    "ConnectionCheck",
                    "Reachable. Whether the partner knows the key shows at the first enrolment.",
                ),
                rejected.log_line(),
            )
        except OutcomeUnknown as unknown:
            if isinstance(unknown.cause, ProtocolError | ServerError):
                return CheckResult(
                    "partner",
                    Verdict.FAILED,
                    QT_TRANSLATE_NOOP(
                        "ConnectionCheck",
                        "The address answered the test, but not as the partner service does "
                        "(nothing was enrolled: the test sends no email). Check the address.",
                    ),
                    unknown.log_line(),
                )
            return _unreachable("partner", unknown.cause)
        except ApiError as error:
            return _unreachable("partner", error)
    return CheckResult(
        "partner",
        Verdict.WARNING,
        QT_TRANSLATE_NOOP("ConnectionCheck", "Reachable, but it accepted an empty email."),
    )


def _unreachable(api: str, error: ApiError) -> CheckResult:
    if type(error) is ProtocolError:  # a redirect, an HTML page, a 404, the wrong JSON
        return CheckResult(
            api,
            Verdict.FAILED,
            QT_TRANSLATE_NOOP(
                "ConnectionCheck",
                "Something answers at this address, but not in the documented shape (a "
                "redirect, a web page or an error). Check the address.",
            ),
            error.log_line(),
        )
    source, argument = error.message()
    return CheckResult(api, Verdict.FAILED, source, error.log_line(), "ApiError", argument)


def check_all(
    name: str, profile: Profile, get_key: Callable[[str, KeyName], str | None]
) -> list[CheckResult]:
    """Every configured API of the profile ``name``, each on its own."""
    from app.core.link.session import tls_context
    from app.core.settings.secrets import SecretsUnavailable

    try:
        keys = {key: get_key(name, key) for key in ("loyalty", "partner", "imshop")}
    except SecretsUnavailable as unavailable:
        return [
            CheckResult(
                "keyring",
                Verdict.FAILED,
                QT_TRANSLATE_NOOP("ConnectionCheck", "No usable password store for the keys."),
                str(unavailable),
            )
        ]
    try:
        verify: Verify = tls_context(profile.ca_file)
    except (OSError, ssl.SSLError) as error:
        return [
            CheckResult(
                "tls",
                Verdict.FAILED,
                QT_TRANSLATE_NOOP("ConnectionCheck", "The CA file cannot be used."),
                str(error),
            )
        ]
    loyalty = check_loyalty(profile, keys["loyalty"], verify)
    return [
        loyalty,
        *check_clock(loyalty.clock_offset),
        *check_imshop(profile, verify, keys["imshop"]),
        check_partner(profile, keys["partner"], verify),
    ]


def check_clock(offset: float | None) -> list[CheckResult]:
    """The till's clock against the loyalty server's (from its reply's Date header)."""
    if offset is None:
        return []
    detail = f"server clock {offset:+.0f} s from the till's"
    if skew_minutes(offset) == 0:
        return [
            CheckResult(
                "clock",
                Verdict.OK,
                QT_TRANSLATE_NOOP("ConnectionCheck", "The till's clock agrees with the server's."),
                detail,
            )
        ]
    return [
        CheckResult(
            "clock",
            Verdict.WARNING,
            QT_TRANSLATE_NOOP(
                "ConnectionCheck",
                "%1. Holds use the server's time; set the till's clock right (time sync).",
            ),
            detail,
            argument=clock_notice(offset),
        )
    ]
