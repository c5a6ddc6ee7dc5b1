"""Shared fixtures: an app on a temporary instance folder, its client, CLI runner and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXED_TODAY, PROCEDURES, ROOT, Page, created_apps, dispose_engines, make_app

__all__ = ["FIXED_TODAY", "PROCEDURES", "ROOT", "Page", "make_app"]


@pytest.fixture(autouse=True)
def _close_connections_of_apps_made_by_the_test():
    already = len(created_apps)
    yield
    dispose_engines(created_apps[already:])
    del created_apps[already:]


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("app")


@pytest.fixture(scope="session")
def app(session_tmp):
    """One app for read-only tests; tests that write make their own with make_app."""
    return make_app(session_tmp)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def get_page(client):
    def get(url, **kwargs) -> Page:
        return Page(client.get(url, **kwargs))

    return get
