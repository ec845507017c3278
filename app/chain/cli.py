"""``loyalty-till chain …``: the support desk's console over the chain's database, and IT's
``migrate`` and ``grant``. Plain tables by default, ``--json`` or ``--csv`` for scripts.

The connection string is ``--dsn`` or the settings' ``chain_dsn``; the password is the
profile's ``chain`` key in the OS keyring when one is stored, else whatever libpq finds
(``PGPASSWORD``, ``.pgpass``, a Kerberos ticket) — never the command line's.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal
from typing import Any

from app.chain import queries, schema


def run_chain(args: argparse.Namespace) -> int:
    """Exit 0 done, 1 the database refused or could not be reached, 2 a bad argument."""
    import psycopg

    from app.chain.shipping import connect

    found = _dsn_and_password(args)
    if found is None:
        print("loyalty-till chain: no --dsn and no chain_dsn in the settings", file=sys.stderr)
        return 2
    dsn, password = found
    try:
        day = date.fromisoformat(args.date) if args.chain_command == "totals" else None
    except ValueError:
        print(f"loyalty-till chain: --date {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        with connect(dsn, password) as conn:
            return _run(conn, args, day)
    except schema.SchemaTooNew as newer:
        print(f"loyalty-till chain: {newer}", file=sys.stderr)
        return 2
    except psycopg.Error as error:
        print(f"loyalty-till chain: {explain(error, dsn)}", file=sys.stderr)
        return 1


def explain(error: Exception, dsn: str) -> str:
    """A PostgreSQL refusal in IT's words: who was refused, and the privilege or setting that
    is missing; the server's own message follows for the DBA."""
    import psycopg

    try:
        parts = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.Error:
        parts = {}
    user = parts.get("user") or "(the default login)"
    where = f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
    said = " ".join(str(error).split())
    state = getattr(error, "sqlstate", None) or ""
    if state == "42501":
        why = (
            f"the login {user!r} lacks a privilege for this. Run 'chain migrate' and 'chain "
            "grant' as the database's owner (no CREATEROLE or superuser is needed); a till's "
            "login needs 'chain grant LOGIN' first"
        )
    elif state in ("28P01", "28000"):
        why = (
            f"the database refused the login {user!r}: a wrong password (the profile's "
            "'chain' key, or PGPASSWORD), or pg_hba.conf does not let it in from this computer"
        )
    elif state == "3D000":
        why = f"there is no database {parts.get('dbname')!r} at {where}"
    elif state == "42P01":
        why = "the chain's tables are missing: run 'loyalty-till chain migrate' as the owner"
    elif isinstance(error, psycopg.OperationalError) and not state:
        why = f"the database at {where} cannot be reached (is it running, and is the port open?)"
    else:
        why = f"the database refused ({type(error).__name__})"
    return f"{why}. PostgreSQL said: {said}"


def _dsn_and_password(args: argparse.Namespace) -> tuple[str, str | None] | None:
    from app.core.settings import file as settings_file
    from app.core.settings.secrets import Secrets, SecretsUnavailable

    loaded = settings_file.load()
    dsn = args.dsn or loaded.settings.chain_dsn
    if not dsn:
        return None
    try:
        password = Secrets().get(args.profile or loaded.settings.active_profile, "chain")
    except SecretsUnavailable:
        password = None  # libpq's own ways remain
    return dsn, password


def _run(conn: Any, args: argparse.Namespace, day: date | None) -> int:
    command = args.chain_command
    if command == "migrate":
        before, after = schema.migrate(conn)
        print(
            f"schema version {before} → {after}" if after > before else f"schema {after}: current"
        )
        return 0
    if command == "grant":
        for statement in schema.grants(args.role, support=args.support):
            conn.execute(statement)
        print(f"granted: {args.role}" + (" (support)" if args.support else ""))
        return 0
    if command == "undecided":
        rows = queries.as_dicts(queries.undecided(conn))
    elif command == "totals":
        assert day is not None
        rows = queries.as_dicts(queries.totals(conn, day, point=args.point))
    else:
        rows = queries.as_dicts(queries.tills(conn))
    print(render(rows, as_json=args.json, as_csv=args.csv), end="")
    return 0


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else f"{value:f}"
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")  # type: ignore[no-any-return]
    return str(value)


def render(rows: list[dict[str, Any]], *, as_json: bool = False, as_csv: bool = False) -> str:
    if as_json:
        return json.dumps([{k: _text(v) for k, v in row.items()} for row in rows]) + "\n"
    if not rows:
        return "" if as_csv else "(none)\n"
    names = list(rows[0])
    table = [[_text(row[name]) for name in names] for row in rows]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(table)
        return out.getvalue()
    widths = [max(len(name), *(len(line[i]) for line in table)) for i, name in enumerate(names)]
    lines = [names, ["-" * width for width in widths], *table]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )
