"""What the card shows beside the search's answer, fetched in the background and never
delaying the card: the customer's photo and, from the IMSHOP bonus history, what expires next.
A failure only leaves the initials or the line empty: nothing for the cashier to do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.core.customer.bonuses import summarized

if TYPE_CHECKING:
    from app.api.imshop import ImshopClient
    from app.api.models import Client
    from app.core.link.session import Connection
    from app.ui.background.requests import Requests


def load_extras(
    requests: Requests,
    owner: QObject,
    connection: Connection,
    imshop: ImshopClient | None,
    client: Client,
    *,
    with_photo: bool = True,
    current: Callable[[], bool],
    photo: Callable[[bytes], Any],
    expiry: Callable[[Any], Any],
) -> None:
    """Fetch ``client``'s extras; each is handed over only while ``current()`` (the customer
    is still on screen)."""
    if client.photo and with_photo:
        from app.api.photos import fetch_photo

        url = client.photo
        requests.submit(
            owner,
            lambda: fetch_photo(url, verify=connection.verify, allowed=connection.url_allowed),
            key="photo",
            done=lambda data: photo(data) if current() else None,
            failed=lambda _error: None,
        )
    if imshop is not None and imshop.history_url:
        user = connection.imshop_user(client)
        requests.submit(
            owner,
            lambda: summarized(imshop.bonus_history(user)),
            key="expiry",
            done=lambda history: expiry(history) if current() else None,
            failed=lambda _error: None,
        )
