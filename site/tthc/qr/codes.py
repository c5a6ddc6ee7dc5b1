"""QR codes of the short links: the URL each code encodes, its module matrix, PNG and SVG bytes."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from flask import current_app
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks
MIN_PNG_SIZE = 64
MAX_PNG_SIZE = 2400  # 20 cm at 300 dpi: anything larger is better served by the SVG
DEFAULT_PNG_SIZE = 480

Matrix = tuple[tuple[bool, ...], ...]


def _short_path(endpoint: str, **values: str) -> str:
    # Built without a request so the CLI and batch exports produce the same URL as the site.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def short_url(code: str, unit: str | None = None) -> str:
    """Return the absolute short link of a procedure, optionally for one counter (unit)."""
    values = {"code": code, "unit": unit} if unit else {"code": code}
    return current_app.config["SITE_URL"] + _short_path("qr.short", **values)


def field_short_url(field: str) -> str:
    """Return the absolute short link of a field's list of procedures."""
    return current_app.config["SITE_URL"] + _short_path("qr.field", field=field)


def rating_url(unit: str) -> str:
    """Return the absolute address of a unit's satisfaction rating, posted at its counters."""
    return current_app.config["SITE_URL"] + _short_path("feedback.rate", unit=unit)


@lru_cache(maxsize=2048)
def matrix(url: str) -> Matrix:
    """Return the modules of the QR symbol for a URL, quiet zone included (True is dark)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def dark_runs(modules: Matrix) -> list[tuple[int, int, int]]:
    """Return horizontal runs of dark modules as (row, first column, length)."""
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def qr_image(url: str, size: int) -> Image.Image:
    """Return a 1-bit image of about ``size`` pixels with whole-pixel modules, centred."""
    modules = matrix(url)
    count = len(modules)
    scale = max(1, size // count)
    side = max(size, count * scale)
    symbol = Image.new("1", (count, count), 1)
    symbol.putdata([0 if dark else 1 for row in modules for dark in row])
    image = Image.new("1", (side, side), 1)
    offset = (side - count * scale) // 2
    scaled = symbol.resize((count * scale, count * scale), Image.Resampling.NEAREST)
    image.paste(scaled, (offset, offset))
    return image


@lru_cache(maxsize=512)
def png_bytes(url: str, size: int = DEFAULT_PNG_SIZE) -> bytes:
    """Return the QR code of a URL as a PNG of ``size`` pixels square."""
    buffer = io.BytesIO()
    qr_image(url, size).save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


@lru_cache(maxsize=512)
def svg_bytes(url: str) -> bytes:
    """Return the QR code of a URL as an SVG: one path of dark modules on an opaque white square."""
    modules = matrix(url)
    count = len(modules)
    path = "".join(f"M{x} {y}h{length}v1h-{length}z" for y, x, length in dark_runs(modules))
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {count} {count}" '
        f'width="{count * 8}" height="{count * 8}" shape-rendering="crispEdges">'
        f"<title>{_escape(url)}</title>"
        f'<rect width="{count}" height="{count}" fill="#ffffff"/>'
        f'<path fill="#000000" d="{path}"/></svg>\n'
    )
    return svg.encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
