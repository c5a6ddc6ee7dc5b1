"""Large text as a phone's font-size setting gives it: every rem and em scaled, 200 % by default."""

from __future__ import annotations

# Through the CSS object model, which the site's CSP (style-src 'self') allows, unlike a <style>.
ENLARGE = "percent => { document.documentElement.style.fontSize = percent + '%'; }"


def enlarge_text(page, percent: int = 200) -> None:
    page.evaluate(ENLARGE, percent)
    # Let layout settle before measuring.
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
