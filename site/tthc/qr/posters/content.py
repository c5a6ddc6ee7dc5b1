"""What a procedure poster says, worked out for one print date and optionally one counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app

from tthc.catalog import Catalog
from tthc.catalog.handout import handout
from tthc.catalog.labels import CHANNELS, ONLINE_LEVELS
from tthc.catalog.models import Channel, Fee, Procedure, Unit
from tthc.formatting import day as format_day
from tthc.formatting import duration, fee_amount
from tthc.i18n import _, translated_name
from tthc.qr.codes import short_url
from tthc.text import nfc


@dataclass(frozen=True)
class ChannelLine:
    label: str  # "Trực tiếp", with the sub-case when the channel has several
    time: str
    fees: list[str]  # "Lệ phí: 20.000 ₫", each fee in force with its name
    amounts: list[str] = field(default_factory=list)  # "20.000 ₫", for the small label


@dataclass(frozen=True)
class PosterContent:
    agency: str
    parent: str
    name: str
    short_name: str
    code: str
    field: str
    channels: list[ChannelLine]
    places: list[str]
    online: str
    qr_url: str
    scan_hint: str
    feedback: str
    small_print: str
    # The name in the poster's language (English, Khmer) when the catalogue has one: printed
    # first, with the official Vietnamese name beside it.
    translated_name: str = ""
    # What to bring, under the case headings ("" for none), shortened on paper by
    # catalog.handout.shorten; and when to come.
    document_cases: list[tuple[str, list[str]]] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    handout_url: str = ""


def procedure_content(
    catalog: Catalog, procedure: Procedure, day: dt.date, unit: Unit | None = None
) -> PosterContent:
    """Collect the poster's texts: fees as in force on ``day``, all of them NFC-normalised."""
    field_record = catalog.field(procedure.field)
    places = [unit] if unit else catalog.units_for(procedure)
    return PosterContent(
        agency=nfc(catalog.agency.name),
        parent=nfc(catalog.agency.parent or ""),
        name=nfc(procedure.name),
        short_name=nfc(procedure.display_short_name),
        code=procedure.code,
        field=nfc(field_record.name if field_record else procedure.field),
        channels=[
            _channel_line(option, day)
            for channel in procedure.available_channels
            for option in procedure.channels_of(channel)
        ],
        # Without a matching unit, the agency that performs the procedure is where to go.
        places=[nfc(_place(place)) for place in places] or [nfc(procedure.agency)],
        online=nfc(_online(catalog, procedure)),
        qr_url=short_url(procedure.code, unit.slug if unit else None),
        # i18n: printed beside the QR code on posters for service counters
        scan_hint=_("Quét mã để xem hướng dẫn mới nhất"),
        feedback=nfc(feedback_line(catalog)),
        small_print=small_print(catalog, day),
        translated_name=nfc(translated_name(procedure) or ""),
        **_documents(catalog, procedure, places if unit else None),
    )


def _documents(catalog: Catalog, procedure: Procedure, units: list[Unit] | None) -> dict:
    content = handout(catalog, procedure)
    hours = content.hours
    if units is not None:  # a poster for one counter: that counter's hours when it has them
        hours = [u.opening_hours for u in units if u.opening_hours] or hours
    return {
        "document_cases": [
            (nfc(case or ""), [nfc(document.name) for document in documents])
            for case, documents in content.cases
        ],
        "hours": [nfc(text) for text in hours],
        "handout_url": _handout_url(procedure.code),
    }


def _handout_url(code: str) -> str:
    if "catalog.handout" not in current_app.view_functions:
        return ""
    path = current_app.url_map.bind("localhost").build("catalog.handout", {"code": code})
    return (current_app.config["SITE_URL"] + path).split("://", 1)[-1]


def _channel_line(option, day: dt.date) -> ChannelLine:
    label = str(CHANNELS[option.channel])
    if option.case:
        label = f"{label} ({option.case})"
    in_force = option.fees_on(day)
    fees = [_fee(fee) for fee in in_force] or [_("Không thu phí, lệ phí")]
    amounts = list(dict.fromkeys(fee_amount(fee) for fee in in_force))
    amounts = amounts or [_("Không thu phí, lệ phí")]
    return ChannelLine(
        nfc(label),
        nfc(duration(option.time)),
        [nfc(fee) for fee in fees],
        [nfc(amount) for amount in amounts],
    )


def _fee(fee: Fee) -> str:
    text = f"{fee.name}: {fee_amount(fee)}"
    if fee.valid_until:
        text += " " + _("(đến hết %(day)s)", day=format_day(fee.valid_until))
    return text


def _place(unit: Unit) -> str:
    return f"{unit.name} – {unit.address}" if unit.address else unit.name


def _online(catalog: Catalog, procedure: Procedure) -> str:
    service = procedure.online_service
    if service is None and Channel.ONLINE in procedure.available_channels:
        portal = catalog.agency.portal_url
        if portal is None:
            return _("Có")
        return _("Có, tại %(url)s", url=portal.host)
    if service is None:
        return _("Chưa thực hiện được trực tuyến")
    return _(
        "Có: %(level)s tại %(url)s",
        level=ONLINE_LEVELS[service.level],
        url=(service.submit_url or service.url).host,
    )


def feedback_line(catalog: Catalog) -> str:
    """Say where to send feedback: the hotline, or the feedback page when there is none."""
    if catalog.agency.hotline:
        hotline = catalog.agency.hotline
        return _("Phản ánh, kiến nghị: gọi đường dây nóng %(hotline)s", hotline=hotline)
    path = current_app.url_map.bind("localhost").build("feedback.form") if _has_feedback() else "/"
    return _(
        "Phản ánh, kiến nghị tại %(url)s",
        url=(current_app.config["SITE_URL"] + path).removeprefix("https://"),
    )


def _has_feedback() -> bool:
    return "feedback.form" in current_app.view_functions


def small_print(catalog: Catalog, day: dt.date) -> str:
    return nfc(
        # i18n: small print at the foot of a poster; version is a short hexadecimal fingerprint
        _(
            "In ngày %(day)s · Phiên bản dữ liệu %(version)s",
            day=format_day(day),
            version=catalog.version,
        )
    )


__all__ = ["ChannelLine", "PosterContent", "feedback_line", "procedure_content"]
