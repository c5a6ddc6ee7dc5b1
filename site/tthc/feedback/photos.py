"""Photos attached to feedback: re-encoded by Pillow (no EXIF, no GPS), kept in the database."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import struct
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flask import Response, copy_current_request_context, current_app, send_file
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from tthc.extensions import db
from tthc.i18n import _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo is about 12-50 MP; a bigger one is likely a bomb
MAX_SIDE = 3000  # enough to read a document; keeps stored files small
FORMATS = {"JPEG": "jpg", "PNG": "png"}
# Decoding cost grows with the decoded bytes, not the file size: a 300 KB PNG of 6300×6300
# 16-bit pixels decodes to 238 MB. Bounded from the PNG header, before anything is inflated.
# 48 MB is a 4000×4000 8-bit colour photo, or a phone screenshot many times over.
PNG_MAX_DECODED_BYTES = 48_000_000
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_decoded_bytes(data: bytes) -> int | None:
    """Return what decoding this PNG would allocate, from its IHDR alone; None if not a PNG."""
    if not data.startswith(PNG_SIGNATURE) or len(data) < 33 or data[12:16] != b"IHDR":
        return None
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    samples = PNG_CHANNELS.get(colour, 4)
    # Pillow widens sub-byte pixels to a byte each, and 16-bit samples stay 2 bytes while
    # they are unfiltered; count the larger of the two.
    per_pixel = samples * max(depth, 8) / 8
    return int(width * height * per_pixel)


def _draft_size(width: int, height: int) -> tuple[int, int]:
    """The size the photo will be stored at: what a JPEG needs to be decoded at, no more."""
    ratio = min(MAX_SIDE / width, MAX_SIDE / height, 1.0)
    return max(1, int(width * ratio)), max(1, int(height * ratio))


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in the user's language."""


def reencode(data: bytes) -> tuple[bytes, str]:
    """Return the photo re-encoded without metadata, and its file extension."""
    if len(data) > MAX_BYTES:
        raise PhotoError(_("Ảnh lớn hơn 5 MB. Vui lòng chọn ảnh nhỏ hơn."))
    decoded = png_decoded_bytes(data)
    if decoded is not None and decoded > PNG_MAX_DECODED_BYTES:
        raise PhotoError(_("Ảnh PNG này quá lớn để xử lý. Vui lòng gửi ảnh JPEG hoặc ảnh nhỏ hơn."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise PhotoError(_("Chỉ nhận ảnh JPEG hoặc PNG."))
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoError(_("Ảnh có kích thước quá lớn."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if kind == "JPEG":
                    # libjpeg decodes at 1/2, 1/4 or 1/8 scale for a fraction of the work.
                    image.draft(None, _draft_size(*image.size))
                image.load()
                upright = ImageOps.exif_transpose(image)
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise PhotoError(_("Tệp này không phải ảnh JPEG hoặc PNG hợp lệ.")) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "JPEG":
        # Saved without exif= or icc_profile=: nothing of the original metadata survives.
        upright.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            upright = upright.convert("RGBA")
        upright.save(out, "PNG", optimize=True)
    return out.getvalue(), FORMATS[kind]


# Decoding runs in one thread per worker process, at a lower CPU priority (on Linux the nice
# value is per thread): uploads queue behind each other instead of taking every core, and a
# loop of expensive uploads gives way to every other request of the machine.
DECODE_NICENESS = 10
_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _lower_priority() -> None:
    # Not Linux, or not allowed: decoding still runs one upload at a time.
    with contextlib.suppress(AttributeError, OSError):
        niceness = os.getpriority(os.PRIO_PROCESS, 0) + DECODE_NICENESS
        os.setpriority(os.PRIO_PROCESS, 0, min(19, niceness))


def _decoder() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():  # a pool never survives a fork
            _pool = (os.getpid(), ThreadPoolExecutor(1, "photo-decode", _lower_priority))
        return _pool[1]


def reencode_gently(data: bytes) -> tuple[bytes, str]:
    """reencode() in this process's low-priority decoding thread; call it with no transaction
    open (nothing must wait for the database while a photo is decoded)."""
    return _decoder().submit(copy_current_request_context(lambda: reencode(data))).result()


MIMETYPES = {"jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class StoredPhoto:
    name: str
    data: bytes
    mimetype: str


def upload_dir() -> Path:
    """Where photos were kept before they moved to the database; still read, never written."""
    return Path(current_app.config["UPLOAD_DIR"])


def _table():
    from tthc.feedback.models import FeedbackPhoto

    return FeedbackPhoto.__table__


def store(data: bytes, extension: str) -> str:
    """Store a re-encoded photo in the database, in a short transaction of its own, and return
    its name. Every instance reads it from there: nothing lives only on one machine's disk.
    Raises OSError when the database refuses (the caller answers "try again later")."""
    from tthc import clock

    name = f"{secrets.token_hex(16)}.{extension}"
    row = {
        "name": name,
        "content_type": MIMETYPES[extension],
        "data": data,
        "stored_at": clock.now(),
    }
    # The session's own connection: on SQLite every transaction holds the write lock, so a
    # second connection of this request would wait for the first.
    try:
        db.session.execute(_table().insert().values(**row))
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise OSError(f"photo not stored: {error.__class__.__name__}") from error
    return name


def delete(name: str | None) -> None:
    """Remove a photo; a database that refuses leaves it for the next purge, never an error."""
    if not name:
        return
    try:
        db.session.execute(_table().delete().where(_table().c.name == name))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Photo %s not deleted: database unavailable", name)
    (upload_dir() / Path(name).name).unlink(missing_ok=True)


def load(name: str | None) -> StoredPhoto | None:
    """Return a stored photo, for staff views only; None when there is none (or it was purged)."""
    if not name:
        return None
    table = _table()
    row = db.session.execute(
        select(table.c.data, table.c.content_type).where(table.c.name == name)
    ).first()
    if row is not None:
        return StoredPhoto(name, bytes(row.data), row.content_type)
    legacy = upload_dir() / Path(name).name
    extension = legacy.suffix.removeprefix(".").lower()
    if extension in MIMETYPES and legacy.is_file():
        return StoredPhoto(legacy.name, legacy.read_bytes(), MIMETYPES[extension])
    return None


def send_photo(name: str | None) -> Response | None:
    """Send a stored photo to staff as a download that is never cached or sniffed."""
    photo = load(name)
    if photo is None:
        return None
    response = send_file(
        io.BytesIO(photo.data),
        mimetype=photo.mimetype,
        as_attachment=True,
        download_name=photo.name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
