"""A local HTTP server for tests: serves files from a folder with ETags and Last-Modified, answers
conditional requests with 304, and records every request it gets."""
from __future__ import annotations

import email.utils
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(BaseHTTPRequestHandler):
    server: "PlanServer"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent")))
        name = self.path.lstrip("/").split("?")[0]
        if name.startswith("fail500"):
            self.send_response(500)
            self.end_headers()
            return
        path = self.server.root / name
        if not name or not path.is_file():
            self.send_response(404)
            self.end_headers()
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Content-Type", self.server.types.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PlanServer(ThreadingHTTPServer):
    types = {".txt": "text/plain; charset=utf-8", ".html": "text/html", ".pdf": "application/pdf"}

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = Path(root)
        self.requests: list[tuple[str, str | None, str | None]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "PlanServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
