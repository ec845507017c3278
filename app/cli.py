"""Command line: ``loyalty-till`` starts the window; ``loyalty-till sandbox`` runs the emulator."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app import __version__
from app.paths import data_dir


def _sandbox_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app.sandbox.faults import MODES, ROUTES

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="loyalty-till", description="Loyalty Till")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--training",
        action="store_true",
        help="use the embedded demo sandbox even if a server is configured",
    )
    parser.add_argument("--base-url", default=None, help="loyalty server, e.g. https://host")
    parser.add_argument("--point", default=None, help="this till's point ID")
    parser.add_argument("--lang", default="ru", choices=["ru", "en"], help="interface language")
    sub = parser.add_subparsers(dest="command")
    _sandbox_parser(sub)
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.sandbox.faults import Fault, FaultError
    from app.sandbox.server import serve

    try:
        fault = Fault.parse_cli(args.fault) if args.fault else Fault()
        if not 0 <= args.latency_ms <= 600_000:
            raise FaultError("--latency-ms must be from 0 to 600000")
    except FaultError as exc:
        print(f"loyalty-till sandbox: {exc}", file=sys.stderr)
        return 2
    fault = replace(fault, latency_ms=args.latency_ms)
    serve(args.db or data_dir() / "sandbox.sqlite3", args.host, args.port, fault)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "sandbox":
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        return run_sandbox(args)
    if args.base_url and not args.point:
        print("loyalty-till: --base-url needs --point", file=sys.stderr)
        return 2
    from app.ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
