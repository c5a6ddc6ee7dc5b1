"""The outbox, the deadline alerts and the figures on PostgreSQL (ON CONFLICT, COALESCE, dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from notify.helpers import ADMIN, XNC, XNC_OFFICER, add_usual_accounts, deliver, outbox_rows, submit
from tthc.admin.reports.yearly import yearly_report
from tthc.extensions import db
from tthc.feedback import service
from tthc.figures import stats

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_mail_app(mail_app, smtp):
    from feedback.helpers import fresh_postgres_database

    with fresh_postgres_database() as url:
        app = mail_app(smtp.port, DATABASE_URL=url)
        yield app
        with app.app_context():
            db.engine.dispose()


def test_notifications_and_figures_on_postgres(pg_mail_app, smtp):
    with pg_mail_app.app_context():
        add_usual_accounts()
        feedback = [submit(procedure_code="1.001280") for _ in range(5)]
        assert {f.handling_unit for f in feedback} == {XNC}
        deliver()
        assert sorted({m["To"] for m in smtp.inbox.messages}) == [XNC_OFFICER]
        assert len(smtp.inbox.messages) == 5

        late = feedback[0]
        for today in (late.due_on + dt.timedelta(days=1), late.due_on + dt.timedelta(days=2)):
            deliver(today=today)  # overdue, enqueued once even when run again
        overdue = outbox_rows("overdue")
        assert sorted(row.recipient for row in overdue if row.feedback_id == late.id) == [
            ADMIN, XNC_OFFICER,
        ]
        for item in feedback:
            service.answer(item, "Đã trả lời.", staff_email=ADMIN, publish=False)
        figures = stats.feedback_figures(late.received_at.year)
        assert figures.by_unit[XNC].received == 5 and figures.by_unit[XNC].answered == 5
        report = yearly_report(late.received_at.year, late.due_on)
        assert (report.feedback.received, report.feedback.answered) == (5, 5)
