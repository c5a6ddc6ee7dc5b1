"""Fixtures of the browser tests: a live server, Debian's Chromium, phone-sized pages."""

from __future__ import annotations

from .harness import (  # noqa: F401 (fixtures)
    browser,
    live_server,
    phone,
    phone_without_js,
    write_terminal_summary,
)


def pytest_terminal_summary(terminalreporter):
    write_terminal_summary(terminalreporter)
