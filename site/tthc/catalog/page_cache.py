"""A small per-worker cache of rendered page fragments.

A procedure page only changes with the catalogue, the language and the day (fees have
validity windows), so its rendered body is kept under that key and reused. Parts that
depend on the request (language links, forms with CSRF tokens) are rendered around it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup


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
