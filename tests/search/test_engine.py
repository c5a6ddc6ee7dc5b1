"""Ranking on the small catalogue: aliases, accents, abolished procedures, codes, filters."""

from __future__ import annotations

from tthc.search.analysis import accent_word
from tthc.search.documents import ACCENT_FIELD
from tthc.search.engine import run
from tthc.search.filters import Filters


def codes(reader, synonyms, query, **options):
    return [hit.entry.code for hit in run(reader, synonyms, query, **options).hits]


def test_aliases_find_what_titles_do_not_say(small_reader, small_synonyms):
    assert set(codes(small_reader, small_synonyms, "đổi CCCD")[:2]) == {"1.014063", "2.001195"}
    assert codes(small_reader, small_synonyms, "the can cuoc het han")[0] == "2.001195"
    assert codes(small_reader, small_synonyms, "nhap ho khau")[0] == "1.004222"


def test_old_and_new_tone_placement_score_the_same(small_reader, small_synonyms):
    assert small_reader.postings(ACCENT_FIELD, accent_word("hòa"))
    old = run(small_reader, small_synonyms, "Cộng hoà").hits
    new = run(small_reader, small_synonyms, "Cộng hòa").hits
    assert [(h.entry.code, h.score) for h in old] == [(h.entry.code, h.score) for h in new]
    assert old[0].entry.code == "1.099999"


def test_typed_accents_rank_exact_spellings_higher(small_reader, small_synonyms):
    with_accents = run(small_reader, small_synonyms, "đăng ký tạm trú").hits[0]
    without = run(small_reader, small_synonyms, "dang ky tam tru").hits[0]
    assert with_accents.entry.code == without.entry.code == "1.004194"
    assert with_accents.score > without.score


def test_abolished_procedure_comes_after_the_one_in_force(small_reader, small_synonyms):
    found = codes(small_reader, small_synonyms, "dang ky thuong tru")
    assert found.index("1.004222") < found.index("1.000001")


def test_procedure_code_finds_exactly_that_procedure(small_reader, small_synonyms):
    assert codes(small_reader, small_synonyms, " 1.004194 ") == ["1.004194"]


def test_filters_and_facets(small_reader, small_synonyms):
    everything = run(small_reader, small_synonyms, "cấp đổi thẻ căn cước")
    assert everything.facets.levels == {"tinh": 2, "xa": 2}
    provincial = run(small_reader, small_synonyms, "cấp đổi thẻ căn cước", Filters(level="tinh"))
    assert {h.entry.code for h in provincial.hits} == {"2.001195", "1.099999"}
    assert provincial.facets.levels == {"tinh": 2, "xa": 2}  # counts ignore their own filter
    online = run(small_reader, small_synonyms, "the can cuoc", Filters(online=True))
    assert [h.entry.code for h in online.hits] == ["1.014063"]
    nowhere = run(small_reader, small_synonyms, "the can cuoc", Filters(field="cu-tru"))
    assert nowhere.total == 0 and nowhere.facets.fields["can-cuoc"] >= 2


def test_pages_do_not_overlap(small_reader, small_synonyms):
    first = run(small_reader, small_synonyms, "dang ky", per_page=2)
    second = run(small_reader, small_synonyms, "dang ky", page=2, per_page=2)
    assert first.total == second.total >= 3
    assert not {h.entry.code for h in first.hits} & {h.entry.code for h in second.hits}


def test_nothing_to_search_for(small_reader, small_synonyms):
    for query in ["", "   ", "***", "?!"]:
        result = run(small_reader, small_synonyms, query)
        assert result.total == 0 and result.hits == [] and result.suggestion is None
