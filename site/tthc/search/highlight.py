"""Mark the words of a text that match the search, escaping everything else."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from tthc.search.analysis import fold_word, folded
from tthc.text import nfc

_WORD_OR_GAP = re.compile(r"[^\W_]+|[\W_]+")


def highlight(text: str, words: set[str]) -> Markup:
    """Return the text as safe HTML with each run of matching words inside one <mark>."""
    pieces = _WORD_OR_GAP.findall(nfc(text))
    hit = [p[0].isalnum() and fold_word(p.lower()) in words for p in pieces]
    # A space between two marked words belongs to the same mark: "<mark>đăng ký</mark>".
    for i in range(1, len(pieces) - 1):
        if pieces[i].isspace() and hit[i - 1] and hit[i + 1]:
            hit[i] = True
    out = []
    run: list[str] = []
    for piece, marked in zip(pieces, hit, strict=True):
        if marked:
            run.append(piece)
            continue
        if run:
            out.append(Markup("<mark>{}</mark>").format("".join(run)))
            run = []
        out.append(escape(piece))
    if run:
        out.append(Markup("<mark>{}</mark>").format("".join(run)))
    return Markup("").join(out)


def matching_alias(name: str, aliases: list[str], words: set[str]) -> str | None:
    """Return the alias sharing more words with the search than the official name does, if
    any: shown as "also called …" when people searched by the name they use."""
    in_name = len(set(folded(name)) & words)
    scored = [(len(set(folded(alias)) & words), alias) for alias in aliases]
    best = max(scored, default=(0, None), key=lambda pair: pair[0])
    return best[1] if best[0] > in_name else None
