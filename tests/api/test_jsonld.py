"""schema.org GovernmentService JSON-LD on procedure pages: parsed and checked."""

from __future__ import annotations

import json
import shutil

import pytest

from support import Page, make_app
from tthc.api.jsonld import script_json

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

    assert data["serviceOperator"] == {
        "@type": "GovernmentOrganization",
        "name": "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
    }


def test_json_ld_does_not_repeat_the_lists_on_the_page(small):
    # Channels, fees and the legal basis are on the page and in /api/v1 (issue 15: 40 KB a page).
    page = Page(small.get("/thu-tuc/1.004222"))
    data = json_ld(page)
    for key in ("availableChannel", "offers", "termsOfService", "audience"):
        assert key not in data
    assert "Luật Cư trú" in page.select_one("#can-cu").get_text()
    assert data["dateModified"] == "2025-07-01"
    api = small.get("/api/v1/procedures/1.004222").get_json()
    assert api and "68/2020/QH14" in json.dumps(api, ensure_ascii=False)


def test_every_bundled_procedure_page_has_valid_json_ld(app, client):
    from tthc.catalog import get_catalog

    with app.app_context():
        codes = [p.code for p in get_catalog().active]
    for code in codes:
        data = json_ld(Page(client.get(f"/thu-tuc/{code}")))
        assert data["@type"] == "GovernmentService" and data["identifier"] == code
        for key in ("name", "url", "serviceType", "provider", "serviceOperator", "areaServed"):
            assert data[key], (code, key)


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
