"""Extract, read and compile the interface catalogues the same way the project does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "site" / "tthc"
TRANSLATIONS = PACKAGE / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGUAGES = ("vi", "en", "km")

EXTRACT_OPTIONS = [
    "-F",
    str(ROOT / "babel.cfg"),
    "-k",
    "_l",
    "-k",
    "lazy_gettext",
    "--add-comments=i18n:",
    # Babel skips folders starting with "_" by default; templates/_macros holds strings too.
    "--ignore-dirs=.* __pycache__",
    "--no-location",
    "--sort-output",
    "--project=tthc",
]


def extract(output: Path) -> None:
    """Extract every interface string of the package into a .pot file."""
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *EXTRACT_OPTIONS,
         "-o", str(output), str(PACKAGE)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def comparable(catalog: Catalog) -> dict:
    """What matters in a template: ids, plurals, contexts, flags and translator comments."""
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id), message.context): (
            sorted(message.flags - {"fuzzy"}),
            list(message.auto_comments),
        )
        for message in catalog
        if message.id
    }


def compile_all(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile each language's .po next to it, as scripts/_venv.sh does; return the .mo files."""
    written = []
    for language in LANGUAGES:
        source = po_path(language)
        target = directory / language / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(source, language)
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written
