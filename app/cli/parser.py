"""The command line's words: the window's options and every subcommand's. Only argparse is
imported here: ``loyalty-till sale``, run by a POS once per purchase, starts fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__


def _sandbox(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app.sandbox.routes import MODES, ROUTES

    parser = sub.add_parser("sandbox", help="run the API emulator (training, demos, tests)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="SQLite file (default: sandbox.sqlite3 in the data folder)",
    )
    parser.add_argument(
        "--fault",
        default=None,
        metavar="MODE[:ROUTE,...][@before|@after]",
        help=f"inject a fault from the start; modes: {', '.join(MODES)}; "
        f"routes: {', '.join(sorted(ROUTES.values()))}",
    )
    parser.add_argument("--latency-ms", type=int, default=0, help="added latency per request")


def _subcommands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("credentials", help="API keys in the OS keyring (key read from stdin)")
    parser.add_argument("action", choices=["set", "delete", "status"])
    parser.add_argument(
        "--profile",
        default=None,
        help="profile name, e.g. production (not for --key handoff, the till's own token)",
    )
    parser.add_argument(
        "--key",
        choices=["loyalty", "partner", "imshop", "handoff", "chain"],
        default=None,
        help="which key (status without --key lists all); handoff: the POS hand-off "
        "endpoint's token",
    )
    machine = sub.add_parser(
        "machine-config",
        help="write the machine-wide settings file (Linux tills, staging; on Windows the MSI "
        "and Group Policy write the registry's policy key instead)",
    )
    machine.add_argument("--base-url", required=True)
    machine.add_argument("--point", required=True)
    machine.add_argument("--profile", default="store")
    machine.add_argument(
        "--manager-pin-hash",
        default=None,
        help="the manager PIN's hash from 'loyalty-till pin hash' (locked in this file)",
    )
    machine.add_argument(
        "--dry-run", action="store_true", help="check the values and write nothing"
    )
    machine.add_argument(
        "--path",
        type=Path,
        default=None,
        help="file to write (default: the platform's machine-wide path)",
    )
    setup = sub.add_parser(
        "setup",
        help="set a till up with no GUI: the machine-wide settings, the loyalty key from "
        "standard input into the OS keyring, and a connection check (all or nothing)",
    )
    setup.add_argument("base_url", metavar="BASE_URL")
    setup.add_argument("point", metavar="POINT_ID")
    setup.add_argument(
        "--manager-pin-hash",
        default=os.environ.get("MANAGER_PIN_HASH"),
        help="the manager PIN's hash from 'loyalty-till pin hash' (default: $MANAGER_PIN_HASH)",
    )
    sale = sub.add_parser(
        "sale",
        help="hand a sale's amount to the running window (POS hand-off); exit 0 only for a "
        "completed sale with --wait",
    )
    sale.add_argument("--amount", required=True, help="purchase amount, e.g. 1500,00")
    sale.add_argument("--receipt", default=None, help="the POS's receipt ID, kept in the journal")
    sale.add_argument("--wait", action="store_true", help="return when the sale ends")
    sale.add_argument("--json", action="store_true", help="print one JSON line per answer")
    sale.add_argument(
        "--timeout", type=float, default=None, help="with --wait: give up after SECONDS (exit 6)"
    )
    check = sub.add_parser("check", help="test the connection of a profile, without a window")
    check.add_argument("--profile", default=None, help="profile (default: the active one)")
    status = sub.add_parser(
        "status", help="one till's health for monitoring (exit 1 when something needs a person)"
    )
    status.add_argument("--profile", default=None, help="profile (default: the active one)")
    status.add_argument("--json", action="store_true", help="one JSON object")
    scanner = sub.add_parser(
        "scanner-test", help="show what a barcode scanner sends (layout, rhythm, terminator)"
    )
    scanner.add_argument("--lang", choices=["ru", "en"], default="ru")
    _chain(sub)
    pin = sub.add_parser("pin", help="manager PIN")
    pin.add_argument("action", choices=["hash"], help="print the hash of a PIN read from stdin")


def _chain(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chain = sub.add_parser(
        "chain", help="the chain's PostgreSQL copy of every till's journal (docs/chain.md)"
    )
    chain.add_argument(
        "--dsn", default=None, help="connection string (default: chain_dsn from the settings)"
    )
    chain.add_argument("--profile", default=None, help="whose 'chain' key is the password")
    actions = chain.add_subparsers(dest="chain_command", required=True)
    actions.add_parser("migrate", help="create or upgrade the schema (IT, the owner role)")
    grant = actions.add_parser("grant", help="grant a till's role (or --support a desk's)")
    grant.add_argument("role")
    grant.add_argument("--support", action="store_true", help="the support desk's reading role")
    for name, text in (
        ("undecided", "every operation needing a decision, across tills, oldest first"),
        ("totals", "a day's figures per till and store, as each till's F11 counts them"),
        ("tills", "each till's last shipment, version, clock offset and queued earns"),
    ):
        query = actions.add_parser(name, help=text)
        shape = query.add_mutually_exclusive_group()
        shape.add_argument("--json", action="store_true", help="one JSON array")
        shape.add_argument("--csv", action="store_true", help="CSV with a header row")
        if name == "totals":
            query.add_argument("--date", required=True, help="the day, YYYY-MM-DD (till time)")
            query.add_argument("--point", default=None, help="one store point only")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (default: this process's arguments). The subcommands' parsers
    cost 7–13 ms of gettext lookups and formatters; a command line of options only (the
    window's start, as a desktop shortcut runs it) cannot name one, so they are left out."""
    parser = argparse.ArgumentParser(prog="loyalty-till", description="Loyalty Till")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--training",
        action="store_true",
        help="use the embedded demo sandbox even if a server is configured",
    )
    parser.add_argument("--profile", default=None, help="use this profile from the settings")
    parser.add_argument(
        "--base-url", default=None, help="loyalty server for the profile, e.g. https://host"
    )
    parser.add_argument("--point", default=None, help="this till's point ID for the profile")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen and write a JSON report",
    )
    parser.add_argument("--out", type=Path, default=None, help="where --self-test writes")
    parser.add_argument(
        "--lang",
        default=None,
        choices=["ru", "en"],
        help="interface language (default: from the settings, else Russian)",
    )
    words = sys.argv[1:] if argv is None else argv
    if not any(not word.startswith("-") or word in ("-h", "--help") for word in words):
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command")
    _sandbox(sub)
    _subcommands(sub)
    return parser
