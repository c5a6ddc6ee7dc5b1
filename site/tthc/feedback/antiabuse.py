"""Cheap defences against scripts: a honeypot field and a signed time the form was shown."""

from __future__ import annotations

import time
from enum import Enum

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

HONEYPOT_FIELD = "website"
MAX_FORM_AGE_SECONDS = 24 * 3600


class FillCheck(Enum):
    OK = "ok"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    INVALID = "invalid"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tthc.feedback.form-shown")


def issue_form_token(shown_at: float | None = None) -> str:
    """Sign the moment the form was shown, so the fill time cannot be forged."""
    return _serializer().dumps(shown_at if shown_at is not None else time.time())


def check_form_token(token: str | None) -> FillCheck:
    try:
        shown_at = float(_serializer().loads(token or ""))
    except (BadSignature, TypeError, ValueError):
        return FillCheck.INVALID
    elapsed = time.time() - shown_at
    if elapsed < current_app.config.get("FEEDBACK_MIN_FILL_SECONDS", 3):
        return FillCheck.TOO_FAST
    if elapsed > MAX_FORM_AGE_SECONDS:
        return FillCheck.EXPIRED
    return FillCheck.OK


def honeypot_filled(value: str | None) -> bool:
    return bool(value and value.strip())
