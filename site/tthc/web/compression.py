"""Gzip text responses for clients that accept it (nginx compresses too; direct hits still win)."""

from __future__ import annotations

import gzip

from flask import Response, request

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/javascript",
    "application/opensearchdescription+xml",
    "image/svg+xml",
)
MIN_SIZE = 512  # below this the gzip header and the CPU cost more than they save
MAX_PASSTHROUGH_SIZE = 2 * 1024 * 1024  # static text files are read into memory up to this size
LEVEL = 6


def _compressible(response: Response) -> bool:
    mimetype = response.mimetype or ""
    return mimetype.startswith(COMPRESSIBLE)


def _add_vary(response: Response, header: str) -> None:
    if header.lower() not in {value.lower() for value in response.vary}:
        response.vary.add(header)


def compress(response: Response) -> Response:
    """Gzip the body in place when it is text, big enough and the client asked for it."""
    if not _compressible(response) or response.status_code in (204, 206, 304):
        return response
    if "Content-Encoding" in response.headers:
        return response
    if response.is_streamed and not response.direct_passthrough:
        return response  # a generator: compressing would buffer what the view meant to stream
    _add_vary(response, "Accept-Encoding")
    if request.accept_encodings["gzip"] <= 0:
        return response
    if response.direct_passthrough:
        # send_file hands out an open file; small text files are worth reading and compressing.
        if (response.content_length or 0) > MAX_PASSTHROUGH_SIZE:
            return response
        response.direct_passthrough = False
    original = response.response
    data = response.get_data()
    if original is not response.response and hasattr(original, "close"):
        original.close()  # the file send_file opened; get_data has read it all
    if len(data) < MIN_SIZE:
        return response
    # mtime=0 keeps the output byte-identical for identical input.
    response.set_data(gzip.compress(data, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        # A strong validator names exact bytes; the gzipped bytes differ, so it becomes weak.
        response.set_etag(etag, weak=True)
    return response
