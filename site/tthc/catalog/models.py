"""Typed, validated records of the catalogue: procedures, fields, units and the agency."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, model_validator

from tthc.text import slugify

CODE_PATTERN = r"^[1-3]\.\d{6}(\.[0-9A-Za-z]+)?$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
ProcedureCode = Annotated[str, Field(pattern=CODE_PATTERN)]


class Record(BaseModel):
    """Base for catalogue records: unknown keys are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Channel(StrEnum):
    """How a dossier is submitted (hình thức nộp)."""

    IN_PERSON = "truc_tiep"
    ONLINE = "truc_tuyen"
    POSTAL = "buu_chinh"


class TimeUnit(StrEnum):
    """Unit of a processing time, kept as the portal publishes it."""

    WORKING_DAY = "ngay_lam_viec"
    DAY = "ngay"
    HOUR = "gio"
    MONTH = "thang"
    OTHER = "khac"


class Level(StrEnum):
    """Where a procedure is performed; district police no longer exist."""

    PROVINCE = "tinh"
    COMMUNE = "xa"


class FeeKind(StrEnum):
    FEE = "phi"
    CHARGE = "le_phi"


class Status(StrEnum):
    ACTIVE = "active"
    ABOLISHED = "abolished"
    REPLACED = "replaced"


class OnlineLevel(StrEnum):
    FULL = "toan_trinh"
    PARTIAL = "mot_phan"


