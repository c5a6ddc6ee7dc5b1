"""Photos: re-encoded by Pillow so EXIF and GPS are gone, kept out of reach of the public."""

import gc
import io
from pathlib import Path

import pytest
from PIL import Image

from feedback.helpers import field_error, photo_with_gps, tracking_code_of
from tthc.feedback import photos, service


def stored_photo(app, code) -> photos.StoredPhoto:
    with app.app_context():
        feedback = service.find_by_code(code)
        photo = photos.load(feedback.photo_file)
    assert photo is not None
    return photo


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_exif_and_gps_are_dropped(fb_app, submit, kind):
    original = photo_with_gps(kind)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825), "the test photo carries GPS"
    code = tracking_code_of(submit(photo=(io.BytesIO(original), f"anh.{kind.lower()}")))
    photo = stored_photo(fb_app, code)
    # In the database, so that every instance serves it; nothing on this machine's disk.
    assert not any(Path(fb_app.config["UPLOAD_DIR"]).glob("*"))
    data = photo.data
    assert b"Camera of a citizen" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == kind
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (64, 48)


def test_photos_are_not_served_publicly(fb_app, fb_client, submit):
    code = tracking_code_of(submit(photo=(io.BytesIO(photo_with_gps()), "anh.jpg")))
    name = stored_photo(fb_app, code).name
    for url in (
        f"/uploads/{name}",
        f"/static/{name}",
        f"/static/../uploads/{name}",
        f"/instance/uploads/{name}",
    ):
        assert fb_client.get(url).status_code == 404
    assert name not in fb_client.get(f"/phan-anh/{code}").get_data(as_text=True)


def test_staff_get_the_photo_as_a_private_download(fb_app, submit):
    code = tracking_code_of(submit(photo=(io.BytesIO(photo_with_gps()), "anh.jpg")))
    with fb_app.test_request_context():
        response = service.send_photo(service.find_by_code(code))
        assert response.mimetype == "image/jpeg"
        assert "attachment" in response.headers["Content-Disposition"]
        assert "no-store" in response.headers["Cache-Control"]
        response.close()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<?php echo 'not a photo'; ?>", "không phải ảnh"),
        (b"\xff\xd8\xff\xe0" + b"0" * 100, "không phải ảnh"),
    ],
)
def test_what_is_not_an_acceptable_photo_is_refused(submit, payload, message):
    response = submit(photo=(io.BytesIO(payload), "anh.jpg"))
    assert response.status_code == 422
    assert message in field_error(response, "photo")


# Werkzeug's test client spools a large body to a temporary file it never closes.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_photo_over_5_mb_is_refused(submit):
    def refused() -> None:
        payload = b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024)
        response = submit(photo=(io.BytesIO(payload), "anh.jpg"))
        assert response.status_code == 422
        assert "lớn hơn 5 MB" in field_error(response, "photo")

    refused()
    gc.collect()  # report the leaked file here, where the warning is ignored


def test_gif_is_refused(submit):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    response = submit(photo=(io.BytesIO(out.getvalue()), "anh.gif"))
    assert "Chỉ nhận ảnh JPEG hoặc PNG" in field_error(response, "photo")


def test_decompression_bomb_is_refused(submit):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # tiny file, 144 megapixels
    response = submit(photo=(io.BytesIO(out.getvalue()), "bom.png"))
    assert response.status_code == 422
    assert field_error(response, "photo")


def test_large_photos_are_scaled_down(fb_app, submit):
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 200)).save(out, "JPEG")
    code = tracking_code_of(submit(photo=(io.BytesIO(out.getvalue()), "lon.jpg")))
    with Image.open(io.BytesIO(stored_photo(fb_app, code).data)) as image:
        assert max(image.size) == photos.MAX_SIDE


def _png_header_only(width: int, height: int, depth: int, colour: int) -> bytes:
    """A PNG whose IHDR promises a huge image; decoding it would be the expensive part."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    rows = zlib.compress(b"".join(b"\0" + bytes(width * 6) for _ in range(16)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "width, height, depth, colour",
    [
        (6300, 6300, 16, 2),  # 308 KB on disk, 238 MB of 16-bit RGB once decoded
        (6300, 6300, 8, 6),  # 8-bit RGBA under the pixel limit, 159 MB decoded
    ],
)
def test_png_decoding_cost_is_bounded_from_the_header(fb_app, width, height, depth, colour):
    data = _png_header_only(width, height, depth, colour)
    assert photos.png_decoded_bytes(data) > photos.PNG_MAX_DECODED_BYTES
    with fb_app.test_request_context(), pytest.raises(photos.PhotoError, match="JPEG"):
        # Refused from the header: the IDAT here is far too short to decode at all.
        photos.reencode(data)


def test_a_palette_png_within_the_bound_is_accepted(fb_app):
    image = Image.new("P", (3000, 2000))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert photos.png_decoded_bytes(out.getvalue()) == 3000 * 2000
    with fb_app.test_request_context():
        data, extension = photos.reencode(out.getvalue())
    assert extension == "png"


def test_big_jpeg_is_decoded_at_the_stored_size(fb_app, monkeypatch):
    out = io.BytesIO()
    Image.new("RGB", (6400, 4800), (10, 120, 200)).save(out, "JPEG")
    decoded_sizes = []
    load = Image.Image.load

    def spy(self):
        result = load(self)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(Image.Image, "load", spy)
    with fb_app.test_request_context():
        data, _ = photos.reencode(out.getvalue())
    # libjpeg's draft mode decoded at half scale (3200×2400), not all 30 MP.
    assert (3200, 2400) in decoded_sizes and (6400, 4800) not in decoded_sizes
    with Image.open(io.BytesIO(data)) as stored:
        assert max(stored.size) <= photos.MAX_SIDE


def test_no_write_lock_is_held_while_the_photo_is_decoded(fb_app, submit, monkeypatch):
    """Another connection can take the SQLite write lock at the moment the photo is decoded."""
    import sqlite3

    database = fb_app.config["DATABASE_URL"].removeprefix("sqlite:///")
    reencode = photos.reencode
    seen = []

    def decode_while_checking(data):
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if a writer holds it
            other.execute("ROLLBACK")
            seen.append("free")
        finally:
            other.close()
        return reencode(data)

    monkeypatch.setattr(photos, "reencode", decode_while_checking)
    response = submit(photo=(io.BytesIO(photo_with_gps("PNG")), "anh.png"))
    assert response.status_code == 303
    assert seen == ["free"]


def test_photos_from_before_the_database_are_still_served(fb_app):
    legacy = Path(fb_app.config["UPLOAD_DIR"])
    legacy.mkdir(parents=True, exist_ok=True)
    (legacy / "0123abcd.jpg").write_bytes(photo_with_gps())
    with fb_app.test_request_context():
        photo = photos.load("0123abcd.jpg")
        assert photo is not None and photo.mimetype == "image/jpeg"
        photos.delete("0123abcd.jpg")
        assert photos.load("0123abcd.jpg") is None
