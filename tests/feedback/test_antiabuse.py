"""The signed form-shown time (itsdangerous' timed serializer): too fast, too old, tampered."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from itsdangerous import URLSafeSerializer

from tthc.feedback.antiabuse import (
    FORM_SALT,
    MAX_FORM_AGE_SECONDS,
    FillCheck,
    check_form_token,
    issue_form_token,
)


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k" * 32, FEEDBACK_MIN_FILL_SECONDS=3)
    with app.app_context():
        yield app


def test_a_form_filled_in_time_passes(app):
    assert check_form_token(issue_form_token(time.time() - 60)) is FillCheck.OK
    assert check_form_token(issue_form_token(time.time() - MAX_FORM_AGE_SECONDS + 60)) is (
        FillCheck.OK
    )


def test_a_form_sent_as_soon_as_shown_is_too_fast(app):
    assert check_form_token(issue_form_token()) is FillCheck.TOO_FAST
    assert check_form_token(issue_form_token(time.time() - 1)) is FillCheck.TOO_FAST
    # signed "in the future" (another instance's clock ahead): not filled in at all
    assert check_form_token(issue_form_token(time.time() + 30)) is FillCheck.TOO_FAST


def test_a_form_older_than_a_day_has_expired(app):
    old = issue_form_token(time.time() - MAX_FORM_AGE_SECONDS - 5)
    assert check_form_token(old) is FillCheck.EXPIRED


def test_a_tampered_or_foreign_token_is_invalid(app):
    token = issue_form_token(time.time() - 60)
    payload, stamp, signature = token.rsplit(".", 2)
    later = issue_form_token(time.time() - 3600).rsplit(".", 2)[1]
    assert check_form_token(f"{payload}.{later}.{signature}") is FillCheck.INVALID
    assert check_form_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is (
        FillCheck.INVALID
    )
    for junk in (None, "", "forged", "a.b.c"):
        assert check_form_token(junk) is FillCheck.INVALID
    # signed with another key, or without a timestamp (the old format): refused
    other = Flask("other")
    other.config.update(SECRET_KEY="x" * 32, FEEDBACK_MIN_FILL_SECONDS=3)
    with other.app_context():
        foreign = issue_form_token(time.time() - 60)
    assert check_form_token(foreign) is FillCheck.INVALID
    untimed = URLSafeSerializer("k" * 32, salt=FORM_SALT).dumps(time.time() - 60)
    assert check_form_token(untimed) is FillCheck.INVALID


def test_the_minimum_fill_time_is_the_apps_setting(app):
    token = issue_form_token(time.time() - 5)
    assert check_form_token(token) is FillCheck.OK
    app.config["FEEDBACK_MIN_FILL_SECONDS"] = 10
    assert check_form_token(token) is FillCheck.TOO_FAST
