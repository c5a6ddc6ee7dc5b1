"""CSV that Excel opens in Vietnamese and cannot be tricked into formulas (every staff export)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    """Return the value as text, quoted with ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS[:4]):
        return "'" + text
    return text


def to_csv(rows: Iterable[list[object]]) -> str:
    """Return CSV text for Excel: a UTF-8 BOM, CRLF lines, every cell quoted and made safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for cells in rows:
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
