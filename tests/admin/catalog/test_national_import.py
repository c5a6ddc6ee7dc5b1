"""The national export in the staff area: dry run per procedure and field, accepted ones become
drafts, and a locally published revision is never overwritten without an explicit choice."""

from __future__ import annotations

import io
import json

import pytest
from admin_helpers import STAFF_PASSWORD, add_staff, login, parse
from sqlalchemy import select
from test_editor import form_values
from tests.conftest import ROOT, make_app
from werkzeug.datastructures import MultiDict

from tthc.catalog.export_yaml import document_of
from tthc.catalog.revisions import CatalogDraft, CatalogRevision, to_json
from tthc.catalog.store import catalog_store
from tthc.extensions import db

EXPORT = ROOT / "reference" / "police_procedures_dvcqg.json"
LOCAL = "1.014064"  # edited and published here, changed by the portal too: a conflict
OTHER = "1.014063"  # changed by the portal only
EDITOR = "bien.tap@congan.example.vn"
PAGE = "/quan-tri/nhap-quoc-gia"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    add_staff(app, email=EDITOR, roles=("editor",))
    with app.app_context():
        document = document_of(catalog_store().baseline.get(LOCAL))
        document["steps"] = ["Bước do địa phương sửa (dữ liệu thử)."]
        db.session.add(
            CatalogRevision(code=LOCAL, number=1, document=to_json(document), reason="thử")
        )
        db.session.commit()
        catalog_store().refresh()
    return app


def newer_export() -> bytes:
    # a part of the bundled export (the portal exports by field too): these two and a few more
    every = json.loads(EXPORT.read_text(encoding="utf-8"))
    records = [r for r in every if r["ma_thu_tuc"].startswith("1.0140")]
    for record in records:
        if record["ma_thu_tuc"] in (LOCAL, OTHER):
            record["trinh_tu_thuc_hien"] = ["- Bước 1: Trình tự mới của cổng (dữ liệu thử)."]
    return json.dumps(records, ensure_ascii=False).encode()


def upload(client, data: bytes):
    page = parse(client.get(PAGE))
    form = page.select_one("form.import-upload")
    values = dict(form_values(form))
    values["export"] = (io.BytesIO(data), "dvcqg.json")
    return client.post(form["action"], data=values, content_type="multipart/form-data")


def test_dry_run_shows_changes_and_the_conflict_and_accepts_per_procedure(app):
    client = app.test_client()
    assert login(client, email=EDITOR, password=STAFF_PASSWORD).status_code == 302
    response = upload(client, newer_export())
    assert response.status_code == 303
    page = parse(client.get(response.headers["Location"]))
    local = page.find("section", id=f"p-{LOCAL}")
    other = page.find("section", id=f"p-{OTHER}")
    assert local is not None and other is not None
    assert len(page.select("section.import-proposal")) == 2  # nothing else changed
    assert local.select_one(".import-conflict") is not None
    assert "steps" in local.select_one(".import-conflict").get_text()
    assert other.select_one(".import-conflict") is None
    assert "Trình tự mới của cổng" in other.select_one("table.editor-diff").get_text()

    # accept both, without ticking the overwrite of the local revision
    form = page.select_one("form.import-accept")
    values = [(k, v) for k, v in form_values(form)]
    values += [("accept", LOCAL), ("accept", OTHER)]
    response = client.post(form["action"], data=MultiDict(values))
    assert response.status_code == 303
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "xung đột" in listing
    with app.app_context():
        drafts = {d.code: d for d in db.session.scalars(select(CatalogDraft))}
    assert set(drafts) == {OTHER}
    assert drafts[OTHER].kind == "import"
    assert "Trình tự mới của cổng" in drafts[OTHER].data["steps"][0]

    # the explicit choice: the portal's value replaces the local one, as a draft for review
    token = dict(values)["tep"]
    response = client.post(
        form["action"],
        data=MultiDict(
            [
                ("csrf_token", dict(values)["csrf_token"]),
                ("tep", token),
                ("accept", LOCAL),
                ("overwrite", LOCAL),
            ]
        ),
    )
    assert response.status_code == 303
    with app.app_context():
        draft = db.session.scalar(select(CatalogDraft).where(CatalogDraft.code == LOCAL))
        assert draft is not None and draft.base_number == 1
        assert "Trình tự mới của cổng" in draft.data["steps"][0]
        # nothing published by the import itself
        local_steps = catalog_store().current().get(LOCAL).steps
        assert local_steps == ["Bước do địa phương sửa (dữ liệu thử)."]


def test_not_an_export_is_refused_with_a_message(app):
    client = app.test_client()
    login(client, email=EDITOR, password=STAFF_PASSWORD)
    response = upload(client, b"not json")
    assert response.status_code == 303
    assert "Chọn tệp JSON" in client.get(PAGE).get_data(as_text=True)
