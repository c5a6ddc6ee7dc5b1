"""Languages of the interface and how a request's language is chosen and kept."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, current_app, request
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

from tthc.extensions import babel

LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English", "km": "ភាសាខ្មែរ"}
DEFAULT_LANGUAGE = "vi"
LANGUAGE_COOKIE = "lang"
LANGUAGE_PARAM = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600

_ = gettext
_l = lazy_gettext
__all__ = [
    "LANGUAGES",
    "_",
    "_l",
    "ngettext",
    "select_locale",
    "language_url",
    "translated_name",
    "translated_summary",
    "translation_reviewed",
    "init_app",
]


def _requested_language() -> str | None:
    """The language asked for explicitly with ?lang=, when it is one we offer."""
    candidate = request.args.get(LANGUAGE_PARAM)
    return candidate if candidate in LANGUAGES else None


def select_locale() -> str:
    """Pick the language: ?lang=, then the cookie, then Accept-Language, then Vietnamese."""
    for candidate in (_requested_language(), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def language_url(code: str) -> str:
    """The current page (path and query) in another language, for the language switch."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != LANGUAGE_PARAM]
    args.append((LANGUAGE_PARAM, code))
    return f"{request.path}?{urlencode(args)}"


def translated_name(record) -> str | None:
    """The name of a procedure or field in the interface language, when the YAML carries one."""
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return None
    return _text((getattr(record, "name_translations", None) or {}).get(language))


def translated_summary(record) -> str | None:
    """A procedure's reference summary in the interface language, when the YAML carries one."""
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return None
    return _text((getattr(record, "summary_translations", None) or {}).get(language))


def translation_reviewed(record) -> bool:
    """Tell whether an editor has checked the name and summary shown in this language."""
    language = current_language()
    parts = [
        (getattr(record, key, None) or {}).get(language)
        for key in ("name_translations", "summary_translations")
    ]
    return all(getattr(part, "reviewed", True) for part in parts if part is not None)


def _text(translation) -> str | None:
    """Fields carry plain strings, procedures Translation records (text + reviewed)."""
    if translation is None or isinstance(translation, str):
        return translation or None
    return translation.text or None


def remember_language(response: Response) -> Response:
    """Keep an explicit choice in a cookie, so every later link stays in that language."""
    chosen = _requested_language()
    if chosen and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
        )
    # The same URL answers in several languages: caches must keep them apart.
    if response.mimetype == "text/html":
        response.vary.update(("Cookie", "Accept-Language"))
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_language)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, language_url=language_url, translated_name=translated_name
    )
    app.jinja_env.globals.update(
        translated_summary=translated_summary, translation_reviewed=translation_reviewed
    )
