"""What a search hit says of its procedure whatever the query (field, levels, processing time,
fees, online), rendered once per procedure, language, day and catalogue version and then reused.

A search no worker has answered yet misses the page memo and renders every hit; this part of a
hit was 1.2 of the 5.4 ms such a page took in-process (03/12/2026). The highlighted name and the
alias depend on the query's words and are rendered each time. A published revision brings a new
catalogue version and the next day a new day: either starts the lines afresh.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, get_template_attribute
from markupsafe import Markup

from tthc import clock
from tthc.catalog import get_catalog
from tthc.catalog.models import Procedure
from tthc.i18n import current_language

EXTENSION = "search_hit_facts"
MACRO = ("search/_macros.html", "hit_facts")


class HitFacts:
    """One app's rendered lines, by procedure code and language, for one catalogue version and
    day (at most every procedure in every language)."""

    def __init__(self) -> None:
        self._made_for: tuple | None = None
        self._lines: dict[tuple[str, str], Markup] = {}
        self._lock = threading.Lock()

    def line(self, procedure: Procedure) -> Markup:
        catalog = get_catalog()
        made_for = (catalog.version, clock.today())
        key = (procedure.code, current_language())
        with self._lock:
            if made_for != self._made_for:
                self._made_for, self._lines = made_for, {}
            line = self._lines.get(key)
        if line is None:
            line = get_template_attribute(*MACRO)(procedure, catalog)  # Markup: autoescaped
            with self._lock:
                if made_for == self._made_for:
                    self._lines[key] = line
        return line

    def __len__(self) -> int:
        return len(self._lines)


def cached_hit_facts(procedure: Procedure) -> Markup:
    return current_app.extensions[EXTENSION].line(procedure)


def warm(app: Flask) -> int:
    """Render every procedure's line in every language (the master's warm-up before fork, so
    that workers inherit them); return how many lines are ready."""
    from tthc.i18n import LANGUAGES

    facts = app.extensions[EXTENSION]
    for language in LANGUAGES:
        with app.test_request_context("/tim-kiem", headers={"Accept-Language": language}):
            for procedure in get_catalog().procedures:
                facts.line(procedure)
    return len(facts)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = HitFacts()
    app.jinja_env.globals["cached_hit_facts"] = cached_hit_facts
