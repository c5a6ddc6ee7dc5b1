"""Cheap defences against scripts: a honeypot field and a signed time the form was shown."""

from __future__ import annotations

import time
from enum import Enum

from flask import current_app
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)

HONEYPOT_FIELD = "website"
MAX_FORM_AGE_SECONDS = 24 * 3600


class FillCheck(Enum):
    OK = "ok"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    INVALID = "invalid"


# The form carries a token signed by itsdangerous' timed serializer: its timestamp is the moment
# the form was shown (whole seconds), so neither the fill time nor the form's age can be forged.
FORM_SALT = "tthc.feedback.form-shown"
_FORM_PAYLOAD = "phan-anh"


class _ShownAt(TimestampSigner):
    """A timestamp signer that signs a given moment instead of now (tests, pre-dated forms)."""

    def __init__(self, *args, shown_at: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown_at = shown_at

    def get_timestamp(self) -> int:
        return int(self.shown_at)


def _serializer(shown_at: float | None = None) -> URLSafeTimedSerializer:
    secret = current_app.config["SECRET_KEY"]
    if shown_at is None:
        return URLSafeTimedSerializer(secret, salt=FORM_SALT)
    return URLSafeTimedSerializer(
        secret, salt=FORM_SALT, signer=_ShownAt, signer_kwargs={"shown_at": shown_at}
    )


def issue_form_token(shown_at: float | None = None) -> str:
    """Sign the moment the form was shown, so the fill time cannot be forged."""
    return _serializer(shown_at).dumps(_FORM_PAYLOAD)


def check_form_token(token: str | None) -> FillCheck:
    try:
        payload, signed_at = _serializer().loads(
            token or "", max_age=MAX_FORM_AGE_SECONDS, return_timestamp=True
        )
    except SignatureExpired as exc:
        # itsdangerous refuses a timestamp from the future as well: filled in no time at all.
        if exc.date_signed is not None and exc.date_signed.timestamp() > time.time():
            return FillCheck.TOO_FAST
        return FillCheck.EXPIRED
    except BadSignature:
        return FillCheck.INVALID
    if payload != _FORM_PAYLOAD:
        return FillCheck.INVALID
    elapsed = time.time() - signed_at.timestamp()
    if elapsed < current_app.config["FEEDBACK_MIN_FILL_SECONDS"]:
        return FillCheck.TOO_FAST
    return FillCheck.OK


def honeypot_filled(value: str | None) -> bool:
    return bool(value and value.strip())


# The "useful" box sits on public, cached procedure pages: a session-bound CSRF token would make
# every such page personal (a cookie each, no shared cache). Its token is signed per procedure
# and day instead, and the POST must come from our own pages (Origin / Referer).
VOTE_TOKEN_DAYS = 2


def _vote_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tthc.feedback.page-vote")


def vote_token(scope: str) -> str:
    """Return the token of the vote form of one page (the same for everyone on one day)."""
    from tthc import clock

    return _vote_serializer().dumps([scope, clock.today().toordinal()])


def check_vote_token(token: str | None, scope: str) -> bool:
    from tthc import clock

    try:
        signed_scope, day = _vote_serializer().loads(token or "")
        age = clock.today().toordinal() - int(day)
    except (BadSignature, TypeError, ValueError):
        return False
    return signed_scope == scope and 0 <= age <= VOTE_TOKEN_DAYS


def same_origin(request) -> bool:
    """Tell whether a POST comes from a page of this site (browsers send Origin or Referer)."""
    from urllib.parse import urlsplit

    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if not sent or sent == "null":
        return sent is None  # no header at all: an old browser or a privacy setting
    allowed = {request.host}
    site_url = current_app.config.get("SITE_URL")
    if site_url:
        allowed.add(urlsplit(site_url).netloc)
    return urlsplit(sent).netloc in allowed
