"""Hypothesis throws anything at the form and the status look-up: never a 5xx."""

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.helpers import fresh_postgres_database, valid_form, vote_data

# Lone surrogates cannot even be encoded by a client; everything else goes, NUL included.
anything = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
long_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=2500)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

form_fields = st.fixed_dictionaries(
    {},
    optional={
        "category": st.one_of(
            st.sampled_from(["quy_dinh", "kien_nghi", "thong_tin_sai"]), anything
        ),
        "procedure": st.one_of(st.sampled_from(["1.004222", "2.001195", ""]), anything),
        "unit": st.one_of(st.sampled_from(["cong-an-cap-xa", ""]), anything),
        "message": long_text,
        "name": anything,
        "phone": st.one_of(st.from_regex(r"\+?[0-9 .()-]{0,16}", fullmatch=True), anything),
        "email": st.one_of(st.emails(), anything),
        "consent": st.one_of(st.just("y"), anything),
        "publish_answer": anything,
        "submission_id": st.one_of(st.uuids().map(str), anything),
        "form_token": anything,
        "website": st.one_of(st.just(""), anything),
    },
)


def check_form(app, client, fields):
    data = valid_form(app)
    data.update(fields)
    response = client.post("/phan-anh", data=data)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code == 303:
        status = client.get(response.headers["Location"])
        assert status.status_code == 200


@FUZZ
@given(fields=form_fields)
def test_form_never_fails(fb_app, fb_client, fields):
    check_form(fb_app, fb_client, fields)


@FUZZ
@given(typed=anything)
def test_status_lookup_never_fails(fb_client, typed):
    lookup = fb_client.get("/phan-anh/tra-cuu", query_string={"ma": typed})
    assert lookup.status_code in (303, 404, 429)
    if typed and "/" not in typed:
        direct = fb_client.get("/phan-anh/" + urllib.parse.quote(typed, safe=""))
        assert direct.status_code < 500


@FUZZ
@given(useful=anything, comment=anything, rating=anything)
def test_votes_never_fail(fb_app, fb_client, useful, comment, rating):
    data = vote_data(fb_app, useful=useful, comment=comment)
    assert fb_client.post("/huu-ich/1.004222", data=data).status_code < 500
    data = {"rating": rating, "comment": comment}
    assert fb_client.post("/danh-gia/cong-an-cap-xa", data=data).status_code < 500


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory, index_dir):
    from support import make_app

    with fresh_postgres_database() as url:
        app = make_app(
            tmp_path_factory.mktemp("fuzz-pg"),
            INDEX_DIR=index_dir,
            DATABASE_URL=url,
            WTF_CSRF_ENABLED=False,
            FEEDBACK_MIN_FILL_SECONDS=0,
        )
        yield app
        from tthc.extensions import db

        with app.app_context():
            db.engine.dispose()


@pytest.mark.postgres
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(fields=form_fields)
def test_form_never_fails_on_postgres(pg_app, fields):
    check_form(pg_app, pg_app.test_client(), fields)
