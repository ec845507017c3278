"""Which server the till talks to: a production profile's server with its key from the OS
keyring and TLS verified against the OS trust store (the training sandbox is put together
above the core, in app/training.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.api.errors import ApiError
from app.api.timeouts import Timeouts, Verify
from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.core.settings.config_files import TRAINING

if TYPE_CHECKING:  # httpx, pydantic and ssl are not on the start-up path
    import ssl

    from app.api.imshop import ImshopClient
    from app.api.loyalty import LoyaltyClient
    from app.api.models import Client
    from app.api.partner import PartnerClient
    from app.core.settings.model import Profile, Settings
    from app.core.settings.secrets import KeyName

log = logging.getLogger(__name__)


class SetupProblem(ApiError):
    """The till is not set up to reach its server: what to fix is in the message."""

    def __init__(self, source: str, detail: str, *, argument: str = "") -> None:
        super().__init__(detail, api="loyalty", operation="connect")
        self.source = source
        self.argument = argument

    def user_message(self) -> str:
        return translate("Session", self.source).replace("%1", self.argument)


@dataclass(frozen=True)
class Connection:
    base_url: str
    point: str
    apikey: str = field(repr=False)
    training: bool
    profile: str = TRAINING
    timeouts: Timeouts = field(default_factory=Timeouts)
    verify: Verify = True
    insecure: tuple[str, ...] = ()  # loyalty or IMSHOP addresses on plain http
    partner_insecure: bool = False  # the partner's address is plain http (noted on its tab)
    history_url: str = ""
    invitation_url: str = ""
    imshop_user_field: str = "id"  # which customer field IMSHOP knows the user by: id | phone
    imshop_token: str | None = field(default=None, repr=False)
    partner_url: str = ""
    partner_key: str | None = field(default=None, repr=False)
    partner_timeout: float = 20.0
    allow_http: tuple[str, ...] = ()  # plain-http origins the profile allows
    settle_seconds: float | None = None  # None: the teller's default from the timeouts
    point_name: str = ""  # what the cashier calls the till; the header's words for the point

    def url_allowed(self, url: str) -> bool:
        """Whether the profile's rules let the till fetch ``url`` (a photo, a redirect):
        https, or plain http to this computer or to an origin the profile allows."""
        from app.core.settings.model import url_problem

        return url_problem(url, list(self.allow_http)) is None

    def loyalty_client(self) -> LoyaltyClient:
        from app.api.loyalty import LoyaltyClient

        return LoyaltyClient(
            self.base_url, self.apikey, self.point, timeouts=self.timeouts, verify=self.verify
        )

    def imshop_client(self) -> ImshopClient | None:
        if not self.history_url and not self.invitation_url:
            return None
        from app.api.imshop import ImshopClient

        headers = {"Authorization": f"Bearer {self.imshop_token}"} if self.imshop_token else None
        return ImshopClient(
            self.history_url,
            self.invitation_url,
            headers=headers,
            timeouts=self.timeouts,
            verify=self.verify,
        )

    def partner_client(self) -> PartnerClient | None:
        if not self.partner_url or not self.partner_key:
            return None
        from app.api.partner import PartnerClient

        timeouts = Timeouts(connect=self.timeouts.connect, read=self.partner_timeout)
        return PartnerClient(
            self.partner_key, self.partner_url, timeouts=timeouts, verify=self.verify
        )

    def imshop_user(self, client: Client) -> str:
        """The identifier IMSHOP knows this customer by."""
        if self.imshop_user_field == "phone" and client.phone:
            return client.phone
        return client.id


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """Certificates verified against the OS trust store (corporate CAs work), plus ``ca_file``.
    (``ssl`` is imported here, on the first connection: 12 ms the start-up does not wait for.)"""
    import ssl

    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def production_connector(
    name: str, profile: Profile, get_key: Callable[[str, KeyName], str | None]
) -> Callable[[], Connection]:
    """A call (run off the GUI thread) that reads the key and builds the connection.

    ``get_key(profile, key)`` is the keyring lookup; it may raise
    :class:`~app.core.settings.secrets.SecretsUnavailable`."""

    def connect() -> Connection:
        from app.base.logs import register_secret
        from app.core.settings.secrets import SecretsUnavailable

        try:
            key = get_key(name, "loyalty")
        except SecretsUnavailable as unavailable:
            raise SetupProblem(
                QT_TRANSLATE_NOOP(
                    "Session",
                    "The computer has no usable password store for the API key. Call IT; "
                    "training mode works without one.",
                ),
                str(unavailable),
            ) from unavailable
        if not key:
            raise SetupProblem(
                QT_TRANSLATE_NOOP(
                    "Session",
                    "No API key is stored for the profile %1. IT sets it with "
                    "'loyalty-till credentials set'.",
                ),
                f"no loyalty key in the keyring for profile {name}",
                argument=name,
            )
        register_secret(key)
        partner_key, imshop_token = get_key(name, "partner"), get_key(name, "imshop")
        for extra in (partner_key, imshop_token):
            if extra:
                register_secret(extra)
        try:
            verify: Verify = tls_context(profile.ca_file)
        except OSError as error:  # ssl.SSLError is an OSError
            raise SetupProblem(
                QT_TRANSLATE_NOOP("Session", "The CA file of the profile %1 cannot be used."),
                f"ca_file {profile.ca_file!r}: {error}",
                argument=name,
            ) from error
        return Connection(
            profile.base_url.rstrip("/"),
            profile.point,
            key,
            training=False,
            profile=name,
            timeouts=Timeouts(connect=profile.connect_timeout, read=profile.read_timeout),
            verify=verify,
            insecure=tuple(profile.insecure_urls()),
            partner_insecure=profile.partner_insecure,
            history_url=profile.history_url,
            invitation_url=profile.invitation_url,
            imshop_user_field=profile.imshop_user_field,
            imshop_token=imshop_token,
            partner_url=profile.partner_url,
            partner_key=partner_key,
            partner_timeout=profile.partner_timeout,
            allow_http=tuple(profile.allow_http),
            settle_seconds=profile.settle_seconds,
            point_name=profile.point_name,
        )

    return connect


def describe(settings: Settings) -> str:
    """For the log: which profile and server, never a key."""
    profile = settings.profile
    if profile is None:
        return "training profile (embedded sandbox)"
    return f"profile {settings.active_profile}: {profile.base_url} point {profile.point}"
