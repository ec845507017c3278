"""A till process for the kill test: ships its journal in small batches until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from app.chain.shipping import Shipper, Till
from app.core.journal.store import Journal


def main(folder: str, dsn: str) -> None:
    journal = Journal(Path(folder) / "journal.sqlite3")
    shipper = Shipper(journal, Till.of(Path(folder), "store"), dsn)
    while shipper.ship(batch=50).left:
        pass
    print("shipped everything: the test expected to kill us before", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
