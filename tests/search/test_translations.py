"""Search across languages and keyboards: English and Khmer translations, Khmer segmentation,
raw Telex and VNI keystrokes, words typed without spaces."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tthc import search
from tthc.search import khmer
from tthc.search.analysis import fold_word, folded, words
from tthc.search.keyboard import decode, decode_telex, decode_vni


def top3(app, query):
    with app.app_context():
        return [hit.entry.code for hit in search.search(query, per_page=3).hits]


def suggestion(app, query):
    with app.app_context():
        return search.search(query).suggestion


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("passport renewal", "1.001456"),
        ("police clearance certificate", "3.000333"),
        ("register a motorbike", "1.013067"),
        ("lost ID card", "1.014064"),
    ],
)
def test_english_queries_find_the_procedure(app, query, code):
    assert code in top3(app, query)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("អត្តសញ្ញាណប័ណ្ណ", "1.014061"),  # identity card
        ("លិខិតឆ្លងដែន", "1.001456"),  # passport
        ("ចុះឈ្មោះទីលំនៅ", "1.004222"),  # residence registration
        ("ចុះបញ្ជីយានយន្ត", "1.013067"),  # vehicle registration
    ],
)
def test_khmer_queries_find_the_procedure(app, query, code):
    assert code in top3(app, query)


def test_khmer_is_segmented_into_words_never_inside_a_syllable():
    # The nominaliser ការ is left out: "registration" is what "register" is about.
    assert words("ការចុះឈ្មោះទីលំនៅអចិន្ត្រៃយ៍") == ["ចុះឈ្មោះ", "ទីលំនៅ", "អចិន្ត្រៃយ៍"]
    assert words("ចុះបញ្ជីយានយន្ត") == ["ចុះបញ្ជី", "យានយន្ត"]
    # A word the lexicon lacks falls back to whole syllables (subscripts and vowels attached).
    unknown = khmer.segment("ស្ត្រីស្អាត")
    assert "".join(unknown) == "ស្ត្រីស្អាត"
    assert all(not ("\u17b6" <= piece[0] <= "\u17d3") for piece in unknown)
    # Khmer words are never folded (their vowel signs are combining marks).
    assert folded("អត្តសញ្ញាណប័ណ្ណ") == ["អត្តសញ្ញាណប័ណ្ណ"]
    assert words("Đăng ký ចុះឈ្មោះ CT01។") == ["đăng", "ký", "ចុះឈ្មោះ", "ct01"]


def test_the_lexicon_covers_the_words_of_the_khmer_translations(app):
    """Every Khmer translation cuts into lexicon words: a syllable left over is a word the
    lexicon lacks (tolerated in a few summaries, never in names)."""
    from tthc.catalog import get_catalog

    lexicon = khmer.lexicon()
    leftovers = set()
    with app.app_context():
        for procedure in get_catalog():
            if "km" in procedure.name_translations:
                cut = words(procedure.name_translations["km"].text)
                leftovers |= {w for w in cut if khmer.is_khmer(w) and w not in lexicon}
    assert leftovers == set()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("hanj", "hạn"), ("tamj", "tạm"), ("trus", "trú"), ("dduowngf", "đường"),
     ("chieeus", "chiếu"), ("quys", "quý"), ("giuwx", "giữ")],
)
def test_raw_telex_is_decoded(typed, meant):
    assert decode_telex(typed) == meant == decode(typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ca8n", "căn"), ("cu7o71c", "cước"), ("ho65", "hộ"), ("chie61u", "chiếu"),
     ("d9a8ng", "đăng"), ("ky1", "ký")],
)
def test_raw_vni_is_decoded(typed, meant):
    assert decode_vni(typed) == meant == decode(typed)


@pytest.mark.parametrize("word", ["gia", "passport", "ct01", "2026", "cccd"])
def test_ordinary_words_are_not_keystrokes(word):
    assert decode(word) in (None, word)


@pytest.mark.parametrize(
    ("query", "code", "meant"),
    [
        ("gia hanj tamj trus", "1.002755", "gia hạn tạm trú"),
        ("ca8n cu7o71c", "1.014061", "căn cước"),
        ("giahantamtru", "1.002755", "gia hạn tạm trú"),
        ("dangkythuongtru", "1.004222", "đăng ký thường trú"),
    ],
)
def test_keystrokes_and_missing_spaces_are_read_and_shown_back(app, query, code, meant):
    assert code in top3(app, query)
    assert suggestion(app, query) == meant


def test_words_the_catalogue_knows_are_never_decoded(app):
    assert suggestion(app, "passport") is None
    assert suggestion(app, "gia hạn tạm trú") is None


def test_did_you_mean_shows_the_decoded_vietnamese(client):
    html = BeautifulSoup(client.get("/tim-kiem?q=gia+hanj+tamj+trus").get_data(as_text=True),
                         "html.parser")
    link = html.select_one(".did-you-mean a")
    assert link.get_text(strip=True) == "gia hạn tạm trú"


def test_english_words_are_stemmed_but_vietnamese_syllables_never():
    assert fold_word("registration") == fold_word("register") == fold_word("registered")
    assert fold_word("renewal") == fold_word("renew")
    assert fold_word("cards") == fold_word("card")
    for syllable in ("the", "day", "nghieng", "thuong", "quyet", "an"):
        assert fold_word(syllable) == syllable
