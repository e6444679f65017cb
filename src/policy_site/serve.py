"""Serve the published branch (not `mkdocs serve`): exactly what readers get, aliases included.

Every request reads the branch as it is at that moment, from git's objects
(`git cat-file --follow-symlinks`, so the `latest` alias resolves as on GitHub
Pages): a publish while serving shows on the next reload. Unknown addresses get
the branch's root 404.html with status 404, as GitHub Pages answers them, and text
is sent gzip-compressed to browsers that accept it, as GitHub Pages sends it.
"""

from __future__ import annotations

import gzip
import io
import mimetypes
import posixpath
import subprocess
import sys
import tarfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import PolicySiteError
from .git import Git

NOT_FOUND_PAGE = "404.html"
GZIP_MIN = 1024
"""Smaller text files are sent as they are (compression would not pay for its header)."""


def export_branch(git: Git, branch: str, dest: Path) -> Path:
    """Write the tree of `branch` (symlinks kept) into `dest`."""
    if git.rev(f"refs/heads/{branch}") is None:
        raise PolicySiteError(f"there is no {branch} branch yet: run `policy-site publish` first")
    data = git.run("archive", "--format=tar", f"refs/heads/{branch}").stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="tar")
    return dest


class BranchFiles:
    """The files of `ref` (a branch: as it is at each request) looked up in git's objects."""

    def __init__(self, git: Git, ref: str) -> None:
        self.git, self.ref = git, ref

    def lookup(self, path: str) -> tuple[str, bytes | None]:
        """("blob", data), ("tree", None) or ("missing", None) for `path` on the branch now."""
        proc = subprocess.run(["git", "cat-file", "--batch", "--follow-symlinks"], cwd=self.git.cwd,
                              input=f"{self.ref}:{path}\n".encode(), capture_output=True)
        header, _, rest = proc.stdout.partition(b"\n")
        parts = header.split()
        if proc.returncode != 0 or len(parts) != 3 or parts[1] not in (b"blob", b"tree"):
            return "missing", None  # missing, dangling, loop, notdir, or a link out of the tree
        return parts[1].decode(), rest[: int(parts[2])] if parts[1] == b"blob" else None


class BranchHandler(BaseHTTPRequestHandler):
    files: BranchFiles
    quiet = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        rel = posixpath.normpath("/" + url_path).lstrip("/")  # no way above the branch root
        if url_path.endswith("/") and rel:
            rel += "/"
        target = rel + "index.html" if rel in ("", ".") or rel.endswith("/") else rel
        kind, data = self.files.lookup(target.removeprefix("./"))
        if kind == "tree":
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if data is None:
            status, target = HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE
            kind, data = self.files.lookup(NOT_FOUND_PAGE)
            data = data if kind == "blob" and data is not None else b"404 Not Found\n"
        ctype = mimetypes.guess_type(target)[0] or "application/octet-stream"
        text = ctype.startswith("text/") or ctype in ("application/json", "application/xml", "application/javascript",
                                                       "image/svg+xml", "application/atom+xml")
        if text and ctype != "image/svg+xml":
            ctype += "; charset=utf-8"
        # Compressed as GitHub Pages compresses text for browsers that accept gzip: what a reader
        # downloads (and what Lighthouse times) is the compressed page, not the raw file.
        encoded = text and "gzip" in self.headers.get("Accept-Encoding", "") and len(data) > GZIP_MIN
        if encoded:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        if text:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)


class PolicyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A browser that abandons a request (BrokenPipe, ConnectionReset) is not an error of ours.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def make_server(git: Git, ref: str = "refs/heads/gh-pages", host: str = "127.0.0.1", port: int = 8000, *,
                quiet: bool = True) -> ThreadingHTTPServer:
    """A server of `ref` (a branch as it is at each request, or a fixed commit)."""
    if git.rev(ref) is None:
        raise PolicySiteError(f"there is no {ref.removeprefix('refs/heads/')} branch yet: run `policy-site publish` first")
    handler = type("Handler", (BranchHandler,), {"files": BranchFiles(git, ref), "quiet": quiet})
    try:
        return PolicyServer((host, port), handler)
    except OSError as exc:
        raise PolicySiteError(f"cannot listen on {host}:{port} ({exc.strerror}): pass --port with a free port") from None


def serve_in_thread(git: Git, ref: str = "refs/heads/gh-pages", host: str = "127.0.0.1",
                    port: int = 0) -> ThreadingHTTPServer:
    server = make_server(git, ref, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
