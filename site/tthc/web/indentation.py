"""Templates lose the indentation of their lines, and their empty lines, when they are compiled
(issue 15: a page weighs at most 40 KB with its stylesheets, and a Khmer procedure page carried
some 550 bytes of indentation).

Only the templates' own text changes: what they print (official texts, answers) is untouched.
HTML ignores the spaces at the start of a line, outside preformatted text: templates of the
staff area, and any with a <pre> or a <textarea> over several lines, keep theirs, and so do the
plain-text mails (notify/*.txt), whose layout is their spaces.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

# A line break with the spaces around it, and the empty lines after it.
_INDENTATION = re.compile(r"[ \t]*\n\s*")
# A <pre> or <textarea> that does not close on the line it opens: its lines are its content.
_PREFORMATTED = re.compile(r"<(pre|textarea)\b(?![^\n]*</\1>)")


def keeps_indentation(name: str | None, source: str) -> bool:
    return (
        name is None
        or not name.endswith(".html")
        or name.startswith("admin/")
        or _PREFORMATTED.search(source) is not None
    )


class StripIndentation(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if keeps_indentation(name, source):
            return source
        return _INDENTATION.sub("\n", source)
