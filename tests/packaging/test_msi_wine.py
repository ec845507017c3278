"""The MSI's mechanics on a real MSI engine: Wine's msiexec, in a throwaway Wine prefix.

The payload is a small bundle whose ``LoyaltyTill.exe`` is one of Wine's own Windows programs
(a real PE file), so ``build_msi.sh`` builds the product MSI, not the Linux test artifact.
What the payload does is not the point here: install, upgrade, same-version rebuild,
uninstall and the fleet properties are. Each step prints what it checked (``-s`` or the CI
log's report below the test summary).

Wine 8 differs from Windows in two places the checks allow for: its ``ProgramMenuFolder`` is
the user's Start menu even for a per-machine package (Windows uses the common one; the
Windows workflow checks that), and its LaunchConditions log no message under ``/qn`` (so the
problem is also left in the ``INSTALL_PROBLEM`` property, which both engines log).

Skipped where Wine or msitools are missing, unless ``LOYALTY_TILL_REQUIRE_WINE=1`` (CI sets
it), where a missing engine fails the test instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_MSI = ROOT / "packaging" / "build_msi.sh"
ICON = ROOT / "resources" / "icons" / "loyalty-till.ico"
POLICY_KEY = r"HKLM\SOFTWARE\Policies\LoyaltyTill"
UNINSTALL_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall"
FAILED = 1603 & 0xFF  # msiexec's exit code as a Unix process sees it
BASE_URL = "https://loyalty.example.ru"
POINT_ID = "62a0000000000000000000f4"

TOOLS = ("wine", "wineboot", "wineserver", "wixl", "wixl-heat", "msiinfo", "msibuild")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
if MISSING and os.environ.get("LOYALTY_TILL_REQUIRE_WINE") != "1":
    pytest.skip(f"no {', '.join(MISSING)} here", allow_module_level=True)

pytestmark = pytest.mark.slow


def _wine_program() -> Path:
    found = sorted(Path("/usr/lib").glob("*/wine/x86_64-windows/hostname.exe"))
    assert found, "Wine's 64-bit programs are not installed (Debian package wine64)"
    return found[0]


@dataclass
class Install:
    code: int
    log: str

    def property(self, name: str) -> str | None:
        found = re.findall(rf"^Property\(S\): {re.escape(name)} = (.*)$", self.log, re.M)
        return found[-1].strip() if found else None


class Wine:
    """One throwaway Wine prefix, with its msiexec and reg."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.env = {
            **os.environ,
            "WINEPREFIX": str(prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono or Gecko installer at boot
        }
        self.env.pop("DISPLAY", None)
        self.run("wineboot", "-i")

    def run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv, env=self.env, capture_output=True, text=True, errors="replace", timeout=120
        )

    def path(self, windows: str) -> Path:
        drive, _, rest = windows.partition(":")
        assert drive.upper() == "C", windows
        return self.prefix / "drive_c" / Path(*[p for p in rest.split("\\") if p])

    def msiexec(self, *args: str, log: str) -> Install:
        log_file = self.prefix / f"{log}.log"
        result = self.run("wine", "msiexec", *args, "/l*v", f"Z:{log_file}".replace("/", "\\"))
        raw = log_file.read_bytes() if log_file.exists() else b""
        text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8", "replace")
        return Install(result.returncode, text.replace("\r\n", "\n"))

    def query(self, key: str) -> dict[str, dict[str, str]]:
        """``{subkey: {name: value}}`` under ``key`` (64-bit view); empty when there is none."""
        result = self.run("wine", "reg", "query", key, "/s", "/reg:64")
        keys: dict[str, dict[str, str]] = {}
        current: dict[str, str] | None = None
        for line in result.stdout.splitlines():
            if line.startswith("HKEY_"):
                current = keys.setdefault(line.strip(), {})
            elif current is not None and line.startswith("    "):
                parts = re.split(r"\s{4}", line.strip(), maxsplit=2)
                if len(parts) >= 2:
                    current[parts[0]] = parts[2] if len(parts) == 3 else ""
        return keys

    def policy(self) -> dict[str, str]:
        return self.query(POLICY_KEY).get(POLICY_KEY.replace("HKLM", "HKEY_LOCAL_MACHINE"), {})

    def products(self) -> list[dict[str, str]]:
        return [
            v for v in self.query(UNINSTALL_KEY).values() if v.get("DisplayName") == "Loyalty Till"
        ]

    def close(self) -> None:
        self.run("wineserver", "-k")


