"""Turn catalogue records into the API's response models, with absolute URLs."""

from __future__ import annotations

import datetime as dt

from flask import current_app, url_for

from tthc.api import models as m
from tthc.api.changes import last_modified
from tthc.catalog.catalog import Catalog
from tthc.catalog.links import poster_url
from tthc.catalog.models import ChannelOption, Fee, FieldOfProcedures, Procedure, Unit


def absolute(path: str) -> str:
    """Return a site path as the absolute URL of the public site."""
    return current_app.config["SITE_URL"] + path


def procedure_urls(procedure: Procedure) -> m.ProcedureUrls:
    code = procedure.code
    poster = poster_url(code) if procedure.is_active else None
    return m.ProcedureUrls(
        page=absolute(url_for("catalog.procedure", code=code)),
        api=absolute(url_for("api.procedure", code=code)),
        short=absolute(url_for("qr.short", code=code)),
        qr_png=absolute(url_for("qr.png", code=code)),
        qr_svg=absolute(url_for("qr.svg", code=code)),
        poster=absolute(poster) if poster else None,
    )


def translations(found: dict) -> dict[str, m.TranslationOut]:
    return {language: m.TranslationOut(text=t.text, reviewed=t.reviewed)
            for language, t in found.items()}


def summary(procedure: Procedure, day: dt.date) -> m.ProcedureSummary:
    online = procedure.online_service
    return m.ProcedureSummary(
        code=procedure.code,
        name=procedure.name,
        short_name=procedure.short_name,
        name_translations=translations(procedure.name_translations),
        field=procedure.field,
        levels=procedure.levels,
        status=procedure.status,
        online=online.level if online else None,
        channels=procedure.available_channels,
        last_modified=last_modified(procedure, day),
        verified_on=procedure.verified_on,
        urls=procedure_urls(procedure),
    )


def field_ref(field: FieldOfProcedures | None, slug: str) -> m.FieldRef:
    if field is None:  # the loader refuses an unknown field; keep the API answering regardless
        return m.FieldRef(slug=slug, code="", name=slug, url=absolute(f"/linh-vuc/{slug}"))
    return m.FieldRef(
        slug=field.slug,
        code=field.code,
        name=field.name,
        url=absolute(url_for("catalog.field", slug=field.slug)),
    )


def field_item(field: FieldOfProcedures, count: int) -> m.FieldItem:
    return m.FieldItem(
        **field_ref(field, field.slug).model_dump(),
        short_name=field.short_name,
        name_translations=field.name_translations,
        procedures=count,
        feed=absolute(url_for("api.field_feed", slug=field.slug)),
        api=absolute(url_for("api.procedures", field=field.slug)),
    )


def unit_item(unit: Unit, count: int) -> m.UnitItem:
    return m.UnitItem(
        slug=unit.slug,
        name=unit.name,
        level=unit.level,
        address=unit.address,
        phone=unit.phone,
        email=unit.email,
        opening_hours=unit.opening_hours,
        fields=unit.fields,
        note=unit.note,
        procedures=count,
        url=absolute(url_for("catalog.unit", slug=unit.slug)),
    )


def _fee(fee: Fee) -> m.FeeOut:
    return m.FeeOut(**fee.model_dump())


def _note(note) -> m.DocumentNoteOut:
    # A note is a plain text, or (catalogues with case headings) a record with text and case.
    if isinstance(note, str):
        return m.DocumentNoteOut(text=note)
    return m.DocumentNoteOut(text=note.text, case=note.case)


def _online(procedure: Procedure) -> m.OnlineOut | None:
    online = procedure.online_service
    if online is None:
        return None
    submit = getattr(online, "submit_url", None)  # only where the catalogue records it
    return m.OnlineOut(
        level=online.level, url=str(online.url), submit_url=str(submit) if submit else None
    )


def _channel(option: ChannelOption, day: dt.date) -> m.ChannelOut:
    stages = getattr(option, "stages", None) or []  # only where the catalogue records stages
    return m.ChannelOut(
        channel=option.channel,
        case=option.case,
        time=m.Time(**option.time.model_dump()),
        stages=[m.StageOut(name=s.name, time=m.Time(**s.time.model_dump())) for s in stages],
        fees=[_fee(fee) for fee in option.fees_on(day)],
        upcoming_fees=[_fee(fee) for fee in option.upcoming_fees(day)],
        note=option.note,
    )


def detail(catalog: Catalog, procedure: Procedure, day: dt.date) -> m.ProcedureDetail:
    units = catalog.units_for(procedure) if procedure.is_active else []
    return m.ProcedureDetail(
        as_of=day,
        code=procedure.code,
        name=procedure.name,
        short_name=procedure.short_name,
        name_translations=translations(procedure.name_translations),
        summary_translations=translations(procedure.summary_translations),
        field=field_ref(catalog.field(procedure.field), procedure.field),
        levels=procedure.levels,
        kind=procedure.kind,
        agency=procedure.agency,
        competent_agency=procedure.competent_agency,
        receiving_address=procedure.receiving_address,
        subjects=procedure.subjects,
        channels=[_channel(option, day) for option in procedure.channels],
        documents=[m.DocumentOut(**d.model_dump()) for d in procedure.documents],
        document_notes=[_note(note) for note in procedure.document_notes],
        steps=procedure.steps,
        requirements=procedure.requirements,
        results=procedure.results,
        legal_basis=[m.LegalOut(**basis.model_dump()) for basis in procedure.legal_basis],
        online_service=_online(procedure),
        aliases=procedure.aliases,
        units=[unit_item(u, len(catalog.procedures_at(u))) for u in units],
        status=procedure.status,
        abolished_on=procedure.abolished_on,
        abolished_by=procedure.abolished_by,
        replaced_by=procedure.replaced_by,
        effective_from=procedure.effective_from,
        decision=procedure.decision,
        changes=[
            m.ChangeOut(**change.model_dump())
            for change in sorted(procedure.changes, key=lambda c: c.date, reverse=True)
        ],
        last_modified=last_modified(procedure, day),
        source_url=str(procedure.source_url),
        verified_on=procedure.verified_on,
        urls=procedure_urls(procedure),
    )
