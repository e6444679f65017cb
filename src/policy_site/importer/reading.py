"""Reading what is imported: a file, a URL or a file at a commit, as Markdown text.

Bytes are decoded as UTF-8 (a BOM is dropped), else as the encoding Japanese
policies are found in that charset-normalizer recognizes (Shift_JIS/CP932, EUC-JP,
ISO-2022-JP, UTF-16: `model/sources.py`); HTML finds its own encoding
(Beautiful Soup reads the `<meta charset>`). HTML becomes Markdown (`html.py`).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicySiteError
from ..model.sources import detect_encoding
from .html import html_to_markdown, looks_like_html

_MAX_BYTES = 5 * 1024 * 1024
_TIMEOUT = 30


class ImportFailed(PolicySiteError):
    """An input cannot be read: the message names it and says what to do."""


@dataclass(frozen=True)
class Source:
    """One imported text: where it came from, and its Markdown."""

    name: str
    markdown: str
    was_html: bool


def fetch(spec: str) -> tuple[str, bytes]:
    """(name, bytes) of a local file or an http(s) URL."""
    if spec.startswith(("http://", "https://")):
        request = urllib.request.Request(spec, headers={"User-Agent": "policy-site-import"})
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310 (http(s) only)
                data = response.read(_MAX_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ImportFailed(f"{spec}: cannot be fetched ({reason}); check the URL, or save the page and import the file") from None
        return spec, data
    path = Path(spec)
    if not path.is_file():
        raise ImportFailed(f"{spec}: no such file; give the path of a Markdown or HTML file, or an http(s) URL")
    if path.stat().st_size > _MAX_BYTES:
        raise ImportFailed(f"{spec}: over 5 MB; import the policy's own page, not a whole site")
    return spec, path.read_bytes()


def decode(name: str, data: bytes) -> str:
    """Text from bytes: UTF-8 first, else the Japanese encoding it is in (`model.sources`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = detect_encoding(data)
    if encoding is None:
        raise ImportFailed(f"{name}: not UTF-8, Shift_JIS or EUC-JP text; save it as UTF-8 and import it again")
    return data.decode(encoding)


def to_source(name: str, data: bytes, *, url: bool = False) -> Source:
    """The Markdown of one input, HTML converted."""
    if len(data) > _MAX_BYTES:
        raise ImportFailed(f"{name}: over 5 MB; import the policy's own page, not a whole site")
    head = data[:2048].decode("ascii", errors="ignore")
    if looks_like_html(head, "" if url and not name.lower().endswith((".html", ".htm")) else name):
        markdown = html_to_markdown(data)
        was_html = True
    else:
        markdown = decode(name, data)
        was_html = False
    if not markdown.strip():
        raise ImportFailed(f"{name}: no text found; import the page or file that holds the policy's text")
    return Source(name, markdown, was_html)


def read_source(spec: str) -> Source:
    """A file or URL, read and converted."""
    name, data = fetch(spec)
    return to_source(name, data, url=spec.startswith(("http://", "https://")))
