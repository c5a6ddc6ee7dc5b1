"""Golden tests of the Vietnamese analysis shared by the index and the queries."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tthc.search.analysis import (
    accent_word,
    accented,
    analyzer,
    bigrams,
    fold_word,
    folded,
    has_accents,
    phrase_bigrams,
    words,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký thường trú", ["dang", "ki", "thuong", "tru"]),
        ("ĐĂNG KÍ TẠM TRÚ", ["dang", "ki", "tam", "tru"]),
        ("Căn cước công dân", ["can", "cuoc", "cong", "dan"]),
        ("Lý lịch tư pháp", ["li", "lich", "tu", "phap"]),
        ("quy định, qui định", ["qui", "dinh", "qui", "dinh"]),
        ("Mỹ Xuyên, Mĩ Xuyên", ["mi", "xuyen", "mi", "xuyen"]),
        ("Phòng cháy, chữa cháy", ["phong", "chay", "chua", "chay"]),
        ("đường bộ Đồng Tháp", ["duong", "bo", "dong", "thap"]),
        ("mức độ 02", ["muc", "do", "2"]),
        ("Thủ tục: cấp đổi (thực hiện tại cấp tỉnh)", ["thu", "tuc", "cap", "doi", "thuc",
                                                      "hien", "tai", "cap", "tinh"]),
    ],
)
def test_folded_form(text, expected):
    assert folded(text) == expected


def test_decomposed_input_is_one_word_per_syllable():
    # An iPhone pastes NFD: "ường" is "u" + horn + "o" + horn + grave + "ng".
    typed = nfd("Đăng ký thường trú")
    assert typed != "Đăng ký thường trú"
    assert words(typed) == ["đăng", "ký", "thường", "trú"]
    assert folded(typed) == folded("Đăng ký thường trú")
    assert accented(typed) == accented("Đăng ký thường trú")


def test_d_bar_is_folded_to_d():
    assert fold_word("đ") == "d"
    assert folded("Đ đ") == ["d", "d"]
    # Unicode decomposition alone keeps đ: the analyzer must not rely on it.
    assert unicodedata.normalize("NFD", "đ") == "đ"


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("hoá", "hóa"), ("Cộng hoà", "Cộng hòa")],
)
def test_old_and_new_tone_placement_are_the_same_token(old, new):
    assert accented(old) == accented(new)
    assert folded(old) == folded(new)


def test_accented_form_keeps_marks_that_change_the_word():
    # "tạm" and "tâm" and "tam" differ once accents are typed.
    assert len({accent_word(w) for w in ["tạm", "tâm", "tam", "tấm"]}) == 4
    assert accent_word("hòa") == "hoa2"
    assert accent_word("ký") == accent_word("kí") == "ki1"


def test_ki_and_ky_are_unified_only_after_a_consonant():
    assert fold_word("ký") == fold_word("kí") == "ki"
    assert fold_word("lý") == "li"
    assert fold_word("quý") == "qui"
    # y as a vowel of its own, or after another vowel, is a different letter: keep it.
    assert fold_word("y") == "y"
    assert fold_word("tuy") == "tuy"
    assert fold_word("ngày") == "ngay"
    assert fold_word("khuyến") == "khuyen"


def test_no_stop_words_are_removed():
    # StandardAnalyzer's English stop list would delete these Vietnamese syllables.
    assert folded("căn an to a is the") == ["can", "an", "to", "a", "is", "the"]


def test_bigrams_never_cross_punctuation():
    assert bigrams(["dang", "ki", "tam"]) == ["dang_ki", "ki_tam"]
    assert phrase_bigrams("Cấp, quản lý căn cước") == ["quan_li", "li_can", "can_cuoc"]


def test_has_accents():
    assert has_accents("căn cước")
    assert has_accents(nfd("căn"))
    assert has_accents("đi")
    assert not has_accents("can cuoc CCCD")


def test_whoosh_analyzers_use_the_same_forms():
    text = nfd("Đăng ký thường trú, hoà")
    assert [t.text for t in analyzer("folded")(text)] == folded(text)
    assert [t.text for t in analyzer("accented")(text)] == accented(text)
    assert [t.text for t in analyzer("bigrams")(text)] == ["dang_ki", "ki_thuong", "thuong_tru"]


vietnamese = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợ"
    "úùủũụứừửữựýỳỷỹỵAĂÂĐÊÔƠƯÁÀẢÃẠ 0123456789,.()-",
    max_size=60,
)


@given(vietnamese)
def test_forms_do_not_depend_on_the_unicode_normal_form(text):
    assert folded(nfd(text)) == folded(text)
    assert accented(nfd(text)) == accented(text)


@given(vietnamese)
def test_folded_words_are_plain_ascii_and_stable(text):
    words_ = folded(text)
    assert all(w.isascii() and w.isalnum() for w in words_)
    assert folded(" ".join(words_)) == words_


@given(st.text(max_size=200))
def test_any_text_can_be_analysed(text):
    folded(text)
    accented(text)
    phrase_bigrams(text)