class Fee(Record):
    """One fee or charge; either an amount or the regulation that sets it."""

    name: Text
    kind: FeeKind = FeeKind.CHARGE
    amount: Annotated[int, Field(ge=0)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "VND"
    unit: str | None = Field(None, description="What the amount is charged per, e.g. 'thẻ', 'lần'")
    set_by: str | None = Field(
        None, description="Regulation that sets the amount when no figure is published"
    )
    note: str | None = None
    legal_source: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _amount_or_regulation(self) -> Fee:
        if self.amount is None and not self.set_by:
            raise ValueError("a fee needs an 'amount' or 'set_by' (the regulation that sets it)")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("'valid_from' is after 'valid_until'")
        return self

    def in_force(self, day: dt.date) -> bool:
        """Tell whether this fee applies on the given day."""
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_until is None or day <= self.valid_until
        return starts and ends

    @property
    def is_free(self) -> bool:
        return self.amount == 0 and not self.set_by


class ProcessingTime(Record):
    value: Annotated[float, Field(gt=0)] | None = None
    unit: TimeUnit
    text: str | None = Field(None, description="Wording when the unit is 'khac' or needs context")

    @model_validator(mode="after")
    def _value_or_text(self) -> ProcessingTime:
        if self.value is None and not self.text:
            raise ValueError("a processing time needs a 'value' or a 'text'")
        return self


class Stage(Record):
    """One stage of a processing time that runs in several stages (giai đoạn)."""

    name: Text
    time: ProcessingTime


class ChannelOption(Record):
    """Processing time and fees of one channel, possibly for one sub-case."""

    channel: Channel
    time: ProcessingTime
    case: str | None = Field(None, description="Sub-case this row applies to, when several")
    fees: list[Fee] = Field(default_factory=list)
    note: str | None = None
    stages: list[Stage] = Field(
        default_factory=list,
        description="Stages of the time, in order; 'time' is then the total the citizen waits",
    )

    def fees_on(self, day: dt.date) -> list[Fee]:
        """Return the fees in force on the given day."""
        return [fee for fee in self.fees if fee.in_force(day)]

    def upcoming_fees(self, day: dt.date) -> list[Fee]:
        """Return fees that have not started yet on the given day."""
        return [fee for fee in self.fees if fee.valid_from and fee.valid_from > day]


class Document(Record):
    """One document of the dossier (thành phần hồ sơ)."""

    name: Text
    originals: Annotated[int, Field(ge=0)] = 1
    copies: Annotated[int, Field(ge=0)] = 0
    required: bool = True
    form: str | None = Field(None, description="Form code, e.g. CT01")
    form_url: HttpUrl | None = Field(
        None, description="Address of the official blank form, only when the source gives it"
    )
    case: str | None = Field(None, description="Case heading the document belongs to")
    note: str | None = Field(None, description="What the document is or how to fill it in")


class DocumentNote(Record):
    """A note under the checklist (not a document to bring), under one case heading or all."""

    text: Text
    case: str | None = Field(None, description="Case heading of the documents it belongs to")


class LegalBasis(Record):
    number: Text
    title: str | None = None
    issued_on: dt.date | None = None


class OnlineService(Record):
    level: OnlineLevel
    url: HttpUrl
    submit_url: HttpUrl | None = Field(
        None,
        description="Where the citizen submits online, when the portal's export gives it "
        "(url is then the procedure's information page)",
    )


class Change(Record):
    """A dated entry of the change log shown on the page."""

    date: dt.date
    summary: Text
    decision: str | None = None
    superseded_by: str | None = Field(
        None, description="What replaced the value this entry describes, when it no longer holds"
    )
    superseded_on: dt.date | None = Field(
        None, description="Day the newer value was published or found in force"
    )


TRANSLATION_LANGUAGES = ("en", "km")
TranslationLanguage = Literal[TRANSLATION_LANGUAGES]


class Translation(Record):
    """A reference translation of official Vietnamese text: never official, and unchecked
    (``reviewed: false``) until an editor has compared it with the Vietnamese."""

    text: Text
    reviewed: bool = False


def _translations_from_text(value):
    """Accept ``{en: "text"}`` as shorthand for ``{en: {text: "text", reviewed: false}}``."""
    if isinstance(value, dict):
        return {k: {"text": v} if isinstance(v, str) else v for k, v in value.items()}
    return value


Translations = Annotated[
    dict[TranslationLanguage, Translation], BeforeValidator(_translations_from_text)
]


# Keys the importer fills from the portal; every other key belongs to the editor.
PORTAL_KEYS = (
    "name",
    "field",
    "levels",
    "agency",
    "competent_agency",
    "receiving_address",
    "subjects",
    "channels",
    "documents",
    "document_notes",
    "steps",
    "requirements",
    "results",
    "legal_basis",
    "online_service",
    "decision",
    "source_url",
)
PortalKey = Literal[PORTAL_KEYS]


class Procedure(Record):
    """One administrative procedure (thủ tục hành chính)."""

    code: ProcedureCode
    name: Text
    short_name: str | None = Field(None, description="Short name for posters and grids")
    name_translations: Translations = Field(
        default_factory=dict, description="The name in English and Khmer, for reference only"
    )
    summary_translations: Translations = Field(
        default_factory=dict,
        description="Plain-language summary (who, what, how long, how much), for reference only",
    )
    field: Slug
    levels: Annotated[list[Level], Field(min_length=1)]
    kind: str | None = None
    agency: Text
    competent_agency: str | None = None
    receiving_address: str | None = Field(
        None, description="Where dossiers are received, as published"
    )
    units: list[Slug] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    channels: list[ChannelOption] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    document_notes: list[Text | DocumentNote] = Field(
        default_factory=list, description="Notes the portal lists among the documents ('Lưu ý: …')"
    )
    steps: list[Text] = Field(default_factory=list)
    requirements: str | None = None
    results: list[str] = Field(default_factory=list)
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    online_service: OnlineService | None = None
    aliases: list[Text] = Field(default_factory=list)
    status: Status = Status.ACTIVE
    abolished_on: dt.date | None = None
    abolished_by: str | None = None
    replaced_by: ProcedureCode | None = None
    effective_from: dt.date | None = None
    decision: str | None = Field(None, description="Decision that published it (QĐ công bố)")
    changes: list[Change] = Field(default_factory=list)
    source_url: HttpUrl
    verified_on: dt.date
    keep_on_import: list[PortalKey] = Field(
        default_factory=list,
        description="Portal fields an editor reviewed or fixed: re-import never overwrites them",
    )

    @model_validator(mode="after")
    def _status_is_consistent(self) -> Procedure:
        if self.status is Status.ACTIVE:
            if not self.channels:
                raise ValueError("an active procedure needs at least one channel")
            if self.abolished_on or self.replaced_by:
                raise ValueError("an active procedure cannot have 'abolished_on' or 'replaced_by'")
        else:
            if not self.abolished_on:
                raise ValueError(f"status '{self.status.value}' needs 'abolished_on'")
            if self.status is Status.REPLACED and not self.replaced_by:
                raise ValueError("status 'replaced' needs 'replaced_by'")
        return self

    @property
    def is_active(self) -> bool:
        return self.status is Status.ACTIVE

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    def channels_of(self, channel: Channel) -> list[ChannelOption]:
        return [option for option in self.channels if option.channel is channel]

    @property
    def channel_rows(self) -> list[tuple[list[Channel], ChannelOption]]:
        """The summary's rows: channels with the same time, stages and fees for a case share one
        row ("Trực tiếp và Trực tuyến"), in channel order; the rest keep a row each."""
        rows: dict[str, tuple[list[Channel], ChannelOption]] = {}
        for channel in self.available_channels:
            for option in self.channels_of(channel):
                same = option.model_dump_json(exclude={"channel"})
                rows.setdefault(same, ([], option))[0].append(channel)
        return list(rows.values())

    @property
    def available_channels(self) -> list[Channel]:
        present = {option.channel for option in self.channels}
        return [channel for channel in Channel if channel in present]

    @property
    def document_cases(self) -> list[tuple[str | None, list[Document]]]:
        """Group documents by their case heading, keeping the published order."""
        groups: dict[str | None, list[Document]] = {}
        for document in self.documents:
            groups.setdefault(document.case, []).append(document)
        return list(groups.items())

    def notes_under(self, case: str | None) -> list[str]:
        """Return the checklist notes of one case heading (None: notes under the whole list)."""
        texts = []
        for note in self.document_notes:
            note_case = note.case if isinstance(note, DocumentNote) else None
            text = note.text if isinstance(note, DocumentNote) else note
            if note_case == case or (
                case is None and note_case not in {c for c, _ in self.document_cases}
            ):
                texts.append(text)
        return texts


class FieldOfProcedures(Record):
    """A lĩnh vực: a field of procedures with its official code."""

    slug: Slug
    code: Annotated[str, Field(pattern=r"^G\d{2}-CA\d{2}$")]
    name: Text
    short_name: str | None = None
    name_translations: dict[str, str] = Field(default_factory=dict)
    portal_names: list[Text] = Field(
        default_factory=list, description="Other names the national portal uses for this field"
    )


class Unit(Record):
    """A unit that receives dossiers: a provincial department or a commune police post."""

    slug: Slug
    name: Text
    level: Level
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    opening_hours: str | None = None
    fields: list[Slug] = Field(default_factory=list)
    note: str | None = None


class Agency(Record):
    """Identity of the police force that runs the site."""

    name: Text
    short_name: Text
    logo_text: Text
    parent: str | None = None
    address: str | None = None
    hotline: str | None = None
    email: str | None = None
    site_url: HttpUrl
    portal_url: HttpUrl | None = None
    feedback_note: str | None = None
