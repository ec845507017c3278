"""Each certificate failure says what it is, against a real TLS server on loopback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.api.errors import CertificateProblem, ClientNotFound
from app.api.loyalty import LoyaltyClient
from app.api.timeouts import NO_RETRY, Timeouts
from app.core.link.session import tls_context
from tests.tls_server import NOW, Authority, https_server

QUICK = Timeouts(connect=3.0, read=3.0)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return Authority(tmp_path_factory.mktemp("pki"))


def search(port: int, host: str, ca_file: str) -> None:
    with LoyaltyClient(
        f"https://{host}:{port}",
        "key",
        "p1",
        timeouts=QUICK,
        retry=NO_RETRY,
        verify=tls_context(ca_file),
    ) as client:
        client.search("79200000001")


def refused(authority: Authority, cert: tuple[Path, Path], *, host="localhost", trust=True):
    with https_server(*cert) as port, pytest.raises(CertificateProblem) as caught:
        search(port, host, str(authority.ca_file) if trust else "")
    return caught.value


def test_a_certificate_of_the_company_ca_works_once_the_ca_is_added(authority) -> None:
    with https_server(*authority.server("good")) as port, pytest.raises(ClientNotFound):
        search(port, "localhost", str(authority.ca_file))  # an answer: TLS held


def test_unknown_issuer_says_to_add_the_company_ca(authority) -> None:
    error = refused(authority, authority.server("good2"), trust=False)
    assert error.kind == "untrusted"
    assert "CA" in error.user_message()
    assert "network" not in error.user_message().lower()


def test_a_self_signed_certificate_is_untrusted(authority) -> None:
    error = refused(authority, authority.server("self", self_signed=True))
    assert error.kind == "untrusted"


def test_a_wrong_host_name_names_the_address(authority) -> None:
    error = refused(authority, authority.server("other", hosts=("other.example.ru",)))
    assert error.kind == "hostname"
    assert "localhost" in error.user_message()


def test_an_expired_certificate_gives_its_date(authority) -> None:
    ended = NOW - dt.timedelta(days=3)
    error = refused(authority, authority.server("old", not_after=ended))
    assert error.kind == "expired"
    assert ended.strftime("%d.%m.%Y") in error.user_message()
    assert "expired" in error.log_line()
