"""The records refuse what cannot be published and answer the questions pages ask."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from tthc.catalog.models import (
    Channel,
    ChannelOption,
    Document,
    Fee,
    Procedure,
    ProcessingTime,
)


def procedure(**overrides) -> dict:
    data = {
        "code": "1.004222",
        "name": "Đăng ký thường trú",
        "field": "cu-tru",
        "levels": ["xa"],
        "agency": "Công an cấp xã",
        "channels": [
            {"channel": "truc_tuyen", "time": {"value": 7, "unit": "ngay_lam_viec"}},
            {"channel": "truc_tiep", "time": {"value": 7, "unit": "ngay_lam_viec"}},
        ],
        "source_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1",
        "verified_on": "2026-07-01",
    }
    data.update(overrides)
    return data


def error_locations(data: dict, model=Procedure) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(str(part) for part in error["loc"]) for error in caught.value.errors()}


def test_a_fee_needs_an_amount_or_the_regulation_that_sets_it():
    with pytest.raises(ValidationError, match="needs an 'amount' or 'set_by'"):
        Fee(name="Lệ phí")
    set_by = Fee(name="Lệ phí", set_by="Thông tư 60/2023/TT-BTC")
    assert set_by.amount is None and not set_by.is_free
    assert Fee(name="Lệ phí", amount=0).is_free
    assert not Fee(name="Lệ phí", amount=0, set_by="Thông tư 60/2023/TT-BTC").is_free
    assert not Fee(name="Lệ phí", amount=20_000).is_free


def test_a_fee_refuses_negative_amounts_odd_currencies_and_reversed_windows():
    with pytest.raises(ValidationError):
        Fee(name="Lệ phí", amount=-1)
    with pytest.raises(ValidationError):
        Fee(name="Lệ phí", amount=10, currency="usd")
    with pytest.raises(ValidationError, match="'valid_from' is after 'valid_until'"):
        Fee(name="Lệ phí", amount=1, valid_from="2027-01-01", valid_until="2026-12-31")
    assert Fee(name="Lệ phí", amount=10, currency="USD").currency == "USD"


def test_a_processing_time_needs_a_positive_value_or_a_wording():
    assert ProcessingTime(value=1, unit="gio").value == 1
    assert ProcessingTime(unit="khac", text="Cấp ngay").text == "Cấp ngay"
    with pytest.raises(ValidationError):
        ProcessingTime(value=0, unit="ngay")
    with pytest.raises(ValidationError, match="needs a 'value' or a 'text'"):
        ProcessingTime(unit="ngay")


def test_an_active_procedure_needs_a_channel_and_no_abolition():
    assert "" in error_locations(procedure(channels=[]))
    assert "" in error_locations(procedure(abolished_on="2025-07-01"))
    gone = Procedure.model_validate(
        procedure(status="replaced", abolished_on="2025-07-01", replaced_by="1.014063")
    )
    assert not gone.is_active
    assert "" in error_locations(procedure(status="replaced", abolished_on="2025-07-01"))


def test_codes_slugs_levels_and_unknown_keys_are_checked():
    assert "code" in error_locations(procedure(code="1004222"))
    assert "field" in error_locations(procedure(field="Cư trú"))
    assert "levels.0" in error_locations(procedure(levels=["huyen"]))
    assert "levels" in error_locations(procedure(levels=[]))
    assert "thoi_han" in error_locations(procedure(thoi_han="7 ngày"))
    assert "keep_on_import.0" in error_locations(procedure(keep_on_import=["aliases"]))
    assert Procedure.model_validate(procedure(code="1.000039.02")).code == "1.000039.02"


def test_records_are_immutable():
    record = Procedure.model_validate(procedure())
    with pytest.raises(ValidationError):
        record.name = "Khác"


def test_channels_and_documents_answer_the_page_questions():
    record = Procedure.model_validate(
        procedure(
            channels=[
                {"channel": "buu_chinh", "time": {"value": 2, "unit": "ngay_lam_viec"}},
                {"channel": "truc_tiep", "time": {"value": 1, "unit": "gio"}, "case": "Biển số"},
                {"channel": "truc_tiep", "time": {"value": 2, "unit": "ngay_lam_viec"}},
            ],
            documents=[
                {"name": "Tờ khai (Mẫu CT01)", "form": "CT01", "case": "Trường hợp A"},
                {"name": "Giấy tờ chỗ ở", "copies": 1, "case": "Trường hợp B"},
                {"name": "Văn bản đồng ý", "case": "Trường hợp A", "note": "Nếu có"},
            ],
        )
    )
    assert record.available_channels == [Channel.IN_PERSON, Channel.POSTAL]
    assert [o.case for o in record.channels_of(Channel.IN_PERSON)] == ["Biển số", None]
    cases = record.document_cases
    assert [case for case, _ in cases] == ["Trường hợp A", "Trường hợp B"]
    assert [d.name for d in cases[0][1]] == ["Tờ khai (Mẫu CT01)", "Văn bản đồng ý"]
    assert cases[0][1][1].note == "Nếu có"
    assert Document(name="Đơn").originals == 1 and Document(name="Đơn").required


def test_slug_and_display_name():
    record = Procedure.model_validate(
        procedure(name="Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)", short_name="Đổi căn cước")
    )
    assert record.slug == "cap-doi-the-can-cuoc-thuc-hien-tai-cap-tinh"
    assert record.display_short_name == "Đổi căn cước"
    assert Procedure.model_validate(procedure()).display_short_name == "Đăng ký thường trú"


def test_fee_windows_of_a_channel():
    option = ChannelOption(
        channel="truc_tiep",
        time={"value": 7, "unit": "ngay_lam_viec"},
        fees=[
            {"name": "Lệ phí", "amount": 25_000, "valid_from": "2025-07-01",
             "valid_until": "2026-12-31"},
            {"name": "Lệ phí", "amount": 50_000, "valid_from": "2027-01-01"},
        ],
    )
    assert [f.amount for f in option.fees_on(dt.date(2026, 12, 31))] == [25_000]
    assert [f.amount for f in option.upcoming_fees(dt.date(2026, 12, 31))] == [50_000]
    assert [f.amount for f in option.fees_on(dt.date(2027, 1, 1))] == [50_000]
    assert option.upcoming_fees(dt.date(2027, 1, 1)) == []
