"""A customer's photo URL comes from the server: it obeys the profile's address rules."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from app.api.errors import ConnectionFailed, ProtocolError
from app.api.photos import MAX_PHOTO_BYTES, fetch_photo
from app.core.link.session import Connection
from tests.local_http import serve

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Photos(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/to-plain-http":
            self.send_response(302)
            self.send_header("Location", "http://photos.example.com/ivan.png")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_PHOTO_BYTES + 1))
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def photos() -> Iterator[str]:
    with serve(Photos) as url:
        yield url


def production(allow_http: tuple[str, ...] = ()) -> Connection:
    return Connection(
        "https://loyalty.example.ru", "p1", "key", training=False, allow_http=allow_http
    )


def test_the_profile_rules_decide_which_photo_addresses_are_fetched() -> None:
    connection = production()
    assert connection.url_allowed("https://cdn.example.ru/ivan.jpg")
    assert connection.url_allowed("http://127.0.0.1:8765/photo.svg")  # this computer
    assert not connection.url_allowed("http://cdn.example.ru/ivan.jpg")
    assert not connection.url_allowed("ftp://cdn.example.ru/ivan.jpg")
    assert production(("http://cdn.example.ru",)).url_allowed("http://cdn.example.ru/ivan.jpg")


def test_a_photo_on_this_computer_loads(photos: str) -> None:
    assert fetch_photo(f"{photos}/ivan.png", allowed=production().url_allowed) == PNG


def test_a_redirect_to_plain_http_is_refused_before_it_is_followed(photos: str) -> None:
    with pytest.raises(ConnectionFailed, match="not allowed"):
        fetch_photo(f"{photos}/to-plain-http", allowed=production().url_allowed)


def test_a_plain_http_photo_elsewhere_is_refused_without_a_connection() -> None:
    with pytest.raises(ConnectionFailed, match="not allowed"):
        fetch_photo("http://photos.example.com/ivan.png", allowed=production().url_allowed)


def test_an_oversized_photo_is_refused_by_its_announced_size(photos: str) -> None:
    with pytest.raises(ProtocolError, match="too large"):
        fetch_photo(f"{photos}/huge", allowed=production().url_allowed)
