"""The journal's CSV opened by a real spreadsheet: LibreOffice Calc, headless, importing it as a
manager's Russian Excel would (``;``, UTF-8, Russian locale) and with formula evaluation ON —
the worst case, where a cell like ``=1+2`` becomes a formula. Every cell is read back from the
spreadsheet it made (flat ODS XML): no formula anywhere, the figures numbers, the texts as
written.

Needs ``soffice`` (Debian's libreoffice-calc-nogui; .ci/run installs it): skipped without it
here, failed under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.journal.entry import Kind
from app.core.journal.store import Journal
from app.core.journal.text import export_csv

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
# LibreOffice's CSV import options: separator ';' (59), quote '"' (34), UTF-8 (76), from line 1,
# standard columns, Russian (1049), then quoted-as-text, special numbers, …, and the 13th:
# evaluate formulas — true.
IMPORT = "CSV:59,34,76,1,,1049,false,false,false,false,false,-1,true"


def soffice() -> str:
    if sys.platform == "win32":
        pytest.skip("Calc runs in the Linux job; the Windows job (Wine) has no LibreOffice")
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install libreoffice-calc-nogui")
        pytest.skip("needs LibreOffice (soffice)")
    return found


def opened_in_calc(csv: Path) -> list[list[tuple[str | None, str | None, str, str | None]]]:
    """Each row's cells as Calc holds them: (formula, value type, shown text, value)."""
    profile = csv.parent / "lo-profile"  # a profile of its own: no clash with a running one
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            f"--infilter={IMPORT}",
            "--convert-to",
            "fods",
            "--outdir",
            str(csv.parent),
            str(csv),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = ElementTree.parse(csv.with_suffix(".fods"))
    rows = []
    for row in sheet.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            shown = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            cells += [
                (
                    cell.get(f"{{{NS['table']}}}formula"),
                    cell.get(f"{{{NS['office']}}}value-type"),
                    shown,
                    cell.get(f"{{{NS['office']}}}value"),
                )
            ] * min(repeat, 50)
        while cells and cells[-1] == (None, None, "", None):
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def test_libreoffice_runs_no_cell_and_reads_the_figures_as_numbers(
    journal: Journal, qapp, tmp_path: Path
) -> None:
    from app.base import i18n

    i18n.install(qapp, "ru")
    hostile = journal.intent(
        Kind.RETAIL,
        customer="+7 920 ***-**-01",
        amount=Decimal("1500"),
        spend=Decimal(100),
        receipt='=HYPERLINK("http://x.example";"жми")',
        server="s",
        point="@SUM(A1)",
        training=False,
    )
    journal.rejected(hostile, "-1+2 =cmd|' /C calc'!A0")
    sold = journal.intent(
        Kind.RETAIL,
        customer="Иван =1+2",
        amount=Decimal("1234.50"),
        spend=Decimal(50),
        server="s",
        point="p",
        training=False,
    )
    journal.done(sold, spend=Decimal(50), total=Decimal("1184.50"))
    csv = tmp_path / "journal.csv"
    csv.write_bytes(export_csv(journal.entries()))

    rows = opened_in_calc(csv)

    formulas = [shown for row in rows for formula, _type, shown, _value in row if formula]
    assert formulas == []
    header = [shown for _f, _t, shown, _v in rows[0]]
    assert header[0] == "№" and header[-2:] == ["Время сервера", "Отправлено позже"]
    by_name = [dict(zip(header, row, strict=False)) for row in rows[1:]]
    sale = next(row for row in by_name if row["Покупатель"][2].startswith("Иван"))
    assert sale["Покупатель"][:3] == (None, "string", "Иван =1+2")
    for column, figure in (("Сумма", "1234.5"), ("К оплате", "1184.5")):
        assert sale[column][1] == "float", column
        assert Decimal(sale[column][3] or "") == Decimal(figure)
    refused = next(row for row in by_name if row["Покупатель"][2].endswith("-01"))
    # Calc shows the neutralising apostrophe (OWASP's accepted cost); the rest is as written.
    assert refused["Покупатель"][:3] == (None, "string", "'+7 920 ***-**-01")
    assert refused["Чек"][:3] == (None, "string", '\'=HYPERLINK("http://x.example";"жми")')
