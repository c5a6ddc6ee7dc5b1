"""The records the JSON API answers with: one typed model per response, the source of the schemas.

These are the API's contract, kept apart from the catalogue's own models on purpose: a new key in
the YAML does not change /api/v1 until it is added here (and the schema version says so).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from tthc.catalog.models import Channel, FeeKind, Level, OnlineLevel, Status, TimeUnit

API_VERSION = "1"
# Bump when a response changes shape; a new optional key is a minor change.
SCHEMA_VERSION = "1.1.0"  # 1.1.0: search hits carry name_translated


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class TranslationOut(Out):
    text: str
    reviewed: bool = Field(
        description="False until an editor has checked it against the Vietnamese"
    )


class Links(Out):
    """Where this list continues; absolute URLs, null at either end."""

    self: str
    first: str
    next: str | None = None
    prev: str | None = None


class FieldRef(Out):
    slug: str
    code: str = Field(description="Official code of the field in the national database")
    name: str
    url: str = Field(description="The field's page")


class FieldItem(FieldRef):
    short_name: str | None = None
    name_translations: dict[str, str] = Field(default_factory=dict)
    procedures: int = Field(description="Active procedures in this field")
    feed: str = Field(description="Atom feed of this field's changes")
    api: str = Field(description="This field's procedures in the API")


class UnitItem(Out):
    slug: str
    name: str
    level: Level
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    opening_hours: str | None = None
    fields: list[str] = Field(description="Fields it receives; empty: every field of its level")
    note: str | None = None
    procedures: int = Field(description="Active procedures it receives")
    url: str = Field(description="The unit's page")


class Time(Out):
    value: float | None = None
    unit: TimeUnit
    text: str | None = None


class FeeOut(Out):
    name: str
    kind: FeeKind
    amount: int | None = Field(None, description="In `currency`; null when `set_by` sets it")
    currency: str
    unit: str | None = Field(None, description="What the amount is charged per")
    set_by: str | None = None
    note: str | None = None
    legal_source: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class StageOut(Out):
    name: str
    time: Time


class ChannelOut(Out):
    channel: Channel
    case: str | None = Field(None, description="Sub-case this row applies to, when several")
    time: Time = Field(description="The whole time; with stages, the total the citizen waits")
    stages: list[StageOut] = Field(
        default_factory=list, description="Stages of the time, in order, when it runs in several"
    )
    fees: list[FeeOut] = Field(description="Fees in force on `as_of`")
    upcoming_fees: list[FeeOut] = Field(description="Fees that start after `as_of`")
    note: str | None = None


class DocumentOut(Out):
    name: str
    originals: int
    copies: int
    required: bool
    form: str | None = None
    case: str | None = None
    note: str | None = None


class DocumentNoteOut(Out):
    text: str
    case: str | None = Field(None, description="Case heading it belongs to; null: the whole list")


class LegalOut(Out):
    number: str
    title: str | None = None
    issued_on: dt.date | None = None


class OnlineOut(Out):
    level: OnlineLevel
    url: str
    submit_url: str | None = Field(None, description="Where to submit online, when known")


class ChangeOut(Out):
    date: dt.date = Field(description="From when the change applies")
    summary: str
    decision: str | None = None
    superseded_by: str | None = Field(
        None, description="What replaced the value this entry describes, when it no longer holds"
    )
    superseded_on: dt.date | None = None


class ProcedureUrls(Out):
    page: str = Field(description="The permanent page")
    api: str
    short: str | None = Field(None, description="The short link that QR codes encode")
    qr_png: str | None = None
    qr_svg: str | None = None
    poster: str | None = Field(None, description="A4 poster with the QR code (PDF)")


class ProcedureSummary(Out):
    code: str
    name: str
    short_name: str | None = None
    name_translations: dict[str, TranslationOut] = Field(
        default_factory=dict, description="Reference translations (en, km); the name is official"
    )
    field: str
    levels: list[Level]
    status: Status
    online: OnlineLevel | None = Field(None, description="Online service level, if any")
    channels: list[Channel]
    last_modified: dt.date | None = Field(
        None, description="Latest dated change up to today: change log or fee validity"
    )
    verified_on: dt.date
    urls: ProcedureUrls


class ProcedureList(Out):
    api_version: str = API_VERSION
    total: int
    page: int
    limit: int
    links: Links
    results: list[ProcedureSummary]


class ProcedureDetail(Out):
    api_version: str = API_VERSION
    as_of: dt.date = Field(description="The day the times and fees are in force")
    code: str
    name: str
    short_name: str | None = None
    name_translations: dict[str, TranslationOut] = Field(
        default_factory=dict, description="Reference translations (en, km); the name is official"
    )
    summary_translations: dict[str, TranslationOut] = Field(
        default_factory=dict, description="Plain-language reference summaries (en, km)"
    )
    field: FieldRef
    levels: list[Level]
    kind: str | None = None
    agency: str
    competent_agency: str | None = None
    receiving_address: str | None = None
    subjects: list[str]
    channels: list[ChannelOut]
    documents: list[DocumentOut]
    document_notes: list[DocumentNoteOut]
    steps: list[str]
    requirements: str | None = None
    results: list[str]
    legal_basis: list[LegalOut]
    online_service: OnlineOut | None = None
    aliases: list[str] = Field(description="Words people use for it ('làm CCCD', 'nhập khẩu')")
    units: list[UnitItem]
    status: Status
    abolished_on: dt.date | None = None
    abolished_by: str | None = None
    replaced_by: str | None = None
    effective_from: dt.date | None = None
    decision: str | None = None
    changes: list[ChangeOut] = Field(description="Change log, newest first")
    last_modified: dt.date | None = None
    source_url: str = Field(description="The record on the national portal")
    verified_on: dt.date
    urls: ProcedureUrls


class FieldList(Out):
    api_version: str = API_VERSION
    total: int
    results: list[FieldItem]


class UnitList(Out):
    api_version: str = API_VERSION
    total: int
    results: list[UnitItem]


class SearchHit(Out):
    code: str
    name: str
    name_translated: str | None = Field(
        None,
        description="Reference translation of the name in the request's language (en, km), "
        "shown beside the official Vietnamese name; none in Vietnamese",
    )
    url: str
    field: str
    level: list[str]
    score: float


class SearchResults(Out):
    query: str
    suggestion: str | None = Field(None, description="Corrected query ('Có phải bạn muốn tìm')")
    total: int
    results: list[SearchHit]


class ErrorBody(Out):
    status: int
    message: str = Field(description="In the language of the request")


class ErrorResponse(Out):
    error: ErrorBody


# Every response model by its schema name, as published under /api/v1/schemas/<name>.json.
RESPONSES: dict[str, type[Out]] = {
    "procedure-list": ProcedureList,
    "procedure": ProcedureDetail,
    "field-list": FieldList,
    "unit-list": UnitList,
    "search": SearchResults,
    "error": ErrorResponse,
}
