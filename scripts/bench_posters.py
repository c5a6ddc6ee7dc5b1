#!/usr/bin/env python3
"""Time and size of the whole-catalogue A4 poster PDF and of 1,000 QR PNGs.

Usage: .venv/bin/python scripts/bench_posters.py [--size a4] [--pngs 1000] [--png-size 480]
       [--out posters.pdf] [--limit 20]

Runs in-process on a temporary instance folder, with every cache cold. Exits 1 when the
whole-catalogue PDF takes longer than --limit seconds (20 s is the target of issue 4).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))

from tthc import clock, create_app  # noqa: E402
from tthc.catalog import get_catalog  # noqa: E402
from tthc.qr import codes  # noqa: E402
from tthc.qr.posters import fonts, posters_pdf, select_procedures  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="a4", choices=("a4", "a5", "label"))
    parser.add_argument("--pngs", type=int, default=1000)
    parser.add_argument("--png-size", type=int, default=codes.DEFAULT_PNG_SIZE)
    parser.add_argument("--out", type=Path, help="keep the PDF here")
    parser.add_argument("--limit", type=float, default=20.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "INSTANCE_PATH": tmp,
                "SECRET_KEY": "bench-" + "x" * 40,
                "SITE_URL": "https://tthc.example.gov.vn",
            }
        )
        with app.test_request_context():
            procedures = select_procedures()
            codes.matrix.cache_clear()
            fonts.pil_font.cache_clear()
            started = time.perf_counter()
            pdf = posters_pdf(procedures, args.size, clock.today())
            pdf_seconds = time.perf_counter() - started

            urls = _urls(args.pngs)
            codes.matrix.cache_clear()
            started = time.perf_counter()
            png_total = sum(len(codes.png_bytes.__wrapped__(url, args.png_size)) for url in urls)
            png_seconds = time.perf_counter() - started

    if args.out:
        args.out.write_bytes(pdf)
    print(
        f"whole catalogue, {args.size.upper()} PDF: {len(procedures)} pages in "
        f"{pdf_seconds:.2f} s ({pdf_seconds / len(procedures) * 1000:.0f} ms/page), "
        f"{len(pdf) / 1024 / 1024:.2f} MiB"
    )
    print(
        f"{len(urls)} QR PNGs of {args.png_size} px: {png_seconds:.2f} s "
        f"({png_seconds / len(urls) * 1000:.2f} ms each), {png_total / 1024:.0f} KiB in all "
        f"({png_total / len(urls):.0f} B each)"
    )
    if pdf_seconds > args.limit:
        print(f"SLOW: the PDF took more than {args.limit:.0f} s", file=sys.stderr)
        return 1
    return 0


def _urls(count: int) -> list[str]:
    """Return ``count`` distinct short links: every procedure, then per unit, as counters print."""
    catalog = get_catalog()
    candidates = [codes.short_url(p.code) for p in catalog]
    for unit in catalog.units:
        candidates += [codes.short_url(p.code, unit.slug) for p in catalog]
    while len(candidates) < count:  # a tiny catalogue: repeat, the caches stay bypassed
        candidates += candidates
    return candidates[:count]


if __name__ == "__main__":
    sys.exit(main())
