"""Hand-off with the POS: what a sale handed over looks like, what comes back, and exit codes.

The running window serves two calls, ``show`` and ``sale``, over a Qt local socket (one JSON
line each way; ``loyalty-till sale`` is its client) and, when turned on, over loopback HTTP
(:mod:`app.handoff.http_endpoint`). Both end in :class:`app.handoff.desk.HandoffDesk`. This module
holds what the client, the server and the tests share; it imports no Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
import struct
import sys
import tempfile
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from pathlib import Path

from app.base.i18n import QT_TRANSLATE_NOOP, Argument, Translator, fill, translate
from app.core.sale.money import AmountProblem, parse_amount

# Exit codes of ``loyalty-till sale`` (argparse itself exits 2 on a malformed command line).
COMPLETED = 0  # spent, earned or discount: the POS may apply the result
NOT_COMPLETED = 1  # cancelled: the customer left, or the cashier chose another way
BAD_ARGUMENT = 2  # an amount or receipt ID the till cannot take
NO_TILL = 3  # no window is running for this user
REFUSED = 4  # the window is busy (a confirmation is open or a sale is being sent)
UNKNOWN = 5  # the server's answer was lost: check the journal before charging
TIMED_OUT = 6  # --wait gave up before the sale ended (the sale goes on in the window)
# The loyalty server was out of reach: the earn is recorded and credited when the link is back;
# the customer pays the full amount (``to_pay``), nothing was spent.
QUEUED = 7

OUTCOME_EXIT = {
    "spent": COMPLETED,
    "earned": COMPLETED,
    "discount": COMPLETED,
    "cancelled": NOT_COMPLETED,
    "unknown": UNKNOWN,
    "queued": QUEUED,
}
RECEIPT_MAX = 64
_RECEIPT = re.compile(rf"^[\w\-./#:]{{1,{RECEIPT_MAX}}}$")


class HandoffProblem(ValueError):
    """A hand-off the till refuses: ``code``, stable, for a script; ``message`` for a person,
    in the till's language (the translators installed where it is made: the window's, or the
    ``sale`` command's, app/cli/commands.py). ``source`` is marked in context ``Handoff``;
    ``%1``… are ``arguments``."""

    def __init__(self, code: str, source: str, *arguments: Argument) -> None:
        super().__init__(source)
        self.code = code
        self.source = source
        self.arguments = arguments

    @property
    def message(self) -> str:
        """In the language of the translators installed (the window's)."""
        return self.words(translate)

    def __str__(self) -> str:
        return self.message

    def words(self, translator: Translator) -> str:
        return fill(translator, "Handoff", self.source, *self.arguments)


def sale_amount(text: str) -> Decimal:
    """The amount as a POS sends it: ``1500,00``, ``1500.00``, ``1 500`` (as a cashier types)."""
    try:
        return parse_amount(text)
    except AmountProblem as problem:
        raise HandoffProblem(
            "bad-amount",
            QT_TRANSLATE_NOOP("Handoff", "The amount %1 cannot be used: %2"),
            repr(text[:40]),
            ("Amount", problem.source),
        ) from problem


def receipt_id(text: str | None) -> str | None:
    """A receipt ID kept in the journal: letters, digits and ``- _ . / # :``, up to 64."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if not _RECEIPT.match(text):
        raise HandoffProblem(
            "bad-receipt",
            QT_TRANSLATE_NOOP(
                "Handoff",
                "The receipt ID %1 cannot be used: letters, digits and - _ . / # : only, up to "
                "%2 characters.",
            ),
            repr(text[:80]),
            str(RECEIPT_MAX),
        )
    return text


@dataclass(frozen=True)
class Outcome:
    """How a handed-over sale ended: one JSON line for the POS."""

    outcome: str  # spent, earned, discount, cancelled, unknown, queued
    amount: str | None = None  # the purchase amount, "1500.00"
    # What the customer pays after points or discount, and the points and discount; ``None``
    # (JSON null) where nobody knows yet: an unknown sale's figures are unknown, not 0.
    to_pay: str | None = None
    points_spent: str | None = None
    points_earned: str | None = None
    discount: str | None = None
    customer: str = ""  # masked, as in the journal
    journal_id: int | None = None
    receipt: str | None = None

    def as_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Outcome:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]

    @property
    def exit_code(self) -> int:
        return OUTCOME_EXIT.get(self.outcome, UNKNOWN)

    def summary(self, translator: Translator) -> str:
        """One line for a person at the command line, in the till's language, the outcome's
        machine code beside its words."""
        unknown = ("Handoff", QT_TRANSLATE_NOOP("Handoff", "unknown"))

        def known(figure: str | None) -> Argument:
            return unknown if figure is None else figure

        return fill(
            translator,
            "Handoff",
            QT_TRANSLATE_NOOP(
                "Handoff",
                "%1 (%2): amount %3, to pay %4, spent %5, earned %6, customer %7, journal #%8, "
                "receipt %9",
            ),
            ("Handoff", OUTCOME_WORDS.get(self.outcome, self.outcome)),
            self.outcome,
            str(self.amount),
            known(self.to_pay),
            known(self.points_spent),
            known(self.points_earned),
            self.customer or "-",
            str(self.journal_id),
            self.receipt or "-",
        )


OUTCOME_WORDS = {
    "spent": QT_TRANSLATE_NOOP("Handoff", "points spent"),
    "earned": QT_TRANSLATE_NOOP("Handoff", "points earned"),
    "discount": QT_TRANSLATE_NOOP("Handoff", "a discount given"),
    "cancelled": QT_TRANSLATE_NOOP("Handoff", "cancelled"),
    "unknown": QT_TRANSLATE_NOOP("Handoff", "the server's answer was lost: check the journal"),
    "queued": QT_TRANSLATE_NOOP("Handoff", "earn recorded, credited when the link is back"),
}


class SocketUnsafe(OSError):
    """The folder for the hand-off socket belongs to someone else or others may enter it: a
    local user could answer for the till. Nothing is served or asked there."""


def server_name(data_dir: Path) -> str:
    """The local socket's name: one per user and data folder (so one window per journal).

    On Windows, a named pipe (``QLocalServer.UserAccessOption`` gives it an owner-only ACL).
    Elsewhere, a full path inside a folder only this user may enter: ``XDG_RUNTIME_DIR`` when
    it is private, else ``<tmp>/loyalty-till-<uid>`` made 0700 — and refused (raising
    :class:`SocketUnsafe`) when another user made it first or it is open to others. A name
    anyone can compute in a shared ``/tmp`` let another user answer for the till. Hashed: a
    Unix socket path has ~100 bytes."""
    who = os.environ.get("USERNAME") or os.environ.get("USER", "")
    digest = hashlib.sha256(f"{who}\0{data_dir.resolve()}".encode()).hexdigest()[:16]
    name = f"loyalty-till-{digest}"
    if sys.platform == "win32":
        return name
    return str(private_runtime_dir() / name)


def private_runtime_dir() -> Path:
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private(Path(runtime), uid):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"loyalty-till-{uid}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    if not _private(folder, uid):
        raise SocketUnsafe(f"{folder} belongs to another user or is open to others")
    return folder


def _private(folder: Path, uid: int) -> bool:
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o077


def peer_is_this_user(descriptor: int) -> bool:
    """Whether the process at the other end of the local socket ``descriptor`` runs as this
    user (Linux: ``SO_PEERCRED``). Elsewhere the private folder (or the pipe's ACL) is the
    guard and this says ``True``."""
    so_peercred = getattr(socket, "SO_PEERCRED", None)
    if so_peercred is None:
        return True
    if descriptor < 0:
        return False
    with socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM) as peer:
        credentials = peer.getsockopt(socket.SOL_SOCKET, so_peercred, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid) == os.getuid()
