"""Every sample reply of the API documents, and the variants they allow, parse into the models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pydantic
import pytest

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.api.models import (
    BonusHistory,
    ClientReply,
    HoldReply,
    Invitation,
    PartnerReply,
    RecalcReply,
    ReleaseReply,
    RetailReply,
)
from app.api.reply_text import parse_json


def sample(data_dir: Path, name: str) -> dict:
    return parse_json((data_dir / "samples" / name).read_bytes())


def test_client_sample(data_dir: Path) -> None:
    client = ClientReply.model_validate(sample(data_dir, "loyalty_client.json")).client
    assert client.name == "ИВАН"
    assert client.phone == "79201234567"
    assert client.birthday == date(2021, 3, 29)
    assert client.level.type == "cashback"
    assert client.level.max_spend_percent == Decimal(100)
    assert client.balance == Decimal(878)


def test_recalc_sample(data_dir: Path) -> None:
    recalc = RecalcReply.model_validate(sample(data_dir, "loyalty_recalc.json")).recalc
    assert (recalc.amount, recalc.spend, recalc.earn) == (100, 100, 10)


def test_hold_sample_until_is_unix_seconds(data_dir: Path) -> None:
    held = HoldReply.model_validate(sample(data_dir, "loyalty_hold.json")).held
    assert held.until == datetime(2023, 12, 31, 18, 0, tzinfo=UTC)
    assert held.amount == 100


def test_release_sample(data_dir: Path) -> None:
    assert ReleaseReply.model_validate(sample(data_dir, "loyalty_release.json")).success is True


def test_retail_samples_carry_spend_or_earn(data_dir: Path) -> None:
    spent = RetailReply.model_validate(sample(data_dir, "loyalty_retail_spend.json")).retail
    earned = RetailReply.model_validate(sample(data_dir, "loyalty_retail_earn.json")).retail
    assert (spent.spend, spent.earn, spent.total) == (100, None, 0)
    assert (earned.spend, earned.earn, earned.total) == (None, 10, 100)


def test_retail_without_spend_or_earn_is_rejected() -> None:
    body = {"success": True, "retail": {"amount": 1, "total": 1, "type": "cashback"}}
    with pytest.raises(pydantic.ValidationError):
        RetailReply.model_validate(body)


def test_history_sample_ms_string_and_null_expiry(data_dir: Path) -> None:
    entry = BonusHistory.model_validate(sample(data_dir, "irp_bonus_history.json")).bonuses[0]
    assert entry.activation == datetime.fromtimestamp(1627391774.032, tz=UTC)
    assert entry.expiration is None
    assert (entry.added, entry.expired) == (250, 100)
    assert entry.description.startswith("За покупку")


def test_history_timestamp_as_number_works_like_string() -> None:
    as_string = {
        "added": 1,
        "expired": 0,
        "definitionMessage": "x",
        "activationDate": "1627391774032",
        "expirationDate": "1700000000000",
    }
    as_number = {**as_string, "activationDate": 1627391774032, "expirationDate": 1700000000000}
    assert BonusHistory.model_validate({"bonuses": [as_string]}) == BonusHistory.model_validate(
        {"bonuses": [as_number]}
    )


@pytest.mark.parametrize("bad", ["soon", "12.5", "", True, [1]])
def test_history_rejects_nonsense_timestamps(bad: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        BonusHistory.model_validate({"bonuses": [{"activationDate": bad}]})


def test_invitation_sample_and_without_code(data_dir: Path) -> None:
    invitation = Invitation.model_validate(sample(data_dir, "irp_invitation.json"))
    assert (invitation.url, invitation.referral_code) == ("https://some.url/link", "AAA123")
    bare = Invitation.model_validate({"success": True, "url": "https://some.url/link"})
    assert bare.referral_code is None


def test_invitation_success_false_is_rejected() -> None:
    with pytest.raises(pydantic.ValidationError):
        Invitation.model_validate({"success": False, "url": "https://x.example"})


def test_partner_samples(data_dir: Path) -> None:
    assert PartnerReply.model_validate(sample(data_dir, "moab_ok.json")).status == "ok"
    failed = PartnerReply.model_validate(sample(data_dir, "moab_fail.json"))
    assert (failed.status, failed.error) == ("fail", 10)


def test_phone_as_string_and_unknown_fields_kept(data_dir: Path) -> None:
    body = sample(data_dir, "loyalty_client.json")
    body["client"]["phone"] = "79201234567"
    body["client"]["loyaltyTier"] = {"new": "field"}
    client = ClientReply.model_validate(body).client
    assert client.phone == "79201234567"
    assert client.model_extra == {"loyaltyTier": {"new": "field"}}


def test_broken_display_fields_do_not_fail_the_customer(data_dir: Path) -> None:
    body = sample(data_dir, "loyalty_client.json")
    body["client"].update(birthday="29.03.2021", photo="javascript:alert(1)", email="")
    client = ClientReply.model_validate(body).client
    assert (client.birthday, client.photo, client.email) == (None, None, None)


def test_discount_level_without_max_spend(data_dir: Path) -> None:
    body = sample(data_dir, "loyalty_client.json")
    body["client"]["level"] = {"id": "x", "title": "Скидка", "percent": 5, "type": "discount"}
    body["client"]["balance"] = 0
    level = ClientReply.model_validate(body).client.level
    assert (level.type, level.max_spend_percent) == ("discount", None)


def test_money_is_decimal_not_float() -> None:
    parsed = parse_json(
        b'{"success": true, "recalc": {"amount": 1234.1, "percent": 10, '
        b'"type": "cashback", "spend": 0.1, "earn": 123.41}}'
    )
    recalc = RecalcReply.model_validate(parsed).recalc
    assert recalc.amount == Decimal("1234.1")
    assert recalc.earn == Decimal("123.41")


@pytest.mark.parametrize(
    ("name", "error", "field"),
    [
        ("loyalty_error_spend.json", errors.FieldRejected, "spend"),
        ("loyalty_error_client.json", errors.ClientNotFound, "client"),
        ("loyalty_error_point.json", errors.PointNotFound, "point"),
    ],
)
def test_documented_422_bodies_become_their_errors(
    data_dir: Path, name: str, error: type[errors.FieldRejected], field: str
) -> None:
    body = (data_dir / "samples" / name).read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(422, content=body))
    client = LoyaltyClient("http://loyalty.test", "k", "p", transport=transport)
    with pytest.raises(error) as caught:
        client.search("79201234567")
    assert caught.type is error
    assert caught.value.fields == json.loads(body)
    assert field in caught.value.fields
