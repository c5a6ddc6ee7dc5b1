"""Languages of the interface and how a request's language is chosen."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext, lazy_gettext, ngettext

from tthc.extensions import babel

LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English", "km": "ភាសាខ្មែរ"}
DEFAULT_LANGUAGE = "vi"
LANGUAGE_COOKIE = "lang"
LANGUAGE_PARAM = "lang"

_ = gettext
_l = lazy_gettext
__all__ = ["LANGUAGES", "_", "_l", "ngettext", "select_locale", "init_app"]


def select_locale() -> str:
    """Pick the language: explicit ?lang=, then the cookie, then Accept-Language, then Vietnamese."""
    for candidate in (request.args.get(LANGUAGE_PARAM), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
