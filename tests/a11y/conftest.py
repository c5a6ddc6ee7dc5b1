"""The accessibility checks drive the same live server and Chromium as the browser journeys."""

from __future__ import annotations

import pytest

from browser.harness import (  # noqa: F401 (fixtures)
    browser,
    live_server,
    phone,
    require_axe,
    write_terminal_summary,
)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return require_axe()


def pytest_terminal_summary(terminalreporter):
    write_terminal_summary(terminalreporter)
