"""A real SMTP server on loopback (aiosmtpd) that keeps what it received, for the tests."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "thongbao"
PASSWORD = "m@t-khau:du/dai #2026"  # characters that must be percent-encoded in MAIL_URL


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: every accepted message, parsed, in arrival order."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok)


class SmtpServer:
    """Start and stop a server on a fixed loopback port (so a test can take it down and up)."""

    def __init__(self, port: int | None = None, *, tls: str = "", cert_dir: Path | None = None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.tls = tls  # "", "starttls" or "implicit"
        self.cert_dir = cert_dir
        self.controller: Controller | None = None

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_dir / "cert.pem", self.cert_dir / "key.pem")
        return context

    def start(self) -> SmtpServer:
        kwargs: dict = {}
        if self.tls == "starttls":
            kwargs = {
                "tls_context": self._context(),
                "require_starttls": True,
                "authenticator": _authenticate,
                "auth_require_tls": True,
            }
        elif self.tls == "implicit":
            kwargs = {"ssl_context": self._context()}
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=10, **kwargs
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def make_certificate(directory: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 (the test's private CA is this certificate)."""
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return directory / "cert.pem"
