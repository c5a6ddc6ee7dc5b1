"""The translation catalogues: current with the code, complete, well formed and compilable."""

from __future__ import annotations

import re

import pytest

from .catalogues import LANGUAGES, POT, comparable, extract, po_path, read

# Letters that only Vietnamese uses: an English text containing them was not translated.
VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
KHMER = re.compile(r"[\u1780-\u17ff]")
LETTERS = re.compile(r"[^\W\d_]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Vietnamese search words quoted as examples (“làm căn cước”) are meant to stay Vietnamese.
QUOTED = re.compile(r"“[^”]*”")
# Words that are the same in every language (names of languages, abbreviations, codes).
SAME_IN_EVERY_LANGUAGE = {
    "Tiếng Việt", "English", "ភាសាខ្មែរ", "QR", "PDF", "PNG", "SVG", "API", "OK",
}


def strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def translated(language):
    catalog = read(po_path(language), language)
    return [message for message in catalog if message.id]


def without_placeholders(text: str) -> str:
    return QUOTED.sub("", PLACEHOLDER.sub("", text))


def test_messages_pot_is_current(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    current, expected = comparable(read(POT)), comparable(read(fresh))
    missing = sorted(str(key[0]) for key in expected.keys() - current.keys())
    extra = sorted(str(key[0]) for key in current.keys() - expected.keys())
    changed = sorted(str(key[0]) for key in expected.keys() & current.keys()
                     if expected[key] != current[key])
    assert not (missing or extra or changed), (
        "messages.pot is stale; re-extract it (see babel.cfg) and update the catalogues.\n"
        f"new strings: {missing}\nremoved strings: {extra}\nchanged comments/flags: {changed}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_covers_every_string_without_fuzzy(language):
    template = {message.id if isinstance(message.id, str) else tuple(message.id)
                for message in read(POT) if message.id}
    catalog = {message.id if isinstance(message.id, str) else tuple(message.id): message
               for message in translated(language)}
    missing = sorted(str(key) for key in template - catalog.keys())
    empty = sorted(str(key) for key in template & catalog.keys()
                   if not all(text.strip() for text in strings(catalog[key])))
    fuzzy = sorted(str(key) for key in template & catalog.keys() if catalog[key].fuzzy)
    assert not missing, f"{language}: strings not in the catalogue: {missing}"
    assert not empty, f"{language}: strings without translation: {empty}"
    assert not fuzzy, f"{language}: fuzzy translations to review: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    catalog = read(po_path(language), language)
    problems = [f"{message.id!r}: {errors}" for message, errors in catalog.check()]
    for message in translated(language):
        wanted = sorted(PLACEHOLDER.findall(ids(message)[0]))
        for text in strings(message):
            if text and sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{message.id!r}: placeholders {wanted} became {text!r}")
    assert not problems, "\n".join(problems)


def test_vietnamese_catalogue_repeats_the_msgids():
    wrong = [message.id for message in translated("vi") if strings(message)[0] != ids(message)[0]]
    assert not wrong, f"vi msgstr must equal the Vietnamese msgid: {wrong}"


def test_english_is_really_english():
    untranslated = [
        message.id
        for message in translated("en")
        for text in strings(message)
        if text not in SAME_IN_EVERY_LANGUAGE
        and (VIETNAMESE_ONLY.search(without_placeholders(text)) or text == ids(message)[0])
        and LETTERS.search(without_placeholders(text))
    ]
    assert not untranslated, f"English catalogue still has Vietnamese: {untranslated}"


def test_khmer_is_written_in_khmer_script():
    not_khmer = [
        message.id
        for message in translated("km")
        for text in strings(message)
        if text not in SAME_IN_EVERY_LANGUAGE
        and LETTERS.search(without_placeholders(text))
        and not KHMER.search(text)
    ]
    assert not not_khmer, f"Khmer catalogue has strings without Khmer script: {not_khmer}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_its_language(language):
    catalog = read(po_path(language))
    assert str(catalog.locale) == language
    assert catalog.plural_forms == {"vi": "nplurals=1; plural=0;", "km": "nplurals=1; plural=0;",
                                    "en": "nplurals=2; plural=(n != 1);"}[language]
