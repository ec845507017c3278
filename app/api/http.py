"""The one place where HTTP replies and failures become the error taxonomy.

Each API client owns one :class:`JsonApi` (one connection pool, TLS verified). A call declares
its kind:

* ``READ``: safe to repeat; transient failures are retried a bounded number of times;
* ``IDEMPOTENT``: a write the document says is safe to repeat (release); retried like a read;
* ``WRITE``: never repeated by this layer. If the request may have reached the server and no
  clear answer came back, the caller gets :class:`OutcomeUnknown`.
"""

from __future__ import annotations

import enum
import json
import logging
import socket
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Self, TypeVar

import httpx
import pydantic
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from app import __version__
from app.api.errors import (
    ApiError,
    ApiTimeout,
    ConnectionFailed,
    ConnectTimeout,
    KeyRejected,
    OutcomeUnknown,
    ProtocolError,
    Redirected,
    ReplyTooLarge,
    ServerBusy,
    ServerError,
    ServerRefused,
    Transient,
    Unreachable,
)
from app.api.reply_text import (
    no_userinfo,
    parse_json,
    rejection,
    retry_after_seconds,
    sentence,
    snippet,
)
from app.api.server_clock import ServerClock, Stamp, stamp_now
from app.api.timeouts import RetryPolicy, Timeouts, Verify
from app.api.tls import certificate_problem
from app.base.logs import mask

log = logging.getLogger(__name__)

Model = TypeVar("Model", bound=pydantic.BaseModel)


class CallKind(enum.Enum):
    READ = "read"
    IDEMPOTENT = "idempotent"
    WRITE = "write"


# Generous for every documented reply (a customer, a preview, a partner status); the bonus
# history asks for more (ImshopClient). A larger body is refused before it fills memory.
MAX_REPLY_BYTES = 1024 * 1024

NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        # A JSON number with exactly the decimal's digits: int when whole, else float, whose
        # shortest repr round-trips money with two decimals exactly.
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


