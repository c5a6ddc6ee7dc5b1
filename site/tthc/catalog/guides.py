"""Life-event guides ("Tôi cần làm gì khi…"): ordered steps that name catalogue procedures.

A guide is data in ``procedures/guides/<slug>.yaml``, read by the catalogue loader with the
procedures, so a guide naming a procedure the catalogue does not have stops the start like
any other catalogue error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from tthc.catalog.models import ProcedureCode, Record, Slug, Text

GUIDES_DIR = "guides"


class GuideStep(Record):
    """One step: one or more procedures (any one of them will do), or a plain-words note."""

    title: Text
    text: Text = Field(description="One or two sentences of plain Vietnamese")
    procedures: list[ProcedureCode] = Field(
        default_factory=list, description="Procedures of this step; several mean 'or'"
    )
    condition: str | None = Field(
        None, description="When the step applies, e.g. 'Nếu bạn có con dưới 14 tuổi'"
    )
    optional: bool = False
    elsewhere: str | None = Field(
        None,
        description="For a step this police force does not handle: who does, in plain words",
    )

    @field_validator("procedures", mode="before")
    @classmethod
    def _codes_are_text(cls, value: object) -> object:
        # YAML reads 1.004222 as a number (and 1.010030 as 1.01003): say how to write it.
        if isinstance(value, list) and any(isinstance(code, int | float) for code in value):
            raise ValueError('write procedure codes in quotes, e.g. ["1.004222"]')
        return value

    @model_validator(mode="after")
    def _procedures_or_elsewhere(self) -> GuideStep:
        if not self.procedures and not self.elsewhere:
            raise ValueError(
                "a step needs 'procedures' or 'elsewhere' (who handles it, when it is not us)"
            )
        if len(set(self.procedures)) != len(self.procedures):
            raise ValueError("a procedure is listed twice in the same step")
        return self


class Guide(Record):
    """A life event and the procedures it takes, in order."""

    slug: Slug
    title: Text = Field(description="The life event, e.g. 'Chuyển nhà, thay đổi chỗ ở'")
    question: Text = Field(description="The heading people read: 'Tôi cần làm gì khi…'")
    audience: Text = Field(description="Who the guide is for")
    summary: str | None = None
    keywords: Annotated[list[Text], Field(min_length=1)] = Field(
        description="Words people type for this event; search shows the guide first for them"
    )
    steps: Annotated[list[GuideStep], Field(min_length=1)]

    @property
    def codes(self) -> list[str]:
        """Every procedure of the guide, in step order, each once."""
        return list(dict.fromkeys(code for step in self.steps for code in step.procedures))


@dataclass(frozen=True)
class StepPlace:
    """Where a procedure sits in a guide: the step number (from 1) and its neighbours."""

    guide: Guide
    number: int
    previous: GuideStep | None
    next: GuideStep | None

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


def places_of(guides: list[Guide], code: str) -> list[StepPlace]:
    """Return every step, in every guide, that names the procedure ``code``."""
    places = []
    for guide in guides:
        for i, step in enumerate(guide.steps):
            if code in step.procedures:
                places.append(
                    StepPlace(
                        guide,
                        i + 1,
                        guide.steps[i - 1] if i > 0 else None,
                        guide.steps[i + 1] if i + 1 < len(guide.steps) else None,
                    )
                )
                break
    return places
