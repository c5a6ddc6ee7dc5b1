"""Every staff route needs a login; staff pages are never cached."""

from __future__ import annotations

import pytest
from admin_helpers import INBOX, LOGIN, add_feedback
from tests.conftest import make_app

SAMPLE_VALUES = {"code": "AAAAABBBBBCCCCC", "unit": "cong-an-cap-xa", "slug": "x", "path": "x"}


@pytest.fixture(scope="module")
def csrf_off_app(tmp_path_factory):
    # Without CSRF the only thing between an anonymous POST and the view is the login check.
    return make_app(tmp_path_factory.mktemp("access"), WTF_CSRF_ENABLED=False)


def _admin_requests(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "admin.static" or not rule.rule.startswith("/quan-tri"):
            continue
        url = rule.build({name: SAMPLE_VALUES.get(name, "1") for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_the_walk_finds_the_staff_routes(csrf_off_app):
    endpoints = {endpoint for endpoint, _method, _url in _admin_requests(csrf_off_app)}
    assert {"admin.inbox_page", "admin.detail", "admin.export_csv", "admin.photo"} <= endpoints
    assert {"admin.answer", "admin.audit_page", "admin.scans", "admin.logout"} <= endpoints
    assert all(endpoint.startswith("admin.") for endpoint in endpoints)


def test_every_staff_route_but_login_needs_a_login(csrf_off_app):
    add_feedback(csrf_off_app, tracking_code=SAMPLE_VALUES["code"])
    client = csrf_off_app.test_client()
    checked = 0
    for endpoint, method, url in _admin_requests(csrf_off_app):
        response = client.open(url, method=method, data={"status": "da_dong", "answer": "x"})
        if endpoint == "admin.login":
            assert response.status_code in (200, 400, 401), (method, url)
            continue
        assert response.status_code in (302, 401, 403), (endpoint, method, url)
        if response.status_code == 302:
            assert response.headers["Location"].startswith(LOGIN), (endpoint, method, url)
        assert "no-store" in response.headers["Cache-Control"], (endpoint, method, url)
        checked += 1
    assert checked >= 14


def test_an_anonymous_post_changes_nothing(csrf_off_app):
    from sqlalchemy import select

    from tthc.extensions import db
    from tthc.feedback.models import Feedback

    code = add_feedback(csrf_off_app)
    client = csrf_off_app.test_client()
    client.post(f"/quan-tri/phan-anh/{code}/trang-thai", data={"status": "da_dong"})
    client.post(f"/quan-tri/phan-anh/{code}/an", data={"reason": "x"})
    with csrf_off_app.app_context():
        stored = db.session.scalar(select(Feedback).where(Feedback.tracking_code == code))
        assert stored.status == "da_tiep_nhan" and not stored.hidden


def test_staff_pages_are_not_cached_or_indexed(admin_app, staff_client):
    pages = ("/quan-tri/nhat-ky", "/quan-tri/luot-quet", "/quan-tri/ap-phich", "/quan-tri/danh-gia")
    for url in (LOGIN, INBOX, *pages):
        response = staff_client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_a_page_with_form_errors_is_not_cached_either(admin_app, staff_client):
    code = add_feedback(admin_app, name="Nguyễn Văn A")
    response = staff_client.post(f"/quan-tri/phan-anh/{code}/tra-loi", data={})
    assert response.status_code == 400
    assert "Nguyễn Văn A" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