class JsonApi:
    """A JSON-over-HTTP endpoint family sharing one pool, headers, timeouts and retry policy."""

    def __init__(
        self,
        *,
        api: str,
        base_url: str = "",
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        verify: Verify = True,
        transport: httpx.BaseTransport | None = None,
        max_reply_bytes: int = MAX_REPLY_BYTES,
        refusals: bool = False,
    ) -> None:
        self.api = api
        # ``success: false`` is the server refusing (the loyalty API); elsewhere (IMSHOP's
        # invitation) it means "nothing for this user" and the reply's model decides.
        self.refusals = refusals
        self.clock = ServerClock()  # the server's Date against this till's clock
        self.retry = retry or RetryPolicy()
        self.max_reply_bytes = max_reply_bytes
        if transport is None:
            # A request may go out as two writes (headers, body): send each at once.
            transport = httpx.HTTPTransport(verify=verify, socket_options=NODELAY)
        self._client = httpx.Client(
            base_url=base_url,
            headers={"User-Agent": f"LoyaltyTill/{__version__}", **(headers or {})},
            timeout=(timeouts or Timeouts()).for_httpx(),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def call(
        self,
        url: str,
        body: Mapping[str, Any],
        model: type[Model],
        *,
        operation: str,
        kind: CallKind,
        quick: float | None = None,
    ) -> Model:
        """POST ``body`` as JSON to ``url`` and return the reply parsed into ``model``.

        ``quick`` (seconds): one attempt only, with that timeout for connect and read; for a
        read that something waits on and that must fail fast rather than retry."""
        return self.call_stamped(url, body, model, operation=operation, kind=kind, quick=quick)[0]

    def call_stamped(
        self,
        url: str,
        body: Mapping[str, Any],
        model: type[Model],
        *,
        operation: str,
        kind: CallKind,
        quick: float | None = None,
    ) -> tuple[Model, Stamp]:
        """:meth:`call`, with when the reply arrived and the server's time in it."""
        if kind is CallKind.WRITE or self.retry.attempts <= 1 or quick is not None:
            return self._call_once(url, body, model, operation=operation, kind=kind, quick=quick)
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=wait_exponential(multiplier=self.retry.first_wait, max=self.retry.max_wait),
            retry=retry_if_exception_type(Transient),
            before_sleep=lambda state: log.warning(
                "retrying %s %s after %s (attempt %d)",
                self.api,
                operation,
                type(state.outcome.exception()).__name__ if state.outcome else "?",
                state.attempt_number,
            ),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return self._call_once(url, body, model, operation=operation, kind=kind)
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    def _call_once(
        self,
        url: str,
        body: Mapping[str, Any],
        model: type[Model],
        *,
        operation: str,
        kind: CallKind,
        quick: float | None = None,
    ) -> tuple[Model, Stamp]:
        try:
            result = self._exchange(url, body, model, operation=operation, quick=quick)
        except ServerBusy as exc:
            # 429 is a refusal before any work ("too many requests"): nothing happened. A
            # 503 may come from a proxy in front of a server that did act: unknown, below.
            if kind is CallKind.WRITE and exc.status != 429:
                raise OutcomeUnknown(exc) from exc
            raise
        except (ServerError, ProtocolError) as exc:
            if kind is CallKind.WRITE:
                raise OutcomeUnknown(exc) from exc
            raise
        except _MaybeProcessed as exc:
            if kind is CallKind.WRITE:
                raise OutcomeUnknown(exc.error) from exc.error
            raise exc.error from exc.__cause__
        return result

    def _exchange(
        self,
        url: str,
        body: Mapping[str, Any],
        model: type[Model],
        *,
        operation: str,
        quick: float | None = None,
    ) -> tuple[Model, Stamp]:
        where = {"api": self.api, "operation": operation}
        content = json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")
        started = time.monotonic()
        request = self._client.build_request(
            "POST",
            url,
            content=content,
            headers={"Content-Type": "application/json"},
            timeout=httpx.Timeout(quick) if quick is not None else httpx.USE_CLIENT_DEFAULT,
        )
        response, reply = self._send(request, url, where)
        stamp = stamp_now(response.headers.get("date"))
        self.clock.saw(stamp)
        log.debug(
            "%s %s -> HTTP %d in %.0f ms",
            self.api,
            operation,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        refused = self._status_problem(response, reply, where)
        if refused is not None:
            raise refused
        return self._parse(reply, model, where), stamp

    def _send(
        self, request: httpx.Request, url: str, where: dict[str, str]
    ) -> tuple[httpx.Response, bytes]:
        """Send and read the reply. What failed before the request could leave (connect
        timeout, refused, unusable URL) says so; a failure after it may have been processed
        (:class:`_MaybeProcessed`)."""
        try:
            response = self._client.send(request, stream=True)
            try:
                return response, self._read_capped(response, where)
            finally:
                response.close()
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never left: safe to say so even for a write.
            raise ConnectTimeout(f"connect timeout: {exc!r}", **where) from exc
        except httpx.ConnectError as exc:
            refused = certificate_problem(exc, str(self._client.base_url.join(url)), **where)
            if refused is not None:
                raise refused from exc
            raise Unreachable(f"connect failed: {exc!r}", **where) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise Unreachable(f"unusable URL {url!r}: {exc}", **where) from exc
        except httpx.TimeoutException as exc:
            raise _MaybeProcessed(ApiTimeout(f"no reply in time: {exc!r}", **where)) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _MaybeProcessed(
                ConnectionFailed(f"connection broke during the exchange: {exc!r}", **where)
            ) from exc

    def _status_problem(
        self, response: httpx.Response, reply: bytes, where: dict[str, str]
    ) -> ApiError | None:
        """What a reply's HTTP status says went wrong, if anything."""
        status = response.status_code
        if status in (429, 503):
            return ServerBusy(
                status,
                f"HTTP {status}: {snippet(reply)}",
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
                **where,
            )
        if status >= 500:
            return ServerError(status, f"HTTP {status}: {snippet(reply)}", **where)
        if 300 <= status < 400:
            location = response.headers.get("location", "")
            return Redirected(f"HTTP {status} to {no_userinfo(location)}", **where)
        if status in (401, 403):
            return KeyRejected(f"HTTP {status}: {snippet(reply)}", **where)
        if status == 422:
            return rejection(reply, where)
        if not 200 <= status < 300:
            return ProtocolError(f"unexpected HTTP {status}: {snippet(reply)}", **where)
        return None

    def _parse(self, reply: bytes, model: type[Model], where: dict[str, str]) -> Model:
        try:
            payload = parse_json(reply)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ProtocolError(f"reply is not JSON ({exc}): {snippet(reply)}", **where) from exc
        if not isinstance(payload, dict):
            raise ProtocolError(f"reply is JSON {type(payload).__name__}, not an object", **where)
        if self.refusals and payload.get("success") is False:
            said = sentence({k: v for k, v in payload.items() if k != "success"})
            raise ServerRefused(mask(said), **where)
        try:
            return model.model_validate(payload)
        except pydantic.ValidationError as exc:
            errors = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
            )
            raise ProtocolError(f"reply has the wrong shape ({errors})", **where) from exc

    def _read_capped(self, response: httpx.Response, where: dict[str, str]) -> bytes:
        """The reply body, refused past ``max_reply_bytes`` (announced or as it arrives)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_reply_bytes:
            raise ReplyTooLarge(int(declared), self.max_reply_bytes, **where)
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > self.max_reply_bytes:
                raise ReplyTooLarge(len(body), self.max_reply_bytes, **where)
        return bytes(body)


class ApiClient:
    """Base of the three API clients: owns one :class:`JsonApi` and closes it."""

    _api: JsonApi

    def close(self) -> None:
        self._api.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _MaybeProcessed(Exception):
    """The request may have reached the server before the failure."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.detail)
        self.error = error
