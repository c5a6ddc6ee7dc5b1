"""GET /api/v1/procedures and /api/v1/procedures/<code> on parsed responses."""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SITE = "https://tthc.example.gov.vn"


def codes(data: dict) -> list[str]:
    return [item["code"] for item in data["results"]]


def test_list_pages_through_every_active_procedure_with_next_links(app, client):
    from tthc.catalog import get_catalog

    with app.app_context():
        expected = [p.code for p in get_catalog().active]
    seen, url, pages = [], "/api/v1/procedures?limit=40", 0
    while url:
        response = client.get(url.removeprefix(SITE))
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        data = response.get_json()
        assert data["total"] == len(expected) and data["limit"] == 40
        seen += codes(data)
        pages += 1
        if data["links"]["next"]:
            assert f'<{data["links"]["next"]}>; rel="next"' in response.headers["Link"]
        url = data["links"]["next"]
    assert seen == expected
    assert pages == -(-len(expected) // 40)
    assert data["links"]["prev"] == f"{SITE}/api/v1/procedures?limit=40&page={pages - 1}"
    assert data["links"]["first"] == f"{SITE}/api/v1/procedures?limit=40"


def test_list_item_links_page_api_and_qr(client):
    item = client.get("/api/v1/procedures?field=cu-tru&limit=200").get_json()["results"]
    first = next(i for i in item if i["code"] == "1.004222")
    assert first["urls"]["page"] == f"{SITE}/thu-tuc/1.004222"
    assert first["urls"]["api"] == f"{SITE}/api/v1/procedures/1.004222"
    assert first["urls"]["short"] == f"{SITE}/q/1.004222"
    assert first["urls"]["qr_png"] == f"{SITE}/qr/1.004222.png"
    assert first["field"] == "cu-tru" and first["levels"] == ["xa"]


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("field=cu-tru", lambda p: p["field"] == "cu-tru"),
        ("level=tinh", lambda p: "tinh" in p["levels"]),
        ("online=1", lambda p: p["online"] is not None),
        ("online=0", lambda p: p["online"] is None),
        ("field=can-cuoc&level=xa&online=true", lambda p: p["field"] == "can-cuoc"),
    ],
)
def test_filters_keep_only_matching_procedures(client, query, check):
    everything = client.get("/api/v1/procedures?limit=200").get_json()
    data = client.get(f"/api/v1/procedures?{query}&limit=200").get_json()
    assert 0 < data["total"] < everything["total"]
    assert all(check(p) for p in data["results"])
    assert all(f"{key}={value}" in data["links"]["self"] for key, value in
               (pair.split("=") for pair in query.split("&")))


def test_unit_filter_matches_the_units_page(app, client):
    from tthc.catalog import get_catalog

    with app.app_context():
        catalog = get_catalog()
        unit = catalog.units[0]
        expected = [p.code for p in catalog.procedures_at(unit)]
    data = client.get(f"/api/v1/procedures?unit={unit.slug}&limit=200").get_json()
    assert codes(data) == expected and expected


def test_changed_since_and_status_on_the_fixture(small):
    # 1.004222 changed on 2023-08-30 and 2025-07-01; 2.001195's fee changes on 2027-01-01.
    recent = codes(small.get("/api/v1/procedures?changed_since=2025-01-01").get_json())
    assert "1.004222" in recent and "2.001195" in recent
    later = codes(small.get("/api/v1/procedures?changed_since=2025-07-02").get_json())
    assert "1.004222" not in later and "2.001195" in later
    assert codes(small.get("/api/v1/procedures?changed_since=2030-01-01").get_json()) == []
    everything = small.get("/api/v1/procedures?status=all").get_json()
    active = small.get("/api/v1/procedures").get_json()
    assert everything["total"] > active["total"]
    statuses = {p["status"] for p in everything["results"]}
    assert "active" in statuses and statuses - {"active"}


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("field=khong-co", "field"),
        ("level=huyen", "level"),
        ("unit=x", "unit"),
        ("online=yes", "online"),
        ("changed_since=hom-qua", "changed_since"),
        ("page=0", "page"),
        ("limit=5000", "limit"),
        ("limit=abc", "limit"),
        ("status=xoa", "status"),
    ],
)
def test_bad_parameters_get_a_json_message(client, query, word):
    response = client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == 400 and word in error["message"]


def test_error_message_follows_the_language(client):
    error = client.get("/api/v1/procedures?level=huyen&lang=en").get_json()["error"]
    assert "level" in error["message"] and "không" not in error["message"]


