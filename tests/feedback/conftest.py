"""Fixtures of the feedback tests: an app of its own with a fresh database."""

from __future__ import annotations

import pytest

from feedback.helpers import valid_form
from support import make_app


@pytest.fixture(scope="module")
def fb_app(tmp_path_factory):
    """An app with its own database for a test module; CSRF off and no minimum fill time."""
    return make_app(
        tmp_path_factory.mktemp("feedback"), WTF_CSRF_ENABLED=False, FEEDBACK_MIN_FILL_SECONDS=0
    )


@pytest.fixture
def fb_client(fb_app):
    return fb_app.test_client()


@pytest.fixture
def submit(fb_app, fb_client):
    """Post the feedback form (valid unless overridden) and return the response."""

    def post(**overrides):
        return fb_client.post("/phan-anh", data=valid_form(fb_app, **overrides))

    return post


@pytest.fixture
def jpeg_bytes():
    from feedback.helpers import photo_with_gps

    return photo_with_gps("JPEG")
