"""Serve the published branch (not `mkdocs serve`): exactly what readers get, aliases included."""

from __future__ import annotations

import functools
import io
import sys
import tarfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import PolicySiteError
from .git import Git


def export_branch(git: Git, branch: str, dest: Path) -> Path:
    """Write the tree of `branch` (symlinks kept) into `dest`."""
    if git.rev(f"refs/heads/{branch}") is None:
        raise PolicySiteError(f"there is no {branch} branch yet: run `policy-site publish` first")
    data = git.run("archive", "--format=tar", f"refs/heads/{branch}").stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="tar")
    return dest


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PolicyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A browser that abandons a request (BrokenPipe, ConnectionReset) is not an error of ours.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = True) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler if quiet else SimpleHTTPRequestHandler, directory=str(root))
    try:
        return PolicyServer((host, port), handler)
    except OSError as exc:
        raise PolicySiteError(f"cannot listen on {host}:{port} ({exc.strerror}): pass --port with a free port") from None


def serve_in_thread(root: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    server = make_server(root, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
