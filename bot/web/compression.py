"""gzip for the text the web server sends (the widget script, stylesheets, pages), when the
browser accepts it. The embedded server (waitress) compresses nothing itself; in the production
profile nginx may compress too, and then sees a response that is already encoded."""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Request, Response

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
}
MIN_BYTES = 1024  # below this, gzip's header costs more than it saves
LEVEL = 6
CACHED = 32  # gzipped copies of files with an ETag (app.css takes ~20 ms to gzip)

_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_cache_lock = threading.Lock()


def _gzipped(body: bytes, key: tuple[str, str] | None) -> bytes:
    """`body` gzipped; the same file (same path and ETag) is gzipped once."""
    if key is None:
        return gzip.compress(body, compresslevel=LEVEL, mtime=0)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    zipped = gzip.compress(body, compresslevel=LEVEL, mtime=0)
    with _cache_lock:
        _cache[key] = zipped
        while len(_cache) > CACHED:
            _cache.popitem(last=False)
    return zipped


def accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0


def compress(response: Response, request: Request) -> Response:
    """`response` gzipped, if it is text of some size the browser accepts gzipped."""
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or response.mimetype not in COMPRESSIBLE
        or "Content-Encoding" in response.headers
        or not accepts_gzip(request)
        or (response.is_streamed and not response.direct_passthrough)  # made as it is sent
    ):
        return response
    response.direct_passthrough = False  # files from send_from_directory: read them here
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    etag, weak = response.get_etag()
    response.set_data(_gzipped(body, (request.path, etag) if etag and not weak else None))
    response.headers["Content-Encoding"] = "gzip"
    if etag and not weak:  # the same resource in another encoding: a weak validator
        response.set_etag(etag, weak=True)
    return response
