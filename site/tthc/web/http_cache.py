"""Cache policy of every response, decided by endpoint in one table, plus ETags and 304s.

Public catalogue pages are the same for every citizen: browsers and proxies may keep them for
five minutes and serve a stale copy for a day when we are down. Anything personal (forms, feedback
status, staff pages) is never stored. Rendered public pages are also memoised per worker: the
catalogue is immutable until a published revision swaps in a new one, so the same URL, language,
day and catalogue version give the same bytes, apart from the CSP nonce, which is swapped for a
fresh one on every response.

Compression is nginx's (deploy/nginx.conf: gzip_proxied any, gzip_vary; the export's .gz twins),
not the app's. The app's own gzip (tthc/compression.py until issue 16) was measured against
scripts/serve on 02/12/2026 (gunicorn as deploy/gunicorn.conf.py, one worker, load average 12):
the median procedure page (/thu-tuc/3.000358) 13,631 → 4,456 bytes and the largest Vietnamese
one (/thu-tuc/1.004222) 41,968 → 9,373 bytes, at 0.9 and 2.6 ms of worker CPU per response. On
scripts/serve's loopback that CPU is all it changes; the bytes only count on a slow link, which
never reaches gunicorn directly: through a loopback proxy held to 32 KB/s the pages took 0.48 →
0.18 s and 1.38 → 0.34 s, the saving nginx gives every deployment in deploy/ in its own C code,
off the Python workers. (nginx passes the browser's Accept-Encoding upstream, so until then a
worker gzipped every browser's page, memo hits included: 7.1 ms against 1.4 ms plain, median of
40 memo hits of the median page on that loaded machine.) So the app sends identity and leaves gzip
to nginx.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session
from werkzeug.http import generate_etag

from tthc import clock
from tthc.i18n import select_locale
from tthc.web import security


@dataclass(frozen=True)
class Policy:
    cache_control: str
    etag: bool = False
    memo: bool = False
    memo_pool: str = "http_memo"  # the app extension holding the memo of these responses


PAGE = Policy("public, max-age=300, stale-if-error=86400", etag=True, memo=True)
# Search pages have a memo of their own: a flood of distinct queries evicts only searches,
# never the catalogue's pages. A search that found nothing is never kept (it must be counted).
SEARCH = Policy("public, max-age=60", etag=True, memo=True, memo_pool="http_memo_search")
PRIVATE = Policy("private, no-cache", etag=True)
NO_STORE = Policy("no-store")
# The view sets validators and max-age on what it serves (send_file, QR images, posters); what
# it answers without a Cache-Control of its own (an error, a gone procedure) is never stored.
KEEP = None

# The one place that decides Cache-Control: views never set it (KEEP names the few that do).
# Endpoint first, then blueprint; anything not listed is never stored.
POLICIES: dict[str, Policy | None] = {
    "static": KEEP,
    "favicon": KEEP,
    "catalog": PAGE,
    "qr": PAGE,
    "api": PAGE,
    "search": SEARCH,
    "figures": SEARCH,  # counts from the database: a minute old at most
    # Every scan must reach us to be counted (and an old redirect must never outlive a fix).
    "qr.short": NO_STORE,
    "qr.field": NO_STORE,
    # QR images never change for a code and posters change daily: the qr views know best.
    "qr.png": KEEP,
    "qr.svg": KEEP,
    "qr.rating": KEEP,
    "qr.poster": KEEP,
    "qr.field_poster": KEEP,
    # The search API kept its policy when it moved from the search feature into the API.
    "api.search": SEARCH,
    "catalog.ping": NO_STORE,
    "feedback": NO_STORE,
    "admin": NO_STORE,
    "health": NO_STORE,
}
CACHEABLE_STATUSES = {200, 203, 301, 308, 410}
NONCE_MARK = b"\x00csp-nonce\x00"


def policy_for(endpoint: str | None) -> Policy | None:
    """Return the cache policy of an endpoint (no-store when it is not listed)."""
    if endpoint is None:
        return NO_STORE
    if endpoint in POLICIES:
        return POLICIES[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return POLICIES.get(blueprint, NO_STORE) if blueprint else NO_STORE


@dataclass(frozen=True)
class MemoEntry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # the nonce replaced by NONCE_MARK
    etag: str


class ResponseMemo:
    """A small thread-safe LRU of rendered public responses."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, MemoEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> MemoEntry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: MemoEntry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _memo() -> ResponseMemo | None:
    policy = policy_for(request.endpoint)
    if policy is None or not policy.memo:
        return None
    return current_app.extensions.get(policy.memo_pool)


def do_not_memo() -> None:
    """Keep this response out of the memo (its view must run for every request)."""
    g._http_memo_skip = True


