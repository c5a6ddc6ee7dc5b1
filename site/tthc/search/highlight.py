"""Mark the words of a text that match the search, escaping everything else."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from tthc.search.analysis import fold_word
from tthc.text import nfc

_WORD_OR_GAP = re.compile(r"[^\W_]+|[\W_]+")


def highlight(text: str, words: set[str]) -> Markup:
    """Return the text as safe HTML with every matching word inside <mark>."""
    out = []
    for piece in _WORD_OR_GAP.findall(nfc(text)):
        if piece[0].isalnum() and fold_word(piece.lower()) in words:
            out.append(Markup("<mark>{}</mark>").format(piece))
        else:
            out.append(escape(piece))
    return Markup("").join(out)
