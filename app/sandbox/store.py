"""The sandbox's state and rules, over SQLite.

Every rule the loyalty document states is enforced here; where it is silent the choice is
written beside the code and in the README ("Sandbox rules"). All mutating calls take one lock
and one ``BEGIN IMMEDIATE`` transaction, so tills spending from one customer at the same
moment are serialised and can never overspend.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from app.sandbox.store_base import StoreBase
from app.sandbox.wire_values import (
    KOPECK,
    Rejected,
    amount_field,
    id_list,
    object_id,
    whole_points,
)

HOLD_MINUTES_MAX = 30
HOLD_MINUTES_DEFAULT = 10
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BONUS_LIFETIME = timedelta(days=365)


def search_key(text: str) -> str:
    """How this server reads a client ``search`` (its own reading of document 003, not the
    till's code): phones are stored as the bare number ``7XXXXXXXXXX``; a search made of
    digits and a phone's punctuation (blanks, brackets, dashes, a leading +) is compared as
    that number, an 11-digit one starting with 8 read as 7, a 10-digit one given the 7; a
    card number or an app code is compared as sent, blanks at the ends dropped."""
    text = text.strip()
    digits = "".join(ch for ch in text if ch not in " ()-+.")
    if not (digits.isascii() and digits.isdigit()):
        return text
    if len(digits) == 11 and digits[0] in "78":
        return "7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "7" + digits
    return digits


class SandboxStore(StoreBase):
    """The documented rules: loyalty (search, recalc, hold, release, retail), IMSHOP, the
    partner."""

    # ---- loyalty rules ---------------------------------------------------------------------

    def _point(self, db: sqlite3.Connection, body: dict[str, Any]) -> str:
        point = body.get("point")
        if not isinstance(point, str) or not point:
            raise Rejected({"point": "Point not found."})
        if db.execute("SELECT 1 FROM points WHERE id = ?", (point,)).fetchone() is None:
            raise Rejected({"point": "Point not found."})
        return point

    def _client(self, db: sqlite3.Connection, client_id: Any) -> sqlite3.Row:
        if not isinstance(client_id, str) or not client_id:
            raise Rejected({"client": "Client not found."})
        row: sqlite3.Row | None = db.execute(
            "SELECT c.*, l.title, l.percent, l.type, l.max_spend_percent, l.id AS level "
            "FROM clients c JOIN levels l ON l.id = c.level_id WHERE c.id = ?",
            (client_id,),
        ).fetchone()
        if row is None:
            raise Rejected({"client": "Client not found."})
        return row

    def _held_by_others(self, db: sqlite3.Connection, client_id: str, named: Sequence[str]) -> int:
        """Points held for this client by active holds that the request does not name."""
        now = self.clock.now()
        rows = db.execute(
            "SELECT id, amount FROM holds WHERE client_id = ? AND ended IS NULL AND until > ?",
            (client_id, now),
        ).fetchall()
        return sum(row["amount"] for row in rows if row["id"] not in set(named))

    def _available(self, db: sqlite3.Connection, client: sqlite3.Row, named: Sequence[str]) -> int:
        if client["type"] == "discount":
            return 0
        return max(0, int(client["balance"]) - self._held_by_others(db, client["id"], named))

    @staticmethod
    def _max_spend(client: sqlite3.Row, amount: Decimal, available: int) -> int:
        if client["type"] == "discount":
            return 0
        by_percent = amount * Decimal(client["max_spend_percent"]) / 100
        return int(min(Decimal(available), by_percent).to_integral_value(rounding=ROUND_DOWN))

    @staticmethod
    def _earn(client: sqlite3.Row, amount: Decimal) -> int:
        if client["type"] == "discount":
            return 0
        earned = amount * Decimal(client["percent"]) / 100
        return int(earned.to_integral_value(rounding=ROUND_DOWN))

    def search(self, body: dict[str, Any], base_url: str) -> dict[str, Any]:
        search = body.get("search")
        if not isinstance(search, str) or not search.strip():
            raise Rejected({"search": "Search is required."})
        named = id_list(body.get("hold"))
        key = search_key(search)
        with self._transaction() as db:
            self._point(db, body)
            row = db.execute(
                "SELECT id FROM clients WHERE phone = ? OR card = ? OR app_code = ? OR id = ?",
                (key, key, key, key),
            ).fetchone()
            if row is None:
                raise Rejected({"client": "Client not found."})
            client = self._client(db, row["id"])
            balance = self._available(db, client, named)
        return {"success": True, "client": self._client_json(client, balance, base_url)}

    @staticmethod
    def _client_json(client: sqlite3.Row, balance: int, base_url: str) -> dict[str, Any]:
        level: dict[str, Any] = {
            "id": client["level"],
            "title": client["title"],
            "percent": client["percent"],
            "type": client["type"],
        }
        if client["type"] == "cashback":
            level["maxSpendPercent"] = client["max_spend_percent"]
        return {
            "id": client["id"],
            "name": client["name"],
            "photo": f"{base_url}/photos/{client['id']}.svg" if client["photo"] else None,
            "birthday": client["birthday"],
            "level": level,
            "phone": int(client["phone"]),
            "email": client["email"],
            "balance": balance,
        }

    def recalc(self, body: dict[str, Any]) -> dict[str, Any]:
        amount = amount_field(body.get("amount"))
        named = id_list(body.get("hold"))
        with self._transaction() as db:
            self._point(db, body)
            client = self._client(db, body.get("client"))
            available = self._available(db, client, named)
        return {
            "success": True,
            "recalc": {
                "amount": _number(amount),
                "percent": client["percent"],
                "type": client["type"],
                "spend": self._max_spend(client, amount, available),
                "earn": self._earn(client, amount),
            },
        }

    def hold(self, body: dict[str, Any]) -> dict[str, Any]:
        amount = whole_points(body.get("amount"), "amount")
        if amount == 0:
            raise Rejected({"amount": "Amount must be more than 0."})
        duration = body.get("duration", HOLD_MINUTES_DEFAULT)
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or not (1 <= duration <= HOLD_MINUTES_MAX)
        ):
            raise Rejected({"duration": f"Duration must be from 1 to {HOLD_MINUTES_MAX} minutes."})
        with self._transaction() as db:
            point = self._point(db, body)
            client = self._client(db, body.get("client"))
            available = self._available(db, client, ())
            if amount > available:
                raise Rejected({"amount": f"Amount can't be more {available}"})
            now = self.clock.now()
            hold_id = object_id()
            until = int(now) + duration * 60
            db.execute(
                "INSERT INTO holds (id, client_id, point_id, amount, created, until) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (hold_id, client["id"], point, amount, now, until),
            )
        return {"success": True, "held": {"id": hold_id, "until": until, "amount": amount}}

    def release(self, body: dict[str, Any]) -> dict[str, Any]:
        hold_id = body.get("id")
        if not isinstance(hold_id, str):
            raise Rejected({"id": "Id is required."})
        with self._transaction() as db:
            db.execute(
                "UPDATE holds SET ended = ?, end_reason = 'released' "
                "WHERE id = ? AND ended IS NULL",
                (self.clock.now(), hold_id),
            )
        # The document: success even when the hold never existed.
        return {"success": True}

    def retail(self, body: dict[str, Any]) -> dict[str, Any]:
        amount = amount_field(body.get("amount"))
        if "spend" not in body:
            raise Rejected({"spend": "Spend is required."})
        spend = whole_points(body.get("spend"), "spend")
        named = id_list(body.get("hold"))
        with self._transaction() as db:
            point = self._point(db, body)
            client = self._client(db, body.get("client"))
            available = self._available(db, client, named)
            limit = self._max_spend(client, amount, available)
            if spend > limit:
                raise Rejected({"spend": f"Spend can't be more {limit}"})
            now = self.clock.now()
            percent = int(client["percent"])
            result: dict[str, Any] = {
                "amount": _number(amount),
                "percent": percent,
                "type": client["type"],
            }
            if client["type"] == "discount":
                discount = (amount * percent / 100).quantize(KOPECK, rounding=ROUND_HALF_UP)
                total = amount - discount
                earn = 0
                result.update(total=_number(total), earn=0)
            elif spend > 0:
                total = amount - spend
                earn = 0
                result.update(total=_number(total), spend=spend)
            else:
                total = amount
                earn = self._earn(client, amount)
                result.update(total=_number(total), earn=earn)
            balance_after = int(client["balance"]) - spend + earn
            db.execute("UPDATE clients SET balance = ? WHERE id = ?", (balance_after, client["id"]))
            if earn:
                db.execute(
                    "INSERT INTO bonuses (client_id, added, expired, message, activation_ms, "
                    "expiration_ms) VALUES (?, ?, 0, ?, ?, ?)",
                    (
                        client["id"],
                        earn,
                        f"За покупку на сумму {_number(amount)} ₽",
                        int(now * 1000),
                        int((now + BONUS_LIFETIME.total_seconds()) * 1000),
                    ),
                )
            db.execute(
                "INSERT INTO operations (client_id, point_id, amount, spend, earn, total, "
                "balance_after, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (client["id"], point, str(amount), spend, earn, str(total), balance_after, now),
            )
            # Any operation at a point ends every hold at that point (document 003), and the
            # holds this operation named, wherever they were made.
            placeholders = ",".join("?" * len(named))
            named_clause = f" OR id IN ({placeholders})" if named else ""
            db.execute(
                "UPDATE holds SET ended = ?, end_reason = 'operation' "  # noqa: S608
                f"WHERE ended IS NULL AND (point_id = ?{named_clause})",
                (now, point, *named),
            )
        return {"success": True, "retail": result}

    # ---- IMSHOP ----------------------------------------------------------------------------

    def _client_by_user(self, db: sqlite3.Connection, user: Any) -> sqlite3.Row | None:
        if not isinstance(user, str) or not user.strip():
            return None
        key = search_key(user)
        row: sqlite3.Row | None = db.execute(
            "SELECT * FROM clients WHERE id = ? OR phone = ?", (user.strip(), key)
        ).fetchone()
        return row

    def bonus_history(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            client = self._client_by_user(self._db, body.get("userIdentifier"))
            if client is None:
                return {"bonuses": []}
            rows = self._db.execute(
                "SELECT * FROM bonuses WHERE client_id = ? ORDER BY activation_ms DESC",
                (client["id"],),
            ).fetchall()
        return {
            "bonuses": [
                {
                    "added": row["added"],
                    "expired": row["expired"],
                    "definitionMessage": row["message"],
                    # As in the document: activation as a string, expiration as a number.
                    "activationDate": str(row["activation_ms"]),
                    "expirationDate": row["expiration_ms"],
                }
                for row in rows
            ]
        }

    def invitation(self, body: dict[str, Any]) -> dict[str, Any] | None:
        identity = body.get("userIdentity")
        user = identity.get("userId") if isinstance(identity, dict) else None
        with self._lock:
            client = self._client_by_user(self._db, user)
        if client is None:
            return None
        reply: dict[str, Any] = {
            "success": True,
            "url": f"https://invite.example.ru/r/{client['referral_code'] or client['id']}",
        }
        if client["referral_code"]:
            reply["referralCode"] = client["referral_code"]
        return reply

    # ---- MOAB partner ----------------------------------------------------------------------

    def partner_add(self, body: Any) -> dict[str, Any]:
        """Enrol an email; always a JSON body for an HTTP 200, as the document says."""
        if not isinstance(body, dict) or not body:
            return _fail(1)
        key = body.get("api_key")
        if key is None or key == "":
            return _fail(2)
        if not isinstance(key, str) or not GUID.match(key):
            return _fail(3)
        email = body.get("email")
        if email is None or email == "":
            return _fail(4)
        if not isinstance(email, str) or not EMAIL.match(email.strip()):
            return _fail(5)
        email = email.strip()
        with self._transaction() as db:
            partner = db.execute(
                "SELECT * FROM partners WHERE api_key = ?", (key.lower(),)
            ).fetchone()
            if partner is None:
                return _fail(6)
            now = self.clock.now()
            if now < partner["starts"]:
                return _fail(7)
            if now > partner["ends"]:
                return _fail(8)
            existing = db.execute(
                "SELECT 1 FROM enrolments WHERE partner_key = ? AND email = ?", (key.lower(), email)
            ).fetchone()
            if existing is not None:
                return _fail(10)
            count = db.execute(
                "SELECT COUNT(*) FROM enrolments WHERE partner_key = ?", (key.lower(),)
            ).fetchone()[0]
            if count >= partner["max_users"]:
                return _fail(9)
            db.execute("INSERT INTO enrolments VALUES (?, ?, ?)", (key.lower(), email, now))
        return {"status": "ok"}


def _fail(code: int) -> dict[str, Any]:
    return {"status": "fail", "error": code}


def _number(value: Decimal) -> int | float:
    """A JSON number for money: whole amounts as integers (``100``, as the document shows)."""
    return int(value) if value == value.to_integral_value() else float(value)
