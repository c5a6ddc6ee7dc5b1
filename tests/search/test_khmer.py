"""Khmer spellings that look alike are searched alike."""

from __future__ import annotations

from tthc.search.analysis import words

WITH_TA = "\u1794\u178e\u17d2\u178f\u17bb\u17c7\u1794\u178e\u17d2\u178f\u17b6\u179b"  # បណ្តុះបណ្តាល


def test_subscript_da_and_ta_spellings_find_each_other():
    with_da = WITH_TA.replace("\u17d2\u178f", "\u17d2\u178a")  # បណ្ដុះបណ្ដាល
    assert with_da != WITH_TA
    assert words(with_da) == words(WITH_TA)
    assert len(words(WITH_TA)) == 1  # one word of the lexicon, not syllables
