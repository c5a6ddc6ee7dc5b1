"""Fixtures of the web layer's tests: the production tests' app (a small catalogue with gone
procedures and a page with an inline script)."""

from __future__ import annotations

from production.conftest import prod_app, prod_client

__all__ = ["prod_app", "prod_client"]
