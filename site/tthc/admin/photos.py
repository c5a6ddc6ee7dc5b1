"""A submission's photo for staff, read from the feedback feature's storage."""

from __future__ import annotations

from tthc.feedback import photos as storage
from tthc.feedback.models import Feedback


def stored_photo(item: Feedback) -> storage.StoredPhoto | None:
    """Return the photo of a submission, or None when it has none or it was purged."""
    return storage.load(item.photo_file)
