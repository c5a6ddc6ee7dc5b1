"""'Trang này có hữu ích không?' and the unit ratings: anonymous, plain form posts."""

import pytest
from flask import render_template_string

from feedback.helpers import parse
from tthc.catalog import get_catalog
from tthc.extensions import db
from tthc.feedback import service
from tthc.feedback.models import PageVote, Rating, UnitRating


def test_useful_vote_redirects_back_with_a_thank_you(fb_app, fb_client):
    response = fb_client.post("/huu-ich/1.004222", data={"useful": "khong", "comment": "Thiếu mẫu"})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/thu-tuc/1.004222" in location and "huu_ich=cam-on" in location
    assert location.endswith("#huu-ich")
    with fb_app.app_context():
        assert service.vote_counts("1.004222")[False] >= 1
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


def test_useful_vote_needs_an_answer_and_a_known_procedure(fb_client):
    missing = fb_client.post("/huu-ich/1.004222", data={})
    assert missing.status_code == 303 and "huu_ich=loi" in missing.headers["Location"]
    assert fb_client.post("/huu-ich/9.999999", data={"useful": "co"}).status_code == 404
    assert fb_client.get("/huu-ich/1.004222").status_code == 405


def test_useful_include_renders_a_plain_form_and_the_thanks(fb_app):
    template = '{% include "feedback/_useful.html" %}'
    with fb_app.app_context():
        procedure = get_catalog().get("1.004222")
    with fb_app.test_request_context("/thu-tuc/1.004222"):
        page = parse_html(render_template_string(template, procedure=procedure))
        form = page.select_one("form")
        assert form["method"] == "post" and form["action"] == "/huu-ich/1.004222"
        assert page.select_one("input[name=csrf_token]")["value"]
        assert [i["value"] for i in page.select("input[name=useful]")] == ["co", "khong"]
        assert "procedure=1.004222" in page.select_one("a")["href"]
    with fb_app.test_request_context("/thu-tuc/1.004222?huu_ich=cam-on"):
        page = parse_html(render_template_string(template, procedure=procedure))
        assert page.select_one("form") is None
        assert "Cảm ơn" in page.get_text()


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
        assert service.rating_counts("cong-an-cap-xa")[Rating.VERY_SATISFIED] >= 1
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