def test_page_after_the_last_is_empty_not_an_error(client):
    data = client.get("/api/v1/procedures?page=999").get_json()
    assert data["results"] == [] and data["links"]["next"] is None
    assert data["links"]["prev"].endswith("page=" + str(-(-data["total"] // 50)))


def test_one_procedure_as_in_force_on_a_date(small):
    today = small.get("/api/v1/procedures/2.001195").get_json()
    assert today["as_of"] == "2026-11-28"
    counter = today["channels"][0]
    assert [f["amount"] for f in counter["fees"]] == [25000]
    assert counter["fees"][0]["valid_from"] == "2025-07-01"
    assert counter["fees"][0]["valid_until"] == "2026-12-31"
    assert [f["amount"] for f in counter["upcoming_fees"]] == [50000]
    later = small.get("/api/v1/procedures/2.001195?date=2027-01-01").get_json()
    assert later["as_of"] == "2027-01-01"
    assert [f["amount"] for f in later["channels"][0]["fees"]] == [50000]
    assert later["channels"][0]["upcoming_fees"] == []
    assert later["last_modified"] == "2027-01-01"


def test_one_procedure_carries_the_whole_record(small):
    data = small.get("/api/v1/procedures/1.004222").get_json()
    assert data["name"] == "Đăng ký thường trú"
    assert data["field"] == {
        "slug": "cu-tru",
        "code": "G01-CA05",
        "name": "Đăng ký, quản lý cư trú",
        "url": f"{SITE}/linh-vuc/cu-tru",
    }
    assert [c["channel"] for c in data["channels"]] == ["truc_tiep", "truc_tuyen"]
    assert data["channels"][0]["time"] == {"value": 7.0, "unit": "ngay_lam_viec", "text": None}
    assert data["documents"][0]["form"] == "CT01"
    assert len(data["steps"]) == 3
    assert data["legal_basis"][0] == {
        "number": "68/2020/QH14", "title": "Luật Cư trú", "issued_on": "2020-11-13"
    }
    assert data["online_service"]["level"] == "mot_phan"
    assert data["aliases"] == ["nhập khẩu", "hộ khẩu"]
    assert [u["slug"] for u in data["units"]] == ["cong-an-xa"]
    assert data["units"][0]["opening_hours"] == "Giờ hành chính các ngày làm việc"
    assert [c["date"] for c in data["changes"]] == ["2025-07-01", "2023-08-30"]
    assert data["changes"][1]["decision"] == "3718/QĐ-CAT"
    assert data["source_url"] == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1-004222"
    assert data["verified_on"] == "2026-07-01"
    assert data["urls"]["short"] == f"{SITE}/q/1.004222"
    assert data["urls"]["poster"] == f"{SITE}/qr/1.004222/a4.pdf"


def test_abolished_procedure_is_data_not_gone(small):
    abolished = next(
        p for p in small.get("/api/v1/procedures?status=all").get_json()["results"]
        if p["status"] != "active"
    )
    data = small.get(f"/api/v1/procedures/{abolished['code']}").get_json()
    assert data["status"] == abolished["status"] and data["abolished_on"]
    assert data["units"] == [] and data["urls"]["poster"] is None


@pytest.mark.parametrize("url", ["/api/v1/procedures/9.999999", "/api/v1/procedures/" + "1" * 80])
def test_unknown_procedure_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["error"]["message"]


def test_bad_date_is_a_json_400(client):
    response = client.get("/api/v1/procedures/1.004222?date=31/12/2026")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_json()["error"]["message"]


def test_fields_and_units(client):
    fields = client.get("/api/v1/fields").get_json()
    assert fields["total"] == len(fields["results"]) > 5
    cu_tru = next(f for f in fields["results"] if f["slug"] == "cu-tru")
    assert cu_tru["code"] == "G01-CA05" and cu_tru["procedures"] > 0
    assert cu_tru["feed"] == f"{SITE}/linh-vuc/cu-tru/thay-doi.atom"
    listed = client.get(cu_tru["api"].removeprefix(SITE) + "&limit=200").get_json()
    assert listed["total"] == cu_tru["procedures"]
    units = client.get("/api/v1/units").get_json()
    assert units["total"] == len(units["results"]) > 0
    assert all(u["url"].startswith(f"{SITE}/don-vi/") for u in units["results"])


def test_a_long_list_of_choices_is_named_by_its_endpoint(client):
    message = client.get("/api/v1/procedures?field=khong-co").get_json()["error"]["message"]
    assert message.endswith(f"{SITE}/api/v1/fields.")


junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(
        ["field", "level", "unit", "online", "changed_since", "status", "page", "limit", "date"]
    ),
    value=junk,
    code=junk,
)
def test_any_input_gets_json_never_a_server_error(client, name, value, code):
    for url in ("/api/v1/procedures", f"/api/v1/procedures/{quote(code, safe='')}"):
        response = client.get(url, query_string={name: value})
        if response.status_code == 308:  # "//" in the path: werkzeug merges the slashes
            # werkzeug's redirect names the whole URL (http://localhost/...): compare the path
            path = urlsplit(response.location).path
            assert path.startswith("/api/v1/procedures"), response.location
            continue
        assert response.status_code in (200, 400, 404), (url, name, value)
        assert response.mimetype == "application/json"
        json.loads(response.get_data(as_text=True))
