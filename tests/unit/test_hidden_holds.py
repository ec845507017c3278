"""The hidden-hold rules, one test each (app/core/journal/hidden_holds.py), on journal entries made
here: which holds a reconciliation must allow for."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from app.core.journal.entry import Entry, Kind, State
from app.core.journal.hidden_holds import hidden, still_counting

T0 = datetime(2026, 12, 1, 12, 0).astimezone()


def entry(kind: Kind, *, at: float, state: State = State.DONE, **fields: object) -> Entry:
    values: dict[str, object] = {
        "id": 0,
        "created": T0 + timedelta(seconds=at),
        "kind": kind,
        "state": state,
        "training": True,
        "server": "s",
        "point": "p",
        "client_id": "c",
        "customer": "",
        "lookup": None,
        "amount": None,
        "spend": None,
        "earn": None,
        "total": None,
        "points": Decimal(100),
        "hold_id": None,
        "hold_until": None,
        "hold_ids": (),
        "balance_before": None,
        "balance_after": None,
        "verdict": None,
        "reason": "",
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def hold(at: float = 0, *, lasts: float = 600, hold_id: str | None = "h1", **more: object) -> Entry:
    until = T0 + timedelta(seconds=at + lasts)
    return entry(Kind.HOLD, at=at, hold_id=hold_id, hold_until=until, **more)


NOW = (T0 + timedelta(seconds=60)).timestamp()


def test_1_a_hold_past_its_end_counts_no_more() -> None:
    assert still_counting([hold(lasts=61)], [], at=NOW) != []
    assert still_counting([hold(lasts=60)], [], at=NOW) == []


def test_2_a_hold_a_done_release_or_retail_named_is_over() -> None:
    released = entry(Kind.RELEASE, at=10, hold_id="h1")
    used = entry(Kind.RETAIL, at=10, hold_ids=("h1",), point="elsewhere")
    refused = entry(Kind.RELEASE, at=10, hold_id="h1", state=State.REJECTED)
    assert still_counting([hold()], [released], at=NOW) == []
    assert still_counting([hold()], [used], at=NOW) == []
    assert still_counting([hold()], [refused], at=NOW) != []  # a refused release ended nothing


def test_3_a_retail_at_the_point_after_the_hold_ends_it_and_one_before_does_not() -> None:
    after = entry(Kind.RETAIL, at=5)
    before = entry(Kind.RETAIL, at=-5)
    elsewhere = entry(Kind.RETAIL, at=5, point="other")
    assert still_counting([hold()], [after], at=NOW) == []
    assert still_counting([hold()], [before], at=NOW) != []
    assert still_counting([hold()], [elsewhere], at=NOW) != []
    assert still_counting([hold(hold_id=None)], [after], at=NOW) == []  # a lost reply's too


def test_4_a_hold_the_request_names_is_not_hidden() -> None:
    assert hidden([hold()], [], at=NOW, named=("h1",)) == []
    assert hidden([hold(hold_id=None)], [], at=NOW, named=("h1",)) != []  # no ID: not named


def test_5_only_holds_made_before_the_retail_count() -> None:
    retail_made = T0 + timedelta(seconds=30)
    assert hidden([hold(at=29)], [], at=NOW, made_before=retail_made) != []
    assert hidden([hold(at=30)], [], at=NOW, made_before=retail_made) != []
    assert hidden([hold(at=31)], [], at=NOW, made_before=retail_made) == []
