"""What every response passes through, whatever feature answered it.

- assets: template settings, /static/ and /favicon.ico
- errors: error pages (HTML, or JSON under /api/)
- form_errors: a page showing form errors says so in its title
- security: the nonce-based Content-Security-Policy and its companion headers
- http_cache: the one table of cache policies by endpoint, ETags, 304s and the page memo
- ratelimit: the rate-limit counters every worker shares (used by feedback and the API)
- health: /healthz

These modules import features below them (i18n, the catalogue, search) but never create_app.
"""
