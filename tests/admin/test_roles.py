"""Roles: every /quan-tri route declares who may open it, and each role gets exactly that.

The walk over app.url_map means a new staff route is tested as soon as it exists: without a
declared permission it fails `test_every_staff_route_declares_a_permission`, and with one every
role is sent to it and must get 403 exactly when the declaration says so.
"""

from __future__ import annotations

import io

import pytest
from admin_helpers import LOGIN, STAFF_PASSWORD, add_feedback, add_staff, parse
from PIL import Image
from sqlalchemy import delete
from tests.conftest import make_app

from tthc.admin import roles
from tthc.admin.models import AuditLog, LoginAttempt, StaffRole, StaffUnit, StaffUser
from tthc.admin.roles import ADMIN, EDITOR, OFFICER, REVIEWER, ROLES, VIEWER
from tthc.extensions import db
from tthc.feedback import photos
from tthc.feedback.models import Feedback

UNIT = "phong-quan-ly-xuat-nhap-canh"
FIELD_FEW_PROCEDURES = "ly-lich-tu-phap"  # keeps the batch poster small
FEEDBACK = (ADMIN, OFFICER)
PROCEDURE = "1.014064"  # for the catalogue editor's routes
EVERYONE = set(ROLES)
# The permissions of today's staff routes, on purpose written out: changing one is a decision.
EXPECTED = {
    "admin.inbox_page": FEEDBACK,
    "admin.export_csv": FEEDBACK,
    "admin.detail": FEEDBACK,
    "admin.answer": FEEDBACK,
    "admin.change_status": FEEDBACK,
    "admin.hide": FEEDBACK,
    "admin.unhide": FEEDBACK,
    "admin.photo": FEEDBACK,
    "admin.scans": (ADMIN, OFFICER, VIEWER),
    "admin.scans_csv": (ADMIN, OFFICER, VIEWER),
    "admin.opinions": EVERYONE,
    "admin.poster_page": EVERYONE,
    "admin.poster_batch": EVERYONE,
    "admin.audit_page": (ADMIN,),
    "admin.accounts": (ADMIN,),
    "admin.account": (ADMIN,),
    # the catalogue editor (tthc/admin/editor_views.py)
    "admin.catalog_page": (ADMIN, EDITOR, REVIEWER),
    "admin.edit_procedure": (ADMIN, EDITOR, REVIEWER),
    "admin.draft_page": (ADMIN, EDITOR, REVIEWER),
    "admin.preview_draft": (ADMIN, EDITOR, REVIEWER),
    "admin.preview_poster": (ADMIN, EDITOR, REVIEWER),
    "admin.history_page": (ADMIN, EDITOR, REVIEWER),
    "admin.save_procedure": (EDITOR,),
    "admin.new_procedure": (EDITOR,),
    "admin.withdraw_draft": (EDITOR,),
    "admin.revert_procedure": (EDITOR,),
    "admin.publish_draft": (REVIEWER,),
    "admin.return_draft": (REVIEWER,),
    "admin.national_import": (EDITOR,),
    "admin.national_import_accept": (EDITOR,),
    "admin.contacts_page": (ADMIN,),
    "admin.edit_unit": (ADMIN,),
    "admin.edit_agency": (ADMIN,),
}
ANY_ACCOUNT = {"admin.index", "admin.change_password", "admin.logout"}
PUBLIC = {"admin.login"}
QUERY = {"admin.poster_batch": {"field": FIELD_FEW_PROCEDURES, "size": "label"}}
POSTED = {"status": "dang_xu_ly", "answer": "Đã chuyển bộ phận giải quyết.", "reason": "x"}


def staff_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule == "/quan-tri" or rule.rule.startswith("/quan-tri/"):
            yield rule


def undeclared_staff_routes(app) -> list[str]:
    return sorted(
        rule.endpoint
        for rule in staff_rules(app)
        if getattr(app.view_functions[rule.endpoint], roles.PERMISSION_ATTRIBUTE, None) is None
    )


@pytest.fixture(scope="module")
def open_app(tmp_path_factory):
    """Without CSRF, so that every POST reaches the role check and the view behind it."""
    return make_app(tmp_path_factory.mktemp("roles"), WTF_CSRF_ENABLED=False)


