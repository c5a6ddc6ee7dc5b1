"""Shared fixtures: an app on a temporary instance folder, its client, CLI runner and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXED_TODAY, PROCEDURES, ROOT, Page, make_app

__all__ = ["FIXED_TODAY", "PROCEDURES", "ROOT", "Page", "make_app"]


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
