"""The sandbox's API routes and fault modes by name (light: read by the command line)."""

from typing import Literal

ROUTES = {
    "/integration/general/client": "client",
    "/integration/general/recalc": "recalc",
    "/integration/general/bonuses/hold": "hold",
    "/integration/general/bonuses/release": "release",
    "/integration/general/retail": "retail",
    "/irp/bonus-history": "history",
    "/irp/invitation": "invitation",
    "/api/Register/Add": "partner",
}

Mode = Literal[
    "none",
    "error500",
    "html502",
    "malformed",
    "hang",
    "drop",
    "partner_error",
    "late",
    "busy429",
    "maintenance503",
    "redirect307",
    "refused",
]
MODES: tuple[str, ...] = Mode.__args__  # type: ignore[attr-defined]
