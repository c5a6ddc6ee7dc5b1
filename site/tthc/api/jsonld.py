"""schema.org GovernmentService JSON-LD for a procedure page (read by search engines).

A `<script type="application/ld+json">` block is data, never executed, so the strict CSP needs
no nonce for it and the per-worker page memo keeps the same bytes. The JSON is escaped so that
no text of the catalogue can close the script element or open a comment.
"""

from __future__ import annotations

import datetime as dt
import json

from flask import current_app, url_for
from markupsafe import Markup

from tthc.api.changes import last_modified
from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Procedure

# Characters that could end the <script> element or start markup inside it, as JSON escapes.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
AGENCY_PREFIX = "Công an "


def script_json(data: dict) -> str:
    """Serialise JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(char, char) for char in text)


def area_served(agency_name: str) -> dict | None:
    """The area of a provincial police force is in its official name ('Công an tỉnh …')."""
    if not agency_name.startswith(AGENCY_PREFIX):
        return None
    return {"@type": "AdministrativeArea", "name": agency_name.removeprefix(AGENCY_PREFIX)}


def government_service(catalog: Catalog, procedure: Procedure, day: dt.date) -> dict:
    """Describe one procedure as a schema.org GovernmentService: who provides it, where it is.

    Minimal on purpose (issue 15: every page within 40 KB): the names, identifiers and
    provider only. The channels, fees, documents, legal basis and the link to the national portal
    are on the page itself, and in full in /api/v1/procedures/<code>; repeating them here cost up
    to 3 KB a page.
    """
    site = current_app.config["SITE_URL"]
    page = site + url_for("catalog.procedure", code=procedure.code)
    agency = catalog.agency
    field = catalog.field(procedure.field)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.name,
        "identifier": procedure.code,
        "url": page,
        "serviceType": field.name if field else procedure.field,
        "provider": {
            "@type": "GovernmentOrganization",
            "name": agency.name,
            "url": site,
            **({"parentOrganization": {"@type": "GovernmentOrganization", "name": agency.parent}}
               if agency.parent else {}),
        },
        "serviceOperator": {"@type": "GovernmentOrganization", "name": procedure.agency},
    }
    if procedure.short_name:
        data["alternateName"] = procedure.short_name
    area = area_served(agency.name)
    if area:
        data["areaServed"] = area
    modified = last_modified(procedure, day)
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def procedure_json_ld(procedure: Procedure, day: dt.date) -> Markup:
    """Return the JSON-LD <script> block of a procedure page."""
    from tthc.catalog import get_catalog

    data = government_service(get_catalog(), procedure, day)
    return Markup(  # noqa: S704  # nosec B704  # script_json escapes < > & for a script element
        f'<script type="application/ld+json">{script_json(data)}</script>'
    )
