"""Command line: ``loyalty-till`` starts the window; subcommands serve IT and trainers.

* ``loyalty-till sandbox`` runs the API emulator;
* ``loyalty-till credentials set|delete|status`` manages the keys in the OS keyring, reading a
  key from standard input only (never from the command line, where other users could see it);
* ``loyalty-till pin hash`` turns a manager PIN read from standard input into the hash that
  goes into a settings file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from app.base.paths import data_dir
from app.cli.console import prepare_streams
from app.cli.parser import build_parser

# The keys a profile cannot work without; the partner and IMSHOP keys only turn those on.
REQUIRED_KEYS = ("loyalty",)


class NoInput(Exception):
    """Standard input is closed or absent (a windowed program, ``<&-``, a POS that passes no
    handle): a key or PIN cannot be read."""


def _read_secret(prompt: str) -> str:
    stream = sys.stdin
    try:
        if stream is None or stream.closed:
            raise NoInput
        if stream.isatty():
            import getpass

            return getpass.getpass(prompt)
        return stream.readline().rstrip("\r\n")
    except (OSError, ValueError) as error:  # a closed or invalid handle
        raise NoInput from error


def run_credentials(args: argparse.Namespace) -> int:
    from app.core.settings.secrets import HANDOFF_PROFILE, KEY_NAMES, Secrets, SecretsUnavailable

    if args.key == "handoff":
        args.profile = HANDOFF_PROFILE
    elif args.profile is None:
        print("loyalty-till credentials: --profile is required", file=sys.stderr)
        return 2
    secrets = Secrets()
    try:
        if args.action == "status":
            # Exit 0 when every key the profile needs is stored: the loyalty key. The partner
            # and IMSHOP keys only turn those services on.
            keys = [args.key] if args.key else list(KEY_NAMES)
            stored = {key: secrets.has(args.profile, key) for key in keys}
            for key, present in stored.items():
                need = "required" if key in REQUIRED_KEYS else "optional"
                print(f"{args.profile}:{key}: {'stored' if present else 'not stored'} ({need})")
            print(f"keyring backend: {secrets.backend_name}")
            needed = [key for key in keys if key in REQUIRED_KEYS or args.key]
            return 0 if all(stored[key] for key in needed) else 1
        if args.key is None:
            print("loyalty-till credentials: --key is required for set and delete", file=sys.stderr)
            return 2
        if args.action == "set":
            try:
                value = _read_secret(f"{args.key} key for {args.profile}: ")
            except NoInput:
                return _no_input("credentials set")
            try:
                secrets.set(args.profile, args.key, value)
            except ValueError as problem:
                print(f"loyalty-till credentials: {problem}", file=sys.stderr)
                return 2
            print(f"{args.profile}:{args.key}: stored")
            return 0
        deleted = secrets.delete(args.profile, args.key)
        print(f"{args.profile}:{args.key}: {'deleted' if deleted else 'was not stored'}")
        return 0
    except SecretsUnavailable as unavailable:
        print(f"loyalty-till credentials: {unavailable}", file=sys.stderr)
        return 3


def run_check(args: argparse.Namespace) -> int:
    from app.core.link.connection_check import Verdict, check_all
    from app.core.settings import file as settings_file
    from app.core.settings.secrets import Secrets

    loaded = settings_file.load()
    for problem in loaded.problems:
        print(f"settings: {problem}", file=sys.stderr)
    name = args.profile or loaded.settings.active_profile
    profile = loaded.settings.profiles.get(name)
    if profile is None:
        print(
            f"loyalty-till check: no production profile {name!r} in the settings "
            f"({loaded.machine_path}, {loaded.user_path})",
            file=sys.stderr,
        )
        return 2
    results = check_all(name, profile, Secrets().get)
    for result in results:
        detail = f"  [{result.detail}]" if result.detail else ""
        message = result.message.replace("%1", result.argument)
        print(f"{result.api:<10} {result.verdict.value:<8} {message}{detail}")
    failed = any(r.verdict is Verdict.FAILED for r in results)
    port = loaded.settings.handoff_http_port
    if port:
        listener = _handoff_listener(port)
        verdict, words = {
            "till": ("ok", "this till answers, signed"),
            "nobody": ("skipped", "nothing listens: the window is closed"),
            "another program": ("failed", "another program answers: stop it, restart the till"),
            "no token": ("failed", "no token stored: loyalty-till credentials set --key handoff"),
        }[listener]
        print(f"{'handoff':<10} {verdict:<8} http://127.0.0.1:{port}: {words}")
        failed = failed or verdict == "failed"
    return 1 if failed else 0


def run_machine_config(args: argparse.Namespace) -> int:
    """Set (and lock) the store profile's server and point in the machine-wide file, keeping
    whatever else IT put there."""
    import tomllib

    import tomli_w

    from app.base.files import write_atomic
    from app.core.settings.config_files import machine_config_path
    from app.core.settings.model import Settings

    path = args.path or machine_config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        print(f"loyalty-till machine-config: {path}: {error}", file=sys.stderr)
        return 2
    profile = data.setdefault("profiles", {}).setdefault(args.profile, {})
    profile.update(base_url=args.base_url.strip(), point=args.point.strip())
    data["active_profile"] = args.profile
    locked = set(data.get("locked", []))
    locked |= {
        "active_profile",
        f"profiles.{args.profile}.base_url",
        f"profiles.{args.profile}.point",
    }
    if args.manager_pin_hash:
        data["manager_pin"] = args.manager_pin_hash.strip()
        locked.add("manager_pin")
    data["locked"] = sorted(locked)
    try:
        Settings.model_validate({k: v for k, v in data.items() if k != "locked"})
    except ValueError as error:
        print(f"loyalty-till machine-config: {error}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(f"would write {path}: the values are valid")
        return 0
    try:
        write_atomic(path, tomli_w.dumps(data), private=False)
    except OSError as error:
        print(f"loyalty-till machine-config: {path}: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


def run_sale(args: argparse.Namespace) -> int:
    """Hand the amount over; with --wait, print the outcome and exit by it
    (app/handoff/protocol.py).
    Every refusal carries a stable ``code`` and a ``message`` in the till's language (its
    settings' ``language``), read from the catalogue without Qt: a POS runs this per purchase."""
    import json

    from app.base.i18n import QT_TRANSLATE_NOOP, catalogue, fill
    from app.core.settings import config_files
    from app.handoff import protocol as handoff
    from app.handoff.client import NoTill, exchange

    words = catalogue(config_files.peek().language)

    def say(reply: dict[str, object], text: str) -> None:
        print(json.dumps(reply) if args.json else text, flush=True)  # JSON in ASCII: any code page

    def refusal(code: str, source: str, *arguments: str) -> dict[str, object]:
        return {"ok": False, "code": code, "message": fill(words, "Handoff", source, *arguments)}

    def tell(code: str, source: str, *arguments: str) -> None:
        """A refusal of the command's own: as JSON, or its words alone."""
        reply = refusal(code, source, *arguments)
        say(reply, str(reply["message"]))

    try:
        handoff.sale_amount(args.amount)
        handoff.receipt_id(args.receipt)
    except handoff.HandoffProblem as problem:
        message = problem.words(words)
        say({"ok": False, "code": problem.code, "message": message}, message)
        return handoff.BAD_ARGUMENT
    request = {"call": "sale", "amount": args.amount, "receipt": args.receipt, "wait": args.wait}
    try:
        name = handoff.server_name(data_dir())
    except handoff.SocketUnsafe as unsafe:
        tell("no-till", QT_TRANSLATE_NOOP("Handoff", "Not safe to hand over: %1"), str(unsafe))
        return handoff.NO_TILL
    replies = exchange(name, request, timeout=args.timeout)
    try:
        first = next(replies, None)
        if first is None or not first.get("ok"):
            reply = first or refusal("closed", QT_TRANSLATE_NOOP("Handoff", "The till hung up."))
            refused = QT_TRANSLATE_NOOP("Handoff", "Refused: %1")
            say(reply, fill(words, "Handoff", refused, str(reply.get("message"))))
            bad = reply.get("code") in ("bad-amount", "bad-receipt")
            return handoff.BAD_ARGUMENT if bad else handoff.REFUSED
        handed = QT_TRANSLATE_NOOP("Handoff", "Handed to the till (%1).")
        say(first, fill(words, "Handoff", handed, str(first.get("state"))))
        if not args.wait:
            return handoff.COMPLETED
        end = next(replies, None)
    except NoTill:
        tell(
            "no-till",
            QT_TRANSLATE_NOOP("Handoff", "No Loyalty Till window is running for this user."),
        )
        return handoff.NO_TILL
    except TimeoutError:
        tell(
            "timeout",
            QT_TRANSLATE_NOOP("Handoff", "Gave up waiting; the sale goes on in the till."),
        )
        return handoff.TIMED_OUT
    if end is None:
        closed = QT_TRANSLATE_NOOP(
            "Handoff", "The till closed before the sale ended: check its journal."
        )
        text = fill(words, "Handoff", closed)
        say({"outcome": "unknown", "message": text}, text)
        return handoff.UNKNOWN
    outcome = handoff.Outcome.from_json(end)
    say(outcome.as_json(), outcome.summary(words))
    return outcome.exit_code


