"""What the index holds for each procedure: the schema and one document per procedure."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from tthc.catalog.catalog import Catalog
from tthc.catalog.models import Channel, Procedure
from tthc.search.analysis import analyzer

# Query-time weights of the text fields: what people call a procedure counts most, the long
# step text least. Kept here, beside the fields they weigh.
FIELD_WEIGHTS = {
    "aliases": 6.0,
    "title": 5.0,
    "translated_title": 4.0,
    "field_name": 2.0,
    "documents": 1.0,
    "translated_summary": 0.5,
    "body": 0.4,
}
# Fields whose matches count only half towards covering the query (long descriptive text).
WEAK_FIELDS = ("body", "translated_summary")
BIGRAM_FIELD, BIGRAM_WEIGHT = "title_bigrams", 4.0
ACCENT_FIELD, ACCENT_WEIGHT = "title_accented", 2.0
# Fields whose words may be suggested back to people, with their accents.
VOCABULARY_FIELDS = list(FIELD_WEIGHTS)
# An abolished or replaced procedure still answers a search (people look for old names), but
# below the procedures in force.
INACTIVE_BOOST = 0.3


def schema() -> Schema:
    # No positions (phrase=False): adjacency is ranked through the bigram field instead,
    # which keeps the index small and quick to build.
    def text(form: str = "folded") -> TEXT:
        return TEXT(analyzer=analyzer(form), phrase=False)

    return Schema(
        code=ID(stored=True, unique=True),
        name=STORED(),
        titles=STORED(),
        field=ID(stored=True),
        levels=KEYWORD(stored=True),
        online=ID(stored=True),
        active=ID(stored=True),
        title=text(),
        aliases=text(),
        field_name=text(),
        documents=text(),
        body=text(),
        translated_title=text(),
        translated_summary=text(),
        title_bigrams=text("bigrams"),
        title_accented=text("accented"),
    )


def is_online(procedure: Procedure) -> bool:
    """Tell whether a dossier can be submitted online."""
    return procedure.online_service is not None or bool(procedure.channels_of(Channel.ONLINE))


def _lines(values) -> str:
    return "\n".join(v for v in values if v)


def document(procedure: Procedure, catalog: Catalog) -> dict:
    """Return the index document of a procedure."""
    field = catalog.field(procedure.field)
    field_names = [field.name, field.short_name or ""] if field else [procedure.field]
    documents = [d.name for d in procedure.documents] + [d.form or "" for d in procedure.documents]
    # The checklist's notes are read on the page under the documents: searchable with them.
    documents += [n if isinstance(n, str) else n.text for n in procedure.document_notes]
    body = [
        *procedure.steps,
        procedure.requirements or "",
        *procedure.results,
        *procedure.subjects,
        procedure.kind or "",
        *(law.title or "" for law in procedure.legal_basis),
    ]
    names = [procedure.name, procedure.short_name or ""]
    translated = [t.text for t in procedure.name_translations.values()]
    summaries = [t.text for t in procedure.summary_translations.values()]
    doc = {
        "code": procedure.code,
        "name": procedure.name,
        "titles": [procedure.name, *(procedure.short_name or "",), *procedure.aliases,
                   *translated],
        "field": procedure.field,
        "levels": " ".join(level.value for level in procedure.levels),
        "online": "1" if is_online(procedure) else "0",
        "active": "1" if procedure.is_active else "0",
        "title": _lines(names),
        "aliases": _lines(procedure.aliases),
        "field_name": _lines(field_names),
        "documents": _lines(documents),
        "body": _lines(body),
        "translated_title": _lines(translated),
        "translated_summary": _lines(summaries),
        "title_bigrams": _lines(names + procedure.aliases + translated),
        "title_accented": _lines(names + procedure.aliases),
    }
    return doc


