"""Short facts about a procedure for lists: the quickest processing time and the fee range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc.catalog.models import (
    Channel,
    ChannelOption,
    Fee,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from tthc.official import BulletedText, bulleted

# Rough length of each unit in hours, only to pick the quickest of several published times.
_HOURS = {
    TimeUnit.HOUR: 1,
    TimeUnit.DAY: 24,
    TimeUnit.WORKING_DAY: 24,
    TimeUnit.MONTH: 24 * 30,
}


@dataclass(frozen=True)
class QuickFacts:
    """What a list item says about a procedure; ``time_varies`` means "from" the shown time."""

    time: ProcessingTime | None
    time_varies: bool
    lowest_fee: int | None
    highest_fee: int | None
    currency: str
    set_by: str | None
    has_fees: bool

    @property
    def fee_varies(self) -> bool:
        return self.lowest_fee != self.highest_fee


def _sort_key(time: ProcessingTime) -> float:
    if time.value is None or time.unit not in _HOURS:
        return float("inf")
    return time.value * _HOURS[time.unit]


def _option_key(option: ChannelOption) -> float:
    # A total in words ("15 ngày và 05 ngày làm việc") is compared by the sum of its stages.
    if option.stages and option.time.value is None:
        return sum(_sort_key(stage.time) for stage in option.stages)
    return _sort_key(option.time)


def quick_facts(procedure: Procedure, day: dt.date) -> QuickFacts:
    """Summarise time and fees over every channel, with the fees in force on ``day``.

    A multi-stage row counts with its total (what the citizen waits), never its first stage.
    """
    times = [option.time for option in procedure.channels]
    quickest = (
        min(procedure.channels, key=_option_key).time if procedure.channels else None
    )
    fees: list[Fee] = [fee for option in procedure.channels for fee in option.fees_on(day)]
    priced = [fee for fee in fees if fee.amount is not None and not fee.set_by]
    # Amounts in different currencies (VND and USD in xuất nhập cảnh) are not comparable.
    currency = priced[0].currency if priced else "VND"
    amounts = [fee.amount for fee in priced if fee.currency == currency]
    set_by = next((fee.set_by for fee in fees if fee.set_by), None)
    return QuickFacts(
        time=quickest,
        time_varies=len(set(times)) > 1,
        lowest_fee=min(amounts) if amounts else None,
        highest_fee=max(amounts) if amounts else None,
        currency=currency,
        set_by=set_by,
        has_fees=bool(fees),
    )


def fee_notes(procedure: Procedure) -> list[str]:
    """Return the distinct notes and legal sources of every fee, in the published order; a
    source its own note already names is not repeated as a line of its own."""
    notes: list[str] = []
    for option in procedure.channels:
        for fee in option.fees:
            source = fee.legal_source
            if source and fee.note and source in fee.note:
                source = None
            for text in (fee.note, source):
                if text and text not in notes:
                    notes.append(text)
    return notes


@dataclass(frozen=True)
class ChannelNote:
    """One of the channels' notes, and whom it is for: per case (None: every case), the
    channels, in their order ("Trực tiếp và Trực tuyến (Cấp lại biển số)")."""

    who: list[tuple[list[Channel], str | None]]
    text: BulletedText


def channel_notes(procedure: Procedure) -> list[ChannelNote]:
    """Group the channels' notes: the portal often repeats one text for every channel, and
    items of a list for every case ("Cách thức thực hiện: …" word for word, then each case's
    time): those are given once, first, for every channel, and each note keeps the rest."""
    groups: dict[str, dict[str | None, list[Channel]]] = {}
    for channel in procedure.available_channels:
        for option in procedure.channels_of(channel):
            if option.note:
                channels = groups.setdefault(option.note, {}).setdefault(option.case, [])
                if channel not in channels:
                    channels.append(channel)
    notes = [
        ChannelNote([(channels, case) for case, channels in cases.items()], bulleted(text))
        for text, cases in groups.items()
    ]
    return _common_items_first(procedure, notes)


def _common_items_first(procedure: Procedure, notes: list[ChannelNote]) -> list[ChannelNote]:
    if len(notes) < 2 or not all(option.note for option in procedure.channels):
        return notes  # the common items would not be true of the channels without a note
    texts = [note.text for note in notes]
    if len({text.lead for text in texts}) != 1 or not all(text.items for text in texts):
        return notes
    common = [item for item in texts[0].items if all(item in text.items for text in texts[1:])]
    if not common or any(len(text.items) == len(common) for text in texts):
        return notes
    rest = [
        ChannelNote(note.who, BulletedText("", [i for i in note.text.items if i not in common]))
        for note in notes
    ]
    every_channel = [(procedure.available_channels, None)]
    return [ChannelNote(every_channel, BulletedText(texts[0].lead, common)), *rest]
