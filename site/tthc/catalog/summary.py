"""Short facts about a procedure for lists: the quickest processing time and the fee range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tthc.catalog.models import ChannelOption, Fee, Procedure, ProcessingTime, TimeUnit

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


def channel_notes(procedure: Procedure) -> list[tuple[list[ChannelOption], str]]:
    """Group the channels' notes: the portal often repeats one text for every channel."""
    groups: dict[str, list[ChannelOption]] = {}
    for option in procedure.channels:
        if option.note:
            groups.setdefault(option.note, []).append(option)
    return [(options, note) for note, options in groups.items()]
