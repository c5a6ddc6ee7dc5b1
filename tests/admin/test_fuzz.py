"""Whatever staff type into filters, addresses or forms: a page in Vietnamese, never a 5xx."""

from __future__ import annotations

import pytest
from admin_helpers import add_feedback, add_staff, login
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.extensions import limiter

PAGES = [
    "/quan-tri/phan-anh",
    "/quan-tri/nhat-ky",
    "/quan-tri/luot-quet",
    "/quan-tri/ap-phich",
    "/quan-tri/danh-gia",
]
PARAMS = [
    "status",
    "unit",
    "category",
    "procedure",
    "code",
    "overdue",
    "hidden",
    "page",
    "days",
    "by_unit",
    "action",
    "staff",
    "target",
    "field",
    "size",
]
texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    from tests.conftest import make_app

    app = make_app(tmp_path_factory.mktemp("fuzz"))
    limiter.enabled = False
    add_staff(app)
    add_feedback(app)
    client = app.test_client()
    assert login(client).status_code == 302
    return client


@settings(max_examples=60, deadline=None)
@given(
    page=st.sampled_from(PAGES), args=st.dictionaries(st.sampled_from(PARAMS), texts, max_size=4)
)
def test_filters_never_fail(fuzz_client, page, args):
    response = fuzz_client.get(page, query_string=args)
    assert response.status_code == 200, (page, args)
    assert "Traceback" not in response.get_data(as_text=True)


@settings(max_examples=40, deadline=None)
@given(code=texts.filter(lambda t: t.strip("./") and "/" not in t and "\\" not in t))
def test_any_code_in_the_address_is_a_clean_404_or_page(fuzz_client, code):
    for suffix in ("", "/anh"):
        response = fuzz_client.get(f"/quan-tri/phan-anh/{code}{suffix}")
        assert response.status_code in (200, 308, 404), (code, suffix)


@pytest.fixture(scope="module")
def login_app(tmp_path_factory):
    from tests.conftest import make_app

    # No lockout here: every example must reach the password check.
    return make_app(
        tmp_path_factory.mktemp("fuzz-login"),
        ADMIN_IP_MAX_FAILURES=10_000,
        ADMIN_ACCOUNT_MAX_FAILURES=10_000,
    )


@settings(max_examples=25, deadline=None)
@given(email=texts, password=st.text(max_size=300))
def test_the_login_form_takes_anything(login_app, email, password):
    response = login(login_app.test_client(), email=email, password=password)
    assert response.status_code in (400, 401), (email, password)
