"""Reference translations of procedures: the model, the scope covered, and summaries that
state only the catalogue's own times and fees."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from support import PROCEDURES
from tthc.catalog.loader import load_catalog
from tthc.catalog.models import Procedure

# The fields a resident uses (residence, identity cards and electronic identification,
# vehicles, driving licences, passports and lost papers, criminal records, complaints).
KHMER_SCOPE = {
    "cu-tru", "can-cuoc", "dinh-danh-dien-tu", "dang-ky-xe", "giay-phep-lai-xe",
    "xuat-nhap-canh", "ly-lich-tu-phap", "khieu-nai-to-cao",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROCEDURES)


def _minimal(**extra) -> dict:
    data = {
        "code": "1.004222",
        "name": "Đăng ký thường trú",
        "field": "cu-tru",
        "levels": ["xa"],
        "agency": "Công an cấp xã",
        "channels": [{"channel": "truc_tiep", "time": {"value": 7, "unit": "ngay_lam_viec"}}],
        "source_url": "https://dichvucong.gov.vn/p/1",
        "verified_on": "2026-07-01",
    }
    data.update(extra)
    return data


def test_translations_default_to_unreviewed_and_round_trip_through_the_model():
    procedure = Procedure.model_validate(_minimal(
        name_translations={"en": {"text": "Register permanent residence"}, "km": "ចុះឈ្មោះ"},
        summary_translations={"en": {"text": "For people who move.", "reviewed": True}},
    ))
    assert procedure.name_translations["en"].reviewed is False
    assert procedure.name_translations["km"].text == "ចុះឈ្មោះ"  # shorthand: text only
    assert procedure.summary_translations["en"].reviewed is True
    again = Procedure.model_validate(procedure.model_dump(mode="json"))
    assert again == procedure
    assert again.model_dump(mode="json")["name_translations"]["km"] == {
        "text": "ចុះឈ្មោះ", "reviewed": False,
    }


@pytest.mark.parametrize(
    "translations",
    [
        {"fr": {"text": "Enregistrer"}},  # only English and Khmer
        {"vi": {"text": "Đăng ký"}},  # Vietnamese is the official name, not a translation
        {"en": {"text": "   "}},  # empty after trimming
        {"en": {"text": "x", "reviwed": True}},  # misspelt key
        {"en": {"reviewed": False}},  # no text
    ],
)
def test_invalid_translations_are_rejected(translations):
    for key in ("name_translations", "summary_translations"):
        with pytest.raises(ValidationError):
            Procedure.model_validate(_minimal(**{key: translations}))


def test_every_procedure_has_an_english_name_and_summary(catalog):
    missing = [p.code for p in catalog
               if "en" not in p.name_translations or "en" not in p.summary_translations]
    assert missing == []


def test_khmer_covers_every_procedure_a_resident_uses(catalog):
    scope = [p for p in catalog if p.field in KHMER_SCOPE]
    missing = [p.code for p in scope
               if "km" not in p.name_translations or "km" not in p.summary_translations]
    assert missing == []
    assert len(scope) >= 60
    khmer = [p.name_translations["km"].text + p.summary_translations["km"].text for p in scope]
    assert all(re.search(r"[\u1780-\u17ff]{3}", text) for text in khmer)  # real Khmer script


def test_khmer_covers_the_fire_prevention_and_weapons_procedures(catalog):
    scope = [p for p in catalog if p.field in {"phong-chay-chua-chay", "vu-khi-vat-lieu-no"}]
    assert len(scope) >= 46
    for procedure in scope:
        name, summary = procedure.name_translations["km"], procedure.summary_translations["km"]
        assert re.search(r"[\u1780-\u17ff]{3}", name.text), procedure.code
        assert "រយៈពេល" in summary.text and "កម្រៃ" in summary.text  # composed from the catalogue


def test_bundled_translations_are_all_awaiting_review(catalog):
    flags = {t.reviewed for p in catalog
             for t in [*p.name_translations.values(), *p.summary_translations.values()]}
    assert flags == {False}


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
_CLOCK = re.compile(r"\b(\d{1,2}):00\b")


def _figures(procedure: Procedure) -> tuple[set[str], set[str]]:
    """The numbers the procedure publishes (fees, times, its own Vietnamese text) and its
    fee dates, as a summary may write them."""
    numbers: set[str] = set()
    dates: set[str] = set()
    texts = [procedure.name, procedure.requirements or "", *procedure.results,
             *procedure.steps, *procedure.subjects, *(d.name for d in procedure.documents)]
    for option in procedure.channels:
        for time in (option.time, *(stage.time for stage in option.stages)):
            if time.value is not None:
                value = time.value
                numbers.add(str(int(value)) if float(value).is_integer() else str(value))
            texts.append(time.text or "")
        for fee in option.fees:
            if fee.amount is not None:
                numbers.add(f"{fee.amount:,}")
            for day in (fee.valid_from, fee.valid_until):
                if day:
                    dates.add(day.strftime("%d/%m/%Y"))
            texts += [fee.set_by or "", fee.name]
    for text in texts:
        numbers.update(n.lstrip("0") or "0" for n in _NUMBER.findall(text))
        numbers.update(_NUMBER.findall(text))
    return numbers, dates


def test_summaries_state_only_the_procedures_own_times_and_fees(catalog):
    """Never an invented fee or time: every figure of every summary is the procedure's own."""
    invented = []
    for procedure in catalog:
        numbers, dates = _figures(procedure)
        for language, summary in procedure.summary_translations.items():
            text = summary.text
            for date in _DATE.findall(text):
                if "/".join(date) not in dates:
                    invented.append(f"{procedure.code} {language}: date {'/'.join(date)}")
            text = _CLOCK.sub(r"\1", _DATE.sub(" ", text))
            for number in _NUMBER.findall(text):
                if number not in numbers:
                    invented.append(f"{procedure.code} {language}: {number}")
    assert invented == []


def test_a_summary_says_when_the_fee_depends_on_the_channel(catalog):
    permanent = catalog.get("1.004222")  # 20.000 đ in person, 10.000 đ online
    english = permanent.summary_translations["en"].text
    assert "depends on how you apply" in english
    assert "in person, 20,000 VND" in english and "online, 10,000 VND" in english
    khmer = permanent.summary_translations["km"].text
    assert "អាស្រ័យលើវិធីដាក់ពាក្យ" in khmer and "20,000 ដុង" in khmer


def test_translations_are_appended_after_every_other_key():
    """Other people edit these files at the same time: translations only ever come last."""
    for path in sorted(PROCEDURES.glob("*/*.yaml")):
        if path.parent.name == "guides":
            continue
        keys = re.findall(r"^([a-z_]+):", path.read_text(encoding="utf-8"), flags=re.M)
        assert keys[-2:] == ["name_translations", "summary_translations"], path.name
