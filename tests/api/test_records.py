"""Catalogue records as API records: the parts some catalogues record and others do not."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from tthc.api import records
from tthc.catalog.models import Channel, ChannelOption, ProcessingTime, TimeUnit


def test_a_note_is_a_text_or_a_text_under_a_case():
    assert records._note("Lưu ý: mang bản chính").model_dump() == {
        "text": "Lưu ý: mang bản chính", "case": None
    }
    note = SimpleNamespace(text="Chỉ khi thuê nhà", case="Trường hợp thuê nhà")
    assert records._note(note).model_dump() == {
        "text": "Chỉ khi thuê nhà", "case": "Trường hợp thuê nhà"
    }


def test_stages_of_a_time_are_listed_in_order_when_recorded():
    total = ProcessingTime(value=20, unit=TimeUnit.DAY)
    plain = ChannelOption(channel=Channel.IN_PERSON, time=total)
    assert records._channel(plain, dt.date(2026, 11, 28)).stages == []
    staged = SimpleNamespace(
        channel=Channel.IN_PERSON,
        case=None,
        time=total,
        note=None,
        stages=[
            SimpleNamespace(name="Thẩm định", time=ProcessingTime(value=15, unit=TimeUnit.DAY)),
            SimpleNamespace(name="Ký", time=ProcessingTime(value=5, unit=TimeUnit.WORKING_DAY)),
        ],
        fees_on=lambda day: [],
        upcoming_fees=lambda day: [],
    )
    out = records._channel(staged, dt.date(2026, 11, 28))
    assert [(s.name, s.time.value) for s in out.stages] == [("Thẩm định", 15.0), ("Ký", 5.0)]
    assert out.time.value == 20.0
