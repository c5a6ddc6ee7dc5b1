"""The portal importer: mapping, suspicious values, human-editable YAML, and safe re-imports."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tthc.catalog import load_catalog
from tthc.catalog.cli import catalog_cli
from tthc.catalog.importer.portal import (
    channel_of,
    convert,
    convert_documents,
    convert_fee,
    levels_of,
)
from tthc.catalog.importer.review import review
from tthc.catalog.importer.run import run_import
from tthc.catalog.importer.text import case_label, form_code, regulations_in, split_steps
from tthc.catalog.models import Channel, Level

FIXTURES = Path(__file__).parents[1] / "fixtures" / "importer"
EXPORT = FIXTURES / "portal_export.json"
REFERENCE = Path(__file__).resolve().parents[3] / "reference/police_procedures_dvcqg.json"
TODAY = dt.date(2026, 11, 28)


def records() -> list[dict]:
    return json.loads(EXPORT.read_text(encoding="utf-8"))


def record(code: str) -> dict:
    return copy.deepcopy(next(r for r in records() if r["ma_thu_tuc"] == code))


def catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", root)
    return root


def run(*args: str):
    return CliRunner().invoke(catalog_cli, ["import", *map(str, args)])


def kinds(findings, code: str) -> set[str]:
    return {finding.kind for finding in findings if finding.code == code}


def read(root: Path, code: str) -> dict:
    path = next(root.glob(f"*/{code}-*.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(root: Path, code: str, data: dict) -> None:
    from tthc.catalog.importer.editor_yaml import dump_procedure

    path = next(root.glob(f"*/{code}-*.yaml"))
    path.write_text(dump_procedure(data), encoding="utf-8")


# --- Mapping one record ---------------------------------------------------------------------


def test_steps_are_split_on_buoc_markers_or_lettered_sections():
    text = "- Bước 1:  + Chuẩn bị hồ sơ.  Bước 2: Nộp hồ sơ;  - Bước 3: Nhận kết quả."
    assert split_steps([text]) == ["Chuẩn bị hồ sơ.", "Nộp hồ sơ", "Nhận kết quả."]
    lettered = "a) Nộp hồ sơ: tại xã. b) Giải quyết theo điểm c) khoản 1; c) Trả kết quả"
    assert split_steps([lettered]) == [
        "Nộp hồ sơ: tại xã",
        "Giải quyết theo điểm c) khoản 1",
        "Trả kết quả",
    ]
    assert split_steps(["Nộp hồ sơ", "", "  Nhận kết quả "]) == ["Nộp hồ sơ", "Nhận kết quả"]


def test_a_section_heading_glued_to_a_step_opens_the_next_one():
    # As the portal writes 1.013076: two numbered sections, each with its own "Bước 1".
    text = (
        "Chủ xe làm thủ tục thu hồi, rồi đăng ký sang tên. 1. Thủ tục thu hồi Bước 1: Kê khai;"
        " Bước 2: Nhận chứng nhận thu hồi. 2. Thủ tục đăng ký Bước 1: Kê khai giấy khai đăng ký"
    )
    assert split_steps([text]) == [
        "Chủ xe làm thủ tục thu hồi, rồi đăng ký sang tên.",
        "Thủ tục thu hồi: Kê khai",
        "Nhận chứng nhận thu hồi.",
        "Thủ tục đăng ký: Kê khai giấy khai đăng ký",
    ]
    # A numbered reference is not a heading, and the last step keeps its end whatever it is.
    cited = "Bước 1: Chuẩn bị hồ sơ (mục 2.3. Thành phần hồ sơ) Bước 2: Nộp hồ sơ. 2. Nơi nộp"
    assert split_steps([cited]) == [
        "Chuẩn bị hồ sơ (mục 2.3. Thành phần hồ sơ)",
        "Nộp hồ sơ. 2. Nơi nộp",
    ]


def test_channels_levels_and_regulations_are_mapped():
    assert channel_of("Trực tiếp") is Channel.IN_PERSON
    assert channel_of("Trực tuyến") is Channel.ONLINE
    assert channel_of("Bưu chính") is Channel.POSTAL
    assert channel_of("Dịch vụ bưu chính") is Channel.POSTAL
    assert channel_of("Fax") is None
    assert levels_of("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan ngành dọc") == [
        Level.PROVINCE,
        Level.COMMUNE,
    ]
    assert levels_of("Cấp bộ, Cơ quan ngành dọc") == []
    assert form_code("Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo …)") == "CT01"
    assert form_code("Tờ khai (mẫu TK01)") == "TK01"
    assert form_code("Mẫu số 01 ban hành kèm theo Nghị định") is None
    assert regulations_in("theo Thông tư số 60/2023/TT-BTC và Nghị định 70/2024/NĐ-CP") == [
        "Thông tư 60/2023/TT-BTC",
        "Nghị định 70/2024/NĐ-CP",
    ]


def test_fees_keep_their_wording_and_a_zero_naming_a_circular_is_not_free():
    set_by = convert_fee({"loai": "SERVICE_FEE", "so_tien": 0, "tien_te": "Việt Nam Đồng",
                          "mo_ta": "Thông tư số 60/2023/TT-BTC ngày 07/9/2023 của Bộ Tài chính"})
    assert set_by["amount"] is None and set_by["set_by"] == "Thông tư 60/2023/TT-BTC"
    assert set_by["note"].startswith("Thông tư số 60/2023")
    exempt = convert_fee({"loai": "FEE", "so_tien": 0, "tien_te": None, "mo_ta":
                          "Trường hợp công dân thuộc diện được miễn phí theo quy định tại Điều 4 "
                          "Thông tư số 75/2022/TT-BTC"})
    assert exempt["amount"] == 0 and "set_by" not in exempt
    usd = convert_fee({"loai": "FEE", "so_tien": 25, "tien_te": "USD", "mo_ta": "25 USD/thẻ"})
    assert (usd["amount"], usd["currency"], usd["kind"]) == (25, "USD", "le_phi")
    service = convert_fee({"loai": "FEE", "so_tien": 0, "tien_te": None,
                           "mo_ta": "- Phí sát hạch lái xe: 60.000 đồng/lần"})
    assert service["kind"] == "phi" and service["name"] == "Phí sát hạch lái xe"
    named = convert_fee({"loai": "FEE", "so_tien": 10000, "tien_te": "Việt Nam Đồng",
                         "mo_ta": "- Đăng ký tạm trú theo danh sách: + thu 10.000 đồng/người"})
    assert named["name"] == "Đăng ký tạm trú theo danh sách" and named["amount"] == 10_000


def test_documents_keep_cases_forms_and_notes():
    documents, notes = convert_documents([
        {"truong_hop": "* Trường hợp A, hồ sơ gồm:", "ten_giay_to": "- Tờ khai (Mẫu CT01).",
         "ban_chinh": 1, "ban_sao": 0, "bat_buoc": False},
        {"truong_hop": "* Trường hợp A, hồ sơ gồm:", "ten_giay_to": "Trường hợp con nuôi, gồm:",
         "ban_chinh": 0, "ban_sao": 0, "bat_buoc": False},
        {"truong_hop": "* Trường hợp A, hồ sơ gồm:", "ten_giay_to": "Quyết định nuôi con nuôi",
         "ban_chinh": 0, "ban_sao": 1, "bat_buoc": False},
        {"truong_hop": "Phiếu được tạo lập khi trích xuất thông tin của công dân.",
         "ten_giay_to": "Phiếu thu nhận thông tin (Mẫu CC01)", "ban_chinh": 1, "ban_sao": 0,
         "bat_buoc": False},
        {"truong_hop": "", "ten_giay_to": "Lưu ý: nộp bản sao có chứng thực.", "ban_chinh": 0,
         "ban_sao": 0, "bat_buoc": False},
    ])
    assert documents == [
        {"name": "Tờ khai (Mẫu CT01).", "originals": 1, "copies": 0, "form": "CT01",
         "case": "Trường hợp A"},
        {"name": "Quyết định nuôi con nuôi", "originals": 0, "copies": 1,
         "case": "Trường hợp A: Trường hợp con nuôi, gồm"},
        {"name": "Phiếu thu nhận thông tin (Mẫu CC01)", "originals": 1, "copies": 0,
         "form": "CC01", "note": "Phiếu được tạo lập khi trích xuất thông tin của công dân."},
    ]
    assert notes == ["Lưu ý: nộp bản sao có chứng thực."]


def test_repeated_channel_rows_get_a_case_label():
    note = ("- Cách thức thực hiện: + Chủ xe kê khai. - Thời hạn giải quyết: + Cấp mới biển số "
            "xe: Cấp ngay sau khi nhận đủ hồ sơ hợp lệ.")
    assert case_label(note) == "Cấp mới biển số xe"
    assert case_label("trường hợp phức tạp thì có thể kéo dài. Khác") == (
        "trường hợp phức tạp thì có thể kéo dài."
    )


def test_a_provincial_record_is_converted_with_every_part():
    data = convert(record("2.001195"), "can-cuoc", dt.date(2026, 7, 1))
    assert data["code"] == "2.001195" and data["levels"] == ["tinh"]
    assert [c["channel"] for c in data["channels"]] == ["truc_tuyen", "truc_tiep"]
    assert data["channels"][0]["time"] == {"value": 7, "unit": "ngay_lam_viec"}
    assert data["channels"][0]["fees"][0]["amount"] == 50_000
    assert len(data["steps"]) == 7 and data["steps"][0].startswith("+ Công dân") is False
    assert any(d.get("form") == "CC01" for d in data["documents"])
    assert {"number": "73/2024/TT-BTC", "issued_on": dt.date(2024, 10, 21)}.items() <= next(
        b for b in data["legal_basis"] if b["number"] == "73/2024/TT-BTC"
    ).items()
    assert data["online_service"] == {"level": "mot_phan", "url": data["source_url"]}
    assert data["source_url"].startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")
    assert data["decision"] and data["verified_on"] == dt.date(2026, 7, 1)


# --- Suspicious values ----------------------------------------------------------------------


def test_an_online_fee_ten_times_lower_is_flagged():
    raw = record("1.003204")  # ministry-only, so it is not imported: review it directly
    data = convert(raw, "nganh-nghe-antt", TODAY)
    assert "low_online_fee" in kinds(review(data, raw, TODAY), "1.003204")
    raw["cach_thuc_thuc_hien"][0]["phi_le_phi"][0]["so_tien"] = 300_000
    fixed = convert(raw, "nganh-nghe-antt", TODAY)
    assert "low_online_fee" not in kinds(review(fixed, raw, TODAY), "1.003204")


def test_a_fee_stored_in_thousands_is_flagged():
    raw = record("1.004222")
    raw["cach_thuc_thuc_hien"][0]["phi_le_phi"] = [
        {"loai": "FEE", "so_tien": 135, "tien_te": None,
         "mo_ta": "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần."}
    ]
    findings = review(convert(raw, "cu-tru", TODAY), raw, TODAY)
    assert any(f.kind == "tiny_amount" and "135.000 đ" in f.message for f in findings)


def test_expired_and_temporary_rates_missing_steps_and_channels_are_flagged():
    passport = record("1.001456")
    assert "stale_rate" in kinds(review(convert(passport, "xuat-nhap-canh", TODAY), passport,
                                        TODAY), "1.001456")
    cccd = record("2.001195")
    assert "temporary_rate" in kinds(review(convert(cccd, "can-cuoc", TODAY), cccd, TODAY),
                                     "2.001195")
    bare = record("1.004222")
    bare["trinh_tu_thuc_hien"] = []
    bare["cach_thuc_thuc_hien"] = [c for c in bare["cach_thuc_thuc_hien"]
                                   if c["kenh"] == "Bưu chính"]
    bare["toan_trinh"] = True
    found = kinds(review(convert(bare, "cu-tru", TODAY), bare, TODAY), "1.004222")
    assert {"no_steps", "no_channel", "missing_channel"} <= found


# --- Import into a folder -------------------------------------------------------------------


def test_import_writes_valid_human_editable_files(tmp_path):
    root = catalogue(tmp_path)
    result = run(EXPORT, "--into", root, "--quiet")
    assert result.exit_code == 0, result.output
    assert "+ added    1.004222 Đăng ký thường trú" in result.output
    assert "1.003204" not in result.output  # ministry-only
    assert "6 added, 0 changed, 0 removed, 0 unchanged; 1 ministry-only skipped" in result.output
    catalog = load_catalog(root)
    assert sorted(p.code for p in catalog) == [
        "1.001456", "1.004222", "1.013067", "2.001195", "3.000246", "3.000348"
    ]
    path = root / "cu-tru" / "1.004222-dang-ky-thuong-tru.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema.json"
    assert lines[1:4] == ["code: '1.004222'", "name: Đăng ký thường trú", "field: cu-tru"]
    assert "\\u" not in text and "{" not in text  # UTF-8, block style
    assert "  - >-" in text  # long text folded
    assert max(len(line) for line in lines) < 120
    keys = list(yaml.safe_load(text))
    assert keys.index("channels") < keys.index("documents") < keys.index("steps")
    assert keys[-2:] == ["source_url", "verified_on"]
    thuong_tru = catalog.get("1.004222")
    assert len(thuong_tru.steps) >= 5 and not thuong_tru.steps[0].startswith("Bước")
    assert any(d.form == "CT01" for d in thuong_tru.documents)
    plate = catalog.get("1.013067").channels_of(Channel.IN_PERSON)
    assert {option.case for option in plate} >= {"Cấp mới biển số xe"}
    assert catalog.get("3.000348").steps[0].startswith("Nộp hồ sơ")


def test_import_lists_suspicious_values_and_writes_the_review_report(tmp_path):
    root = catalogue(tmp_path)
    result = run(EXPORT, "--into", root)
    assert result.exit_code == 0, result.output
    assert "To review" in result.output
    assert "3.000246 [channels] truc_tuyen: fee stored as 150 đ, probably 150.000 đ" in (
        result.output
    )
    report = (tmp_path / "reference" / "REVIEW.md").read_text(encoding="utf-8")
    for expected in ("**3.000246**", "**1.001456**", "expired on 31/12/2023",
                     "**3.000348**", "fee stored as 0 but its text cites 135.000 đ",
                     "**1.013067**", "listed more than once"):
        assert expected in report


def test_the_state_and_review_list_live_outside_the_catalogue(tmp_path):
    root = catalogue(tmp_path)
    assert run(EXPORT, "--into", root, "--quiet").exit_code == 0
    beside = tmp_path / "reference"  # the default: reference/ beside the catalogue folder
    assert {p.name for p in beside.iterdir()} == {"import-state.json", "REVIEW.md"}
    assert not list(root.glob("import-state.json")) and not list(root.glob("REVIEW.md"))
    # Another state folder is read and written instead (here a copy of the first one's state).
    elsewhere = tmp_path / "state"
    elsewhere.mkdir()
    state = (beside / "import-state.json").read_text(encoding="utf-8")
    (elsewhere / "import-state.json").write_text(state, encoding="utf-8")
    (beside / "import-state.json").unlink()
    again = run(EXPORT, "--into", root, "--quiet", "--state-dir", elsewhere)
    assert again.exit_code == 0, again.output
    assert "0 added, 0 changed, 0 removed, 6 unchanged" in again.output
    assert (elsewhere / "import-state.json").read_text(encoding="utf-8") == state
    assert (elsewhere / "REVIEW.md").is_file() and not (beside / "import-state.json").exists()


def test_dry_run_writes_nothing(tmp_path):
    root = catalogue(tmp_path)
    before = sorted(p.name for p in root.rglob("*"))
    result = run(EXPORT, "--into", root, "--dry-run", "--quiet")
    assert result.exit_code == 0
    assert "dry run, nothing written: 6 added" in result.output
    assert sorted(p.name for p in root.rglob("*")) == before


def test_reimporting_the_same_export_changes_nothing(tmp_path):
    root = catalogue(tmp_path)
    run(EXPORT, "--into", root, "--quiet")
    files = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = run(EXPORT, "--into", root, "--quiet")
    assert "0 added, 0 changed, 0 removed, 6 unchanged" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == files


def test_reimport_reports_added_changed_removed_and_keeps_the_editors_work(tmp_path):
    root = catalogue(tmp_path)
    first = [r for r in records() if r["ma_thu_tuc"] != "1.001456"]
    first_export = tmp_path / "first.json"
    first_export.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    assert run(first_export, "--into", root, "--quiet").exit_code == 0

    # The editor adds words and history, fixes a fee and marks it reviewed, edits a text.
    thuong_tru = read(root, "1.004222")
    thuong_tru["aliases"] = ["hộ khẩu", "nhập khẩu"]
    thuong_tru["short_name"] = "Thường trú"
    thuong_tru["changes"] = [{"date": dt.date(2023, 1, 5), "summary": "Rút ngắn thời hạn."}]
    write(root, "1.004222", thuong_tru)
    fireworks = read(root, "3.000246")
    for option in fireworks["channels"]:
        option["fees"][0]["amount"] = 150_000
    fireworks["keep_on_import"] = ["channels"]
    write(root, "3.000246", fireworks)
    reviewed_times = [o["time"]["value"] for o in fireworks["channels"]]
    cccd = read(root, "2.001195")
    cccd["requirements"] = "Công dân mang theo thẻ cũ."
    write(root, "2.001195", cccd)

    # The newer export: one added, one fee changed, one removed, one reviewed key changed.
    newer = copy.deepcopy(records())
    newer = [r for r in newer if r["ma_thu_tuc"] != "1.013067"]
    by_code = {r["ma_thu_tuc"]: r for r in newer}
    by_code["1.004222"]["cach_thuc_thuc_hien"][0]["phi_le_phi"][0]["so_tien"] = 12_000
    by_code["3.000246"]["cach_thuc_thuc_hien"][0]["thoi_han"] = 40
    newer_export = tmp_path / "newer.json"
    newer_export.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")

    result = run(newer_export, "--into", root, "--quiet")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "+ added    1.001456 Cấp hộ chiếu phổ thông ở trong nước" in out
    assert "~ changed  1.004222 Đăng ký thường trú: channels" in out
    assert "! kept     3.000246: the portal changed channels" in out
    assert "- removed  1.013067" in out
    assert "1 added, 1 changed, 1 removed, 3 unchanged" in out

    thuong_tru = read(root, "1.004222")
    assert thuong_tru["channels"][0]["fees"][0]["amount"] == 12_000
    assert thuong_tru["aliases"] == ["hộ khẩu", "nhập khẩu"]
    assert thuong_tru["short_name"] == "Thường trú"
    assert thuong_tru["changes"][0]["summary"] == "Rút ngắn thời hạn."
    fireworks = read(root, "3.000246")
    assert {o["fees"][0]["amount"] for o in fireworks["channels"]} == {150_000}
    assert [o["time"]["value"] for o in fireworks["channels"]] == reviewed_times
    assert read(root, "2.001195")["requirements"] == "Công dân mang theo thẻ cũ."
    assert next(root.glob("*/1.013067-*.yaml")).exists()  # removed from the export, file kept
    load_catalog(root)


def test_a_portal_change_to_an_unreviewed_key_replaces_the_file_value(tmp_path):
    root = catalogue(tmp_path)
    run(EXPORT, "--into", root, "--quiet")
    cccd = read(root, "2.001195")
    cccd["requirements"] = "Sửa tay."
    write(root, "2.001195", cccd)
    newer = records()
    next(r for r in newer if r["ma_thu_tuc"] == "2.001195")["yeu_cau_dieu_kien"] = "Điều kiện mới."
    export = tmp_path / "newer.json"
    export.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    result = run(export, "--into", root, "--quiet")
    assert "~ changed  2.001195 Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh): requirements" in (
        result.output
    )
    assert read(root, "2.001195")["requirements"] == "Điều kiện mới."


def test_a_newer_verified_date_is_kept(tmp_path):
    root = catalogue(tmp_path)
    run(EXPORT, "--into", root, "--quiet", "--verified-on", "2026-07-01")
    cccd = read(root, "2.001195")
    cccd["verified_on"] = dt.date(2026, 11, 1)
    write(root, "2.001195", cccd)
    run(EXPORT, "--into", root, "--quiet", "--verified-on", "2026-08-01")
    assert read(root, "2.001195")["verified_on"] == dt.date(2026, 11, 1)
    assert read(root, "1.004222")["verified_on"] == dt.date(2026, 8, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"items": []}', "expected a list of records with 'ma_thu_tuc'"),
        ('[{"ten_thu_tuc": "Không mã"}]', "expected a list of records with 'ma_thu_tuc'"),
    ],
)
def test_a_bad_export_fails_with_a_clear_message(tmp_path, content, message):
    export = tmp_path / "export.json"
    export.write_text(content, encoding="utf-8")
    result = run(export, "--into", catalogue(tmp_path), "--quiet")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_export_and_an_unknown_field_are_reported(tmp_path):
    root = catalogue(tmp_path)
    result = run(tmp_path / "missing.json", "--into", root)
    assert result.exit_code == 1 and "cannot read" in result.output
    renamed = records()
    renamed[0]["linh_vuc"] = "Lĩnh vực lạ"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(renamed, ensure_ascii=False), encoding="utf-8")
    result = run(export, "--into", root, "--quiet")
    assert result.exit_code == 1
    assert "invalid: 1.004222: unknown lĩnh vực 'Lĩnh vực lạ'" in result.output


def test_a_renamed_field_maps_through_portal_names(tmp_path):
    root = catalogue(tmp_path)
    fields = (root / "fields.yaml").read_text(encoding="utf-8")
    (root / "fields.yaml").write_text(
        fields.replace("short_name: Cư trú}", "short_name: Cư trú, portal_names: [Cư trú mới]}"),
        encoding="utf-8",
    )
    renamed = [r for r in records() if r["ma_thu_tuc"] == "1.004222"]
    renamed[0]["linh_vuc"] = "Cư trú mới"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(renamed, ensure_ascii=False), encoding="utf-8")
    assert run(export, "--into", root, "--quiet").exit_code == 0
    assert load_catalog(root).get("1.004222").field == "cu-tru"


def test_the_progress_wrapper_sees_every_selected_record(tmp_path):
    seen = []

    def progress(items):
        for item in items:
            seen.append(item["ma_thu_tuc"])
            yield item

    run_import(EXPORT, catalogue(tmp_path), dry_run=True, progress=progress, today=TODAY)
    assert len(seen) == 6 and "1.003204" not in seen


# --- The reference export -------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_import(tmp_path_factory):
    if not REFERENCE.exists():
        pytest.skip(f"reference export not found at {REFERENCE}")
    root = tmp_path_factory.mktemp("reference")
    bundled = Path(__file__).resolve().parents[3] / "procedures"
    for name in ("agency.yaml", "fields.yaml", "units.yaml"):
        shutil.copy(bundled / name, root / name)
    result = run_import(REFERENCE, root, today=TODAY)
    return root, result


def test_the_reference_export_round_trips(reference_import):
    root, result = reference_import
    assert len(result.added) == 169 and result.skipped == 81 and not result.invalid
    catalog = load_catalog(root)
    assert len(catalog) == 169
    thuong_tru = catalog.get("1.004222")
    assert thuong_tru.field == "cu-tru" and thuong_tru.levels == [Level.COMMUNE]
    assert {o.channel for o in thuong_tru.channels} == {Channel.IN_PERSON, Channel.ONLINE}
    assert len(thuong_tru.steps) >= 5
    cccd = catalog.get("2.001195")
    assert cccd.field == "can-cuoc" and cccd.channels[0].time.value == 7
    flagged = {(f.code, f.kind) for f in result.findings}
    assert ("3.000246", "tiny_amount") in flagged
    assert ("1.001456", "stale_rate") in flagged
    assert ("3.000348", "zero_but_cited") in flagged
    assert ("2.001195", "temporary_rate") in flagged


def test_ministry_only_quirks_of_the_reference_are_flagged_though_not_imported(reference_import):
    raws = {r["ma_thu_tuc"]: r for r in json.loads(REFERENCE.read_text(encoding="utf-8"))}
    for code, field, kind in [
        ("1.003204", "nganh-nghe-antt", "low_online_fee"),  # 30.000 online vs 300.000
        ("3.000349", "giay-phep-lai-xe", "tiny_amount"),  # GPLX stored as 135
    ]:
        raw = raws[code]
        assert not levels_of(raw["cap_thuc_hien"])
        assert kind in kinds(review(convert(raw, field, TODAY), raw, TODAY), code)


def test_an_invalid_record_is_reported_and_not_written(tmp_path):
    root = catalogue(tmp_path)
    broken = [record("1.004222")]
    broken[0]["cach_thuc_thuc_hien"] = []
    export = tmp_path / "export.json"
    export.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    result = run(export, "--into", root, "--quiet")
    assert result.exit_code == 1
    assert (
        "invalid: 1.004222: (record): Value error, an active procedure needs at least one "
        "channel (not written)"
    ) in result.output
    assert not list(root.glob("*/1.004222-*.yaml"))
    load_catalog(root)  # the catalogue stays valid


def test_an_unreadable_file_is_left_alone(tmp_path):
    root = catalogue(tmp_path)
    run(EXPORT, "--into", root, "--quiet")
    path = next(root.glob("*/1.004222-*.yaml"))
    path.write_text("code: [unclosed\n", encoding="utf-8")
    result = run(EXPORT, "--into", root, "--quiet")
    assert result.exit_code == 1
    assert "1.004222: 1.004222-dang-ky-thuong-tru.yaml cannot be read, left as it is" in (
        result.output
    )
    assert path.read_text(encoding="utf-8") == "code: [unclosed\n"
    assert "- removed  1.004222" not in result.output


def test_a_procedure_moved_to_another_field_moves_its_file(tmp_path):
    root = catalogue(tmp_path)
    run(EXPORT, "--into", root, "--quiet")
    moved = records()
    next(r for r in moved if r["ma_thu_tuc"] == "1.004222")["linh_vuc"] = "Cấp, quản lý căn cước"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    result = run(export, "--into", root, "--quiet")
    assert "~ changed  1.004222 Đăng ký thường trú: field" in result.output
    assert not list((root / "cu-tru").glob("1.004222-*.yaml"))
    assert (root / "can-cuoc" / "1.004222-dang-ky-thuong-tru.yaml").exists()
    assert load_catalog(root).get("1.004222").field == "can-cuoc"


def test_an_exemption_listed_as_a_zero_fee_is_flagged():
    raw = record("1.004222")
    raw["cach_thuc_thuc_hien"][0]["phi_le_phi"].append(
        {"loai": "FEE", "so_tien": 0, "tien_te": "Việt Nam Đồng",
         "mo_ta": "Miễn phí Đồng - Trường hợp công dân thuộc diện được miễn phí theo quy định "
                  "tại Điều 4 Thông tư số 75/2022/TT-BTC"})
    data = convert(raw, "cu-tru", TODAY)
    exempt = data["channels"][0]["fees"][-1]
    assert (exempt["name"], exempt["amount"]) == ("Đối tượng được miễn", 0)
    assert "exemption_row" in kinds(review(data, raw, TODAY), "1.004222")


def test_a_time_unit_contradicting_its_wording_is_flagged():
    raw = record("1.004222")
    raw["cach_thuc_thuc_hien"][0].update(
        thoi_han=60, don_vi="WORKING_DAY", mo_ta="Thời hạn giải quyết tố cáo là 60 ngày."
    )
    raw["cach_thuc_thuc_hien"][1].update(
        thoi_han=2, don_vi="DAY", mo_ta="Không quá 02 ngày làm việc."
    )
    messages = [f.message for f in review(convert(raw, "cu-tru", TODAY), raw, TODAY)
                if f.kind == "time_unit"]
    assert messages == [
        "truc_tuyen: stored as 60 ngày làm việc but the text says 60 ngày",
        "truc_tiep: stored as 02 ngày but the text says 02 ngày làm việc",
    ]


def test_the_yaml_writer_round_trips_every_bundled_file():
    from tthc.catalog.importer.editor_yaml import dump_procedure, load_procedure
    from tthc.catalog.loader import procedure_files

    bundled = Path(__file__).resolve().parents[3] / "procedures"
    for path in procedure_files(bundled):
        data = load_procedure(path)
        assert yaml.safe_load(dump_procedure(data)) == data, path
