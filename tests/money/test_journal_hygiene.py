"""What the journal keeps on disk: no phone after settling, masked server text, private files,
and a corrupt file that never stops the program from starting."""

from __future__ import annotations

import logging
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from app import logs
from app.core.journal import Journal, Kind, State, open_journal
from app.core.journal_text import export_csv

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


@pytest.mark.skipif(not hasattr(stat, "S_IMODE"), reason="POSIX permissions")
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
