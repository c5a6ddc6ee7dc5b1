"""Atom feeds of the change log, on the fixture catalogue with dated changes."""

from __future__ import annotations

from xml.etree import ElementTree as ET

SITE = "https://tthc.example.gov.vn"
A = {"a": "http://www.w3.org/2005/Atom"}


def feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.get_data())


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "id": entry.findtext("a:id", namespaces=A),
            "title": entry.findtext("a:title", namespaces=A),
            "updated": entry.findtext("a:updated", namespaces=A),
            "link": entry.find("a:link", A).get("href"),
            "content": entry.findtext("a:content", namespaces=A),
            "category": entry.find("a:category", A).get("term"),
        }
        for entry in root.findall("a:entry", A)
    ]


def test_catalogue_feed_has_one_entry_per_change_newest_first(small):
    root = feed(small, "/thay-doi.atom")
    assert root.findtext("a:id", namespaces=A) == f"{SITE}/thay-doi.atom"
    assert root.find("a:link[@rel='self']", A).get("href") == f"{SITE}/thay-doi.atom"
    assert root.findtext("a:author/a:name", namespaces=A) == "Công an tỉnh Thử Nghiệm"
    items = entries(root)
    thuong_tru = [e for e in items if e["link"] == f"{SITE}/thu-tuc/1.004222"]
    assert [e["updated"] for e in thuong_tru] == [
        "2025-07-01T00:00:00+07:00",
        "2023-08-30T00:00:00+07:00",
    ]
    assert thuong_tru[1]["content"] == (
        "Từ ngày 30/08/2023: Thời hạn giải quyết giảm từ 07 xuống 05 ngày làm việc. "
        "Căn cứ: 3718/QĐ-CAT."
    )
    assert thuong_tru[1]["title"] == "Đăng ký thường trú"
    assert [e["updated"] for e in items] == sorted((e["updated"] for e in items), reverse=True)
    assert root.findtext("a:updated", namespaces=A) == items[0]["updated"]
    assert len({e["id"] for e in items}) == len(items)
    assert all(e["id"].startswith("tag:tthc.example.gov.vn,") for e in items)


def test_entry_ids_are_stable(small):
    first = [e["id"] for e in entries(feed(small, "/thay-doi.atom"))]
    assert first == [e["id"] for e in entries(feed(small, "/thay-doi.atom"))]


def test_field_feed_has_only_its_field(small):
    root = feed(small, "/linh-vuc/cu-tru/thay-doi.atom")
    items = entries(root)
    assert items and {e["category"] for e in items} == {"cu-tru"}
    everything = entries(feed(small, "/thay-doi.atom"))
    assert len(items) == len([e for e in everything if e["category"] == "cu-tru"])
    alternate = root.find("a:link[@rel='alternate']", A).get("href")
    assert alternate == f"{SITE}/linh-vuc/cu-tru"


def test_field_without_changes_has_an_empty_valid_feed(small):
    root = feed(small, "/linh-vuc/con-dau/thay-doi.atom")
    assert entries(root) == [] and root.findtext("a:updated", namespaces=A)


def test_unknown_field_feed_is_404(small):
    assert small.get("/linh-vuc/khong-co/thay-doi.atom").status_code == 404


def test_feeds_are_vietnamese_whatever_the_browser_asks(small):
    english = small.get("/thay-doi.atom", headers={"Accept-Language": "en"}).get_data()
    assert english == small.get("/thay-doi.atom").get_data()
    assert "Từ ngày".encode() in english
