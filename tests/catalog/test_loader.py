"""The loader names the file, the field path and the problem; the bundled catalogue is sound."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tthc.catalog import CatalogError, load_catalog
from tthc.catalog.loader import procedure_files
from tthc.catalog.models import Channel, Level

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
BUNDLED = Path(__file__).resolve().parents[2] / "procedures"


def broken_catalogue(tmp_path: Path, case: str, target: str) -> Path:
    """Copy the valid base catalogue and drop one broken file at ``target``."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "base", root)
    destination = root / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "cases" / f"{case}.yaml", destination)
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    return caught.value.problems


def test_the_base_fixture_is_valid():
    catalog = load_catalog(FIXTURES / "base")
    assert [p.code for p in catalog] == ["1.004222"]


@pytest.mark.parametrize(
    ("case", "target", "expected"),
    [
        (
            "bad_yaml",
            "cu-tru/1.003197-xoa-dang-ky-thuong-tru.yaml",
            ["cu-tru/1.003197-xoa-dang-ky-thuong-tru.yaml: invalid YAML: line 5, column"],
        ),
        (
            "missing_amount",
            "cu-tru/1.004194-dang-ky-tam-tru.yaml",
            [
                "cu-tru/1.004194-dang-ky-tam-tru.yaml: channels.0.fees.0: ",
                "needs an 'amount' or 'set_by'",
            ],
        ),
        (
            "unknown_channel",
            "cu-tru/1.004194-dang-ky-tam-tru.yaml",
            ["cu-tru/1.004194-dang-ky-tam-tru.yaml: channels.0.channel: ", "'truc_tiep'"],
        ),
        (
            "negative_time",
            "cu-tru/1.004194-dang-ky-tam-tru.yaml",
            ["cu-tru/1.004194-dang-ky-tam-tru.yaml: channels.1.time.value: ", "greater than 0"],
        ),
        (
            "duplicate_code",
            "cu-tru/1.004222-ban-sao.yaml",
            [
                "cu-tru/1.004222-dang-ky-thuong-tru.yaml: code: duplicate code 1.004222 "
                "(also in cu-tru/1.004222-ban-sao.yaml)"
            ],
        ),
        (
            "wrong_folder",
            "cu-tru/1.014063-cap-doi-the-can-cuoc.yaml",
            [
                "cu-tru/1.014063-cap-doi-the-can-cuoc.yaml: field: 'can-cuoc' "
                "but the file is in 'cu-tru/'"
            ],
        ),
    ],
)
def test_a_broken_file_names_file_field_and_problem(tmp_path, case, target, expected):
    problems = problems_of(broken_catalogue(tmp_path, case, target))
    assert len(problems) == 1, problems
    for part in expected:
        assert part in problems[0]


def test_unknown_field_and_unit_references_are_both_reported(tmp_path):
    root = broken_catalogue(tmp_path, "unknown_references", "cu-tru/1.004194-dang-ky-tam-tru.yaml")
    problems = problems_of(root)
    name = "cu-tru/1.004194-dang-ky-tam-tru.yaml"
    assert f"{name}: field: unknown field 'ho-khau'" in problems
    assert f"{name}: units: unknown unit 'cong-an-phuong-9'" in problems


def test_every_problem_of_a_file_is_listed_with_its_path(tmp_path):
    root = broken_catalogue(tmp_path, "unknown_key", "cu-tru/1.004194-dang-ky-tam-tru.yaml")
    problems = problems_of(root)
    text = "\n".join(problems)
    assert "cu-tru/1.004194-dang-ky-tam-tru.yaml: thoi_han: Extra inputs are not permitted" in text
    assert "channels.0.fees.0: Value error, 'valid_from' is after 'valid_until'" in text
    assert "keep_on_import.0: Input should be 'name'" in text


def test_problems_of_several_files_are_reported_in_one_run(tmp_path):
    root = broken_catalogue(tmp_path, "unknown_channel", "cu-tru/1.004194-dang-ky-tam-tru.yaml")
    shutil.copy(FIXTURES / "cases" / "bad_yaml.yaml", root / "cu-tru" / "1.003197-xoa.yaml")
    (root / "units.yaml").write_text("units:\n  - slug: Sai Slug\n", encoding="utf-8")
    problems = problems_of(root)
    name = "cu-tru/1.004194-dang-ky-tam-tru.yaml"
    assert any(p.startswith(f"{name}: channels.0.channel") for p in problems)
    assert any(p.startswith("cu-tru/1.003197-xoa.yaml: invalid YAML") for p in problems)
    assert any(p.startswith("units.yaml: units.0.slug") for p in problems)
    assert any(p.startswith("units.yaml: units.0.name: Field required") for p in problems)


def test_a_file_whose_name_does_not_start_with_its_code_is_refused(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "base", root)
    folder = root / "cu-tru"
    (folder / "1.004222-dang-ky-thuong-tru.yaml").rename(folder / "thuong-tru.yaml")
    assert problems_of(root) == ["cu-tru/thuong-tru.yaml: code: file name must start with 1.004222"]


