"""What the journal keeps on disk: no phone after settling, masked server text, private files,
and a corrupt file that never stops the program from starting."""

from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.base import logs
from app.core.journal.entry import Kind, State
from app.core.journal.opening import CARRIED, open_journal
from app.core.journal.store import Journal
from app.core.journal.text import export_csv

PHONE = "79201234567"
WHERE = {"server": "http://127.0.0.1:1", "point": "p1", "training": False}


def on_disk(path: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def test_a_settled_entry_leaves_no_phone_in_the_file_or_the_wal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    entry = journal.intent(Kind.RETAIL, lookup=PHONE, amount=Decimal(300), **WHERE)
    assert PHONE.encode() in on_disk(journal.path)  # kept while the entry is open
    journal.done(entry, spend=Decimal(100), total=Decimal(200))
    assert journal.get(entry).lookup is None
    assert PHONE.encode() not in on_disk(journal.path)
    journal.close()


def test_server_text_is_masked_before_it_reaches_the_journal_and_the_csv(tmp_path: Path) -> None:
    logs.register_secret("s3cr3t-key-value")
    journal = Journal(tmp_path / "journal.sqlite3")
    entry = journal.intent(Kind.RETAIL, amount=Decimal(300), **WHERE)
    journal.rejected(
        entry,
        "HTTP 422: {'client': 'ivan.petrov@mail.ru +7 920 123-45-67 apikey s3cr3t-key-value'}",
    )
    reason = journal.get(entry).reason
    assert "ivan.petrov" not in reason
    assert "123-45-67" not in reason
    assert "s3cr3t-key-value" not in reason
    assert "***" in reason
    csv_text = export_csv(journal.entries()).decode("utf-8-sig")
    assert "ivan.petrov" not in csv_text
    assert "s3cr3t" not in csv_text
    journal.close()


PHONE_FORMS = (
    "9200000003",  # a server's ten digits: found unmasked by the reliability run (#34)
    "79200000003",
    "89200000003",
    "+79200000003",
    "+7 920 000-00-03",
    "+7 (920) 000-00-03",
    "8 (920) 000 00 03",
    "8-920-000-00-03",
    "(920) 000-00-03",
    "920 000 00 03",
    "920-000-00-03",
)


@pytest.mark.parametrize("phone", PHONE_FORMS)
def test_a_phone_in_any_form_is_masked_in_everything_the_till_writes(
    tmp_path: Path, phone: str
) -> None:
    """A server's or partner's message carrying a phone reaches the journal's reason, the
    CSV, the log and the chain's rows: none of them may keep it."""
    from app.chain.shipping import Till, shipped_row

    log_file = logs.setup(tmp_path / "log")
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        entry = journal.intent(Kind.RETAIL, amount=Decimal(300), **WHERE)
        message = f"HTTP 422: {{'client': 'Client {phone} not found.'}}"
        logging.getLogger("app.test").warning("retail refused: %s", message)
        journal.rejected(entry, message)
        stored = journal.get(entry)
        row = shipped_row(stored, Till("00000000-0000-0000-0000-000000000000", "h", "p"))
        written = {
            "reason": stored.reason,
            "csv": export_csv(journal.entries()).decode("utf-8-sig"),
            "log": log_file.read_text(encoding="utf-8"),
            "chain": " ".join(str(value) for value in row),
        }
        for place, text in written.items():
            digits = "".join(ch for ch in text if ch.isdigit())
            assert "20000000" not in digits, f"{phone!r} reached the {place}: {text!r}"
        assert "+7 920 ***-**-03" in stored.reason
    finally:
        journal.close()
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_loyalty_till", False):
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_a_unix_time_or_an_amount_is_not_taken_for_a_phone() -> None:
    text = (
        "server time 1796160086, amount 1500.00, card 7000000000000003, id 62a000000000000000000003"
    )
    assert logs.mask(text) == text


@pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX modes; on Windows the profile folder's ACL guards it"
)
def test_the_journal_is_readable_by_the_user_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    journal = Journal(folder / "journal.sqlite3")
    journal.intent(Kind.HOLD, **WHERE)
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    journal.close()


@pytest.mark.parametrize(
    "content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4096]
)
def test_a_corrupt_journal_is_moved_aside_and_a_new_one_started(tmp_path: Path, content) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(content)
    journal, moved = open_journal(path)
    assert moved is not None
    assert moved.read_bytes() == content  # kept for support, not deleted
    assert moved.name.startswith("journal.sqlite3.corrupt-")
    entry = journal.intent(Kind.HOLD, **WHERE)
    assert journal.get(entry).state is State.PENDING  # the new journal works
    journal.close()


def test_a_healthy_journal_is_not_moved(tmp_path: Path) -> None:
    Journal(tmp_path / "journal.sqlite3").close()
    journal, moved = open_journal(tmp_path / "journal.sqlite3")
    assert moved is None
    journal.close()