def _no_input(command: str) -> int:
    print(
        f"loyalty-till {command}: standard input is closed; give the value on it, e.g. "
        f"`loyalty-till {command} < file` (on Windows use loyalty-till.exe, the console one)",
        file=sys.stderr,
    )
    return 2


def run_pin(args: argparse.Namespace) -> int:
    from app.core.settings.pin import hash_pin, pin_problem

    try:
        pin = _read_secret("Manager PIN: ")
    except NoInput:
        return _no_input("pin hash")
    problem = pin_problem(pin)
    if problem:
        print(f"loyalty-till pin: {problem}", file=sys.stderr)
        return 2
    print(f'manager_pin = "{hash_pin(pin)}"')
    return 0


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


def run_status(args: argparse.Namespace) -> int:
    """``status [--json]``: exit 0 all well, 1 something needs a person, 2 no such profile."""
    import json

    from app.core.link.session import tls_context
    from app.core.link.status import TillStatus, attention, journal_figures, probe
    from app.core.settings import file as settings_file
    from app.core.settings.config_files import TRAINING
    from app.core.settings.secrets import Secrets, SecretsUnavailable

    loaded = settings_file.load()
    name = args.profile or loaded.settings.active_profile
    status = TillStatus(profile=name)
    if name != TRAINING:
        profile = loaded.settings.profiles.get(name)
        if profile is None:
            print(f"loyalty-till status: no profile {name!r} in the settings", file=sys.stderr)
            return 2
        status.server, status.point = profile.base_url, profile.point
        try:
            key = Secrets().get(name, "loyalty")
        except SecretsUnavailable as unavailable:
            key, status.problem = None, str(unavailable)
        if key:
            probe(profile, key, tls_context(profile.ca_file), status)
        else:
            status.key_accepted = False
            status.problem = status.problem or "no loyalty key is stored for this profile"
    journal_figures(data_dir() / "journal.sqlite3", status, chain=bool(loaded.settings.chain_dsn))
    if loaded.settings.handoff_http_port:
        status.handoff_http = _handoff_listener(loaded.settings.handoff_http_port)
    status.attention = attention(status)
    if args.json:
        print(json.dumps(status.as_json()))
    else:
        for label, value in status.as_json().items():
            if label != "attention":
                print(f"{label:<22} {value}")
        for line in status.attention or ["nothing needs attention"]:
            print(f"attention              {line}")
    return 1 if status.attention else 0


