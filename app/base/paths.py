"""Where the program finds its resources and keeps its files, from source and when frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "LoyaltyTill"
APP_AUTHOR = "LoyaltyTill"


def resource_root() -> Path:
    """The ``resources`` folder: beside the package from source, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def data_dir() -> Path:
    """The journal's folder. ``LOYALTY_TILL_DATA_DIR`` moves it (tests on any OS, where
    platformdirs ignores XDG_*; a till whose profile folder is on a network share)."""
    override = os.environ.get("LOYALTY_TILL_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    """The log's folder; ``LOYALTY_TILL_LOG_DIR`` moves it (as ``LOYALTY_TILL_DATA_DIR``)."""
    override = os.environ.get("LOYALTY_TILL_LOG_DIR")
    path = Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
