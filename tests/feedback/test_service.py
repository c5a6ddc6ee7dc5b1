"""The functions the staff area calls: filters, status flow, answers, hiding, purge."""

import datetime as dt
import uuid

import pytest

from tthc.extensions import db
from tthc.feedback import photos, service
from tthc.feedback.models import FeedbackCategory, FeedbackStatus
from tthc.feedback.service import InvalidTransition, Submission

UTC = dt.UTC


@pytest.fixture
def app(new_app):
    return new_app()


def new(app, **overrides):
    data = dict(
        submission_id=str(uuid.uuid4()),
        category=FeedbackCategory.PROPOSAL,
        message="Đề nghị thêm giờ làm việc sáng thứ Bảy.",
        name="Lê Văn Cường",
        phone="0912345678",
        email=None,
        notice_version="test",
    )
    data.update(overrides)
    with app.app_context():
        feedback, created = service.submit(Submission(**data))
        assert created
        return feedback.id


def test_status_flow(app):
    with app.app_context():
        feedback = service.get(new(app))
        assert feedback.status_enum is FeedbackStatus.RECEIVED
        service.change_status(feedback, FeedbackStatus.IN_PROGRESS)
        service.answer(feedback, "Đã bổ sung.", staff_email="a@b.vn", publish=True)
        assert feedback.status_enum is FeedbackStatus.ANSWERED and feedback.answered_at
        assert feedback.answer_published is False  # the citizen did not agree
        service.change_status(feedback, "da_dong")
        assert feedback.closed_at is not None
        with pytest.raises(InvalidTransition):
            service.change_status(feedback, FeedbackStatus.ANSWERED)
        service.change_status(feedback, FeedbackStatus.IN_PROGRESS)  # reopened
        assert feedback.closed_at is None
        with pytest.raises(ValueError):
            service.answer(feedback, "  ", staff_email="a@b.vn", publish=False)


def test_filters_and_overdue(app):
    first = new(app, unit_slug="cong-an-cap-xa")
    second = new(app, category=FeedbackCategory.WRONG_INFO, procedure_code="1.004222")
    with app.app_context():
        service.get(second).due_on = dt.date(2026, 11, 1)
        db.session.commit()
        ids = lambda **f: [fb.id for fb in service.list_feedback(**f)]  # noqa: E731
        assert ids() == [second, first]  # the most urgent first
        # The unit filter is the unit that answers: chosen, or else the procedure's
        # (đăng ký thường trú is received by the commune police).
        assert ids(unit_slug="cong-an-cap-xa") == [second, first]
        assert ids(unit_slug="phong-quan-ly-xuat-nhap-canh") == []
        assert ids(category="thong_tin_sai") == [second]
        assert ids(procedure_code="1.004222") == [second]
        assert ids(overdue=True) == [second]
        assert service.is_overdue(service.get(second))
        service.hide(service.get(first), "Lời lẽ xúc phạm")
        assert ids() == [second]
        assert ids(include_hidden=True) == [second, first]
        service.unhide(service.get(first))
        assert ids(status="da_tiep_nhan") == [second, first]


def test_storage_failure_raises_instead_of_acknowledging(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    feedback_id = new(app)
    with app.app_context():
        feedback = service.get(feedback_id)

        def broken(*_args, **_kwargs):
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

        monkeypatch.setattr(db.session, "commit", broken)
        with pytest.raises(service.StorageUnavailable):
            service.change_status(feedback, FeedbackStatus.IN_PROGRESS)


def test_purge_removes_personal_data_and_photos_after_retention(app):
    runner = app.test_cli_runner()
    with app.app_context():
        name = photos.store(b"fake", "jpg")
    old = new(app, photo_file=name, email="x@y.vn")
    recent = new(app)
    open_one = new(app)
    with app.app_context():
        for feedback_id, closed in ((old, 400), (recent, 10)):
            feedback = service.get(feedback_id)
            feedback.status = FeedbackStatus.CLOSED.value
            feedback.closed_at = dt.datetime.now(UTC) - dt.timedelta(days=closed)
        db.session.commit()
    result = runner.invoke(args=["feedback", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 submission" in result.output
    with app.app_context():
        purged = service.get(old)
        assert (purged.name, purged.phone, purged.email, purged.photo_file) == (None,) * 4
        assert purged.message == "" and purged.personal_data_purged_at is not None
        assert purged.category and purged.status == "da_dong"  # statistics remain
        assert photos.load(name) is None
        assert service.get(recent).name and service.get(open_one).name
    result = runner.invoke(args=["feedback", "purge", "--days", "5"])
    assert "1 submission" in result.output
    with app.app_context():
        assert service.get(recent).name is None and service.get(open_one).name