def test_an_unusable_log_folder_falls_back(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        used = logs.setup_with_fallback(lambda: blocked / "logs")
        assert used is not None
        assert used.parent == tmp_path / "tmp" / "LoyaltyTill" / "logs"
        logging.getLogger("test").warning("call +7 920 123-45-67")
        assert "123-45-67" not in used.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


# ---- a journal that is only busy is never thrown away (the till's own computer, finding 2) --


def pending_retail(journal: Journal) -> int:
    return journal.intent(Kind.RETAIL, lookup="79200000001", customer="+7 920 ***-**-01", **WHERE)


def test_a_journal_held_by_another_process_is_waited_for_not_set_aside(tmp_path: Path) -> None:
    from app.core.journal.opening import JournalBusy
    from tests.money.test_journal_refuses import held

    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    entry = pending_retail(journal)  # a sale in doubt when the program stopped
    journal.close()
    with held(path), pytest.raises(JournalBusy) as busy:
        open_journal(path, busy_seconds=0.2)
    assert not busy.value.disk_full
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []
    again, moved = open_journal(path)  # free again: the same journal, the entry still there
    assert moved is None
    assert again.get(entry).state is State.PENDING
    again.close()


def corrupt_an_index(path: Path) -> None:
    """Overwrite the journal's state index (which the purge at open reads): SQLite then calls
    the file malformed while the table's own rows can still be read."""
    import sqlite3

    db = sqlite3.connect(path)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_state'")
    page = root.fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = b"\xfe" * size
    path.write_bytes(bytes(data))


def test_a_damaged_journal_is_set_aside_scrubbed_and_its_open_entries_carried(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    for _ in range(3):
        done = journal.intent(Kind.RETAIL, lookup="79200000002", **WHERE)
        journal.done(done)
    open_entry = journal.get(pending_retail(journal))
    created = open_entry.created.timestamp()
    journal._db.execute("PRAGMA journal_mode=DELETE")
    journal.close()
    corrupt_an_index(path)
    assert b"79200000001" in path.read_bytes()
    fresh, moved = open_journal(path)
    assert moved is not None
    assert b"79200000001" not in moved.read_bytes()  # no customer's phone kept in clear
    [carried] = fresh.unsettled()
    assert (carried.kind, carried.state, carried.lookup) == (
        Kind.RETAIL,
        State.PENDING,
        "79200000001",
    )
    assert carried.created.timestamp() == pytest.approx(created)
    # Its ID and origin too: the chain's copy knows it by them (a new ID left the old row
    # open there for good).
    assert (carried.id, carried.origin) == (open_entry.id, open_entry.origin)
    assert fresh.intent(Kind.RETAIL, **WHERE) > carried.id  # new entries never take its ID
    assert fresh.meta(CARRIED) == "1"  # the start-up notice says how many came over
    fresh.close()


def test_a_journal_whose_header_is_destroyed_is_told_as_possibly_losing_entries(
    tmp_path: Path, qtbot, qapp
) -> None:
    """#34: a journal whose header was destroyed lost its undecided entries from F11 and
    status, and the notice said only "no operations before this start": the manager is told
    that open entries may be missing, and where the old file is."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from app.base import i18n
    from app.ui.cashier.notices import Notices

    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.intent(Kind.RETAIL, lookup="79200000002", **WHERE)  # an open sale
    journal.close()
    with path.open("r+b") as file:
        file.write(b"\0" * 4096)  # the header and first page gone
    fresh, moved = open_journal(path)
    assert moved is not None and fresh.unsettled() == []
    assert fresh.meta(CARRIED) == "0"
    i18n.install(qapp, "ru")
    owner = QWidget()
    qtbot.addWidget(owner)
    Notices(owner).journal_moved(moved, int(fresh.meta(CARRIED) or 0))
    [box] = [w for w in owner.findChildren(QMessageBox) if w.objectName() == "journalMoved"]
    assert str(moved) in box.text()
    assert "могут теперь отсутствовать в журнале" in box.text()
    assert "проверьте сегодняшние покупки этой кассы" in box.text()
    box.close()
    fresh.close()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KB file system (tmpfs), to be filled: the full disk of a till."""
    import subprocess

    if sys.platform == "win32":
        pytest.skip("a tmpfs is Linux's; a full disk on Windows is for a real machine (docs/it.md)")

    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (root only): {made.stderr.strip()}")
    try:
        yield mount
    finally:
        left = subprocess.run(["umount", str(mount)], capture_output=True, check=False)
        if left.returncode != 0:  # something still holds a file there: fail, then let go
            subprocess.run(["umount", "-l", str(mount)], check=False)
            pytest.fail(f"the tiny disk was still in use: {left.stderr!r}")


def fill(disk: Path, leave: int) -> None:
    """Write until only about ``leave`` bytes are free."""
    import contextlib
    import os

    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with (disk / "filler").open("wb") as filler, contextlib.suppress(OSError):
        filler.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("leave", [0, 8 * 1024, 24 * 1024, 48 * 1024])
def test_a_full_disk_is_named_as_such_and_nothing_is_set_aside(tiny_disk: Path, leave: int) -> None:
    """The till's own computer, finding 5: with 8-48 KB free the new empty journal was called
    corrupt; a completely full disk gave a false "already running"."""
    from app.core.journal.opening import JournalBusy

    fill(tiny_disk, leave)
    try:
        journal, moved = open_journal(tiny_disk / "journal.sqlite3", busy_seconds=0.2)
    except JournalBusy as busy:
        assert busy.disk_full, str(busy)
    else:
        assert moved is None
        journal.close()
    assert [p.name for p in tiny_disk.iterdir() if "corrupt" in p.name] == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_journal_in_a_shared_folder_leaves_the_folder_open_to_others(tmp_path: Path) -> None:
    """A journal opened in a sticky, world-writable folder (like /tmp) once made it 0700,
    locking every other user of the machine out of /tmp."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    journal = Journal(shared / "journal.sqlite3")
    journal.close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "journal.sqlite3").stat().st_mode) == 0o600
