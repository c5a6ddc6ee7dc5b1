"""From typed text to concepts: fillers, synonyms, typo corrections, accents restored."""

import unicodedata

from tthc.search.parsing import clean, correct, edits1, parse, restore_accents


def test_clean_keeps_the_typed_text_readable():
    assert clean("  làm   CCCD \n") == "làm CCCD"
    assert clean(unicodedata.normalize("NFD", "căn cước")) == "căn cước"
    assert len(clean("a" * 1000)) == 200
    assert clean(None) == ""


def test_fillers_only_break_ties(small_synonyms, small_reader):
    parsed = parse("làm thủ tục đăng ký", small_synonyms, small_reader)
    assert [c.typed for c in parsed.concepts] == [("dang",), ("ki",)]
    assert [c.filler for c in parsed.parts] == [True, True, False, False]


def test_only_fillers_still_search(small_synonyms, small_reader):
    parsed = parse("làm", small_synonyms, small_reader)
    assert [c.typed for c in parsed.concepts] == [("lam",)]


def test_abbreviation_is_expanded(small_synonyms, small_reader):
    (concept,) = parse("CCCD", small_synonyms, small_reader).concepts
    assert concept.phrases == [("cccd",), ("the", "can", "cuoc")]


def test_edits1_covers_the_four_kinds_of_typo():
    candidates = edits1("tru")
    assert {"tu", "trru", "tro", "rtu"} <= candidates
    assert "tru" not in candidates


def test_unknown_word_is_corrected_from_the_vocabulary(small_reader):
    assert correct("thuongg", small_reader)[0] == ("thuong",)
    assert correct("dnag", small_reader)[0] == ("dang",)  # transposition
    # Short words are not guessed: too many real words are one letter apart.
    assert correct("trux", small_reader) == [("tru",)]
    assert correct("tx", small_reader) == []


def test_missing_space_is_restored(small_reader):
    assert correct("dangky", small_reader) == [("dang", "ki")]


def test_correction_happens_before_synonyms(small_synonyms, small_reader):
    parsed = parse("ho khauu", small_synonyms, small_reader)
    (concept,) = parsed.concepts
    assert concept.corrected == ("ho", "khau")
    assert ("thuong", "tru") in concept.alternatives


def test_suggestion_restores_accents_from_the_catalogue(small_synonyms, small_reader):
    parsed = parse("dang ky thuongg tru", small_synonyms, small_reader)
    assert parsed.corrected
    assert restore_accents(parsed, small_reader) == "đăng ký thường trú"


def test_typed_accents_are_kept_in_the_suggestion(small_synonyms, small_reader):
    parsed = parse("đăng kí thuongg", small_synonyms, small_reader)
    assert restore_accents(parsed, small_reader) == "đăng kí thường"


def test_codes_and_numbers_are_never_corrected(small_synonyms, small_reader):
    parsed = parse("1.004222", small_synonyms, small_reader)
    assert parsed.code == "1.004222"
    assert not parsed.corrected
    assert not parse("mức 0002", small_synonyms, small_reader).corrected


def test_unfinished_last_word_is_completed_not_corrected(small_synonyms, small_reader):
    parsed = parse("dang ky thuo", small_synonyms, small_reader, prefix=True)
    assert not parsed.corrected
    assert ("thuong",) in parsed.concepts[-1].alternatives
    # A space after the word means it is finished.
    finished = parse("dang ky thuo ", small_synonyms, small_reader, prefix=True)
    assert ("thuong",) not in finished.concepts[-1].alternatives
