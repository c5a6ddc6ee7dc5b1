"""Helpers of the feedback tests: a valid form, parsed responses."""

from __future__ import annotations

import time
import uuid
from contextlib import contextmanager

from bs4 import BeautifulSoup

from tthc.feedback import antiabuse


def form_token(app, age_seconds: float = 60) -> str:
    with app.app_context():
        return antiabuse.issue_form_token(time.time() - age_seconds)


def valid_form(app, **overrides) -> dict:
    data = {
        "category": "quy_dinh",
        "procedure": "",
        "unit": "",
        "message": "Thời hạn giải quyết ghi trên trang khác với thực tế tại bộ phận một cửa.",
        "name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "",
        "consent": "y",
        "submission_id": str(uuid.uuid4()),
        "form_token": form_token(app),
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def field_error(response, field_id: str) -> str:
    node = parse(response).select_one(f"#{field_id}-error")
    return " ".join(node.get_text(" ").split()) if node else ""


def tracking_code_of(response) -> str:
    assert response.status_code == 303, response.status_code
    return response.headers["Location"].rsplit("/", 1)[-1]


def photo_with_gps(kind: str = "JPEG", size=(64, 48)) -> bytes:
    """A small photo carrying EXIF with a camera model and a GPS position."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Camera of a citizen"  # Model
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (9.0, 36.0, 10.0)
    gps[3] = "E"
    gps[4] = (105.0, 58.0, 20.0)
    out = io.BytesIO()
    image.save(out, kind, exif=exif.tobytes())
    return out.getvalue()


@contextmanager
def fresh_postgres_database():
    """Yield the URL of a new, empty PostgreSQL database, dropped afterwards; skip if none."""
    import os

    import pytest
    from sqlalchemy.engine import make_url

    url = os.environ.get("DATABASE_URL_TEST")
    if not url:
        pytest.skip("DATABASE_URL_TEST is not set (scripts/test starts a PostgreSQL server)")
    import psycopg

    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at DATABASE_URL_TEST is not reachable: {error}")
    name = f"tthc_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vote_data(app, code: str = "1.004222", **fields) -> dict:
    """The fields of the 'useful' box of a procedure page, with its signed token."""
    with app.test_request_context():
        return {"token": antiabuse.vote_token(code), **fields}
