"""Fixtures of the feedback tests: an app of its own with a fresh database."""

from __future__ import annotations

import pytest

from feedback.helpers import valid_form
from support import make_app


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """One search index for all feedback apps: building it is what makes an app slow to start."""
    return str(tmp_path_factory.mktemp("feedback-index"))


@pytest.fixture
def new_app(tmp_path, index_dir):
    """Make an app with its own database (and instance folder) for one test."""

    def build(**overrides):
        return make_app(tmp_path, **{"INDEX_DIR": index_dir, **overrides})

    return build


@pytest.fixture(scope="module")
def fb_app(tmp_path_factory, index_dir):
    """An app with its own database for a test module; CSRF off and no minimum fill time."""
    return make_app(
        tmp_path_factory.mktemp("feedback"),
        INDEX_DIR=index_dir,
        WTF_CSRF_ENABLED=False,
        FEEDBACK_MIN_FILL_SECONDS=0,
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
