"""Read QR codes back the way a phone would: real decoder, rasterised PDFs, degraded photos."""

from __future__ import annotations

import io

import pypdfium2
import zxingcpp
from PIL import Image, ImageFilter


def decode(image: Image.Image) -> list[str]:
    """Return the text of every QR code a real decoder finds in an image."""
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def pdf_pages(data: bytes, dpi: int = 200) -> list[Image.Image]:
    """Rasterise every page of a PDF."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()


def degrade(image: Image.Image) -> Image.Image:
    """Imitate a phone photo: downscale to 25 %, blur slightly, rotate by 5 degrees."""
    small = image.convert("L").resize(
        (max(1, image.width // 4), max(1, image.height // 4)), Image.Resampling.BILINEAR
    )
    blurred = small.filter(ImageFilter.GaussianBlur(radius=0.8))
    return blurred.rotate(5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
