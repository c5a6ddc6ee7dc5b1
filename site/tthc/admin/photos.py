"""A submission's photo for staff, read from the feedback feature's storage."""

from __future__ import annotations

from pathlib import Path

from tthc.feedback import photos as storage
from tthc.feedback.models import Feedback

MIMETYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def photo_path(item: Feedback) -> Path | None:
    """Return the photo file of a submission, or None when it has none or it was purged."""
    path = storage.photo_path(item.photo_file)
    return path if path is not None and path.suffix.lower() in MIMETYPES else None


def mimetype(path: Path) -> str:
    return MIMETYPES[path.suffix.lower()]