@pytest.fixture
def world(open_app):
    """One account per role (the officer for UNIT), and a submission of UNIT with a photo."""
    with open_app.app_context():
        for model in (AuditLog, LoginAttempt, StaffRole, StaffUnit, StaffUser, Feedback):
            db.session.execute(delete(model))
        db.session.commit()
    accounts = {}
    for role in ROLES:
        email = f"{role}@congan.example.vn"
        units = (UNIT,) if role == OFFICER else ()
        accounts[role] = (email, add_staff(open_app, email=email, roles=(role,), units=units))
    image = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(image, "JPEG")
    with open_app.test_request_context():
        photo = photos.store(image.getvalue(), "jpg")
    code = add_feedback(open_app, unit_slug=UNIT, photo_file=photo)
    # a draft by an editor outside the walk, so that no walked account may change it
    author = add_staff(open_app, email="soan.thao@congan.example.vn", roles=(EDITOR,))
    with open_app.app_context():
        from tthc.catalog.export_yaml import document_of
        from tthc.catalog.revisions import CatalogDraft, CatalogRevision, to_json
        from tthc.catalog.store import catalog_store

        for model in (CatalogDraft, CatalogRevision):
            db.session.execute(delete(model))
        draft = CatalogDraft(
            code=PROCEDURE,
            document=to_json(document_of(catalog_store().baseline.get(PROCEDURE))),
            base_number=0,
            author_id=author,
            author_email="soan.thao@congan.example.vn",
        )
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    return {"accounts": accounts, "code": code, "draft_id": draft_id}


