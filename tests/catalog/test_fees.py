"""Fees of the bundled catalogue: windows around the end of the căn cước reduction, fixed quirks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tthc.catalog import load_catalog
from tthc.catalog.models import Channel

BUNDLED = Path(__file__).resolve().parents[2] / "procedures"
LAST_REDUCED_DAY = dt.date(2026, 12, 31)
FIRST_FULL_DAY = dt.date(2027, 1, 1)

# code → (reduced amount until 31/12/2026, standard amount from 01/01/2027)
CAN_CUOC = {
    "2.001195": (25_000, 50_000),  # cấp đổi, tỉnh
    "1.014063": (25_000, 50_000),  # cấp đổi, xã
    "2.001194": (35_000, 70_000),  # cấp lại, tỉnh
    "1.014064": (35_000, 70_000),  # cấp lại, xã
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(BUNDLED)


def amounts(option, day) -> list[int | None]:
    return [fee.amount for fee in option.fees_on(day) if fee.amount]


@pytest.mark.parametrize("code", sorted(CAN_CUOC))
@pytest.mark.parametrize(
    ("day", "which"),
    [
        (dt.date(2026, 11, 28), 0),  # the tests' fixed today, inside the reduction
        (LAST_REDUCED_DAY, 0),
        (FIRST_FULL_DAY, 1),
        (dt.date(2030, 6, 1), 1),
    ],
)
def test_can_cuoc_fee_in_force_on_each_side_of_the_end_date(catalog, code, day, which):
    expected = CAN_CUOC[code][which]
    procedure = catalog.get(code)
    assert procedure.channels
    for option in procedure.channels:
        assert amounts(option, day) == [expected], (code, option.channel)


@pytest.mark.parametrize("code", sorted(CAN_CUOC))
def test_can_cuoc_reduction_names_its_circulars_and_announces_the_next_rate(catalog, code):
    reduced, standard = CAN_CUOC[code]
    for option in catalog.get(code).channels:
        now = [fee for fee in option.fees_on(LAST_REDUCED_DAY) if fee.amount]
        assert now[0].valid_until == LAST_REDUCED_DAY
        assert now[0].valid_from == dt.date(2025, 7, 1)
        assert now[0].legal_source == "Thông tư 64/2025/TT-BTC"
        upcoming = [fee for fee in option.upcoming_fees(LAST_REDUCED_DAY) if fee.amount]
        assert [(f.amount, f.valid_from) for f in upcoming] == [(standard, FIRST_FULL_DAY)]
        assert upcoming[0].legal_source == "Thông tư 73/2024/TT-BTC"


def test_the_postal_charge_of_can_cuoc_is_not_free(catalog):
    postal = catalog.get("1.014063").channels_of(Channel.POSTAL)[0]
    charge = next(fee for fee in postal.fees if fee.amount is None)
    assert charge.set_by and not charge.is_free


def test_the_passport_publishes_the_standard_rate_not_the_expired_one(catalog):
    for option in catalog.get("1.001456").channels:
        assert amounts(option, dt.date(2026, 11, 28)) == [200_000, 400_000]
    online = catalog.get("1.001456").channels_of(Channel.ONLINE)[0]
    assert "31/12/2023" in online.fees[0].note
    assert any("200.000" in change.summary for change in catalog.get("1.001456").changes)


def test_amounts_stored_in_thousands_were_fixed(catalog):
    licence = catalog.get("3.000348")
    assert {fee.amount for o in licence.channels for fee in o.fees} == {135_000}
    fireworks = catalog.get("3.000246")
    assert {fee.amount for o in fireworks.channels for fee in o.fees} == {150_000}


def test_no_published_vnd_amount_looks_like_thousands(catalog):
    for procedure in catalog:
        for option in procedure.channels:
            for fee in option.fees:
                if fee.currency == "VND" and fee.amount:
                    assert fee.amount >= 1000, (procedure.code, option.channel, fee.amount)


@pytest.mark.parametrize("code", ["1.013067", "1.013076", "3.000333", "3.000489"])
def test_a_fee_set_by_a_circular_is_not_published_as_free(catalog, code):
    fees = [fee for option in catalog.get(code).channels for fee in option.fees]
    assert fees
    assert all(fee.set_by and not fee.is_free for fee in fees)
    assert {fee.set_by for fee in fees} <= {
        "Thông tư 60/2023/TT-BTC",
        "Thông tư 244/2016/TT-BTC",
        "Thông tư 37/2025/TT-BCA",
    }


def test_every_changed_portal_value_is_logged_and_kept_on_import(catalog):
    for code in CAN_CUOC:
        procedure = catalog.get(code)
        assert "channels" in procedure.keep_on_import
        assert any("64/2025" in (change.decision or "") for change in procedure.changes)
    fixed = [p for p in catalog if any(c.date == dt.date(2026, 11, 28) for c in p.changes)]
    assert fixed
    assert all(p.keep_on_import for p in fixed)


def test_residence_fees_are_paired_with_their_own_wording(catalog):
    tam_tru = catalog.get("1.004194")
    by_channel = {
        option.channel: {fee.name: fee.amount for fee in option.fees}
        for option in tam_tru.channels
    }
    assert by_channel[Channel.IN_PERSON]["Cá nhân, hộ gia đình"] == 15_000
    assert by_channel[Channel.IN_PERSON]["Theo danh sách (mỗi người)"] == 10_000
    assert by_channel[Channel.ONLINE]["Cá nhân, hộ gia đình"] == 7_000
    # The exemption is said in the notes, not published as a 0 đ fee beside the real ones.
    for option in tam_tru.channels:
        assert all(fee.amount and "Điều 4 Thông tư 75/2022/TT-BTC" in fee.note
                   for fee in option.fees)


def test_a_fee_note_that_names_its_source_is_not_followed_by_the_source_alone():
    from support import PROCEDURES
    from tthc.catalog.summary import fee_notes

    procedure = load_catalog(PROCEDURES).get("1.014906")
    notes = fee_notes(procedure)
    assert notes and "Thông tư 64/2025/TT-BTC" not in notes
    assert any("Thông tư 64/2025/TT-BTC" in note for note in notes)
