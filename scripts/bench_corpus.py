"""A benchmark catalogue that grows the way a real one does (used by scripts/bench_search.py).

    corpus(catalog, count, seed) -> (Catalog, stats)   the real procedures, then generated ones

The real catalogue comes first, unchanged, so the realistic queries of tests/search/queries.tsv
still have their answers (recall@3 stays measurable at any size). Generated procedures follow
the real catalogue's distributions:

- vocabulary: Heaps' law V(n) = K·n^β fitted so that the curve passes through the real
  catalogue's (tokens, distinct words); each new token is a new word with probability
  dV/dn = β·K·n^(β-1), otherwise a copy of a uniformly chosen earlier token (Simon's model,
  which yields Zipf's rank-frequency law). New words are new syllables built from the real
  onsets and rhymes: the vocabulary really grows, with words no query has ever used, as it
  does when procedures of new fields are added.
- title lengths, document counts, document name lengths, step counts and step lengths are
  drawn from the real catalogue's empirical distributions.
"""

from __future__ import annotations

import random
import re

from tthc.catalog.catalog import Catalog
from tthc.search.analysis import folded

HEAPS_BETA = 0.6  # typical for natural-language collections (0.4-0.7)
_ONSET = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(.+)$")


class Text:
    """The token stream of the corpus: real tokens first, then Heaps/Simon generated ones."""

    def __init__(self, real_tokens: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.tokens = list(real_tokens)
        self.vocabulary = set(real_tokens)
        real_vocabulary = len(self.vocabulary)
        self.k = real_vocabulary / len(real_tokens) ** HEAPS_BETA
        onsets, rhymes = set(), set()
        for word in self.vocabulary:
            match = _ONSET.match(word)
            if match:
                onsets.add(match.group(1) or "")
                rhymes.add(match.group(2))
        self.onsets, self.rhymes = sorted(onsets), sorted(rhymes)

    def _new_word(self) -> str:
        for _ in range(1000):
            word = self.rng.choice(self.onsets) + self.rng.choice(self.rhymes)
            if word not in self.vocabulary:
                return word
        # Syllables exhausted (only for enormous corpora): two-syllable words.
        return self._new_word_pair()

    def _new_word_pair(self) -> str:
        while True:
            word = "".join(
                self.rng.choice(self.onsets) + self.rng.choice(self.rhymes) for _ in "ab"
            )
            if word not in self.vocabulary:
                return word

    def word(self) -> str:
        n = len(self.tokens)
        p_new = HEAPS_BETA * self.k * n ** (HEAPS_BETA - 1)
        if self.rng.random() < p_new:
            word = self._new_word()
            self.vocabulary.add(word)
        else:
            word = self.tokens[self.rng.randrange(n)]
        self.tokens.append(word)
        return word

    def words(self, count: int) -> str:
        return " ".join(self.word() for _ in range(max(1, count)))


def _lengths(values) -> list[int]:
    return [v for v in values if v > 0] or [1]


def corpus(catalog: Catalog, count: int, seed: int = 7) -> tuple[Catalog, dict[str, int]]:
    """Return a catalogue of ``count`` procedures (the real ones, then generated ones) and
    the sizes of its token stream and vocabulary."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    real = list(catalog)
    texts = []
    for procedure in real:
        texts.append(procedure.name)
        texts.extend(d.name for d in procedure.documents)
        texts.extend(procedure.steps)
    tokens = [w for text in texts for w in folded(text)]
    stream = Text(tokens, rng)
    title_lengths = _lengths(len(p.name.split()) for p in real)
    document_counts = [len(p.documents) for p in real]
    document_lengths = _lengths(len(d.name.split()) for p in real for d in p.documents)
    step_counts = [len(p.steps) for p in real]
    step_lengths = _lengths(len(s.split()) for p in real for s in p.steps)
    procedures = list(real)
    for i in range(max(0, count - len(real))):
        template = rng.choice(real)
        documents = (
            [
                template.documents[j % len(template.documents)].model_copy(
                    update={"name": stream.words(rng.choice(document_lengths)), "case": None}
                )
                for j in range(rng.choice(document_counts))
            ]
            if template.documents
            else []
        )
        procedures.append(
            template.model_copy(
                update={
                    "code": f"3.{900000 + i:06d}",
                    "name": stream.words(rng.choice(title_lengths)),
                    "short_name": None,
                    "name_translations": {},
                    "documents": documents,
                    "steps": [
                        stream.words(rng.choice(step_lengths))
                        for _ in range(rng.choice(step_counts))
                    ],
                    "aliases": [],
                    "replaced_by": None,
                }
            )
        )
    generated = Catalog(
        agency=catalog.agency,
        fields=catalog.fields,
        units=catalog.units,
        procedures=procedures,
        version=f"corpus-{count}-{seed}",
    )
    real_vocabulary = len(set(tokens))
    stats = {
        "tokens": len(stream.tokens),
        "words": len(stream.vocabulary),
        "real_tokens": len(tokens),
        "real_words": real_vocabulary,
        "new_words": len(stream.vocabulary) - real_vocabulary,
    }
    return generated, stats
