"""Security headers on every response: a nonce-based Content-Security-Policy and its companions.

Why not Flask-Talisman (checked against 1.1.0 for issue 16): it could carry a nonce through the
page memo only if initialised before http_cache (its nonce is made by a before_request, and the
memo answers from one) and with the memo reaching into `request.csp_nonce`; but it also
- makes a nonce for every request and names it in every response's policy, where this module
  names one only on a page that used it (tests/web/test_security_headers.py);
- sets Referrer-Policy on every response unconditionally, after the views: the feedback pages'
  `no-referrer` (tracking codes in the URL) and the staff pages' `same-origin` would be lost, and
  that header is not among its per-view options;
- has no Cross-Origin-Opener-Policy, and adds X-XSS-Protection, which browsers dropped;
- builds the policy only inside a request, while the same text is needed outside one: the nginx
  headers of the frozen export (tthc.export.nginx) and gunicorn's own error responses
  (tthc.serving). These constants and content_security_policy() would stay anyway, so the policy
  would have two writers instead of one.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Scripts and styles come only from our own files; inline <script> needs the per-request nonce.
# Images may be data: URIs (QR codes inlined in pages). Nothing may frame the site.
CSP_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("form-action", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("frame-ancestors", "'none'"),
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"
_NONCE_KEY = "_csp_nonce"


def csp_nonce() -> str:
    """Return this request's CSP nonce, creating it on first use."""
    nonce = g.get(_NONCE_KEY)
    if nonce is None:
        nonce = secrets.token_urlsafe(18)
        setattr(g, _NONCE_KEY, nonce)
    return nonce


def current_nonce() -> str | None:
    """Return the nonce if this request used one (cached bodies mask it), else None."""
    return g.get(_NONCE_KEY)


def content_security_policy(nonce: str | None) -> str:
    """Build the policy; the nonce is listed only when the page asked for one."""
    parts = []
    for name, value in CSP_DIRECTIVES:
        if name == "script-src" and nonce:
            value = f"{value} 'nonce-{nonce}'"
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def _is_https() -> bool:
    # request.is_secure already honours X-Forwarded-Proto when ProxyFix is configured.
    return request.is_secure


def set_security_headers(response: Response) -> Response:
    """Add the security headers; views never need to think about them."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(current_nonce())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if _is_https():
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    # Behind nginx the client address and scheme come from X-Forwarded-*; trust exactly as many
    # proxies as configured (TRUSTED_PROXIES=1 in deploy/), never more, or clients could spoof them.
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(set_security_headers)