def _handoff_listener(port: int) -> str:
    """Who answers on the HTTP hand-off's port (app.handoff.signing.who_listens), or "no
    token" when the till has none to sign with."""
    from app.core.settings.secrets import HANDOFF_PROFILE, Secrets, SecretsUnavailable
    from app.handoff.signing import who_listens

    try:
        token = Secrets().get(HANDOFF_PROFILE, "handoff")
    except SecretsUnavailable:
        token = None
    return who_listens(port, token) if token else "no token"


def run_scanner_test(args: argparse.Namespace) -> int:
    """The scanner check on its own, without a server or a journal (IT, a first day)."""
    from PySide6.QtWidgets import QApplication

    from app.base import i18n
    from app.ui.manager.scanner_check import ScannerCheck

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    i18n.install(app, args.lang)
    check = ScannerCheck()
    check.show()
    check.activateWindow()  # a till without a window manager gives it no keyboard otherwise
    check.finished.connect(app.quit)
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    # pydantic looks for plugins through the packages' metadata on first use: 12 ms of
    # start-up for plugins the program never has.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    prepare_streams()  # a windowed program has none; a pipe may be in a code page without «₽»
    if os.name != "nt":
        # Journal, logs (rotated ones too) and settings: readable by this user only. The
        # machine-wide file is made readable by all explicitly (files.write_atomic).
        os.umask(0o077)
    args = build_parser(argv).parse_args(argv)
    if args.command == "sandbox":
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        return run_sandbox(args)
    if args.command == "credentials":
        return run_credentials(args)
    if args.command == "pin":
        return run_pin(args)
    if args.command == "sale":
        return run_sale(args)
    if args.command == "check":
        return run_check(args)
    if args.command == "machine-config":
        return run_machine_config(args)
    if args.command == "setup":
        from app.cli.till_setup import run_setup

        def read_key() -> str:
            try:
                return _read_secret("loyalty key: ")
            except NoInput:
                return ""

        return run_setup(
            args, read_key=read_key, machine_config=run_machine_config, check=run_check
        )
    if args.command == "scanner-test":
        return run_scanner_test(args)
    if args.command == "status":
        return run_status(args)
    if args.command == "chain":
        from app.chain.cli import run_chain

        return run_chain(args)
    if args.self_test:
        from app.cli.selftest import run as self_test

        return self_test(args.out)
    from app.ui.start.launch import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
