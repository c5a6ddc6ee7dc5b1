"""Rate limits on submissions and look-ups, counted in storage every worker shares."""

import io
import multiprocessing
import uuid

import pytest
from bs4 import BeautifulSoup

from feedback.helpers import valid_form, vote_data
from tthc.web.ratelimit import SCHEME, SQLiteStorage


@pytest.fixture
def limited(new_app):
    def build():
        return new_app(
            WTF_CSRF_ENABLED=False,
            FEEDBACK_MIN_FILL_SECONDS=0,
            RATELIMIT_ENABLED=True,
            FEEDBACK_SUBMIT_LIMIT="2 per hour",
            FEEDBACK_LOOKUP_LIMIT="3 per minute",
            FEEDBACK_VOTE_LIMIT="2 per hour",
        )

    return build


def test_default_storage_is_shared_not_in_memory(limited):
    app = limited()
    uri = app.config["RATELIMIT_STORAGE_URI"]
    assert uri.startswith(f"{SCHEME}://") and uri.endswith("ratelimit.sqlite")


def test_configured_storage_wins(new_app):
    app = new_app(RATELIMIT_STORAGE_URI="memory://")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_retries_of_an_acknowledged_form_do_not_use_up_the_quota(limited):
    app = limited()
    client = app.test_client()
    first_id = str(uuid.uuid4())
    assert client.post("/phan-anh", data=valid_form(app, submission_id=first_id)).status_code == 303
    # A retry of an acknowledged form is answered again and not counted.
    for _ in range(3):
        retry = client.post("/phan-anh", data=valid_form(app, submission_id=first_id))
        assert retry.status_code == 303
    assert client.post("/phan-anh", data=valid_form(app)).status_code == 303
    blocked = client.post("/phan-anh", data=valid_form(app, message="Nội dung <b>cần</b> giữ"))
    assert blocked.status_code == 429
    page = BeautifulSoup(blocked.get_data(as_text=True), "html.parser")
    assert page.select_one("h1").get_text() == "Quá nhiều yêu cầu"
    assert "CHƯA được gửi" in page.get_text()
    assert page.select_one("textarea.copy-back").get_text() == "Nội dung <b>cần</b> giữ"
    assert "<b>cần</b>" not in blocked.get_data(as_text=True)
    # Reading the form is never limited.
    assert client.get("/phan-anh").status_code == 200


@pytest.mark.parametrize(
    "refused, status",
    [
        (lambda: {"name": ""}, 422),  # fails validation
        (lambda: {"website": "http://spam.example"}, 400),  # the honeypot
        (lambda: {"photo": (io.BytesIO(b"not an image"), "x.png")}, 422),  # a refused upload
    ],
)
def test_refused_submissions_use_up_the_quota_too(limited, refused, status):
    app = limited()
    client = app.test_client()
    for _ in range(2):
        response = client.post(
            "/phan-anh", data=valid_form(app, **refused()), content_type="multipart/form-data"
        )
        assert response.status_code == status
    # A loop of refused forms costs the server as much as valid ones: the third attempt of
    # any kind is refused before the form is even read.
    assert client.post("/phan-anh", data=valid_form(app)).status_code == 429


def test_limit_holds_across_workers(limited):
    # Two apps on one instance folder stand for two gunicorn workers.
    first, second = limited(), limited()
    for app in (first, second):
        assert app.test_client().post("/phan-anh", data=valid_form(app)).status_code == 303
    assert second.test_client().post("/phan-anh", data=valid_form(second)).status_code == 429
    assert first.test_client().post("/phan-anh", data=valid_form(first)).status_code == 429


def test_status_lookups_are_limited(limited):
    client = limited().test_client()
    statuses = [client.get("/phan-anh/tra-cuu?ma=ABCDE-GHKMN-PQRST").status_code for _ in range(3)]
    assert statuses == [303, 303, 303]
    assert client.get("/phan-anh/ABCDE-GHKMN-PQRST").status_code == 429


def test_votes_are_limited(limited):
    app = limited()
    client = app.test_client()
    for _ in range(2):
        assert client.post("/huu-ich/1.004222", data=vote_data(app, useful="co")).status_code == 303
    assert client.post("/huu-ich/1.004222", data=vote_data(app, useful="co")).status_code == 429


def _hit(path: str, count: int) -> None:
    storage = SQLiteStorage(f"{SCHEME}://{path}")
    for _ in range(count):
        storage.incr("key", 60)


def test_sqlite_storage_counts_exactly_under_concurrent_processes(tmp_path):
    path = tmp_path / "limits.sqlite"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hit, args=(str(path), 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    storage = SQLiteStorage(f"{SCHEME}://{path}")
    assert storage.get("key") == 200
    assert storage.get_expiry("key") > 0
    storage.clear("key")
    assert storage.get("key") == 0
    assert storage.check()


def test_sqlite_storage_windows_expire(tmp_path, monkeypatch):
    import time as time_module

    storage = SQLiteStorage(f"{SCHEME}://{tmp_path / 'limits.sqlite'}")
    now = [1000.0]
    monkeypatch.setattr(time_module, "time", lambda: now[0])
    assert storage.incr("k", 10) == 1
    assert storage.incr("k", 10) == 2
    now[0] += 11
    assert storage.get("k") == 0
    assert storage.incr("k", 10) == 1
    assert storage.reset() == 1
