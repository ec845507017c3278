"""Signed calls for the loopback HTTP hand-off: the token never travels, and each side can
tell the other's messages from a forgery.

Anyone on the computer can listen on a loopback port before the till does. A POS that sent
``Authorization: Bearer <token>`` would hand that listener the token, and would believe the
listener's ``{"outcome": "spent"}``. So the POS signs each request with HMAC-SHA256 under the
token, and the till signs its reply under the same token, bound to the request's nonce:

    request headers   X-Till-Time: <Unix seconds>
                      X-Till-Nonce: <16 to 64 of A-Z a-z 0-9 _ ->, new for every request>
                      X-Till-Signature: hex HMAC-SHA256(token, "LT1 request\\n" METHOD "\\n"
                                        PATH "\\n" TIME "\\n" NONCE "\\n" hex SHA-256(body))
    reply header      X-Till-Signature: hex HMAC-SHA256(token, "LT1 reply\\n" NONCE "\\n"
                                        STATUS "\\n" hex SHA-256(body))

The till accepts a request signed within :data:`SKEW_SECONDS` of its own clock (the POS runs
on the same computer: one wall clock for both, so wall time is right here), never a nonce twice,
and never one signed before its endpoint started listening: whatever a squatter collected while
it held the port cannot be replayed to the till that comes after it. A POS accepts a reply only
when its signature checks under the token and the nonce it sent. docs/pos.md has the same rules
with examples in Python, JavaScript and curl.

Standard library only: the POS-side helper below is what the tests and ``status`` use, and
what an integrator may copy.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

TIME = "X-Till-Time"
NONCE = "X-Till-Nonce"
SIGNATURE = "X-Till-Signature"
SKEW_SECONDS = 30.0
NONCE_FORM = re.compile(r"[A-Za-z0-9_-]{16,64}")
SIGNATURE_FORM = re.compile(r"[0-9a-f]{64}")


def _mac(token: str, *parts: str) -> str:
    return hmac.new(token.encode(), "\n".join(parts).encode(), hashlib.sha256).hexdigest()


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def request_signature(
    token: str, method: str, path: str, signed_at: str, nonce: str, body: bytes
) -> str:
    return _mac(token, "LT1 request", method.upper(), path, signed_at, nonce, _digest(body))


def reply_signature(token: str, nonce: str, status: int, body: bytes) -> str:
    return _mac(token, "LT1 reply", nonce, str(status), _digest(body))


def sign_request(
    token: str, method: str, path: str, body: bytes, *, now: float | None = None
) -> dict[str, str]:
    """The three headers of a signed request (a POS's side)."""
    signed_at = str(int(time.time() if now is None else now))
    nonce = secrets.token_urlsafe(18)
    return {
        TIME: signed_at,
        NONCE: nonce,
        SIGNATURE: request_signature(token, method, path, signed_at, nonce, body),
    }


def reply_is_genuine(
    token: str, nonce: str, status: int, headers: Mapping[str, str], body: bytes
) -> bool:
    """Whether a reply came from the till that holds ``token`` (a POS's side)."""
    given = _header(headers, SIGNATURE)
    return given is not None and hmac.compare_digest(
        given, reply_signature(token, nonce, status, body)
    )


def signed_call(
    port: int, token: str, path: str, payload: bytes, timeout: float = 5.0
) -> tuple[int, bytes, bool]:
    """POST ``payload`` to the till's loopback ``port`` as a POS does: ``(status, body,
    genuine)``, genuine when the reply is signed by the holder of ``token``. ``OSError`` when
    nothing listens there."""
    headers = sign_request(token, "POST", path, payload)
    headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body=payload, headers=headers)
        answer = connection.getresponse()
        body = answer.read(65536)
    except http.client.HTTPException as error:  # not HTTP at all: someone else's protocol
        raise ConnectionError(str(error)) from error
    finally:
        connection.close()
    genuine = reply_is_genuine(
        token, headers[NONCE], answer.status, dict(answer.getheaders()), body
    )
    return answer.status, body, genuine


Listener = Literal["till", "nobody", "another program"]


def who_listens(port: int, token: str, timeout: float = 3.0) -> Listener:
    """Who answers on the hand-off port: this till (a signed ``/ping`` answered and signed
    back), nobody (the window is closed), or another program that took the port."""
    try:
        status, _, genuine = signed_call(port, token, "/ping", b"", timeout)
    except ConnectionRefusedError:
        return "nobody"
    except OSError:  # connected, then no answer, garbage or a reset: someone is there
        return "another program"
    return "till" if status == 200 and genuine else "another program"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value.strip()
    return None


@dataclass
class RequestCheck:
    """The till's side: checks signed requests, remembers the nonces it accepted for as long
    as their time could still pass, and refuses anything signed before ``not_before``."""

    token: str
    not_before: float = field(default_factory=time.time)
    _seen: dict[str, float] = field(default_factory=dict)

    def problem(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        now: float | None = None,
    ) -> str | None:
        """``None`` for a request to serve, else the reason it is refused (for the log and
        the reply's ``code``; nothing in it helps a forger)."""
        now = time.time() if now is None else now
        signed_at, nonce = _header(headers, TIME), _header(headers, NONCE)
        given = _header(headers, SIGNATURE)
        if signed_at is None or nonce is None or given is None:
            return "unsigned"
        if not signed_at.isdigit() or not NONCE_FORM.fullmatch(nonce):
            return "malformed-signature"
        if not SIGNATURE_FORM.fullmatch(given):
            return "malformed-signature"
        expected = request_signature(self.token, method, path, signed_at, nonce, body)
        if not hmac.compare_digest(given, expected):
            return "bad-signature"
        moment = int(signed_at)
        if abs(now - moment) > SKEW_SECONDS or moment < int(self.not_before):
            return "stale"
        self._forget_before(now - 2 * SKEW_SECONDS)
        if nonce in self._seen:
            return "replayed"
        self._seen[nonce] = now
        return None

    def _forget_before(self, moment: float) -> None:
        for nonce in [n for n, at in self._seen.items() if at < moment]:
            del self._seen[nonce]
