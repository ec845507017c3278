"""Compile the WiX 3 source with wixl (msitools 0.101) without losing what wixl drops.

wixl rejects a ``<Condition>`` inside a ``<Component>`` and silently ignores ``Secure="yes"``,
``IncludeMaximum="yes"``, ``Platform="x64"`` (the summary's template stays ``x64;1033``) and the
64-bit flag of the components wixl-heat writes. ``prepare`` strips what wixl would choke on;
``finish`` writes it into the MSI's tables with ``msibuild``, so the WiX source stays the one
description of the package:

    python wixl_bridge.py prepare LoyaltyTill.wxs OUT.wxs
    wixl … OUT.wxs files.wxs -o OUT.msi
    python wixl_bridge.py finish LoyaltyTill.wxs OUT.msi
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "http://schemas.microsoft.com/wix/2006/wi"
W = f"{{{NS}}}"
COMPONENT_64BIT = 256
UPGRADE_MAX_INCLUSIVE = 512


def prepare(source: Path, out: Path) -> None:
    ET.register_namespace("", NS)
    tree = ET.parse(source)
    for component in tree.iter(f"{W}Component"):
        for condition in component.findall(f"{W}Condition"):
            component.remove(condition)
    for package in tree.iter(f"{W}Package"):
        package.attrib.pop("Platform", None)
    for prop in tree.iter(f"{W}Property"):
        prop.attrib.pop("Secure", None)
    tree.write(out, encoding="utf-8", xml_declaration=True)


def _sql(msi: Path, query: str) -> None:
    subprocess.run(["msibuild", str(msi), "-q", query], check=True, stdout=subprocess.DEVNULL)


def _rows(msi: Path, table: str) -> list[list[str]]:
    text = subprocess.run(
        ["msiinfo", "export", str(msi), table], check=True, capture_output=True, text=True
    ).stdout
    return [line.split("\t") for line in text.splitlines()[3:] if line]


def _quote(value: str) -> str:
    if "'" in value:
        raise ValueError(f"a quote in {value!r} cannot go into msibuild's SQL")
    return f"'{value}'"


def finish(source: Path, msi: Path) -> None:
    root = ET.parse(source).getroot()
    product = root.find(f"{W}Product")
    package = root.find(f".//{W}Package")
    assert product is not None
    assert package is not None

    for component in root.iter(f"{W}Component"):
        condition = component.find(f"{W}Condition")
        if condition is not None and condition.text:
            _sql(
                msi,
                f"UPDATE `Component` SET `Condition` = {_quote(condition.text.strip())} "
                f"WHERE `Component` = {_quote(component.attrib['Id'])}",
            )

    secure = [p.attrib["Id"] for p in root.iter(f"{W}Property") if p.get("Secure") == "yes"]
    current = {row[0]: row[1] for row in _rows(msi, "Property")}
    listed = [p for p in current.get("SecureCustomProperties", "").split(";") if p]
    wanted = ";".join(secure + [p for p in listed if p not in secure])
    if "SecureCustomProperties" in current:
        _sql(
            msi,
            f"UPDATE `Property` SET `Value` = {_quote(wanted)} "
            "WHERE `Property` = 'SecureCustomProperties'",
        )
    else:
        _sql(
            msi,
            "INSERT INTO `Property` (`Property`, `Value`) "
            f"VALUES ('SecureCustomProperties', {_quote(wanted)})",
        )

    if package.get("Platform") == "x64":
        # One query per distinct value, not per component: each msibuild run rewrites the
        # whole MSI, and the Windows bundle has 750 components (25 minutes one by one).
        values = {int(row[3]) for row in _rows(msi, "Component")}
        for attributes in sorted(a for a in values if not a & COMPONENT_64BIT):
            _sql(
                msi,
                f"UPDATE `Component` SET `Attributes` = {attributes | COMPONENT_64BIT} "
                f"WHERE `Attributes` = {attributes}",
            )

    # Attributes is part of the Upgrade table's key: the row is replaced, not updated.
    inclusive = {
        u.attrib["Property"]
        for u in root.iter(f"{W}UpgradeVersion")
        if u.get("IncludeMaximum") == "yes"
    }
    for code, low, high, language, attributes, remove, prop in _rows(msi, "Upgrade"):
        if prop in inclusive and not int(attributes) & UPGRADE_MAX_INCLUSIVE:
            _sql(msi, f"DELETE FROM `Upgrade` WHERE `ActionProperty` = {_quote(prop)}")
            _sql(
                msi,
                "INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMin`, `VersionMax`, `Language`, "
                "`Attributes`, `Remove`, `ActionProperty`) VALUES ("
                f"{_quote(code)}, {_quote(low)}, {_quote(high)}, {_quote(language)}, "
                f"{int(attributes) | UPGRADE_MAX_INCLUSIVE}, {_quote(remove)}, {_quote(prop)})",
            )

    properties = {row[0]: row[1] for row in _rows(msi, "Property")}
    platform = package.get("Platform", "Intel")
    languages = package.get("Languages", product.get("Language", "1033"))
    subprocess.run(
        [
            "msibuild",
            str(msi),
            "-s",
            properties["ProductName"],
            properties["Manufacturer"],
            f"{platform};{languages}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    command, wxs, target = sys.argv[1:4]
    if command == "prepare":
        prepare(Path(wxs), Path(target))
    elif command == "finish":
        finish(Path(wxs), Path(target))
    else:
        sys.exit(f"unknown command {command!r}: prepare or finish")
