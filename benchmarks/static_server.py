"""A static file server for a built site that compresses as a host does.

GitHub Pages, Netlify and most hosts send text (HTML, CSS, JavaScript, JSON, SVG, XML) gzipped to a
browser that accepts it, and other files (images, Pagefind's own pre-compressed index files) as they
are. This server does the same, so that the bytes the benchmark's browser counts are the bytes a
reader's browser would receive. Compressed bodies are cached, as a host's are: compressing a 12 MB
page on every request would be timed as the page's own cost.
"""

from __future__ import annotations

import functools
import gzip
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml", "application/atom+xml")


class GzipHandler(SimpleHTTPRequestHandler):
    cache: dict[tuple[str, float], bytes] = {}
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript", ".json": "application/json"}

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass

    def do_GET(self) -> None:
        path = self._file()
        kind = self.guess_type(path) if path else ""
        if path is None or "gzip" not in self.headers.get("Accept-Encoding", "") or not kind.startswith(COMPRESSED_TYPES):
            super().do_GET()
            return
        key = (path, os.stat(path).st_mtime)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def _file(self) -> str | None:
        """The file a GET names, if it is one (a folder's index.html included); else None, and the
        base class answers (redirects, listings, 404)."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None
            path = os.path.join(path, "index.html")
        return path if os.path.isfile(path) else None


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yields the base URL.
    The folder may be built after the server starts: the URL is known first, for site_url."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
