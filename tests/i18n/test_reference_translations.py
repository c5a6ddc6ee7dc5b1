"""Procedure pages, lists, search results in English and Khmer: the reference translation
first, marked as such, the official Vietnamese beside or below it."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from flask import render_template_string

from support import PROCEDURES, make_app
from tthc.catalog.models import Procedure

REFERENCE_NOTE = {"en": "for reference only", "km": "ឯកសារយោង"}
UNCHECKED = {"en": "not checked", "km": "មិនទាន់"}


def page(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Re-issue a lost identity card (ID card)"), ("km", "ចេញអត្តសញ្ញាណប័ណ្ណឡើងវិញ ពេលបាត់")],
)
def test_procedure_page_shows_the_translation_first_then_the_official_name(
    i18n_client, language, heading
):
    html = page(i18n_client, f"/thu-tuc/1.014064?lang={language}")
    main = html.select_one("main")
    h1 = main.select_one("h1")
    assert h1.get_text(strip=True) == heading
    assert h1["lang"] == language
    summary = main.select_one(".translated-summary")
    assert summary["lang"] == language
    assert "35,000" in summary.get_text()  # the fee of the day, from the catalogue
    note = main.select_one(".reference-note").get_text(" ", strip=True)
    assert REFERENCE_NOTE[language] in note
    assert UNCHECKED[language] in note  # the bundled translations await an editor
    official = main.select_one(".official-name [lang=vi]")
    assert official.get_text(strip=True) == "Cấp lại thẻ căn cước"
    # Reading order: translated heading, summary, note, then the official Vietnamese.
    order = [h1, summary, main.select_one(".reference-note"), official, main.select_one("ol.steps")]
    positions = [str(main).index(str(node)) for node in order]
    assert positions == sorted(positions)
    assert main.select_one("ol.steps")["lang"] == "vi"  # legal text stays Vietnamese, marked


def test_vietnamese_page_has_no_translation(i18n_client):
    html = page(i18n_client, "/thu-tuc/1.014064?lang=vi")
    assert html.select_one("main h1").get_text(strip=True) == "Cấp lại thẻ căn cước"
    assert html.select_one(".reference-translation") is None
    assert html.select_one(".official-name") is None


def test_without_a_khmer_translation_the_page_stays_vietnamese_first(i18n_app, tmp_path):
    # Every bundled procedure now has Khmer: take it away from one, in a copy of the catalogue.
    root = tmp_path / "procedures"
    shutil.copytree(PROCEDURES, root)
    path = next(root.glob("vu-khi-vat-lieu-no/3.000394-*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("name_translations", "summary_translations"):
        del data[key]["km"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    client = make_app(tmp_path, PROCEDURES_DIR=str(root)).test_client()
    html = page(client, "/thu-tuc/3.000394?lang=km")  # weapons: English only
    h1 = html.select_one("main h1")
    assert h1["lang"] == "vi"
    assert h1.get_text(strip=True) == "Cấp Giấy phép trang bị vũ khí quân dụng"
    assert html.select_one(".reference-translation") is None
    english = page(client, "/thu-tuc/3.000394?lang=en")
    assert english.select_one("main h1").get_text(strip=True) == "Permit to equip military weapons"


def test_weapons_and_fire_procedures_read_in_khmer_first(i18n_client):
    for code, heading in (("3.000394", "លិខិតអនុញ្ញាតបំពាក់អាវុធយោធា"),
                          ("3.000495", "លិខិតបញ្ជាក់ការត្រួតពិនិត្យបច្ចេកទេសឧបករណ៍បង្ការ និងពន្លត់អគ្គិភ័យ")):
        html = page(i18n_client, f"/thu-tuc/{code}?lang=km")
        h1 = html.select_one("main h1")
        assert (h1["lang"], h1.get_text(strip=True)) == ("km", heading)
        assert html.select_one(".official-name [lang=vi]") is not None


@pytest.mark.parametrize("language", ["en", "km"])
def test_field_list_shows_translated_names_with_the_official_ones(i18n_client, language):
    html = page(i18n_client, f"/linh-vuc/cu-tru?lang={language}")
    link = next(a for a in html.select(".proc-item a") if "Đăng ký thường trú" in a.get_text())
    translated, official = link.select_one(".name-translated"), link.select_one(".name-official")
    assert translated["lang"] == language
    assert translated.get_text(strip=True) == {
        "en": "Register permanent residence", "km": "ចុះឈ្មោះទីលំនៅអចិន្ត្រៃយ៍"}[language]
    assert official["lang"] == "vi" and official.get_text(strip=True) == "Đăng ký thường trú"
    children = [c for c in link.children if getattr(c, "name", None)]
    assert children.index(translated) < children.index(official)


@pytest.mark.parametrize(
    ("language", "query"), [("en", "police clearance certificate"), ("km", "លិខិតឆ្លងដែន")]
)
def test_search_results_show_translated_names_with_the_official_ones(
    i18n_client, language, query
):
    html = page(i18n_client, f"/tim-kiem?q={query}&lang={language}")
    title = html.select_one(".search-hit-title")
    assert title.select_one(".name-translated")["lang"] == language
    assert title.select_one(".name-official")["lang"] == "vi"
    assert re.search(r"hộ chiếu|Lý lịch tư pháp", title.select_one(".name-official").get_text())


def test_reviewed_translations_lose_the_unchecked_warning(i18n_app):
    source = ('{% from "_macros/i18n.html" import reference_translation %}'
              "{{ reference_translation(procedure) }}")
    data = {
        "code": "1.004222", "name": "Đăng ký thường trú", "field": "cu-tru", "levels": ["xa"],
        "agency": "Công an cấp xã", "source_url": "https://dichvucong.gov.vn/p/1",
        "verified_on": "2026-07-01",
        "channels": [{"channel": "truc_tiep", "time": {"value": 7, "unit": "ngay_lam_viec"}}],
    }
    for reviewed, warned in ((False, True), (True, False)):
        procedure = Procedure.model_validate({
            **data,
            "name_translations": {"en": {"text": "Register", "reviewed": reviewed}},
            "summary_translations": {"en": {"text": "For people.", "reviewed": reviewed}},
        })
        with i18n_app.test_request_context("/?lang=en"):
            html = BeautifulSoup(render_template_string(source, procedure=procedure), "html.parser")
        note = html.select_one(".reference-note").get_text()
        assert "for reference only" in note
        assert ("not checked" in note) is warned
