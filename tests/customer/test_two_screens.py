"""The customer display on a real second screen: the program (``python -m app``, training mode)
on an X server with two screens, the till's 1366×768 and the customer's 800×600, driven by real
keys through the X server (xdotool). The customer's window must land on the second screen, full
size, follow the sale through its moments, and never take the keyboard from the cashier.

Needs Xvfb, xdotool, xwininfo and Qt's xcb libraries (.ci/run installs them); without them the
test is skipped here and fails under CI."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.sandbox import demo
from tests.ui.test_program_start import program_env

pytestmark = pytest.mark.slow

TOOLS = ("Xvfb", "xdotool", "xwininfo")
CUSTOMER_BLUE = (0x0D, 0x47, 0xA1)  # the customer window's background (window.py)
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
for number, screen in enumerate(app.screens()):
    screen.grabWindow(0).save(f"{sys.argv[1]}-{number}.png")
"""


@pytest.fixture
def two_screens() -> Iterator[str]:
    """A fresh X server with two screens; yields its display name (":N")."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {missing}")
        pytest.skip(f"needs {missing}")
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write), "-nolisten", "tcp"),
            *("-screen", "0", "1366x768x24", "-screen", "1", "800x600x24"),
        ],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as chosen:
        number = chosen.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def windows_on(display: str, screen: int) -> dict[str, tuple[str, str]]:
    """Top-level windows on one X screen: name → (id, "WxH+X+Y")."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-children", "-display", f"{display}.{screen}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'^\s+(0x[0-9a-f]+) "([^"]*)":.*?\s(\d+x\d+\+-?\d+\+-?\d+)', tree, re.M)
    return {name: (window, geometry) for window, name, geometry in found}


def grab(display: str, into: Path) -> list[Path]:
    """Both screens as the X server has them drawn (a Qt program reading the frame buffers)."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", GRAB, str(into)], env=env, check=True, timeout=30)
    return [Path(f"{into}-{number}.png") for number in (0, 1)]


def blue_share(path: Path) -> float:
    """The share of a sparse grid of pixels in the customer window's background colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    points = [(x, y) for x in range(5, image.width(), 20) for y in range(60, image.height(), 20)]
    colours = [image.pixelColor(x, y) for x, y in points]
    blue = sum(1 for c in colours if (c.red(), c.green(), c.blue()) == CUSTOMER_BLUE)
    return blue / len(points)


def keys(display: str, *args: str) -> None:
    """Keys typed through the X server, to whichever window has the focus — as a keyboard."""
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=30)


def focused(display: str) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(
        ["xdotool", "getwindowfocus", "getwindowname"], env=env, capture_output=True, text=True
    ).stdout.strip()


def wait_for(condition, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {condition.__doc__ or condition}")


def moments(log: Path) -> list[str]:
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return re.findall(r"customer display: (\S+)", text)


@contextmanager
def the_program(display: str, tmp_path: Path, settings: str) -> Iterator[tuple[dict, Path]]:
    """``python -m app`` on ``display`` (Qt's xcb) with ``settings`` as its user settings file:
    yields its environment and its log file; ended after."""
    env = program_env(tmp_path)
    env.pop("LOYALTY_TILL_READY_FILE")
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=display)
    path = Path(env["LOYALTY_TILL_CONFIG_DIR"]) / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text(settings, encoding="utf-8")
    program = subprocess.Popen([sys.executable, "-m", "app"], env=env)
    try:
        yield env, Path(env["LOYALTY_TILL_LOG_DIR"]) / "loyalty-till.log"
    finally:
        program.terminate()
        program.wait(timeout=30)


def test_a_sale_by_real_keys_with_the_customers_window_on_the_second_screen(
    two_screens: str, tmp_path: Path
) -> None:
    settings = (
        'customer_display = "auto"\ncustomer_display_join_url = "https://loyalty.example.ru/join"\n'
    )
    with the_program(two_screens, tmp_path, settings) as (env, log):
        customer = wait_for(lambda: windows_on(two_screens, 1).get("Дисплей покупателя"))
        assert customer[1] == "800x600+0+0"  # the whole second screen
        assert windows_on(two_screens, 0)["Касса лояльности"][1] == "1366x768+0+0"
        wait_for(lambda: moments(log) == ["idle"])
        assert focused(two_screens) == "Касса лояльности"
        shots = tmp_path / "shot"
        idle = grab(two_screens, shots.with_name("idle"))
        assert blue_share(idle[1]) > 0.6  # the customer's screen, drawn on screen 1
        assert blue_share(idle[0]) < 0.01  # and nothing of it on the till's

        ivan = demo.CLIENTS[0]
        keys(two_screens, "type", "--delay", "40", ivan.phone)
        keys(two_screens, "key", "Return")
        wait_for(lambda: moments(log)[-1:] == ["customer"])
        keys(two_screens, "key", "F3")
        keys(two_screens, "type", "--delay", "40", "1000")
        keys(two_screens, "key", "F6")
        wait_for(lambda: moments(log)[-1:] == ["purchase"])
        purchase = grab(two_screens, shots.with_name("purchase"))
        keys(two_screens, "key", "F9")
        time.sleep(1.0)  # the cashier reads the confirmation (an early Enter counts as F9's)
        keys(two_screens, "key", "Return")
        wait_for(lambda: moments(log)[-1:] == ["result"])
        result = grab(two_screens, shots.with_name("result"))
        assert focused(two_screens) == "Касса лояльности"  # the keyboard never left the till

        assert moments(log) == ["idle", "customer", "purchase", "result"]
        # Each moment drew something else on the customer's screen, still the customer's.
        pictures = [path.read_bytes() for path in (idle[1], purchase[1], result[1])]
        assert len(set(pictures)) == 3
        assert min(blue_share(path) for path in (purchase[1], result[1])) > 0.6
        journal = Path(env["LOYALTY_TILL_DATA_DIR"]) / "journal.sqlite3"
        with sqlite3.connect(journal) as db:
            sales = db.execute("SELECT state, amount FROM entries WHERE kind = 'retail'").fetchall()
        assert sales == [("done", "1000")]


@pytest.mark.parametrize("key_delay_ms", [4, 30])
def test_a_scan_typed_while_the_program_starts_finds_its_customer(
    two_screens: str, tmp_path: Path, key_delay_ms: int
) -> None:
    """The first frame (app/ui/start/frame.py) takes keys before the cashier's window exists:
    a scan typed from the moment the first window appears — at a scanner's pace and at a
    person's, across the change of windows — finds its customer."""
    with the_program(two_screens, tmp_path, 'customer_display = "auto"\n') as (_env, log):
        wait_for(lambda: windows_on(two_screens, 0).get("Касса лояльности"), timeout=30)
        keys(two_screens, "type", "--delay", str(key_delay_ms), demo.CLIENTS[0].phone)
        keys(two_screens, "key", "Return")  # a scanner's suffix (xdotool types "\n" as Linefeed)
        wait_for(lambda: "customer" in moments(log), timeout=30)
        assert focused(two_screens) == "Касса лояльности"
