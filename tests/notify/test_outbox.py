"""The outbox: written with the change, delivered at least once, retried with backoff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from notify.smtp_server import SmtpServer, free_port
from tthc.extensions import db
from tthc.notify import outbox
from tthc.notify.mailer import from_config as mailer
from tthc.notify.models import OutboxMessage


def soon() -> dt.datetime:
    """Messages are queued at the real time; the worker's rounds run at chosen times after it."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC times."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _message(n: int) -> outbox.Rendered:
    return outbox.Rendered(
        subject=f"Phản ánh, kiến nghị số {n}",
        text=f"Nội dung thư số {n}: tiếng Việt có dấu.",
        html=f"<p>Nội dung thư số <strong>{n}</strong></p>",
    )


def _queue(count: int, prefix: str = "test") -> None:
    for n in range(count):
        outbox.enqueue("new", f"{prefix}:{n}", f"can-bo-{n}@example.gov.vn", _message(n))
    db.session.commit()


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_rolled_back_change_leaves_no_message(mail_app):
    app = mail_app()
    with app.app_context():
        outbox.enqueue("new", "k:1", "a@example.gov.vn", _message(1))
        db.session.rollback()
        assert _rows() == []


def test_the_same_key_is_queued_once(mail_app):
    app = mail_app()
    with app.app_context():
        assert outbox.enqueue("new", "k:1", "a@example.gov.vn", _message(1))
        assert not outbox.enqueue("new", "k:1", "a@example.gov.vn", _message(1))  # same session
        db.session.commit()
        assert not outbox.enqueue("new", "k:1", "a@example.gov.vn", _message(1))  # stored
        assert not outbox.insert_if_new("new", "k:1", "a@example.gov.vn", _message(1), None)
        db.session.commit()
        assert len(_rows()) == 1


def test_a_message_arrives_as_text_and_html(mail_app, smtp):
    app = mail_app(smtp.port)
    with app.app_context():
        _queue(1)
        t0 = soon()
        report = outbox.deliver_due(mailer(), now=t0)
        assert report.sent == [_rows()[0].id]
    (received,) = smtp.inbox.messages
    assert received["From"] == "khong-tra-loi@tthc.example.gov.vn"
    assert received["To"] == "can-bo-0@example.gov.vn"
    assert received["Subject"] == "Phản ánh, kiến nghị số 0"
    assert received["Message-ID"].startswith("<tthc-outbox-")
    assert received.get_body(("plain",)).get_content().strip() == (
        "Nội dung thư số 0: tiếng Việt có dấu."
    )
    assert "<strong>0</strong>" in received.get_body(("html",)).get_content()
    assert smtp.inbox.envelopes == [
        ("khong-tra-loi@tthc.example.gov.vn", ["can-bo-0@example.gov.vn"])
    ]


def test_outage_then_recovery_delivers_every_message_exactly_once(mail_app):
    port = free_port()
    app = mail_app(port)
    with app.app_context():
        _queue(5)
        t0 = soon()
        # The server is down: one attempt, then a wait; nothing is lost or marked sent.
        down = outbox.deliver_due(mailer(), now=t0)
        assert down.sent == [] and len(down.retried) == 1
        rows = _rows()
        assert all(row.sent_at is None and row.failed_at is None for row in rows)
        assert rows[0].attempts == 1 and aware(rows[0].next_attempt_at) > t0
        assert "cannot connect" in rows[0].last_error
        # Still down a little later: the message that failed waits out its backoff.
        again = outbox.deliver_due(mailer(), now=t0 + dt.timedelta(seconds=10))
        assert again.retried == [rows[1].id]

        server = SmtpServer(port).start()
        try:
            later = t0 + dt.timedelta(hours=1)
            up = outbox.deliver_due(mailer(), now=later)
            assert len(up.sent) == 5
            # Further rounds send nothing again.
            assert outbox.deliver_due(mailer(), now=later + dt.timedelta(hours=1)).sent == []
        finally:
            server.stop()
        assert all(row.sent_at is not None for row in _rows())
    recipients = sorted(m["To"] for m in server.inbox.messages)
    assert recipients == [f"can-bo-{n}@example.gov.vn" for n in range(5)]


def test_backoff_doubles_up_to_the_ceiling(mail_app):
    app = mail_app(NOTIFY_BACKOFF_SECONDS=60, NOTIFY_BACKOFF_MAX_SECONDS=600)
    with app.app_context():
        waits = [outbox.backoff(n).total_seconds() for n in range(1, 7)]
    assert waits == [60, 120, 240, 480, 600, 600]


def test_retries_stop_after_the_last_attempt(mail_app):
    app = mail_app(NOTIFY_MAX_ATTEMPTS=2)
    with app.app_context():
        _queue(1)
        t0 = soon()
        outbox.deliver_due(mailer(), now=t0)
        report = outbox.deliver_due(mailer(), now=t0 + dt.timedelta(days=1))
        (row,) = _rows()
        assert report.failed == [row.id]
        assert row.failed_at is not None and row.attempts == 2
        assert outbox.deliver_due(mailer(), now=t0 + dt.timedelta(days=2)).retried == []


def test_a_refused_recipient_is_given_up_and_the_others_still_go(mail_app, smtp):
    smtp.inbox.refuse.add("can-bo-0@example.gov.vn")
    app = mail_app(smtp.port)
    with app.app_context():
        _queue(3)
        t0 = soon()
        report = outbox.deliver_due(mailer(), now=t0)
        rows = _rows()
        assert report.failed == [rows[0].id]
        assert "refused" in rows[0].last_error
        assert report.sent == [rows[1].id, rows[2].id]
    assert [m["To"] for m in smtp.inbox.messages] == [
        "can-bo-1@example.gov.vn",
        "can-bo-2@example.gov.vn",
    ]


def test_a_message_held_by_another_worker_waits_for_its_lease(mail_app, smtp):
    app = mail_app(smtp.port, NOTIFY_LEASE_SECONDS=300)
    with app.app_context():
        _queue(1)
        t0 = soon()
        (row,) = _rows()
        # Another worker took it and died before marking it sent.
        row.locked_until = t0 + dt.timedelta(seconds=300)
        db.session.commit()
        assert outbox.deliver_due(mailer(), now=t0).sent == []
        resent = outbox.deliver_due(mailer(), now=t0 + dt.timedelta(seconds=301))
        assert resent.sent == [row.id]
    assert len(smtp.inbox.messages) == 1
