"""Links to other features' pages that may or may not be installed in this app."""

from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError


def optional_url(endpoint: str, *candidates: dict) -> str | None:
    """Return the URL of ``endpoint`` built from the first argument set that fits, else None.

    Pages link to the feedback form or the QR posters only when those features are present,
    and a page must never fail because another feature changed its route arguments.
    """
    if endpoint not in current_app.view_functions:
        return None
    for values in candidates or ({},):
        try:
            return url_for(endpoint, **values)
        except BuildError:
            continue
    return None


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
