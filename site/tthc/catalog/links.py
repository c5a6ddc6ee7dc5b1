"""Links from catalogue pages to other features' pages and to the national portal."""

from __future__ import annotations

from flask import url_for


def poster_url(code: str) -> str:
    """Return the URL of the A4 PDF poster of a procedure (the qr feature's `qr.poster`)."""
    return url_for("qr.poster", code=code, size="a4", fmt="pdf")


def portal_start(url: str) -> str:
    """Return the start page of the portal a procedure page lives on (its scheme and host).

    Derived from the address the export gives, never invented: where the export gives no
    submission page, the citizen is sent to the portal's start page with the words to find
    the procedure there.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}/"


def is_ministry_portal(url: str) -> bool:
    """Tell whether an address is on the Ministry of Public Security's service portal."""
    from urllib.parse import urlsplit

    return urlsplit(str(url)).netloc.endswith("bocongan.gov.vn")