def test_a_missing_folder_or_agency_is_reported(tmp_path):
    nowhere = tmp_path / "nowhere"
    assert problems_of(nowhere) == [f"{nowhere}: catalogue folder not found"]
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "base", root)
    (root / "agency.yaml").unlink()
    assert problems_of(root) == ["agency.yaml: cannot read: No such file or directory"]


def test_the_version_changes_when_a_file_changes(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "base", root)
    before = load_catalog(root).version
    path = root / "cu-tru" / "1.004222-dang-ky-thuong-tru.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("20000", "25000"), encoding="utf-8")
    assert load_catalog(root).version != before


# --- The bundled catalogue -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_catalog(BUNDLED)


def test_the_bundled_catalogue_holds_the_provincial_and_commune_procedures(bundled):
    assert 160 <= len(bundled.active) <= 175
    for procedure in bundled:
        assert procedure.levels, procedure.code
        assert set(procedure.levels) <= {Level.PROVINCE, Level.COMMUNE}
    # Ministry-only procedures of the export stay out (1.003204, the GPLX đổi records).
    for code in ("1.003204", "3.000349", "3.000350", "3.000351", "1.001471"):
        assert bundled.get(code) is None


def test_the_bundled_catalogue_has_the_reference_procedures(bundled):
    thuong_tru = bundled.get("1.004222")
    assert thuong_tru.field == "cu-tru" and thuong_tru.levels == [Level.COMMUNE]
    assert bundled.get("2.001195").levels == [Level.PROVINCE]
    assert bundled.get("1.014063").name == "Cấp đổi thẻ căn cước"
    assert {unit.slug for unit in bundled.units_for(bundled.get("2.001195"))} == {
        "phong-csqlhc-ve-ttxh"
    }
    assert all(bundled.units_for(procedure) for procedure in bundled.active)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("CCCD", "1.014061"),
        ("làm căn cước", "1.014061"),
        ("CMND", "1.014061"),
        ("hộ khẩu", "1.004222"),
        ("nhập khẩu", "1.004222"),
        ("tách khẩu", "1.010038"),
        ("KT3", "1.004194"),
        ("passport", "1.001456"),
        ("làm passport", "1.001456"),
        ("bằng lái", "3.000348"),
        ("GPLX", "3.000348"),
        ("LLTP", "3.000333"),
        ("PCCC", "3.000489"),
        ("đăng ký xe", "1.013067"),
        ("biển số", "1.013067"),
        ("sang tên xe", "1.013076"),
        ("con dấu", "2.001428"),
        ("VNeID", "3.000228"),
        ("định danh điện tử", "3.000228"),
        ("vũ khí", "3.000395"),
        ("pháo", "1.014984"),
    ],
)
def test_common_words_are_aliases_of_the_right_procedure(bundled, word, code):
    assert word in bundled.get(code).aliases


def test_short_names_are_short_and_only_where_the_name_is_long(bundled):
    with_short = [p for p in bundled if p.short_name]
    assert len(with_short) >= 40
    for procedure in with_short:
        assert len(procedure.short_name) <= 80
        assert len(procedure.short_name) < len(procedure.name)


def test_the_2023_report_is_recorded_as_dated_history(bundled):
    entry = next(c for c in bundled.get("1.004222").changes if c.date.year == 2023)
    assert "07 xuống 02 ngày làm việc" in entry.summary
    assert "12/CAT-PV01" in entry.decision
    # History only: the national figure published today stays.
    assert {option.time.value for option in bundled.get("1.004222").channels} == {7}


def test_every_bundled_file_declares_the_schema_and_sits_in_its_field_folder():
    files = procedure_files(BUNDLED)
    assert len(files) >= 160
    for path in files:
        with path.open(encoding="utf-8") as handle:
            assert handle.readline() == "# yaml-language-server: $schema=../schema.json\n", path


def test_units_publish_no_unverified_contact_data():
    text = (BUNDLED / "units.yaml").read_text(encoding="utf-8")
    for key in ("address:", "phone:", "email:"):
        assert key not in text


def test_no_step_ends_with_the_heading_of_the_next_section(bundled):
    """A portal text like "… theo quy định. 1. Thủ tục thu hồi Bước 1: …" is split so that the
    heading opens the steps it names (tthc/catalog/importer/text.py)."""
    import re

    glued = re.compile(r"(?:^|[.;:]\s)\d{1,2}\.\s+[^.;:()]{3,80}$")
    assert not [
        (p.code, number)
        for p in bundled
        for number, step in enumerate(p.steps[:-1], start=1)
        if glued.search(str(step))
    ]
    steps = [str(step) for step in bundled.get("1.013076").steps]
    assert steps[1].startswith("Thủ tục thu hồi: Chủ xe kê khai")
    assert steps[3].startswith("Thủ tục đăng ký: Chủ xe đăng nhập")


def test_online_services_point_at_the_portal_page_of_the_procedure(bundled):
    with_service = [p for p in bundled if p.online_service]
    assert len(with_service) > 100
    for procedure in with_service:
        assert str(procedure.online_service.url) == str(procedure.source_url)
        assert procedure.channels_of(Channel.ONLINE), procedure.code
    assert all(p.online_service for p in bundled if p.channels_of(Channel.ONLINE))
