"""The synonyms file: validation, expansion of abbreviations, and the bundled entries."""

from pathlib import Path

import pytest

from tthc.search.synonyms import SynonymsError, load_synonyms, parse

BUNDLED = Path(__file__).resolve().parents[2] / "procedures" / "synonyms.yaml"


def test_bundled_file_expands_the_abbreviations_people_type():
    synonyms = load_synonyms(BUNDLED)
    expected = {
        ("cccd",): ("the", "can", "cuoc"),
        ("cmnd",): ("chung", "minh", "nhan", "dan"),
        ("pccc",): ("phong", "chay", "chua", "chay"),
        ("gplx",): ("giay", "phep", "lai", "xe"),
        ("lltp",): ("li", "lich", "tu", "phap"),
        ("vneid",): ("dinh", "danh", "dien", "tu"),
        ("ho", "khau"): ("thuong", "tru"),
        ("bang", "lai"): ("giay", "phep", "lai", "xe"),
        ("passport",): ("ho", "chieu"),
    }
    for typed, meaning in expected.items():
        assert meaning in synonyms.expansions[typed], typed
    assert ("lam",) in synonyms.filler


def test_keys_are_folded_so_accents_do_not_matter():
    synonyms = parse({"terms": {"Hộ khẩu": ["thường trú"], "CCCD": "thẻ căn cước"}})
    assert synonyms.expansions[("ho", "khau")] == [("thuong", "tru")]
    assert synonyms.expansions[("cccd",)] == [("the", "can", "cuoc")]


def test_longest_phrase_wins():
    terms = {"bằng": ["x"], "bằng lái": ["giấy phép lái xe"]}
    synonyms = parse({"terms": terms, "filler": ["làm"]})
    assert synonyms.longest_match(["bang", "lai", "xe"], 0) == (2, "term")
    assert synonyms.longest_match(["lam", "bang"], 0) == (1, "filler")
    assert synonyms.longest_match(["xe"], 0) == (0, "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["cccd"], "expected a mapping"),
        ({"terms": ["cccd"]}, "terms: expected a mapping"),
        ({"terms": {"cccd": []}}, "terms.cccd: expected a list"),
        ({"terms": {"cccd": [{"a": 1}]}}, "terms.cccd: expected a word or phrase"),
        ({"terms": {"!!!": ["x"]}}, "terms.!!!: expected a word or phrase"),
        ({"filler": "làm"}, "filler: expected a list"),
    ],
)
def test_invalid_entries_are_named(data, message):
    with pytest.raises(SynonymsError, match=message):
        parse(data, "synonyms.yaml")


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("terms: [unclosed", encoding="utf-8")
    with pytest.raises(SynonymsError, match="synonyms.yaml: invalid YAML"):
        load_synonyms(path)


def test_missing_file_means_no_synonyms(tmp_path):
    synonyms = load_synonyms(tmp_path / "synonyms.yaml")
    assert synonyms.expansions == {}
    assert synonyms.digest == "none"


def test_digest_follows_the_content(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("terms: {cccd: [thẻ căn cước]}\n", encoding="utf-8")
    first = load_synonyms(path).digest
    path.write_text("terms: {cccd: [căn cước]}\n", encoding="utf-8")
    assert load_synonyms(path).digest != first
