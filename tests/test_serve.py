"""Serving: `policy-site serve` serves the branch as it is at each request; `mkdocs serve` rebuilds
when a file under docs/ changes. Real publishes, real servers, real HTTP."""

from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import BIN, GIT_ENV, SiteRepo, make_site_repo
from policy_site.git import Git
from policy_site.serve import serve_in_thread


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(what: str, condition: Callable[[], bool], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout} s")


def _start(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, **GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **(env or {})})


def _stop(proc: subprocess.Popen[bytes]) -> str:
    """Stop the server (its own session: the server and nothing else); its stderr."""
    os.killpg(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    return err.decode(errors="replace")


def test_serve_answers_from_the_branch_as_it_is_at_each_request(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    assert (result := repo.run("publish", "--today", "2022-03-31")).code == 0, result.err
    server = serve_in_thread(Git(repo.path))
    url = "http://{}:{}".format(*server.server_address[:2])
    try:
        status, page, headers = _get(url + "/latest/en/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert '<time datetime="2016-06-01">' in page
        assert _get(url + "/latest/en")[:1] == (301,) and _get(url + "/latest/en")[2]["Location"] == "/latest/en/"
        status, feed, headers = _get(url + "/en/feed.xml")
        assert status == 200 and "xml" in headers["Content-Type"] and "<feed" in feed
        for missing in ("/no/such/page/", "/2016-06-01/en/nothing.html", "/../../etc/passwd", "/latest/../../x"):
            status, body, _ = _get(url + missing)
            assert status == 404 and "ページが見つかりません" in body and "Page not found" in body, missing
        # a publish while serving shows on the next request: no restart, no export
        assert (result := repo.run("publish", "--today", "2022-04-01")).code == 0, result.err
        status, page, _ = _get(url + "/latest/en/")
        assert status == 200 and '<time datetime="2022-04-01">' in page
        assert "It was superseded on April 1, 2022" in _get(url + "/2016-06-01/en/")[1]
    finally:
        server.shutdown()
        server.server_close()


def test_serve_compresses_text_for_browsers_that_accept_gzip(tmp_path: Path) -> None:
    """As GitHub Pages does: what a reader downloads (and what Lighthouse times) is compressed."""
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    assert (result := repo.run("publish", "--today", "2022-03-01")).code == 0, result.err
    server = serve_in_thread(Git(repo.path))
    url = "http://{}:{}".format(*server.server_address[:2])
    branch = Git(repo.path)
    try:
        for path, file in (("/latest/en/", "2016-06-01/en/index.html"),
                           ("/latest/assets/policy/policy.js", "2016-06-01/assets/policy/policy.js")):
            raw = branch.run("show", f"gh-pages:{file}").stdout
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip, deflate, br"})
            with urllib.request.urlopen(request, timeout=30) as response:
                body, headers = response.read(), response.headers
            assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding", path
            assert int(headers["Content-Length"]) == len(body) < len(raw) / 2, path
            assert gzip.decompress(body) == raw, path
            status, plain, headers = _get(url + path)  # no Accept-Encoding: the file as it is
            assert status == 200 and "Content-Encoding" not in headers and plain.encode() == raw, path
    finally:
        server.shutdown()
        server.server_close()


def test_the_serve_command_serves_the_branch(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    assert (result := repo.run("publish", "--today", "2022-03-01")).code == 0, result.err
    port = _free_port()
    proc = _start([str(BIN / "policy-site"), "serve", "--port", str(port)], repo.path)
    try:
        _wait_for("policy-site serve answers", lambda: _get(f"http://127.0.0.1:{port}/")[0] == 200, timeout=60)
        assert '<a href="latest/en/">Read the policy in force</a>' in _get(f"http://127.0.0.1:{port}/")[1]
    finally:
        _stop(proc)


def test_mkdocs_serve_rebuilds_when_a_file_under_docs_changes(site_repo: SiteRepo) -> None:
    port = _free_port()
    page = site_repo.path / "docs" / "2022-04-01" / "en" / "index.md"
    proc = _start([str(BIN / "mkdocs"), "serve", "--livereload",
                   "-a", f"127.0.0.1:{port}"], site_repo.path, {"POLICY_SITE_TODAY": "2026-11-27"})
    url = f"http://127.0.0.1:{port}/en/"
    try:
        _wait_for("mkdocs serve answers", lambda: _get(url)[0] == 200)
        assert "Added while serving" not in _get(url)[1]
        page.write_text(page.read_text(encoding="utf-8") + "\nAdded while serving.\n", encoding="utf-8")
        _wait_for("the edit shows", lambda: "Added while serving." in _get(url)[1])
    finally:
        err = _stop(proc)
    assert "Traceback" not in err, err
