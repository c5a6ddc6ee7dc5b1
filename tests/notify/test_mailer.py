"""MAIL_URL and real SMTP sessions: plain, STARTTLS with login, TLS from the start."""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import quote

import pytest

from notify.smtp_server import PASSWORD, USER, SmtpServer, make_certificate
from tthc.notify.mailer import (
    MailConfigError,
    Mailer,
    PermanentFailure,
    TemporaryFailure,
    parse_mail_url,
)


@pytest.fixture(scope="module")
def cert_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tls")
    make_certificate(directory)
    return directory


def _email(to: str = "nguoi-dan@example.vn") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "khong-tra-loi@tthc.example.gov.vn"
    message["To"] = to
    message["Subject"] = "Trả lời phản ánh, kiến nghị"
    message.set_content("Nội dung trả lời.")
    return message


@pytest.mark.parametrize(
    ("url", "host", "port", "implicit", "starttls", "user", "password"),
    [
        ("smtp://relay.local", "relay.local", 25, 0, 0, None, None),
        ("smtp://u:p@mail.example.vn:587?starttls=1", "mail.example.vn", 587, 0, 1, "u", "p"),
        ("smtps://u%40x:p%3A%2F@mail.example.vn", "mail.example.vn", 465, 1, 0, "u@x", "p:/"),
    ],
)
def test_mail_urls(url, host, port, implicit, starttls, user, password):
    settings = parse_mail_url(url)
    assert (settings.host, settings.port, settings.implicit_tls, settings.starttls) == (
        host, port, implicit, starttls,
    )
    assert (settings.username, settings.password) == (user, password)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (None, "not set"),
        ("", "not set"),
        ("http://mail.example.vn", "smtp://"),
        ("smtp://", "no host"),
        ("smtp://mail.example.vn?tls=1", "unknown options: tls"),
        ("smtps://mail.example.vn?starttls=1", "TLS already"),
        ("smtp://mail.example.vn:port", "MAIL_URL"),
        ("smtp://mail.example.vn?timeout=soon", "MAIL_URL"),
        ("smtp://u:m%E1%BA%ADt@mail.example.vn", "ASCII"),
    ],
)
def test_unusable_mail_urls_say_why(url, reason):
    with pytest.raises(MailConfigError, match=reason):
        parse_mail_url(url)


def test_starttls_with_login(cert_dir):
    server = SmtpServer(tls="starttls", cert_dir=cert_dir).start()
    try:
        url = (
            f"smtp://{USER}:{quote(PASSWORD, safe='')}@127.0.0.1:{server.port}"
            f"?starttls=1&cafile={cert_dir / 'cert.pem'}&timeout=5"
        )
        mailer = Mailer(parse_mail_url(url))
        mailer.send(_email())
        mailer.close()
    finally:
        server.stop()
    assert [m["Subject"] for m in server.inbox.messages] == ["Trả lời phản ánh, kiến nghị"]


def test_a_wrong_password_is_a_temporary_failure(cert_dir):
    server = SmtpServer(tls="starttls", cert_dir=cert_dir).start()
    try:
        url = (
            f"smtp://{USER}:sai@127.0.0.1:{server.port}?starttls=1&timeout=3"
            f"&cafile={cert_dir / 'cert.pem'}"
        )
        # Refused (535), whichever way smtplib's fallback from PLAIN to LOGIN then ends.
        with pytest.raises(TemporaryFailure):
            Mailer(parse_mail_url(url)).send(_email())
    finally:
        server.stop()
    assert server.inbox.messages == []


def test_implicit_tls(cert_dir):
    server = SmtpServer(tls="implicit", cert_dir=cert_dir).start()
    try:
        url = f"smtps://127.0.0.1:{server.port}?cafile={cert_dir / 'cert.pem'}&timeout=5"
        mailer = Mailer(parse_mail_url(url))
        mailer.send(_email("a@example.vn"))
        mailer.send(_email("b@example.vn"))  # the same connection
        mailer.close()
    finally:
        server.stop()
    assert [m["To"] for m in server.inbox.messages] == ["a@example.vn", "b@example.vn"]


def test_an_untrusted_certificate_is_refused(cert_dir):
    server = SmtpServer(tls="implicit", cert_dir=cert_dir).start()
    try:
        with pytest.raises(TemporaryFailure, match="CERTIFICATE_VERIFY_FAILED"):
            Mailer(parse_mail_url(f"smtps://127.0.0.1:{server.port}?timeout=5")).send(_email())
    finally:
        server.stop()
    assert server.inbox.messages == []


def test_a_refused_mailbox_is_permanent():
    server = SmtpServer().start()
    server.inbox.refuse.add("khong-co@example.vn")
    try:
        mailer = Mailer(parse_mail_url(f"smtp://127.0.0.1:{server.port}"))
        with pytest.raises(PermanentFailure):
            mailer.send(_email("khong-co@example.vn"))
        mailer.send(_email("co@example.vn"))  # a new connection after the refusal
        mailer.close()
    finally:
        server.stop()
    assert [m["To"] for m in server.inbox.messages] == ["co@example.vn"]
