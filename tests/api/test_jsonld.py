"""schema.org GovernmentService JSON-LD on procedure pages: parsed and checked."""

from __future__ import annotations

import json
import shutil

import pytest

from support import Page, make_app
from tthc.api.jsonld import iso_duration, script_json
from tthc.catalog.models import ProcessingTime, TimeUnit

from .conftest import FIXTURES

SITE = "https://tthc.example.gov.vn"


def json_ld(page: Page) -> dict:
    blocks = page.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    assert not blocks[0].get("nonce") and not blocks[0].get("src")
    return json.loads(blocks[0].string)


def test_procedure_page_describes_a_government_service(small):
    data = json_ld(Page(small.get("/thu-tuc/2.001195")))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)"
    assert data["url"] == f"{SITE}/thu-tuc/2.001195"
    assert data["identifier"] == "2.001195"
    assert data["serviceType"] == "Cấp, quản lý căn cước"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Công an tỉnh Thử Nghiệm"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "tỉnh Thử Nghiệm"}

    channels = data["availableChannel"]
    assert [c["@type"] for c in channels] == ["ServiceChannel", "ServiceChannel"]
    assert [c["name"] for c in channels] == ["Trực tiếp", "Trực tuyến"]
    assert all(c["processingTime"] == "P7D" for c in channels)
    assert channels[1]["serviceUrl"] == "https://dichvucong.bocongan.gov.vn/can-cuoc"
    assert channels[0]["serviceLocation"][0]["@type"] == "Place"

    offers = data["offers"]
    assert {o["@type"] for o in offers} == {"Offer"}
    reduced = [o for o in offers if o["price"] == 25000]
    assert reduced and all(o["priceCurrency"] == "VND" for o in reduced)
    assert reduced[0]["validFrom"] == "2025-07-01" and reduced[0]["validThrough"] == "2026-12-31"
    assert any(o["price"] == 50000 and o["validFrom"] == "2027-01-01" for o in offers)


def test_legal_basis_is_legislation_by_number(small):
    page = Page(small.get("/thu-tuc/1.004222"))
    data = json_ld(page)
    laws = data["termsOfService"]
    # The title is on the page itself (and in /api/v1), not repeated in the structured data.
    assert laws[0] == {
        "@type": "Legislation",
        "legislationIdentifier": "68/2020/QH14",
        "legislationDate": "2020-11-13",
    }
    assert "Luật Cư trú" in page.select_one("#can-cu").get_text()
    assert data["dateModified"] == "2025-07-01"


def test_every_bundled_procedure_page_has_valid_json_ld(app, client):
    from tthc.catalog import get_catalog

    with app.app_context():
        codes = [p.code for p in get_catalog().active]
    for code in codes:
        data = json_ld(Page(client.get(f"/thu-tuc/{code}")))
        assert data["@type"] == "GovernmentService" and data["identifier"] == code
        for key in ("name", "serviceType", "provider", "areaServed", "availableChannel"):
            assert data[key], (code, key)
        for offer in data["offers"]:
            assert offer["@type"] == "Offer" and offer["name"]
            assert ("price" in offer) == ("priceCurrency" in offer)


def test_gone_page_has_no_service_description(small):
    page = Page(small.get("/thu-tuc/1.000002"))
    assert page.status == 410
    assert not page.select('script[type="application/ld+json"]')


@pytest.mark.parametrize(
    "text", ["</script><script>alert(1)</script>", "<!-- a", "a & b", "</SCRIPT >", "\u2028"]
)
def test_script_json_cannot_close_the_element(text):
    out = script_json({"name": text})
    assert "<" not in out and ">" not in out and "\u2028" not in out
    assert json.loads(out) == {"name": text}


def test_hostile_catalogue_text_stays_inside_the_data_block(tmp_path):
    catalogue = tmp_path / "procedures"
    shutil.copytree(FIXTURES, catalogue)
    path = catalogue / "cu-tru" / "1.004222-dang-ky-thuong-tru.yaml"
    text = path.read_text().replace(
        "name: Đăng ký thường trú", 'name: "Đăng ký </script><script>alert(1)</script>"'
    )
    path.write_text(text)
    app = make_app(tmp_path, PROCEDURES_DIR=str(catalogue))
    page = Page(app.test_client().get("/thu-tuc/1.004222"))
    assert not page.select("script:not([src]):not([type])")
    assert json_ld(page)["name"] == "Đăng ký </script><script>alert(1)</script>"


def test_json_ld_survives_the_page_memo(tmp_path):
    app = make_app(tmp_path, PROCEDURES_DIR=str(FIXTURES), HTTP_MEMO_ENTRIES=8)
    client = app.test_client()
    first, second = client.get("/thu-tuc/1.004222"), client.get("/thu-tuc/1.004222")
    assert first.get_data() == second.get_data()
    assert len(app.extensions["http_memo"]) == 1
    assert json_ld(Page(second)) == json_ld(Page(first))


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [(2, TimeUnit.WORKING_DAY, "P2D"), (4, TimeUnit.HOUR, "PT4H"), (1, TimeUnit.MONTH, "P1M"),
     (0.5, TimeUnit.DAY, None), (None, TimeUnit.OTHER, None)],
)
def test_iso_durations(value, unit, expected):
    time = ProcessingTime(value=value, unit=unit, text=None if value else "theo thông báo")
    assert iso_duration(time) == expected
