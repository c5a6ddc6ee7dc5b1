"""Static files, template settings and the few globals every page needs."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask, Response, abort, send_file, send_from_directory
from flask_babel import get_locale
from jinja2 import StrictUndefined
from werkzeug.security import safe_join

from tthc import clock
from tthc.web.indentation import StripIndentation
from tthc.web.stylesheets import minified

STATIC_MAX_AGE = 7 * 24 * 3600


def init_app(app: Flask) -> None:
    static_dir = app.config["STATIC_DIR"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension(StripIndentation)
    if app.config.get("TESTING") or app.debug:
        app.jinja_env.undefined = StrictUndefined
    app.jinja_env.globals["today"] = clock.today
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "vi")

    @app.route("/static/<path:filename>", endpoint="static")
    def static(filename: str):
        if filename.endswith(".css"):
            path = safe_join(static_dir, filename)
            try:
                sheet = minified(Path(path)) if path is not None else None
            except OSError:  # no such file (or a folder)
                sheet = None
            if sheet is None:
                abort(404)
            return send_file(
                io.BytesIO(sheet.body),
                mimetype="text/css",
                max_age=STATIC_MAX_AGE,
                etag=sheet.etag,
                last_modified=sheet.modified,
            )
        return send_from_directory(static_dir, filename, max_age=STATIC_MAX_AGE)

    # Browsers ask for /favicon.ico whatever the page links; answer it rather than log a 404.
    # Held in memory (4 KB): no file handle for every page view of every browser.
    icon = Path(static_dir, "favicon.ico")
    icon_bytes = icon.read_bytes() if icon.is_file() else None

    @app.route("/favicon.ico", endpoint="favicon")
    def favicon():
        if icon_bytes is None:
            abort(404)
        response = Response(icon_bytes, mimetype="image/vnd.microsoft.icon")
        response.cache_control.public = True
        response.cache_control.max_age = STATIC_MAX_AGE
        return response