@pytest.fixture(scope="module")
def msis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same bundle as 1.0.1, 1.0.2 and a rebuild of 1.0.2 (a new ProductCode)."""
    work = tmp_path_factory.mktemp("msi")
    bundle = work / "bundle"
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    shutil.copy(_wine_program(), bundle / "LoyaltyTill.exe")
    shutil.copy(ICON, bundle / "_internal" / "resources" / "icons" / "loyalty-till.ico")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    built = {}
    for name, version in (("old", "1.0.1"), ("new", "1.0.2"), ("rebuild", "1.0.2")):
        out = work / f"LoyaltyTill-{name}.msi"
        result = subprocess.run(
            ["bash", str(BUILD_MSI), str(bundle), str(out)],
            env={**os.environ, "VERSION": version, "PYTHON": os.environ.get("PYTHON", "python3")},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        built[name] = out
    return built


@pytest.fixture
def wine(tmp_path: Path) -> Iterator[Wine]:
    engine = Wine(tmp_path / "prefix")
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def blank_wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    """One prefix for the refused installs: each test checks it is still empty after."""
    engine = Wine(tmp_path_factory.mktemp("blank") / "prefix")
    yield engine
    engine.close()


def _msi_path(msi: Path) -> str:
    return f"Z:{msi}".replace("/", "\\")


def _report(capsys: pytest.CaptureFixture[str], lines: list[str]) -> None:
    with capsys.disabled():
        print("\n" + "\n".join(f"  wine msiexec: {line}" for line in lines))


def test_install_upgrade_rebuild_uninstall(
    wine: Wine, msis: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    checked: list[str] = []
    pin_hash = "scrypt$16384$8$1$c2FsdA$ZGlnZXN0"
    fleet = [f"BASE_URL={BASE_URL}", f"POINT_ID={POINT_ID}", f"MANAGER_PIN_HASH={pin_hash}"]
    everything = {"BaseUrl": BASE_URL, "PointId": POINT_ID, "ManagerPinHash": pin_hash}

    first = wine.msiexec("/i", _msi_path(msis["old"]), "/qn", "/norestart", *fleet, log="install")
    assert first.code == 0, first.log[-3000:]
    install_dir = wine.path(first.property("INSTALLDIR") or "")
    assert install_dir == wine.path(r"C:\Program Files\LoyaltyTill")
    assert (install_dir / "LoyaltyTill.exe").read_bytes()[:2] == b"MZ"
    assert (install_dir / "_internal" / "resources" / "icons" / "loyalty-till.ico").is_file()
    checked.append(
        f"1.0.1 silent install with the three properties: exit 0, files in {install_dir}"
    )
    assert first.property("ALLUSERS") == "1"
    menu = wine.path(first.property("ProgramMenuFolder") or "")
    assert (menu / "Loyalty Till" / "Loyalty Till.lnk").is_file()
    checked.append(
        "per-machine package (ALLUSERS=1), shortcut 'Loyalty Till.lnk' in the Start menu"
    )
    assert [p.get("DisplayVersion") for p in wine.products()] == ["1.0.1"]
    checked.append("one uninstall entry 'Loyalty Till' 1.0.1")
    assert wine.policy() == everything
    checked.append(rf"{POLICY_KEY}: BaseUrl, PointId, ManagerPinHash as given")

    # The program's own files, which no install step may touch.
    user_data = wine.path(r"C:\users") / os.environ.get("USER", "root")
    data = user_data / "AppData" / "Local" / "LoyaltyTill" / "LoyaltyTill"
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    (data / "journal.sqlite3").write_bytes(b"SQLite format 3\x00 stand-in")

    upgrade = wine.msiexec("/i", _msi_path(msis["new"]), "/qn", "/norestart", log="upgrade")
    assert upgrade.code == 0, upgrade.log[-3000:]
    assert upgrade.property("WIX_UPGRADE_DETECTED"), "the older product was not found"
    assert [p.get("DisplayVersion") for p in wine.products()] == ["1.0.2"]
    assert wine.policy() == everything
    checked.append(
        "1.0.2 over it without properties: exit 0, one entry (1.0.2), policy values kept"
    )

    entry_before = wine.products()[0]["UninstallString"]
    moved = f"POINT_ID={POINT_ID}-2"
    rebuild = wine.msiexec(
        "/i", _msi_path(msis["rebuild"]), "/qn", "/norestart", moved, log="rebuild"
    )
    assert rebuild.code == 0, rebuild.log[-3000:]
    products = wine.products()
    assert len(products) == 1 and products[0]["UninstallString"] != entry_before
    assert wine.policy() == {**everything, "PointId": f"{POINT_ID}-2"}
    checked.append(
        f"a rebuild of 1.0.2 (new ProductCode) with only {moved}: replaces it (one entry);"
        " the point changes, the address and PIN hash stay"
    )

    downgrade = wine.msiexec("/i", _msi_path(msis["old"]), "/qn", "/norestart", log="downgrade")
    assert downgrade.code == FAILED
    assert downgrade.property("INSTALL_PROBLEM") == (
        "A newer version of Loyalty Till is already installed."
    )
    assert [p.get("DisplayVersion") for p in wine.products()] == ["1.0.2"]
    checked.append("1.0.1 over 1.0.2: refused (1603), 'A newer version…' in the log")

    removal = wine.msiexec("/x", _msi_path(msis["rebuild"]), "/qn", "/norestart", log="remove")
    assert removal.code == 0, removal.log[-3000:]
    assert not install_dir.exists(), sorted(str(p) for p in install_dir.rglob("*"))
    assert not (menu / "Loyalty Till").exists()
    assert wine.products() == []
    assert wine.policy() == {}
    checked.append(
        "uninstall: exit 0; install folder, Start-menu folder, entry, policy values gone"
    )
    assert (data / "settings.toml").read_text(encoding="utf-8") == 'language = "en"\n'
    assert (data / "journal.sqlite3").read_bytes().startswith(b"SQLite format 3")
    checked.append("the user's settings and journal are untouched")
    _report(capsys, checked)


@pytest.mark.parametrize(
    ("fleet", "problem"),
    [
        ([f"BASE_URL={BASE_URL}"], "BASE_URL and POINT_ID go together: give both or neither."),
        ([f"POINT_ID={POINT_ID}"], "BASE_URL and POINT_ID go together: give both or neither."),
        (
            ["BASE_URL=http://loyalty.example.ru", f"POINT_ID={POINT_ID}"],
            "BASE_URL must start with https:// (http:// only to this computer: 127.0.0.1 or "
            "localhost) and hold no spaces.",
        ),
        (
            ["BASE_URL=http://127.0.0.1.evil.example", f"POINT_ID={POINT_ID}"],
            "BASE_URL must start with https:// (http:// only to this computer: 127.0.0.1 or "
            "localhost) and hold no spaces.",
        ),
        (
            [f"BASE_URL={BASE_URL}", "POINT_ID=62a0 00f4"],
            "POINT_ID is letters, digits, - and _ only.",
        ),
        (
            [f"BASE_URL={BASE_URL}", "POINT_ID=https://loyalty.example.ru"],
            "POINT_ID is letters, digits, - and _ only.",
        ),
        (
            [f"BASE_URL={BASE_URL}", f"POINT_ID={POINT_ID}", "MANAGER_PIN_HASH=1234"],
            "MANAGER_PIN_HASH is the value that 'loyalty-till pin hash' prints (scrypt$...).",
        ),
    ],
)
def test_a_bad_fleet_property_fails_the_install_with_its_reason(
    blank_wine: Wine,
    msis: dict[str, Path],
    fleet: list[str],
    problem: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wine = blank_wine
    result = wine.msiexec("/i", _msi_path(msis["new"]), "/qn", "/norestart", *fleet, log="bad")
    assert result.code == FAILED
    assert result.property("INSTALL_PROBLEM") == problem
    assert wine.products() == [] and wine.policy() == {}
    assert not wine.path(r"C:\Program Files\LoyaltyTill").exists()
    _report(capsys, [f"{' '.join(fleet)}: refused (1603), log: {problem}"])
