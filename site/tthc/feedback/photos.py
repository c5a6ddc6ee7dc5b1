"""Photos attached to feedback: re-encoded by Pillow (no EXIF, no GPS), kept outside static."""

from __future__ import annotations

import io
import os
import secrets
import warnings
from pathlib import Path

from flask import Response, current_app, send_file
from PIL import Image, ImageOps, UnidentifiedImageError

from tthc.i18n import _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a phone photo is about 12-50 MP; a bigger one is likely a bomb
MAX_SIDE = 3000  # enough to read a document; keeps stored files small
FORMATS = {"JPEG": "jpg", "PNG": "png"}


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in the user's language."""


def reencode(data: bytes) -> tuple[bytes, str]:
    """Return the photo re-encoded without metadata, and its file extension."""
    if len(data) > MAX_BYTES:
        raise PhotoError(_("Ảnh lớn hơn 5 MB. Vui lòng chọn ảnh nhỏ hơn."))
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