def _memo_key() -> tuple | None:
    """Key of the current request in the memo, or None when it must not be memoised."""
    if request.method not in ("GET", "HEAD") or request.cookies.get(
        current_app.config["SESSION_COOKIE_NAME"]
    ):
        return None  # a session may carry flashes or staff-only links
    policy = policy_for(request.endpoint)
    if policy is None or not policy.memo:
        return None
    # Host and scheme too: a page may build absolute URLs from them (never cross-serve hosts).
    # The catalogue's version too: a published revision makes new pages without a restart.
    from tthc.catalog import get_catalog

    version = get_catalog().version
    return (
        request.full_path, select_locale(), clock.today(), request.host, request.scheme, version
    )


def _hostless(key: tuple) -> tuple:
    """The key of a page that does not depend on the host it was asked under (the catalogue
    version stays in it: a published revision must never be answered with the old page)."""
    path, locale, day, _host, _scheme, version = key
    return (path, locale, day, None, None, version)


def _masked_body(response: Response) -> bytes:
    body = response.get_data()
    nonce = security.current_nonce()
    return body.replace(nonce.encode(), NONCE_MARK) if nonce else body


def serve_from_memo() -> Response | None:
    """Answer a public page from the memo without running its view."""
    memo = _memo()
    key = _memo_key() if memo is not None else None
    # Kept for _remember: the key is taken once, before the view runs, so a page is stored
    # under the catalogue version it was rendered from even when a revision lands meanwhile.
    g._http_memo_key = key
    entry = (memo.get(_hostless(key)) or memo.get(key)) if key is not None else None
    if entry is None:
        return None
    g._http_memo_hit = True
    body = entry.body
    if NONCE_MARK in body:
        body = body.replace(NONCE_MARK, security.csp_nonce().encode())
    response = Response(body, status=entry.status, headers=entry.headers)
    response.set_etag(entry.etag, weak=True)
    return response


def _remember(response: Response, etag: str) -> None:
    if g.get("_http_memo_hit"):
        return
    memo = _memo()
    key = g.get("_http_memo_key")
    if memo is None or key is None or response.status_code not in CACHEABLE_STATUSES:
        return
    if g.get("_http_memo_skip"):
        return
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in {"content-length", "etag", "content-security-policy", "date"}
    ]
    body = _masked_body(response)
    # A page that names no host (no absolute URL built from the request) is the same page
    # under every host: kept once, so the pages the master renders before fork (under the
    # test client's host) serve the workers' first requests (tthc.serving).
    host = request.host
    if host.encode() not in body and not any(host in value for _, value in headers):
        key = _hostless(key)
    memo.put(key, MemoEntry(response.status_code, headers, body, etag))


def _personal(response: Response) -> bool:
    # Reading an empty session (templates look for flashes) personalises nothing.
    return bool(session) or session.modified or "Set-Cookie" in response.headers


def apply_policy(response: Response) -> Response:
    """Set Cache-Control, a weak ETag and answer 304 when the client's copy is current."""
    policy = policy_for(request.endpoint)
    if policy is KEEP:
        if "Cache-Control" in response.headers:
            return response
        policy = NO_STORE
    if policy is not NO_STORE and _personal(response):
        policy = PRIVATE
    if policy is not NO_STORE and response.status_code >= 400 and response.status_code != 410:
        policy = NO_STORE if response.status_code >= 500 else Policy("no-cache")
    response.headers["Cache-Control"] = policy.cache_control
    if policy is NO_STORE:
        response.headers["Pragma"] = "no-cache"  # for HTTP/1.0 proxies on old networks
    cacheable = response.status_code in CACHEABLE_STATUSES
    if not (policy.etag and cacheable) or response.direct_passthrough or response.is_streamed:
        return response
    if response.mimetype == "text/html":
        for header in ("Accept-Language", "Cookie"):
            response.vary.add(header)  # the language comes from ?lang=, a cookie or the browser
    etag, _ = response.get_etag()
    if not etag:
        etag = generate_etag(_masked_body(response))
        # Weak: the same page gzipped or not, with a different nonce, is still the same page.
        response.set_etag(etag, weak=True)
    if policy.memo:
        _remember(response, etag)
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    # Off under TESTING unless asked for: tests change the clock or catalogue between requests.
    app.config.setdefault("HTTP_MEMO_ENTRIES", 0 if app.testing else 400)
    if app.config["HTTP_MEMO_ENTRIES"]:
        app.extensions["http_memo"] = ResponseMemo(app.config["HTTP_MEMO_ENTRIES"])
    app.config.setdefault("HTTP_MEMO_SEARCH_ENTRIES", 0 if app.testing else 1000)
    if app.config["HTTP_MEMO_SEARCH_ENTRIES"]:
        app.extensions["http_memo_search"] = ResponseMemo(app.config["HTTP_MEMO_SEARCH_ENTRIES"])
    # First of all: a memoised page is answered before Flask-Limiter resolves its limits (public
    # GET pages have none; a search that found nothing is limited, and never memoised), which
    # was 40 % of a memo hit's cost.
    app.before_request_funcs.setdefault(None, []).insert(0, serve_from_memo)
    # Flask runs after_request functions last-registered first: put ours at the front so it runs
    # after every feature's (a language cookie set there must make the page private, and the
    # body must be final before its ETag is taken).
    app.after_request_funcs.setdefault(None, []).insert(0, apply_policy)
