"""'Trang này có hữu ích không?' and the unit ratings: anonymous, plain form posts."""

import datetime as dt

import pytest
from flask import render_template_string, session

from feedback.helpers import parse, vote_data
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.feedback import votes
from tthc.feedback.models import PageVote, Rating, UnitRating


def test_useful_vote_redirects_back_with_a_thank_you(fb_app, fb_client):
    data = vote_data(fb_app, useful="khong", comment="Thiếu mẫu")
    response = fb_client.post("/huu-ich/1.004222", data=data)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/thu-tuc/1.004222" in location and "huu_ich=cam-on" in location
    assert location.endswith("#huu-ich")
    with fb_app.app_context():
        assert votes.vote_counts("1.004222")[False] >= 1
        vote = db.session.query(PageVote).filter_by(comment="Thiếu mẫu").one()
        assert vote.day.isoformat() == "2026-11-28"
        # Anonymous: nothing but the code, the answer, the comment and the day.
        assert set(PageVote.__table__.columns.keys()) == {
            "id",
            "procedure_code",
            "useful",
            "comment",
            "day",
        }


def test_useful_vote_needs_an_answer_and_a_known_procedure(fb_app, fb_client):
    missing = fb_client.post("/huu-ich/1.004222", data=vote_data(fb_app))
    assert missing.status_code == 303 and "huu_ich=loi" in missing.headers["Location"]
    unknown = vote_data(fb_app, "9.999999", useful="co")
    assert fb_client.post("/huu-ich/9.999999", data=unknown).status_code == 404
    assert fb_client.get("/huu-ich/1.004222").status_code == 405


def test_useful_include_renders_a_plain_form_and_the_thanks(fb_app):
    template = '{% include "feedback/_useful.html" %}'
    with fb_app.app_context():
        procedure = get_catalog().get("1.004222")
    with fb_app.test_request_context("/thu-tuc/1.004222"):
        page = parse_html(render_template_string(template, procedure=procedure))
        form = page.select_one("form")
        assert form["method"] == "post" and form["action"] == "/huu-ich/1.004222"
        assert page.select_one("input[name=token]")["value"]
        assert not session.modified and not session  # the cached page stays impersonal
        assert [i["value"] for i in page.select("input[name=useful]")] == ["co", "khong"]
        assert "procedure=1.004222" in page.select_one("a")["href"]
    with fb_app.test_request_context("/thu-tuc/1.004222?huu_ich=cam-on"):
        page = parse_html(render_template_string(template, procedure=procedure))
        assert page.select_one("form") is None
        assert "Cảm ơn" in page.get_text()


def test_useful_vote_is_refused_without_a_genuine_token_or_from_another_site(fb_app, fb_client):
    with fb_app.app_context():
        before = votes.vote_counts("1.004222")
    other_page = vote_data(fb_app, "2.001195", useful="co")
    for data, headers in (
        ({"useful": "co"}, {}),
        ({"useful": "co", "token": "forged"}, {}),
        (other_page, {}),
        (vote_data(fb_app, useful="co"), {"Origin": "https://evil.example"}),
        (vote_data(fb_app, useful="co"), {"Referer": "https://evil.example/page"}),
    ):
        response = fb_client.post("/huu-ich/1.004222", data=data, headers=headers)
        assert response.status_code == 400
    ours = {"Origin": "https://tthc.example.gov.vn"}
    response = fb_client.post(
        "/huu-ich/1.004222", data=vote_data(fb_app, useful="co"), headers=ours
    )
    assert response.status_code == 303
    with fb_app.app_context():
        assert votes.vote_counts("1.004222")[True] == before[True] + 1


def test_useful_vote_token_expires(fb_app, fb_client, monkeypatch):
    old = vote_data(fb_app, useful="co")
    monkeypatch.setitem(fb_app.config, "TODAY", dt.date(2026, 12, 5))
    assert fb_client.post("/huu-ich/1.004222", data=old).status_code == 400


def parse_html(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_unit_rating_page_and_submission(fb_app, fb_client):
    page = parse(fb_client.get("/danh-gia/cong-an-cap-xa"))
    labels = [label.get_text() for label in page.select("fieldset label")]
    assert labels == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    response = fb_client.post("/danh-gia/cong-an-cap-xa", data={"rating": "rat_hai_long"})
    assert response.status_code == 303
    thanks = parse(fb_client.get(response.headers["Location"]))
    assert "Cảm ơn bạn đã đánh giá" in thanks.get_text()
    with fb_app.app_context():
        assert votes.rating_counts("cong-an-cap-xa")[Rating.VERY_SATISFIED] >= 1
        assert set(UnitRating.__table__.columns.keys()) == {
            "id",
            "unit_slug",
            "rating",
            "comment",
            "day",
        }


@pytest.mark.parametrize(
    "data", [{}, {"rating": "tuyet_voi"}, {"rating": "hai_long", "comment": "x" * 501}]
)
def test_unit_rating_validation(fb_client, data):
    response = fb_client.post("/danh-gia/cong-an-cap-xa", data=data)
    assert response.status_code == 422
    assert parse(response).select_one("#error-summary") is not None


def test_unknown_unit_is_404(fb_client):
    assert fb_client.get("/danh-gia/khong-co-don-vi").status_code == 404


def test_procedure_pages_carry_the_box_and_stay_impersonal(fb_app, fb_client):
    response = fb_client.get("/thu-tuc/1.004222", follow_redirects=True)
    assert response.status_code == 200
    box = parse(response).select_one("#huu-ich form")
    assert box is not None and box["action"] == "/huu-ich/1.004222"
    assert "Set-Cookie" not in response.headers  # a public page stays cacheable
    token = box.select_one("input[name=token]")["value"]
    sent = fb_client.post(box["action"], data={"token": token, "useful": "co"})
    assert sent.status_code == 303
    thanks = parse(fb_client.get(sent.headers["Location"]))
    assert "Cảm ơn bạn đã góp ý" in thanks.select_one("#huu-ich").get_text()
