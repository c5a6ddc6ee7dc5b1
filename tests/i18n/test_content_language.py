"""Numbers, money and dates per locale; official content stays Vietnamese, with a note."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from tthc.catalog.models import FieldOfProcedures
from tthc.formatting import day, money, number

NOTE = '{% from "_macros/i18n.html" import official_language_note %}{{ official_language_note() }}'
NAME = '{% from "_macros/i18n.html" import name_translation %}{{ name_translation(record) }}'


def render(app, language, source, **context):
    with app.test_request_context(f"/?lang={language}"):
        return BeautifulSoup(render_template_string(source, **context), "html.parser")


@pytest.mark.parametrize(
    ("language", "amount", "date", "big"),
    [
        ("vi", "25.000", "31/12/2026", "1.234.567"),
        ("en", "25,000", "Dec 31, 2026", "1,234,567"),
        ("km", "25,000", "31 ធ្នូ 2026", "1,234,567"),
    ],
)
def test_formats_follow_the_language(i18n_app, language, amount, date, big):
    with i18n_app.test_request_context(f"/?lang={language}"):
        assert amount in money(25000)
        assert "₫" in money(25000)
        assert day(dt.date(2026, 12, 31)) == date
        assert number(1234567) == big


def test_note_on_official_language_only_outside_vietnamese(i18n_app):
    assert not render(i18n_app, "vi", NOTE).get_text(strip=True)
    english = render(i18n_app, "en", NOTE).select_one(".official-language-note")
    khmer = render(i18n_app, "km", NOTE).select_one(".official-language-note")
    assert "Vietnamese" in english.get_text()
    assert "វៀតណាម" in khmer.get_text()


def test_translated_name_shown_when_present(i18n_app):
    field = FieldOfProcedures(
        slug="cu-tru", code="G01-CA05", name="Đăng ký, quản lý cư trú",
        name_translations={"en": "Residence registration"},
    )
    english = render(i18n_app, "en", NAME, record=field).select_one(".name-translation")
    assert english.get_text(strip=True) == "Residence registration"
    assert english["lang"] == "en"
    assert render(i18n_app, "km", NAME, record=field).select_one(".name-translation") is None
    assert render(i18n_app, "vi", NAME, record=field).select_one(".name-translation") is None


@pytest.mark.parametrize("language", ["en", "km"])
def test_official_vietnamese_text_is_marked_as_vietnamese(i18n_client, language):
    """Screen readers switch to a Vietnamese voice for the official content (WCAG 3.1.2)."""
    response = i18n_client.get(f"/thu-tuc/1.004222?lang={language}", follow_redirects=True)
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.html["lang"] == language
    # The reference translation is the heading; the official name follows, marked Vietnamese.
    assert page.select_one("main h1")["lang"] == language
    assert page.select_one(".official-name [lang=vi]").get_text(strip=True) == "Đăng ký thường trú"
    assert page.select_one("ol.steps")["lang"] == "vi"
    # The translation's note says that the Vietnamese text is the official one, and only it.
    assert page.select_one(".reference-note").get_text(strip=True)
    assert page.select_one(".official-language-note") is None


@pytest.mark.parametrize("url", ["/linh-vuc", "/"])
def test_field_lists_show_the_translated_name_before_the_official_one(i18n_client, url):
    khmer = BeautifulSoup(i18n_client.get(f"{url}?lang=km").get_data(as_text=True), "html.parser")
    link = khmer.select_one(".field-list a")
    translated, official = link.select_one(".name-translated"), link.select_one(".name-official")
    assert translated["lang"] == "km" and re.search(r"[\u1780-\u17ff]", translated.get_text())
    assert official["lang"] == "vi"
    vietnamese = BeautifulSoup(i18n_client.get(f"{url}?lang=vi").get_data(as_text=True),
                               "html.parser").select_one(".field-list a")
    assert vietnamese.select_one(".name-translated") is None
    assert vietnamese.get_text(strip=True) == official.get_text(strip=True)
