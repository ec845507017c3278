"""Replies are capped: a huge body is refused before it fills memory, a history by entries."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler

import pytest

from app.api.errors import HistoryTooLong, OutcomeUnknown, ReplyTooLarge
from app.api.imshop import MAX_HISTORY_ENTRIES, ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.timeouts import NO_RETRY, Timeouts
from tests.local_http import serve

TWENTY_MB = 20 * 1024 * 1024


def history(count: int) -> bytes:
    entry = {"added": 1, "expired": 0, "definitionMessage": "x", "activationDate": 1700000000000}
    return json.dumps({"bonuses": [entry] * count}).encode()


class Huge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.startswith("/announced"):
            self.send_response(200)
            self.send_header("Content-Length", str(TWENTY_MB))
            self.end_headers()
            with contextlib.suppress(OSError):  # refused from the announced length
                self.wfile.write(b" " * 65536)
        elif self.path.startswith("/history/"):
            body = history(int(self.path.rsplit("/", 1)[1]))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:  # chunked, no length announced: 20 MB of a JSON string
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(TWENTY_MB // len(chunk)):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def huge() -> Iterator[str]:
    with serve(Huge) as url:
        yield url


@pytest.mark.parametrize("path", ["/announced", "/chunked"])
def test_a_twenty_megabyte_reply_is_refused(huge: str, path: str) -> None:
    with LoyaltyClient(huge + path, "k", "p", timeouts=Timeouts(read=5), retry=NO_RETRY) as client:
        started = time.monotonic()
        with pytest.raises(ReplyTooLarge) as caught:
            client.search("79200000001")
        assert time.monotonic() - started < 5
        assert "limit 1048576" in caught.value.log_line()
        assert caught.value.user_message()
        # For a write the server may have acted: the outcome is unknown, as for any odd reply.
        with pytest.raises(OutcomeUnknown) as unknown:
            client.retail("c", Decimal(10), Decimal(0))
        assert isinstance(unknown.value.cause, ReplyTooLarge)


def test_a_history_is_capped_by_entries(huge: str) -> None:
    with ImshopClient(f"{huge}/history/{MAX_HISTORY_ENTRIES}", "") as imshop:
        assert len(imshop.bonus_history("u").bonuses) == MAX_HISTORY_ENTRIES
    with (
        ImshopClient(f"{huge}/history/{MAX_HISTORY_ENTRIES + 1}", "") as imshop,
        pytest.raises(HistoryTooLong) as caught,
    ):
        imshop.bonus_history("u")
    assert "20 000" in caught.value.user_message() or "20,000" in caught.value.user_message()
