"""flask catalog check | import | schema, in-process and as the editor runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import make_app

from tthc.catalog import CatalogError
from tthc.catalog.cli import catalog_cli

HERE = Path(__file__).parent
BUNDLED = HERE.parents[1] / "procedures"
BROKEN = HERE / "fixtures" / "broken"
EXPORT = HERE / "fixtures" / "importer" / "portal_export.json"
FLASK = Path(sys.executable).with_name("flask")


@pytest.fixture
def broken(tmp_path) -> Path:
    """A catalogue with problems in two files."""
    root = tmp_path / "broken"
    shutil.copytree(BROKEN / "base", root)
    shutil.copy(BROKEN / "cases" / "unknown_channel.yaml", root / "cu-tru" / "1.004194-a.yaml")
    shutil.copy(BROKEN / "cases" / "unknown_key.yaml", root / "cu-tru" / "1.003197-b.yaml")
    return root


def flask(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "FLASK_APP": "tthc", **env}
    return subprocess.run(
        [str(FLASK), *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_check_accepts_the_bundled_catalogue():
    result = CliRunner().invoke(catalog_cli, ["check", "--dir", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("ok: 169 procedures (169 active), 12 fields")
    # No content error is left; the warnings are listed (and explained in REVIEW.md).
    assert not [line for line in lines if line.startswith("lỗi:")]
    warnings = [line for line in lines if line.startswith("cảnh báo:")]
    review_file = HERE.parents[1] / "reference" / "REVIEW.md"
    head, shown = lines[-2].split(" reviewed in ")
    assert head == f"{len(warnings)} warning(s): each one is"
    assert Path(shown).resolve() == review_file
    review = review_file.read_text(encoding="utf-8")
    for line in warnings:
        code, path = line.split(": ")[1:3]
        assert f"{code} {path}" in review, line


def test_check_names_the_review_list_of_another_state_dir(tmp_path):
    result = CliRunner().invoke(
        catalog_cli, ["check", "--dir", str(BUNDLED), "--state-dir", str(tmp_path / "state")]
    )
    assert result.exit_code == 0, result.output
    warnings = result.output.splitlines()[-2]
    assert warnings.endswith(f"reviewed in {tmp_path / 'state' / 'REVIEW.md'}")


def test_check_lists_every_problem_and_exits_non_zero(broken):
    result = CliRunner().invoke(catalog_cli, ["check", "--dir", str(broken)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "cu-tru/1.004194-a.yaml: channels.0.channel: "
        "Input should be 'truc_tiep', 'truc_tuyen' or 'buu_chinh'"
    ) in lines
    assert "cu-tru/1.003197-b.yaml: thoi_han: Extra inputs are not permitted" in lines
    assert any(line.startswith("cu-tru/1.003197-b.yaml: channels.0.fees.0:") for line in lines)
    assert lines[-1] == f"{len(lines) - 1} problem(s) in {broken}"


def test_the_site_refuses_to_start_on_a_broken_catalogue(tmp_path, broken):
    with pytest.raises(CatalogError) as caught:
        make_app(tmp_path, PROCEDURES_DIR=str(broken))
    assert any("1.004194-a.yaml: channels.0.channel" in p for p in caught.value.problems)


def test_flask_catalog_check_runs_without_a_valid_app(broken):
    result = flask("catalog", "check", PROCEDURES_DIR=str(broken))
    assert result.returncode == 1, result.stderr
    assert "cu-tru/1.004194-a.yaml: channels.0.channel" in result.stderr
    assert "Traceback" not in result.stderr
    ok = flask("catalog", "check", "--dir", str(BUNDLED))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1].startswith("ok: 169 procedures")


def test_flask_catalog_import_then_check(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(HERE / "fixtures" / "importer" / "catalogue", root)
    result = flask("catalog", "import", str(EXPORT), "--into", str(root), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "6 added" in result.stdout
    assert "import:" not in result.stderr  # no progress bar without a terminal
    check = flask("catalog", "check", "--dir", str(root))
    # The raw portal text has what an editor must fix (typos copied from the portal): the
    # files are valid, the content rules list those errors, and the import's review has them.
    assert check.returncode == 1
    problems = check.stderr.splitlines()
    assert problems[-1].endswith(f"in {root}") and "content error(s)" in problems[-1]
    assert all(line.startswith("lỗi: ") for line in problems[:-1]), problems
    review = (tmp_path / "reference" / "REVIEW.md").read_text(encoding="utf-8")
    for line in problems[:-1]:
        assert line.split(": ")[1] in review


def test_the_app_cli_reaches_the_same_commands(runner):
    result = runner.invoke(args=["catalog", "check", "--dir", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "ok: 169 procedures" in result.output
