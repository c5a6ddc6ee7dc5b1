"""SMTP delivery from MAIL_URL: smtp:// (plain or STARTTLS) and smtps:// (TLS from the start).

    smtp://host:25                       plain, for a relay on the same host or network
    smtp://user:password@host:587?starttls=1
    smtps://user:password@host:465
Query options: starttls=1, timeout=<seconds> (default 20), cafile=<path> (a private CA).
User names and passwords are percent-decoded, so any character can be given.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

DEFAULT_TIMEOUT = 20.0


class MailConfigError(ValueError):
    """MAIL_URL cannot be used."""


class TemporaryFailure(Exception):
    """The message may go through later: server down, busy, or a 4xx answer."""


class PermanentFailure(Exception):
    """The server refused this message for good (a 5xx answer about the recipient or content)."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None
    timeout: float
    cafile: str | None

    @property
    def uses_tls(self) -> bool:
        return self.implicit_tls or self.starttls


def parse_mail_url(url: str | None) -> MailSettings:
    """Read MAIL_URL; raise MailConfigError with a plain reason when it is unusable."""
    if not url:
        raise MailConfigError("MAIL_URL is not set")
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise MailConfigError("MAIL_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise MailConfigError("MAIL_URL has no host")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"starttls", "timeout", "cafile"}
    if unknown:
        raise MailConfigError(f"MAIL_URL has unknown options: {', '.join(sorted(unknown))}")
    implicit = parts.scheme == "smtps"
    starttls = options.get("starttls", "0").lower() in ("1", "true", "yes")
    if implicit and starttls:
        raise MailConfigError("smtps:// is TLS already: leave out starttls")
    try:
        port = parts.port or (465 if implicit else 25)
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
    except ValueError as error:
        raise MailConfigError(f"MAIL_URL: {error}") from None
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    if not f"{username or ''}{password or ''}".isascii():
        raise MailConfigError("MAIL_URL: SMTP login takes only ASCII user names and passwords")
    return MailSettings(
        host=parts.hostname,
        port=port,
        implicit_tls=implicit,
        starttls=starttls,
        username=username,
        password=password,
        timeout=timeout,
        cafile=options.get("cafile") or None,
    )


def _tls_context(settings: MailSettings) -> ssl.SSLContext:
    # Certificates and host names are always checked; a private CA is given with cafile=.
    return ssl.create_default_context(cafile=settings.cafile)


class Mailer:
    """One SMTP connection, opened on the first message and reused for the rest of a batch."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.implicit_tls:
                smtp = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=_tls_context(s)
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.starttls:
                    smtp.starttls(context=_tls_context(s))
            if s.username:
                smtp.login(s.username, s.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise TemporaryFailure(f"login refused: {error.smtp_code}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(f"cannot connect to {s.host}:{s.port}: {error}") from error
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Send one message; raise TemporaryFailure or PermanentFailure when it did not go."""
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            codes = [code for code, _text in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"recipient refused: {codes}") from error
            raise TemporaryFailure(f"recipient deferred: {codes}") from error
        except smtplib.SMTPSenderRefused as error:
            # MAIL_FROM or the login is wrong: every message would fail; retry once fixed.
            self.close()
            raise TemporaryFailure(f"sender refused: {error.smtp_code}") from error
        except smtplib.SMTPResponseException as error:
            self.close()
            if 500 <= error.smtp_code < 600 and error.smtp_code != 530:
                raise PermanentFailure(f"refused: {error.smtp_code}") from error
            raise TemporaryFailure(f"refused for now: {error.smtp_code}") from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise TemporaryFailure(f"connection lost: {error}") from error
        if refused:  # only with several recipients; each message here has one
            raise PermanentFailure(f"recipient refused: {refused}")

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def from_config() -> Mailer:
    """The SMTP client of MAIL_URL; raise MailConfigError when it or MAIL_FROM is missing."""
    settings = parse_mail_url(current_app.config.get("MAIL_URL"))
    if not current_app.config.get("MAIL_FROM"):
        raise MailConfigError("MAIL_FROM is not set")
    return Mailer(settings)
