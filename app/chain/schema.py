"""The chain database's schema, the program's to create and migrate (``loyalty-till chain
migrate``, run by IT with the owner role): versioned steps applied in order, each in its own
transaction, the version kept in ``loyalty_till_schema``.

Tills need only to read, insert and update their own rows; with row-level security on (step 2)
a till's role sees and writes only rows it wrote itself (``db_user = current_user``), and the
support desk's logins (step 4's list) read everything. Every step runs as the database's
owner without CREATEROLE. The grants are in ``docs/chain.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

STEPS: tuple[str, ...] = (
    # 1: the copy of every till's journal, and one row per till.
    """
    CREATE TABLE till_entries (
        till_id uuid NOT NULL,
        entry_id bigint NOT NULL,
        revision bigint NOT NULL,
        host text NOT NULL,
        version text NOT NULL,
        profile text NOT NULL,
        server text NOT NULL,
        store_point text NOT NULL,
        training boolean NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        verdict text,
        customer text NOT NULL,
        amount numeric,
        spent numeric,
        earned numeric,
        to_pay numeric,
        attempted_spend numeric,
        attempted_earn numeric,
        purchase boolean NOT NULL,
        needs_decision boolean NOT NULL,
        waiting boolean NOT NULL,
        offline boolean NOT NULL,
        receipt text,
        reason text NOT NULL,
        created timestamptz NOT NULL,
        server_time timestamptz,
        posted timestamptz,
        shipped_at timestamptz NOT NULL DEFAULT now(),
        db_user name NOT NULL DEFAULT current_user,
        PRIMARY KEY (till_id, entry_id)
    );
    CREATE TABLE tills (
        till_id uuid PRIMARY KEY,
        host text NOT NULL,
        version text NOT NULL,
        profile text NOT NULL,
        store_point text NOT NULL,
        last_shipment timestamptz NOT NULL,
        clock_offset_s double precision,
        queued_earns integer NOT NULL DEFAULT 0,
        backlog integer NOT NULL DEFAULT 0,
        db_user name NOT NULL DEFAULT current_user
    );
    """,
    # 2: what the support desk's queries read, and row-level security for the tills' roles.
    """
    CREATE INDEX till_entries_undecided ON till_entries (created) WHERE needs_decision;
    CREATE INDEX till_entries_day ON till_entries (created, store_point);
    ALTER TABLE till_entries ENABLE ROW LEVEL SECURITY;
    ALTER TABLE tills ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_rows ON till_entries USING (db_user = current_user)
        WITH CHECK (db_user = current_user);
    CREATE POLICY own_row ON tills USING (db_user = current_user)
        WITH CHECK (db_user = current_user);
    """,
    # 3: who decided an entry (``manager``, or null: the program by the balance), and a
    # hold's points, end (the till's clock) and fate (used, released, ended; null and
    # hold_until past: expired unused).
    """
    ALTER TABLE till_entries
        ADD COLUMN decided_by text,
        ADD COLUMN held_points numeric,
        ADD COLUMN hold_until timestamptz,
        ADD COLUMN hold_fate text;
    """,
    # 4: the support desk's logins, kept in a table the owner fills ('chain grant LOGIN
    # --support'): a database's owner without CREATEROLE (how a DBA hands a database to an
    # application) can migrate and grant; no role is created. Databases migrated before keep
    # the role loyalty_till_support as well, which still reads everything.
    """
    CREATE TABLE loyalty_till_support_logins (login name PRIMARY KEY);
    CREATE FUNCTION loyalty_till_is_support(who name) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM public.loyalty_till_support_logins
                             WHERE login = who) $$;
    CREATE POLICY support_logins_read ON till_entries FOR SELECT
        USING (loyalty_till_is_support(current_user));
    CREATE POLICY support_logins_read ON tills FOR SELECT
        USING (loyalty_till_is_support(current_user));
    """,
    # 5: a row is keyed by the journal that made it (``origin``: its identity, made with each
    # journal and anew on another computer), not by the till: a new journal after a damaged
    # one was set aside counts its entries from 1 again, and a cloned disk's journal writes
    # the same IDs; keyed by the till they overwrote each other's sales. Rows shipped before
    # take their till's ID as their origin (the tills ship theirs so until they make entries).
    """
    ALTER TABLE till_entries ADD COLUMN origin uuid;
    UPDATE till_entries SET origin = till_id;
    ALTER TABLE till_entries ALTER COLUMN origin SET NOT NULL;
    ALTER TABLE till_entries DROP CONSTRAINT till_entries_pkey;
    ALTER TABLE till_entries ADD PRIMARY KEY (origin, entry_id);
    CREATE INDEX till_entries_till ON till_entries (till_id);
    """,
)
LATEST = len(STEPS)


def grants(role: str, *, support: bool = False) -> list[sql.Composed]:
    """What a till's role (or, ``support``, a support desk's login) is granted: a till reads,
    inserts and updates the tables (row-level security keeps it to its own rows; never
    DELETE, never the owner, who bypasses the policies); a support login reads every row
    (listed in loyalty_till_support_logins). The database's owner may run them all: no
    CREATEROLE is needed."""
    from psycopg import sql

    who = sql.Identifier(role)
    usage = sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who)
    if support:
        return [
            usage,
            sql.SQL("GRANT SELECT ON till_entries, tills TO {}").format(who),
            sql.SQL(
                "INSERT INTO loyalty_till_support_logins (login) VALUES ({}) ON CONFLICT DO NOTHING"
            ).format(sql.Literal(role)),
        ]
    return [usage, sql.SQL("GRANT SELECT, INSERT, UPDATE ON till_entries, tills TO {}").format(who)]


def version(conn: psycopg.Connection) -> int:
    """The schema's version in this database (0: none yet)."""
    exists = conn.execute("SELECT to_regclass('loyalty_till_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT max(version) FROM loyalty_till_schema").fetchone()
    return int(row[0] or 0) if row else 0


class SchemaTooNew(Exception):
    """The chain's database was migrated by a newer version of the program: this one refuses
    to migrate it (or take it for its own), and changes nothing."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"the chain's database is at schema version {found}, migrated by a newer Loyalty "
            f"Till; this program knows versions up to {known}. Nothing was changed: run "
            "'chain migrate' with the newer version."
        )
        self.found = found
        self.known = known


def migrate(conn: psycopg.Connection, *, to: int = LATEST) -> tuple[int, int]:
    """Apply the steps after the database's version up to ``to``; returns (from, to). Each
    step and its version row commit together, so a failed step leaves the previous version.
    A database at a newer version than this program knows raises :class:`SchemaTooNew`."""
    with conn.transaction():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_till_schema ("
            "version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())"
        )
        # One migrating program at a time (two IT consoles, a till started meanwhile).
        conn.execute("LOCK TABLE loyalty_till_schema IN EXCLUSIVE MODE")
        start = version(conn)
        if start > LATEST:
            raise SchemaTooNew(start, LATEST)
        for number in range(start + 1, to + 1):
            with conn.transaction():
                conn.execute(STEPS[number - 1].encode())
                conn.execute("INSERT INTO loyalty_till_schema (version) VALUES (%s)", (number,))
    return start, max(start, to)
