"""A small per-worker cache of rendered pages and page fragments, and how pages are keyed.

A procedure page only changes with the catalogue, the language and the day (fees have
validity windows), so its rendered body is kept under that key and reused. Parts that
depend on the request (language links, forms with CSRF tokens) are rendered around it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, render_template, request, session
from flask_babel import get_locale
from markupsafe import Markup

from tthc import clock


class FragmentCache:
    """A bounded least-recently-used map of rendered HTML."""

    def __init__(self, size: int = 512):
        self.size = size
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(
        self, key: Hashable, render: Callable[[], str], keep: Callable[[], bool] | None = None
    ) -> Markup:
        """Return the cached HTML of ``key``, rendering it first; ``keep`` may veto storing it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        html = Markup(render())  # noqa: S704  # nosec B704  # render_template output, escaped
        if self.size <= 0 or (keep is not None and not keep()):
            return html
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def page_cache() -> FragmentCache:
    """Return the current app's cache (created when the catalogue blueprint is registered)."""
    return current_app.extensions["catalog_pages"]


def reusable() -> bool:
    """Tell whether what was just rendered is the same for every visitor.

    Not when it wrote to the session (a form's CSRF token), may have read a visitor's
    session (staff links), or holds this request's CSP nonce.
    """
    try:
        from tthc.security import current_nonce
    except ImportError:  # pragma: no cover - the security feature is optional
        nonce = None
    else:
        nonce = current_nonce()
    # Flask marks the session "accessed" as soon as anything looks at it, so that flag says
    # nothing here; an empty, unmodified session is what proves the page is anonymous.
    return nonce is None and not session.modified and not session


def page_key(*parts: Any) -> tuple:
    """Key a rendered page by what it depends on: URL, language, day and catalogue version."""
    from tthc.catalog import get_catalog

    return (*parts, request.full_path, str(get_locale()), clock.today(), get_catalog().version)


def cached_page(template: str, context: Callable[[], dict[str, Any]]) -> Markup:
    """Render a catalogue page once per key; later requests reuse the HTML."""
    return page_cache().get_or_render(
        page_key(request.endpoint),
        lambda: render_template(template, **context()),
        keep=reusable,
    )
