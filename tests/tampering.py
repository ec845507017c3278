"""Odd figures from a server: the real sandbox answers over HTTP, then its reply is rewritten.

The sandbox computes figures correctly by construction; a real server may not. This transport
sits between the client and the sandbox (the request still travels over loopback and the
sandbox still applies it) and changes fields in the inner object of one route's reply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from app.api.http import NODELAY, ApiClient

INNER = {"client": "client", "recalc": "recalc", "retail": "retail", "hold": "held"}
PATHS = {
    "client": "/integration/general/client",
    "recalc": "/integration/general/recalc",
    "retail": "/integration/general/retail",
    "hold": "/integration/general/bonuses/hold",
    "invitation": "/irp/invitation",
}


class RewritingTransport(httpx.BaseTransport):
    def __init__(
        self,
        route: str,
        changes: dict[str, Any],
        status: int | None = None,
        body: Any = None,
    ) -> None:
        self._real = httpx.HTTPTransport(socket_options=NODELAY)
        self.route = route
        self.changes = changes
        self.status = status
        self.body = body

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._real.handle_request(request)
        if request.url.path != PATHS[self.route]:
            return response
        response.read()
        if self.status is not None:  # the whole reply replaced: another server's shape
            return httpx.Response(self.status, json=self.body)
        payload = json.loads(response.content)
        inner = INNER.get(self.route)
        if inner is None and isinstance(payload, dict):
            payload.update(self.changes)
        elif isinstance(payload, dict) and isinstance(payload.get(inner), dict):
            payload[inner].update(self.changes)
        return httpx.Response(response.status_code, json=payload)

    def close(self) -> None:
        self._real.close()


@contextmanager
def rewrite_reply(
    api: ApiClient,
    route: str,
    changes: dict[str, Any],
    *,
    status: int | None = None,
    body: Any = None,
) -> Iterator[None]:
    """While inside, ``route``'s replies to ``api`` carry ``changes`` (or, with ``status``,
    are replaced by that status and ``body``)."""
    client = api._api._client
    original = client._transport
    client._transport = RewritingTransport(route, changes, status, body)
    try:
        yield
    finally:
        client._transport = original
