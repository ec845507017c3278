"""The journal on a real SQLite file: intents, outcomes, retention, totals, CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.schema import SCHEMA_VERSION
from app.core.journal.store import Journal
from app.core.journal.text import export_csv

WHERE = {"server": "http://s", "point": "p1", "training": False}


def test_intent_is_on_disk_before_the_request(tmp_path: Path, journal: Journal) -> None:
    entry = journal.intent(
        Kind.RETAIL,
        client_id="c1",
        customer="+7 920 ***-**-01",
        lookup="79200000001",
        amount=Decimal("10.50"),
        spend=Decimal(5),
        **WHERE,
    )
    other = sqlite3.connect(journal.path)  # another process would see exactly this
    row = other.execute(
        "SELECT state, amount, lookup FROM entries WHERE id = ?", (entry,)
    ).fetchone()
    other.close()
    assert row == ("pending", "10.50", "79200000001")
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert journal._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_outcomes_and_the_lookup_key_is_dropped_when_settled(journal: Journal) -> None:
    entry = journal.intent(
        Kind.RETAIL,
        client_id="c1",
        lookup="79200000001",
        amount=Decimal(100),
        spend=Decimal(10),
        **WHERE,
    )
    journal.done(entry, spend=Decimal(10), total=Decimal(90))
    settled = journal.get(entry)
    assert (settled.state, settled.spend, settled.total, settled.lookup) == (
        State.DONE,
        Decimal(10),
        Decimal(90),
        None,
    )
    assert settled.settled


def test_undecided_keeps_the_lookup_for_the_manager(journal: Journal) -> None:
    entry = journal.intent(
        Kind.RETAIL, lookup="79200000001", amount=Decimal(1), spend=Decimal(1), **WHERE
    )
    journal.unknown(entry, "timeout")
    journal.reconciled(entry, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    assert [e.id for e in journal.unsettled()] == [entry]
    assert journal.get(entry).lookup == "79200000001"
    journal.resolve_by_manager(entry, Verdict.SPENT, "checked with the program's office")
    assert journal.unsettled() == []
    assert journal.get(entry).state is State.DONE


def test_retention_keeps_unsettled_entries(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    journal = Journal(path)
    old_done = journal.intent(Kind.RELEASE, hold_id="h", **WHERE)
    journal.done(old_done)
    old_pending = journal.intent(Kind.RETAIL, amount=Decimal(1), spend=Decimal(0), **WHERE)
    fresh = journal.intent(Kind.RELEASE, hold_id="h2", **WHERE)
    journal.done(fresh)
    journal.close()
    db = sqlite3.connect(path)
    db.execute(
        "UPDATE entries SET created = ? WHERE id IN (?, ?)",
        (time.time() - 91 * 86400, old_done, old_pending),
    )
    db.commit()
    db.close()
    reopened = Journal(path, retention_days=90)
    assert [e.id for e in reopened.entries()] == [old_pending, fresh]
    reopened.close()


def test_totals_and_filters(journal: Journal) -> None:
    spent = journal.intent(Kind.RETAIL, amount=Decimal(100), spend=Decimal(30), **WHERE)
    journal.done(spent, spend=Decimal(30), total=Decimal(70))
    earned = journal.intent(Kind.RETAIL, amount=Decimal(200), spend=Decimal(0), **WHERE)
    journal.done(earned, earn=Decimal(20), total=Decimal(200))
    lost = journal.intent(Kind.RETAIL, amount=Decimal(5), spend=Decimal(5), **WHERE)
    journal.unknown(lost, "dropped")
    refused = journal.intent(Kind.RETAIL, amount=Decimal(5), spend=Decimal(50), **WHERE)
    journal.rejected(refused, "spend")
    totals = journal.totals(journal.entries())
    assert (totals.operations, totals.spent, totals.earned, totals.unknown) == (
        2,
        Decimal(30),
        Decimal(20),
        1,
    )
    assert [e.id for e in journal.entries(states=[State.REJECTED])] == [refused]
    tomorrow = datetime.now().astimezone() + timedelta(days=1)
    assert journal.entries(since=tomorrow) == []


def test_csv_opens_in_russian_excel(journal: Journal, qapp) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    entry = journal.intent(
        Kind.RETAIL,
        customer="+7 920 ***-**-01",
        amount=Decimal("1234.50"),
        spend=Decimal(0),
        receipt="Чек-0042",
        **WHERE,
    )
    server = datetime(2026, 12, 1, 14, 2, 3).astimezone()  # a server 7 minutes off the till
    journal.done(
        entry,
        earn=Decimal(123),
        total=Decimal("1234.50"),
        reason="ок; «тест»",
        server_time=server.timestamp(),
    )
    assert journal.get(entry).server_time == server
    data = export_csv(journal.entries())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["№", "Время", "Операция", "Итог"]
    assert rows[1][2:4] == ["покупка", "проведено"]
    assert rows[1][6] == "1234,50"
    assert rows[1][-3:] == ["Чек-0042", "01.12.2026 14:02:03", ""]
    assert rows[0][-3:] == ["Чек", "Время сервера", "Отправлено позже"]
    plain = export_csv(journal.entries(), separator=",", decimal_comma=False).decode("utf-8-sig")
    assert "1234.50" in plain


def test_an_offline_earn_reads_waiting_then_credited_later_with_both_times(
    journal: Journal, qapp
) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    entry = journal.intent(Kind.RETAIL, amount=Decimal(300), queued=True, **WHERE)
    rows = list(
        csv.reader(io.StringIO(export_csv(journal.entries()).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][3] == "ожидает связи"
    assert rows[1][7:9] == ["", ""]  # counted nowhere until it is credited
    assert rows[1][-1] == ""
    totals = journal.totals(journal.entries())
    assert (totals.operations, totals.unknown, totals.queued) == (0, 0, 1)
    journal.posting(
        entry,
        client_id="c1",
        customer="+7 920 ***-**-01",
        points=Decimal(30),
        balance_before=Decimal(878),
        server_time=None,
    )
    journal.done(entry, spend=Decimal(0), earn=Decimal(30), total=Decimal(300))
    rows = list(
        csv.reader(io.StringIO(export_csv(journal.entries()).decode("utf-8-sig")), delimiter=";")
    )
    posted = journal.get(entry).posted
    assert posted is not None
    assert rows[1][3] == "начислено позже"
    assert rows[1][8] == "30"
    assert rows[1][1] == journal.get(entry).created.strftime("%d.%m.%Y %H:%M:%S")
    assert rows[1][-1] == posted.strftime("%d.%m.%Y %H:%M:%S")
    assert "записано без связи в" in rows[1][11] and "начислено в" in rows[1][11]


def test_csv_sums_only_what_went_through_and_matches_the_window(journal: Journal, qapp) -> None:
    """Finding 8: Excel summed refused spends (1,517 against the window's 1,117)."""
    from app.base import i18n

    i18n.install(qapp, "ru")
    done = journal.intent(Kind.RETAIL, amount=Decimal("99.9"), spend=Decimal(500), **WHERE)
    journal.done(done, spend=Decimal("500.0"), total=Decimal("99.9"))
    refused = journal.intent(Kind.RETAIL, amount=Decimal(400), spend=Decimal(400), **WHERE)
    journal.rejected(refused, "HTTP 422: {'spend': 'too much'}")
    lost = journal.intent(
        Kind.RETAIL, amount=Decimal(200), spend=Decimal(0), points=Decimal(20), **WHERE
    )
    journal.unknown(lost, "timeout")
    journal.reconciled(lost, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    rows = list(
        csv.reader(io.StringIO(export_csv(journal.entries()).decode("utf-8-sig")), delimiter=";")
    )
    header, body, total = rows[0], rows[1:-1], rows[-1]
    spent, earned, attempted = (header.index(n) for n in ("Списано", "Начислено", "Попытка"))
    assert [r[spent] for r in body] == ["500", "", ""]  # one number format: 500, not 500,0
    assert body[0][header.index("Сумма")] == "99,90"
    assert [r[attempted] for r in body] == ["", "списать 400", "начислить 20"]
    assert body[1][header.index("Итог")] == "отклонено"
    assert body[2][header.index("Итог")] == "требует проверки"
    totals = journal.totals(journal.entries())
    assert (total[1], total[spent], total[earned]) == ("Итого", "500", "0")
    assert Decimal(total[spent]) == totals.spent
    # The manager's words only: the server's English stays in the journal and the log (#35)
    assert body[1][header.index("Подробности")] == "сервер отклонил операцию; ничего не произошло"
    assert not [cell for row in rows for cell in row if "HTTP" in cell or "spend" in cell]
    assert journal.get(int(body[1][0])).reason == "HTTP 422: {'spend': 'too much'}"


def test_an_unanswered_enrolment_needs_nothing(journal: Journal, qapp) -> None:
    from app.base import i18n
    from app.core.journal.text import row

    i18n.install(qapp, "ru")
    entry = journal.intent(Kind.ENROL, customer="i***@mail.ru", **WHERE)
    journal.unknown(entry, "ApiTimeout api=partner op=enrol: no reply in time")
    shown = row(journal.get(entry))
    assert not shown.needs_attention
    assert shown.outcome == "неизвестно, делать ничего не нужно"
    assert "повторная регистрация безопасна" in shown.details


# The table as versions up to 0.9 wrote it (version 1; 0.1 lacked receipt and server_time).
VERSION_1 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hold', 'release', 'retail', 'enrol')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'rejected', 'failed', 'unknown')),
    training INTEGER NOT NULL,
    server TEXT NOT NULL,
    point TEXT NOT NULL,
    client_id TEXT,
    customer TEXT NOT NULL DEFAULT '',
    lookup TEXT,
    amount TEXT,
    spend TEXT,
    earn TEXT,
    total TEXT,
    points TEXT,
    hold_id TEXT,
    hold_until REAL,
    hold_ids TEXT NOT NULL DEFAULT '[]',
    balance_before TEXT,
    balance_after TEXT,
    verdict TEXT,
    reason TEXT NOT NULL DEFAULT ''{extra}
);
CREATE INDEX entries_created ON entries (created);
CREATE INDEX entries_state ON entries (state);
"""


@pytest.mark.parametrize("extra", ["", ",\n    receipt TEXT,\n    server_time REAL"])
def test_an_older_journal_is_upgraded_with_its_entries_and_ids(tmp_path, extra) -> None:
    path = tmp_path / "old.sqlite3"
    now = time.time()
    with sqlite3.connect(path) as db:  # three entries, the last one purged: the IDs go on at 4
        db.executescript(VERSION_1.format(extra=extra))
        for state in ("done", "unknown", "done"):
            db.execute(
                "INSERT INTO entries (created, updated, kind, state, training, server, point, "
                "lookup, amount) VALUES (?, ?, 'retail', ?, 0, 's', 'p', '+79990001122', '5')",
                (now, now, state),
            )
        db.execute("DELETE FROM entries WHERE id = 3")
        with pytest.raises(sqlite3.IntegrityError):  # version 1 cannot hold a queued earn
            db.execute(
                "INSERT INTO entries (created, updated, kind, state, training, server, point) "
                "VALUES (?, ?, 'retail', 'queued', 0, 's', 'p')",
                (now, now),
            )
    old = Journal(path)
    try:
        kept = old.entries(since=None)
        assert [(e.id, e.state, e.receipt, e.offline) for e in kept] == [
            (1, State.DONE, None, False),
            (2, State.UNKNOWN, None, False),
        ]
        assert kept[1].lookup == "+79990001122" and kept[1].amount == Decimal(5)
        entry = old.intent(Kind.RETAIL, amount=Decimal(5), receipt="R-1", **WHERE)
        assert entry == 4  # never the purged entry's ID again
        assert old.get(entry).receipt == "R-1"
        queued = old.intent(Kind.RETAIL, amount=Decimal(7), queued=True, **WHERE)
        assert old.get(queued).state is State.QUEUED
    finally:
        old.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"entries_created", "entries_client", "entries_hold"} <= names
        assert not any(name.startswith("entries_version") for name in names)
    Journal(path).close()  # opening again changes nothing


def test_a_journal_of_a_newer_version_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    """#34, finding 3: the previous release opened today's journal, crashed in F11 on
    'queued' and settled entries without a new revision. From this release on, a journal
    whose version is unknown is refused, naming both versions, and not touched."""
    from app.core.journal.opening import open_journal
    from app.core.journal.schema import JournalTooNew

    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.intent(Kind.RETAIL, amount=Decimal(5), **WHERE)
    journal.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalTooNew) as refused:
        Journal(path)
    assert (refused.value.found, refused.value.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert f"version {SCHEMA_VERSION + 1}" in str(refused.value)
    assert f"up to {SCHEMA_VERSION}" in str(refused.value)
    with pytest.raises(JournalTooNew):
        open_journal(path)  # never taken for damage and set aside
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []


def test_no_csv_cell_can_run_as_a_spreadsheet_formula(journal: Journal, qapp) -> None:
    """#35: the customer cells started with «+» («+7 920 ***-**-01») and the server's own text
    went in as it came: a spreadsheet may run a cell starting with =, +, - or @. Read back with
    the csv module, as a spreadsheet splits it: no text cell starts like a formula, the figures
    stay numbers, and what the manager reads is unchanged after the apostrophe."""
    import csv
    import io

    from app.base import i18n
    from app.core.journal.text import FORMULA_STARTS

    i18n.install(qapp, "ru")
    hostile = journal.intent(
        Kind.RETAIL,
        customer="+7 920 ***-**-01",
        amount=Decimal("1500"),
        spend=Decimal(100),
        receipt='=HYPERLINK("http://x.example")',
        server="s",
        point="@SUM(A1)",
        training=False,
    )
    journal.rejected(hostile, "-1+2 =cmd|' /C calc'!A0")
    sold = journal.intent(Kind.RETAIL, amount=Decimal(300), spend=Decimal(50), **WHERE)
    journal.done(sold, spend=Decimal(50), total=Decimal(250))
    rows = list(
        csv.reader(io.StringIO(export_csv(journal.entries()).decode("utf-8-sig")), delimiter=";")
    )
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert "'+7 920 ***-**-01" in cells
    assert '\'=HYPERLINK("http://x.example")' in cells
    header = rows[0]
    last = rows[-2]
    assert last[header.index("Списано")] == "50" and last[header.index("К оплате")] == "250,00"
    assert header[-2:] == ["Время сервера", "Отправлено позже"]


def test_a_journal_keeps_its_identity_on_its_computer_and_takes_a_new_one_elsewhere(
    tmp_path: Path,
) -> None:
    from app.core.journal.store import host_fingerprint

    path = tmp_path / "journal.sqlite3"
    first = Journal(path)
    made = first.identity
    entry = first.intent(Kind.RETAIL, amount=Decimal(5), **WHERE)
    first.close()
    assert host_fingerprint() == host_fingerprint()  # never a made-up address per run
    again = Journal(path)
    assert again.identity == made and again.get(entry).origin == made
    again.close()
    elsewhere = Journal(path, host="another-till/0a0b0c0d0e0f")
    assert elsewhere.identity != made
    assert elsewhere.get(entry).origin == made  # an entry keeps the identity it was made under
    later = elsewhere.intent(Kind.RETAIL, amount=Decimal(6), **WHERE)
    assert elsewhere.get(later).origin == elsewhere.identity
    elsewhere.close()
