"""What an export wrote: the one record the freezer fills and the nginx writer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ExportResult:
    """What was written: every URL with its status and, for redirects, where it points."""

    root: Path
    pages: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    broken: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def manifest(self) -> dict:
        return {
            "pages": self.pages,
            "redirects": {path: list(target) for path, target in sorted(self.redirects.items())},
            "gone": sorted(self.gone),
            "broken": self.broken,
            "files": self.files,
        }
