"""Replies of the three APIs as pydantic models, exactly as the documents describe the wire.

Money and points are :class:`~decimal.Decimal` (JSON numbers are parsed as ``Decimal``, never
float). Fields a server may send as a number or a string (``phone``, timestamps) accept both.
Unknown extra fields are kept (``extra="allow"``) so a newer server does not break the till.
Display-only fields that arrive broken (a photo URL, a birthday) become ``None`` instead of
failing the whole reply: a customer must still be served when their birthday is malformed.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

log = logging.getLogger(__name__)

LevelType = Literal["cashback", "discount"]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


# A timestamp is read by its magnitude, whatever unit its field is documented in: 10^11 seconds
# is the year 5138 and 10^11 milliseconds March 1973, so at and above it a value is
# milliseconds, below it seconds. (Document 003 sends ``until`` in seconds, 001 history
# times in milliseconds; servers have been seen sending each in the other unit.)
MILLISECONDS_FROM = 100_000_000_000


def _number_or_string_timestamp(value: Any) -> datetime:
    if isinstance(value, bool):
        raise ValueError("a timestamp cannot be a boolean")
    if isinstance(value, str):
        value = value.strip()
        if not value or not value.lstrip("-").isdigit():
            raise ValueError(f"timestamp {value!r} is not a whole number")
        value = int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValueError("timestamp must be a whole number")
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"timestamp of type {type(value).__name__}")
    seconds = value / 1000 if abs(value) >= MILLISECONDS_FROM else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"timestamp {value} is out of range") from exc


def _unix_seconds(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    return _number_or_string_timestamp(value)


def _unix_millis(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    return _number_or_string_timestamp(value)


def _unix_millis_or_none(value: Any) -> Any:
    if value is None or value == "":
        return None
    return _unix_millis(value)


def _phone_text(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return str(int(value))
    return value


# No till sees a figure this large; anything beyond is a broken or hostile reply, refused
# before it can overflow a conversion or a layout.
MAX_FIGURE = Decimal(10) ** 12


def _figure_text(value: Any) -> Any:
    """A figure sent as text the way a Russian server may write it: ``"878,5"``, ``" 1 000 "``.
    Other shapes are left to the Decimal type to accept or refuse."""
    if isinstance(value, str):
        cleaned = value.strip().replace("\u00a0", "").replace(" ", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        return cleaned
    return value


def _id_text(value: Any) -> Any:
    """An ID sent as a number (``12345``) is the same ID as the string ``"12345"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _sane(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("figure is not a finite number")
    if abs(value) > MAX_FIGURE:
        raise ValueError(f"figure {value:.3e} is beyond any real purchase or balance")
    return value


UnixSeconds = Annotated[datetime, BeforeValidator(_unix_seconds)]
UnixMillis = Annotated[datetime, BeforeValidator(_unix_millis)]
OptionalUnixMillis = Annotated[datetime | None, BeforeValidator(_unix_millis_or_none)]
Figure = Annotated[Decimal, BeforeValidator(_figure_text), AfterValidator(_sane)]
Id = Annotated[str, BeforeValidator(_id_text)]
Points = Figure


class Level(WireModel):
    id: Id = ""
    title: str = ""
    percent: Figure = Decimal(0)
    type: LevelType
    max_spend_percent: Figure | None = Field(default=None, alias="maxSpendPercent")


class Client(WireModel):
    id: Id = Field(min_length=1)
    name: str = ""
    photo: str | None = None
    birthday: date | None = None
    level: Level
    phone: Annotated[str | None, BeforeValidator(_phone_text)] = None
    email: str | None = None
    balance: Points = Decimal(0)

    @field_validator("photo", mode="before")
    @classmethod
    def _photo_url(cls, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip().lower().startswith(
            ("http://", "https://")
        ):
            if value not in (None, ""):
                log.info("ignoring photo that is not an http(s) URL")
            return None
        return value.strip()

    @field_validator("birthday", mode="before")
    @classmethod
    def _lenient_birthday(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                log.info("ignoring malformed birthday %r", value)
                return None
        return value

    @field_validator("email", mode="before")
    @classmethod
    def _blank_email(cls, value: Any) -> Any:
        return None if value == "" else value


class ClientReply(WireModel):
    success: Literal[True]
    client: Client


class Recalc(WireModel):
    amount: Figure
    percent: Figure
    type: LevelType
    spend: Points
    earn: Points = Decimal(0)


class RecalcReply(WireModel):
    success: Literal[True]
    recalc: Recalc


class Held(WireModel):
    id: Id = Field(min_length=1)
    until: UnixSeconds
    amount: Points


class HoldReply(WireModel):
    success: Literal[True]
    held: Held


class ReleaseReply(WireModel):
    success: Literal[True]


class Retail(WireModel):
    """A completed operation: ``spend`` when points were spent, ``earn`` when they were earned."""

    amount: Figure
    total: Figure
    percent: Figure = Decimal(0)
    type: LevelType
    spend: Points | None = None
    earn: Points | None = None

    @model_validator(mode="after")
    def _spend_or_earn(self) -> Retail:
        if self.spend is None and self.earn is None:
            raise ValueError("retail reply carries neither spend nor earn")
        return self


class RetailReply(WireModel):
    success: Literal[True]
    retail: Retail


class BonusEntry(WireModel):
    added: Points = Decimal(0)
    expired: Points = Decimal(0)
    description: str = Field(default="", alias="definitionMessage")
    activation: UnixMillis = Field(alias="activationDate")
    expiration: OptionalUnixMillis = Field(default=None, alias="expirationDate")

    @field_validator("description", mode="before")
    @classmethod
    def _null_description(cls, value: Any) -> Any:
        return "" if value is None else value


class BonusHistory(WireModel):
    bonuses: list[BonusEntry]


class RawBonusHistory(WireModel):
    """A history whose entries are not validated yet (see ``ImshopClient.bonus_history``)."""

    bonuses: list[Any]


class Invitation(WireModel):
    success: bool = True
    url: str = Field(min_length=1)
    referral_code: str | None = Field(default=None, alias="referralCode")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError("invitation url is not an http(s) link")
        return value

    @field_validator("referral_code", mode="before")
    @classmethod
    def _blank_code(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _succeeded(self) -> Invitation:
        if not self.success:
            raise ValueError("invitation reply has success: false")
        return self


class InvitationAnswer(WireModel):
    """An invitation reply before it is judged: ``success: false`` is a documented answer
    (no invitation for this user), anything else must be a usable :class:`Invitation`."""

    success: bool = True
    url: str | None = None
    referral_code: Any = Field(default=None, alias="referralCode")


class PartnerReply(WireModel):
    status: Literal["ok", "fail"]
    error: int | None = None

    @model_validator(mode="after")
    def _fail_has_code(self) -> PartnerReply:
        if self.status == "fail" and self.error is None:
            raise ValueError("partner reply has status fail without an error code")
        return self