def logged_in(app, email):
    client = app.test_client()
    response = client.post(LOGIN, data={"email": email, "password": STAFF_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def requests_of(app, values):
    """(endpoint, method, url) of every staff route; logging out comes last."""
    found = []
    for rule in staff_rules(app):
        arguments = {name: values.get(name, "1") for name in rule.arguments}
        url = rule.build(arguments)[1]
        query = QUERY.get(rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url, query))
    return sorted(found, key=lambda item: item[0] == "admin.logout")


def test_every_staff_route_declares_a_permission(open_app):
    assert undeclared_staff_routes(open_app) == []


def test_todays_routes_have_the_permissions_of_the_table(open_app):
    with open_app.app_context():
        for endpoint, allowed in EXPECTED.items():
            permission = roles.permission_of(endpoint)
            assert permission is not None, endpoint
            assert permission.roles == frozenset(allowed), endpoint
            assert not permission.public and not permission.any_account, endpoint
        for endpoint in ANY_ACCOUNT:
            assert roles.permission_of(endpoint).any_account, endpoint
        for endpoint in PUBLIC:
            assert roles.permission_of(endpoint).public, endpoint
    declared = {rule.endpoint for rule in staff_rules(open_app)}
    assert set(EXPECTED) | ANY_ACCOUNT | PUBLIC <= declared


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_403_exactly_where_its_role_is_not_allowed(open_app, world, role):
    email, staff_id = world["accounts"][role]
    client = logged_in(open_app, email)
    values = {"code": world["code"], "staff_id": str(staff_id)}
    values.update(procedure_code=PROCEDURE, draft_id=str(world["draft_id"]), number="0")
    values.update(unit_slug=UNIT)
    with open_app.app_context():
        user = db.session.get(StaffUser, staff_id)
        permissions = {
            rule.endpoint: roles.permission_of(rule.endpoint) for rule in staff_rules(open_app)
        }
        allowed = {endpoint for endpoint, p in permissions.items() if p.allows(user)}
    checked = refused = 0
    for endpoint, method, url, query in requests_of(open_app, values):
        data = POSTED if method == "POST" else None
        response = client.open(url, method=method, data=data, query_string=query)
        where = (role, endpoint, method, url, response.status_code)
        if endpoint in allowed:
            assert response.status_code != 403, where
            if endpoint != "admin.logout":  # which does send to the login page
                assert LOGIN not in response.headers.get("Location", ""), where
            assert response.status_code < 500, where
            if method == "GET" and endpoint not in ("admin.index", "admin.login"):
                assert response.status_code == 200, where
        else:
            assert response.status_code == 403, where
            assert "Không có quyền truy cập" in response.get_data(as_text=True), where
            assert response.headers["Cache-Control"] == "no-store", where
            refused += 1
        response.close()
        checked += 1
    assert checked >= 20
    expected_refused = sum(
        1 for endpoint, *_rest in requests_of(open_app, values) if endpoint not in allowed
    )
    assert refused == expected_refused
    if role != ADMIN:
        assert refused > 0, role


def test_a_refusal_is_in_the_audit_log(open_app, world):
    client = logged_in(open_app, world["accounts"][VIEWER][0])
    assert client.get("/quan-tri/phan-anh").status_code == 403
    with open_app.app_context():
        entries = db.session.scalars(
            db.select(AuditLog).where(AuditLog.action == "access.denied")
        ).all()
    assert [(e.staff_email, e.details) for e in entries] == [
        (world["accounts"][VIEWER][0], "GET /quan-tri/phan-anh")
    ]


def test_several_roles_add_up(open_app, world):
    add_staff(open_app, email="hai.vai@congan.example.vn", roles=(VIEWER, EDITOR))
    client = logged_in(open_app, "hai.vai@congan.example.vn")
    assert client.get("/quan-tri/luot-quet").status_code == 200  # as viewer
    assert client.get("/quan-tri/phan-anh").status_code == 403  # neither role
    assert client.get("/quan-tri/nhat-ky").status_code == 403


def test_a_route_without_a_declared_permission_is_refused_and_fails_the_walk(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False)
    app.add_url_rule("/quan-tri/chua-khai-bao", "admin.undeclared", lambda: "bí mật")
    app.add_url_rule("/quan-tri/khac", "other.undeclared", lambda: "bí mật")
    assert undeclared_staff_routes(app) == ["admin.undeclared", "other.undeclared"]
    with app.app_context():
        db.create_all()
    add_staff(app, roles=ROLES)
    client = logged_in(app, "can.bo@congan.example.vn")
    for url in ("/quan-tri/chua-khai-bao", "/quan-tri/khac"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "bí mật" not in response.get_data(as_text=True)
    anonymous = app.test_client().get("/quan-tri/khac")
    assert anonymous.status_code == 302 and LOGIN in anonymous.headers["Location"]


def test_require_roles_refuses_unknown_roles():
    with pytest.raises(ValueError):
        roles.require_roles("superuser")
    with pytest.raises(ValueError):
        roles.require_roles()


@pytest.mark.parametrize("role", [*ROLES, "officer+viewer"])
def test_the_navigation_shows_what_the_role_can_open_and_nothing_else(open_app, world, role):
    if role == "officer+viewer":
        add_staff(open_app, email="ov@congan.example.vn", roles=(OFFICER, VIEWER), units=(UNIT,))
        email = "ov@congan.example.vn"
    else:
        email = world["accounts"][role][0]
    client = logged_in(open_app, email)
    start = client.get("/quan-tri/")
    assert start.status_code == 302
    page = parse(client.get(start.headers["Location"]))
    links = [a["href"] for a in page.select("nav.admin-nav a")]
    assert links, role
    with open_app.app_context():
        user = db.session.scalar(db.select(StaffUser).where(StaffUser.email == email))
        expected = [
            item.endpoint for item in sorted(roles.NAV.values(), key=lambda i: i.order)
            if roles.permission_of(item.endpoint).allows(user)
        ]
    with open_app.test_request_context():
        assert links == [db_url(endpoint) for endpoint in expected]
    for href in links:
        assert client.get(href).status_code == 200, (role, href)


def db_url(endpoint):
    from flask import url_for

    return url_for(endpoint)


def test_first_page_of_each_role(open_app, world):
    expected = {
        ADMIN: "/quan-tri/phan-anh",
        OFFICER: "/quan-tri/phan-anh",
        VIEWER: "/quan-tri/luot-quet",
        EDITOR: "/quan-tri/thu-tuc",  # the catalogue editor's list of drafts
        REVIEWER: "/quan-tri/thu-tuc",
    }
    for role, url in expected.items():
        client = logged_in(open_app, world["accounts"][role][0])
        assert client.get("/quan-tri/").headers["Location"] == url, role
