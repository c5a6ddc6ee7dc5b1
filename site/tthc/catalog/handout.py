"""What the what-to-bring handout says for one procedure and one channel, for HTML and PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Channel, ChannelOption, Document, Procedure, Unit

# The portal writes the reception hours inside the channel's description:
# "… Thời gian tiếp nhận hồ sơ: Giờ hành chính các ngày làm việc … (trừ các ngày nghỉ lễ, …)."
_HOURS = re.compile(r"Thời gian tiếp nhận hồ sơ\s*:\s*([^.]*?(?:\([^)]*\))?[^.(]*)(?:\.|$)", re.I)
# "Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA": the circular that issues a form.
_ISSUED_BY = re.compile(
    r"ban hành kèm theo\s+(Thông tư(?: số)?\s+[0-9]+/[0-9]{4}/[A-ZĐ0-9-]+)", re.I
)


@dataclass(frozen=True)
class FormInfo:
    """A blank form a document names: its code, the circular issuing it, its address if known."""

    code: str
    issued_by: str | None
    url: str | None


@dataclass(frozen=True)
class Handout:
    procedure: Procedure
    channel: Channel
    channels: list[Channel]
    options: list[ChannelOption]
    cases: list[tuple[str | None, list[Document]]]
    forms: list[FormInfo]
    units: list[Unit]
    hours: list[str]


def choose_channel(procedure: Procedure, wanted: str | None) -> Channel:
    """Return the channel asked for when the procedure has it, else in person, else the first."""
    available = procedure.available_channels
    for channel in available:
        if channel.value == wanted:
            return channel
    return Channel.IN_PERSON if Channel.IN_PERSON in available else available[0]


def reception_hours(options: list[ChannelOption]) -> list[str]:
    """Return the reception hours the portal wrote in the channels' descriptions, each once."""
    found: list[str] = []
    for option in options:
        match = _HOURS.search(option.note or "")
        if match:
            text = " ".join(match.group(1).split()).rstrip(" ;,")
            if text and text not in found:
                found.append(text)
    return found


def forms_of(procedure: Procedure) -> list[FormInfo]:
    """Return the forms the documents name, each once, in the published order."""
    forms: dict[str, FormInfo] = {}
    for document in procedure.documents:
        if not document.form or document.form in forms:
            continue
        issued = _ISSUED_BY.search(document.name)
        url = document.form_url
        forms[document.form] = FormInfo(
            document.form, issued.group(1) if issued else None, str(url) if url else None
        )
    return list(forms.values())


def handout(catalog: Catalog, procedure: Procedure, wanted: str | None = None) -> Handout:
    """Collect what to bring, what it costs and where to go, for the chosen channel."""
    channel = choose_channel(procedure, wanted)
    options = procedure.channels_of(channel)
    units = catalog.units_for(procedure)
    hours = [unit.opening_hours for unit in units if unit.opening_hours]
    in_person = procedure.channels_of(Channel.IN_PERSON)
    return Handout(
        procedure=procedure,
        channel=channel,
        channels=procedure.available_channels,
        options=options,
        cases=procedure.document_cases,
        forms=forms_of(procedure),
        units=units,
        hours=list(dict.fromkeys(hours)) or reception_hours(in_person or options),
    )
