"""Downloading a customer's photo (a URL from the loyalty reply), bounded in size and time.

The URL comes from the server, so it obeys the profile's rules like any other address: TLS
verified as for the API, plain http only where the profile allows it, and every redirect
checked by the same rule before it is followed.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from app.api.errors import ApiTimeout, ConnectionFailed, ProtocolError, ServerError
from app.api.timeouts import Verify

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 3


def fetch_photo(
    url: str,
    *,
    verify: Verify = True,
    allowed: Callable[[str], bool] = lambda url: url.startswith("https://"),
    timeout: float = 5.0,
) -> bytes:
    where = {"api": "photo", "operation": "photo"}

    def check(request: httpx.Request) -> None:
        if not allowed(str(request.url)):
            raise ConnectionFailed(f"photo address not allowed: {request.url.scheme}", **where)

    try:
        with (
            httpx.Client(
                verify=verify,
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                event_hooks={"request": [check]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise ServerError(
                    response.status_code, f"photo HTTP {response.status_code}", **where
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_PHOTO_BYTES:
                raise ProtocolError(f"photo of {declared} bytes is too large", **where)
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > MAX_PHOTO_BYTES:
                    raise ProtocolError(f"photo larger than {MAX_PHOTO_BYTES} bytes", **where)
            return bytes(data)
    except httpx.TimeoutException as exc:
        raise ApiTimeout(f"photo: {exc!r}", **where) from exc
    except (httpx.TransportError, httpx.InvalidURL, httpx.TooManyRedirects) as exc:
        raise ConnectionFailed(f"photo: {exc!r}", **where) from exc
