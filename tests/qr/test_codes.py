"""QR images decode to the exact short link, with a quiet zone, error correction Q and caching."""

from __future__ import annotations

import io
import re

import cairosvg
import pytest
import zxingcpp
from PIL import Image

from .conftest import SITE_URL
from .images import decode, degrade, png_image

CODE = "1.004222"
SHORT = f"{SITE_URL}/q/{CODE}"


def test_png_decodes_to_the_short_link(bundled):
    response = bundled.get(f"/qr/{CODE}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = png_image(response.data)
    assert image.size == (480, 480)
    assert decode(image) == [SHORT]


def test_png_uses_error_correction_q(bundled):
    image = png_image(bundled.get(f"/qr/{CODE}.png").data)
    (result,) = zxingcpp.read_barcodes(image.convert("L"))
    assert result.ec_level == "Q"


def test_png_keeps_a_quiet_zone_of_four_modules(bundled):
    image = png_image(bundled.get(f"/qr/{CODE}.png?size=600").data).convert("L")
    left, top, right, bottom = Image.eval(image, lambda v: 255 - v).getbbox()
    # The top-left finder pattern is 7 modules wide: measure a module from it.
    row = [image.getpixel((x, top)) for x in range(left, right)]
    module = next(i for i, value in enumerate(row) if value > 127) / 7
    assert module >= 1
    for margin in (left, top, image.width - right, image.height - bottom):
        assert margin >= 4 * module
    assert (right - left) / module == pytest.approx(round((right - left) / module), abs=0.01)


@pytest.mark.parametrize("size", [64, 150, 333, 1000, 2400])
def test_png_size_is_the_size_asked(bundled, size):
    image = png_image(bundled.get(f"/qr/{CODE}.png?size={size}").data)
    assert image.size == (size, size)
    if size >= 150:
        assert decode(image) == [SHORT]


@pytest.mark.parametrize("size", ["abc", "-5", "0", "63", "2401", "99999999999999", "1e3", ""])
def test_bad_png_size_is_a_clear_400(bundled, size):
    response = bundled.get(f"/qr/{CODE}.png?size={size}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Kích thước" in text and "64" in text and "2400" in text


def test_svg_is_path_based_on_an_opaque_white_square(bundled):
    response = bundled.get(f"/qr/{CODE}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert re.search(r'<rect width="(\d+)" height="\1" fill="#ffffff"/>', svg)
    assert svg.count("<path") == 1 and "<image" not in svg
    png = cairosvg.svg2png(bytestring=response.data, output_width=500, output_height=500)
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    assert image.getchannel("A").getextrema() == (255, 255)  # never transparent
    assert image.getpixel((0, 0)) == (255, 255, 255, 255)
    assert decode(image) == [SHORT]


def test_unit_parameter_encodes_the_counter(bundled):
    png = png_image(bundled.get(f"/qr/{CODE}.png?unit=cong-an-cap-xa").data)
    assert decode(png) == [f"{SHORT}/cong-an-cap-xa"]
    svg = bundled.get(f"/qr/{CODE}.svg?unit=cong-an-cap-xa").data
    image = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg, output_width=400)))
    assert decode(image) == [f"{SHORT}/cong-an-cap-xa"]


def test_unknown_unit_or_code_is_404(bundled):
    assert bundled.get(f"/qr/{CODE}.png?unit=khong-co").status_code == 404
    assert bundled.get("/qr/9.999999.png").status_code == 404
    assert bundled.get("/qr/9.999999.svg").status_code == 404
    assert "9.999999" in bundled.get("/qr/9.999999.svg").get_data(as_text=True)


def test_images_survive_a_phone_photo(bundled):
    image = png_image(bundled.get(f"/qr/{CODE}.png?size=1200").data)
    assert decode(degrade(image)) == [SHORT]


def test_images_are_cached_for_long_with_an_etag(bundled):
    first = bundled.get(f"/qr/{CODE}.png?size=300")
    assert first.headers["ETag"]
    cache = first.headers["Cache-Control"]
    assert "public" in cache and "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 30 * 24 * 3600
    etag = {"If-None-Match": first.headers["ETag"]}
    again = bundled.get(f"/qr/{CODE}.png?size=300", headers=etag)
    assert again.status_code == 304 and again.data == b""
    other_size = bundled.get(f"/qr/{CODE}.png?size=301")
    assert other_size.headers["ETag"] != first.headers["ETag"]
    svg = bundled.get(f"/qr/{CODE}.svg")
    etag = {"If-None-Match": svg.headers["ETag"]}
    assert bundled.get(f"/qr/{CODE}.svg", headers=etag).status_code == 304


def test_short_link_comes_from_site_url(fixture_app):
    from tthc.qr.codes import field_short_url, short_url

    with fixture_app.app_context():
        assert short_url(CODE) == f"{SITE_URL}/q/{CODE}"
        assert short_url(CODE, "phong-qlhc") == f"{SITE_URL}/q/{CODE}/phong-qlhc"
        assert field_short_url("cu-tru") == f"{SITE_URL}/q/lv/cu-tru"


def test_every_active_procedure_has_a_decodable_code(bundled_app):
    from tthc.catalog import get_catalog
    from tthc.qr.codes import png_bytes, short_url

    with bundled_app.app_context():
        catalog = get_catalog()
        assert len(catalog) > 100
        for procedure in catalog:
            url = short_url(procedure.code)
            assert decode(png_image(png_bytes(url, 240))) == [url], procedure.code


def test_unit_rating_code_decodes_to_the_rating_page(bundled):
    unit = "cong-an-cap-xa"
    target = f"{SITE_URL}/danh-gia/{unit}"
    png = bundled.get(f"/qr/danh-gia/{unit}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert decode(png_image(png.data)) == [target]
    svg = bundled.get(f"/qr/danh-gia/{unit}.svg")
    rasterised = png_image(cairosvg.svg2png(bytestring=svg.data, output_width=600))
    assert decode(rasterised) == [target]
    assert bundled.get(target.removeprefix(SITE_URL)).status_code == 200
    assert bundled.get("/qr/danh-gia/khong-co.png").status_code == 404
    unit_page = bundled.get(f"/don-vi/{unit}").get_data(as_text=True)
    assert f"/qr/danh-gia/{unit}.svg" in unit_page
