"""The compact postings written with each build: what they hold and how readers share them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tthc.search.documents import FIELD_WEIGHTS, WEAK_FIELDS
from tthc.search.index import build_index
from tthc.search.postings import K1, WORDS, decode
from tthc.search.reader import IndexReader


def test_a_fields_scores_are_bm25_from_whoosh_statistics(small_reader):
    searcher = small_reader.searcher
    reader = searcher.reader()
    count = reader.doc_count_all()
    average = max(reader.field_length("title") / count, 1.0)
    row = small_reader.postings("title", "thuong")
    assert len(row) == reader.doc_frequency("title", "thuong") > 0
    matcher = reader.postings("title", "thuong")
    for docnum, score in row.as_dict().items():
        matcher.skip_to(docnum)
        weight = matcher.weight()
        norm = K1 * (0.25 + 0.75 * reader.doc_field_length(docnum, "title") / average)
        expected = searcher.idf("title", "thuong") * (K1 + 1) * weight / (weight + norm)
        assert math.isclose(score, expected, rel_tol=1e-12)


def test_a_words_row_sums_its_fields_with_their_weights(small_reader):
    assert len(small_reader.word("thuong")) > 0
    for word in ("thuong", "tru", "ho", "chieu"):
        expected: dict[int, float] = {}
        strong: set[int] = set()
        for name, weight in FIELD_WEIGHTS.items():
            for docnum, score in small_reader.postings(name, word).as_dict().items():
                expected[docnum] = expected.get(docnum, 0.0) + weight * score
                if name not in WEAK_FIELDS:
                    strong.add(docnum)
        row = small_reader.word(word)
        assert row.docs.tolist() == sorted(expected), word
        assert np.allclose(row.scores, [expected[d] for d in sorted(expected)], rtol=1e-12)
        assert set(row.docs[row.strong].tolist()) == strong


def test_unknown_terms_have_no_postings(small_reader):
    assert len(small_reader.word("khongcotu")) == 0
    assert len(small_reader.postings("no_such_field", "thuong")) == 0


def test_the_postings_are_mapped_read_only_and_shared_with_a_forked_reader(small_reader):
    table = small_reader.tables.tables[WORDS]
    assert not table.scores.flags.writeable and not table.scores.flags.owndata
    assert isinstance(table.scores.base, np.memmap)
    with pytest.raises(ValueError):
        small_reader.word("thuong").scores[0] = 0.0
    worker = small_reader.reopened()
    assert worker.tables is small_reader.tables


def test_the_public_api_and_the_block_path_decode_the_same_postings(small_reader):
    count, public = decode(small_reader.build)
    _, block = decode(small_reader.build, block=True)
    assert count == small_reader.count
    assert public.keys() == block.keys()
    for field, rows in public.items():
        assert rows.keys() == block[field].keys()
        for term, (docs, scores) in rows.items():
            assert docs.tolist() == block[field][term][0].tolist()
            assert scores.tolist() == block[field][term][1].tolist()


def test_a_build_without_its_postings_is_rebuilt(tmp_path, small_catalog, small_synonyms):
    first = build_index(small_catalog, small_synonyms, tmp_path)
    (first / "postings.json").unlink()
    second = build_index(small_catalog, small_synonyms, tmp_path)
    assert second != first
    assert len(IndexReader(second).word("thuong")) > 0
