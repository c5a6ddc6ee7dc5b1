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
from tthc.catalog.labels import CHANNELS
from tthc.catalog.models import Channel, ChannelOption, Fee, Procedure, ProcessingTime, TimeUnit
from tthc.formatting import duration, fee_amount

# Characters that could end the <script> element or start markup inside it, as JSON escapes.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ISO_UNITS = {TimeUnit.DAY: "D", TimeUnit.WORKING_DAY: "D", TimeUnit.MONTH: "M"}
AGENCY_PREFIX = "Công an "


def script_json(data: dict) -> str:
    """Serialise JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(char, char) for char in text)


def iso_duration(time: ProcessingTime) -> str | None:
    """Return an ISO 8601 duration (working days count as days), None when not a whole number."""
    if time.value is None or not float(time.value).is_integer():
        return None
    value = int(time.value)
    if time.unit is TimeUnit.HOUR:
        return f"PT{value}H"
    suffix = _ISO_UNITS.get(time.unit)
    return f"P{value}{suffix}" if suffix else None


def area_served(agency_name: str) -> dict | None:
    """The area of a provincial police force is in its official name ('Công an tỉnh …')."""
    if not agency_name.startswith(AGENCY_PREFIX):
        return None
    return {"@type": "AdministrativeArea", "name": agency_name.removeprefix(AGENCY_PREFIX)}


def _offer(fee: Fee, option: ChannelOption) -> dict:
    offer = {
        "@type": "Offer",
        "name": fee.name,
        "category": str(CHANNELS[option.channel]),
        "description": fee_amount(fee),
    }
    if fee.amount is not None and not fee.set_by:
        offer.update(price=fee.amount, priceCurrency=fee.currency)
    if fee.valid_from:
        offer["validFrom"] = fee.valid_from.isoformat()
    if fee.valid_until:
        offer["validThrough"] = fee.valid_until.isoformat()
    return offer


def _channel(option: ChannelOption, procedure: Procedure, places: list[dict]) -> dict:
    name = str(CHANNELS[option.channel])
    channel = {
        "@type": "ServiceChannel",
        "name": f"{name} ({option.case})" if option.case else name,
        "availableLanguage": "vi",
        "description": duration(option.time),
    }
    iso = iso_duration(option.time)
    if iso:
        channel["processingTime"] = iso
    if option.channel is Channel.ONLINE and procedure.online_service:
        online = procedure.online_service
        channel["serviceUrl"] = str(getattr(online, "submit_url", None) or online.url)
    elif option.channel is Channel.IN_PERSON and places:
        channel["serviceLocation"] = places
    elif option.channel is Channel.POSTAL and procedure.receiving_address:
        channel["servicePostalAddress"] = {
            "@type": "PostalAddress",
            "streetAddress": procedure.receiving_address,
        }
    return channel


def government_service(catalog: Catalog, procedure: Procedure, day: dt.date) -> dict:
    """Describe one procedure as a schema.org GovernmentService, fees as in force on `day`."""
    site = current_app.config["SITE_URL"]
    page = site + url_for("catalog.procedure", code=procedure.code)
    agency = catalog.agency
    field = catalog.field(procedure.field)
    places = []
    for unit in catalog.units_for(procedure):
        place = {"@type": "Place", "name": unit.name}
        if unit.address:
            place["address"] = unit.address
        if unit.phone:
            place["telephone"] = unit.phone
        places.append(place)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": f"{page}#dich-vu",
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
        "availableChannel": [_channel(o, procedure, places) for o in procedure.channels],
        "offers": [
            _offer(fee, option)
            for option in procedure.channels
            for fee in [*option.fees_on(day), *option.upcoming_fees(day)]
        ],
        "termsOfService": [
            {  # by number only: the titles are on the page and in /api/v1 (3 KB less a page)
                "@type": "Legislation",
                "legislationIdentifier": basis.number,
                **({"legislationDate": basis.issued_on.isoformat()} if basis.issued_on else {}),
            }
            for basis in procedure.legal_basis
        ],
        "isBasedOn": str(procedure.source_url),
    }
    if procedure.short_name:
        data["alternateName"] = procedure.short_name
    area = area_served(agency.name)
    if area:
        data["areaServed"] = area
    if procedure.subjects:
        data["audience"] = {"@type": "Audience", "audienceType": ", ".join(procedure.subjects)}
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
