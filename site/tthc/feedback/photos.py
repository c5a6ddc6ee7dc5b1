"""Photos attached to feedback: re-encoded by Pillow (no EXIF, no GPS), kept outside static."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import struct
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Response, copy_current_request_context, current_app, send_file
from PIL import Image, ImageOps, UnidentifiedImageError

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


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def store(data: bytes, extension: str) -> str:
    """Write a re-encoded photo durably under UPLOAD_DIR and return its stored name."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    path = folder / name
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()

        os.fsync(handle.fileno())
    return name


def delete(name: str | None) -> None:
    if name:
        (upload_dir() / Path(name).name).unlink(missing_ok=True)


def photo_path(name: str | None) -> Path | None:
    """Return the file of a stored photo, for staff views only; None when there is none."""
    if not name:
        return None
    path = upload_dir() / Path(name).name
    return path if path.is_file() else None


def send_photo(name: str | None) -> Response | None:
    """Send a stored photo to staff as a download that is never cached or sniffed."""
    path = photo_path(name)
    if path is None:
        return None
    mimetype = "image/jpeg" if path.suffix == ".jpg" else "image/png"
    response = send_file(
        path, mimetype=mimetype, as_attachment=True, download_name=path.name, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
