"""`flask notify run` and `flask notify status`."""

from __future__ import annotations

from notify.helpers import XNC_OFFICER, add_usual_accounts, submit


def test_run_once_sends_what_is_waiting(mail_app, smtp):
    app = mail_app(smtp.port)
    with app.app_context():
        add_usual_accounts()
        submit(procedure_code="1.001280")
    runner = app.test_cli_runner()
    before = runner.invoke(args=["notify", "status"])
    assert "pending: 1, sent: 0, given up: 0" in before.output
    result = runner.invoke(args=["notify", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert [m["To"] for m in smtp.inbox.messages] == [XNC_OFFICER]
    after = runner.invoke(args=["notify", "status"])
    assert "pending: 0, sent: 1, given up: 0" in after.output


def test_run_refuses_without_mail_settings(mail_app):
    for overrides in ({"MAIL_URL": None}, {"MAIL_FROM": None}, {"MAIL_URL": "http://x"}):
        app = mail_app(**overrides)
        result = app.test_cli_runner().invoke(args=["notify", "run", "--once"])
        assert result.exit_code != 0
        assert "nothing can be sent" in result.output
