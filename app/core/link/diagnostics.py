"""The text IT asks for when something breaks: versions, configuration (no secrets), log tail."""

from __future__ import annotations

import platform
import sys

from app import __version__
from app.base.logs import last_lines, mask
from app.core.link.session import Connection


def diagnostics_text(
    connection: Connection | None,
    *,
    toolkit: str = "",
    log_lines: int = 50,
    clock_offset: float | None = None,
) -> str:
    """``toolkit``: the window's toolkit and version, given by the window (the core imports no
    Qt)."""
    lines = [
        f"Loyalty Till {__version__}",
        f"OS: {platform.platform()}",
        f"Python: {sys.version.split()[0]}  {toolkit}".rstrip(),
    ]
    if connection is None:
        lines.append("Connection: not connected yet")
    else:
        mode = "training" if connection.training else "production"
        lines.append(f"Server: {connection.base_url}  point: {connection.point}  mode: {mode}")
        lines.append("API key: set" if connection.apikey else "API key: missing")
        lines.append(f"Till clock: {clock_line(clock_offset)}")
    lines.append(f"--- last {log_lines} log lines ---")
    lines.extend(last_lines(log_lines))
    return mask("\n".join(lines))


def clock_line(offset: float | None) -> str:
    """The till's clock against the server's, for support (English, like the rest)."""
    if offset is None:
        return "not compared yet (no reply with a Date header)"
    direction = "behind" if offset > 0 else "ahead of"
    return f"{abs(offset):.0f} s {direction} the server's"
