"""Read a source file the way a tired lawyer may have saved it.

Every problem becomes a `Finding` (`invalid-file` for what cannot be read,
`text-format` warnings for what `policy-site fmt` can fix); nothing raises.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..findings import Finding

MAX_BYTES = 5 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
# What a text that is not UTF-8 may be: the encodings Japanese policies are saved in.
# charset-normalizer chooses among them (left free, it takes short EUC-JP text for Korean).
ENCODINGS = {"utf_16": "UTF-16", "cp932": "Shift_JIS (cp932)", "shift_jis": "Shift_JIS", "euc_jp": "EUC-JP",
             "iso2022_jp": "ISO-2022-JP"}


@dataclass
class SourceText:
    text: str | None
    findings: list[Finding]


def detect_encoding(data: bytes) -> str | None:
    """The Python codec of `data` among `ENCODINGS` (charset-normalizer), None if it is none of them."""
    best = charset_normalizer.from_bytes(data, cp_isolation=list(ENCODINGS)).best()
    return best.encoding if best else None


def guess_encoding(data: bytes) -> str:
    """What `data` looks like, for a message."""
    return ENCODINGS.get(detect_encoding(data) or "", "an unknown encoding")


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_source(path: Path, rel: str, *, revision: str | None = None, lang: str | None = None) -> SourceText:
    """Decode `path` as UTF-8 and report what keeps it from being clean text."""
    where = {"file": rel, "revision": revision, "lang": lang}
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return SourceText(None, [Finding(
                "invalid-file", "error",
                f"file is {size / 1024 / 1024:.1f} MB, over the 5 MB limit",
                "split the document or remove embedded data", line=None, **where)])
        data = path.read_bytes()
    except OSError as exc:
        return SourceText(None, [Finding("invalid-file", "error", f"cannot read file: {exc.strerror}",
                                         "check the file's permissions", **where)])
    findings: list[Finding] = []
    if data.startswith(BOM):
        data = data[len(BOM):]
        findings.append(Finding("text-format", "warning", "file starts with a byte order mark (BOM)",
                                "run `policy-site fmt` to remove it", line=1, **where))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceText(None, [Finding(
            "invalid-file", "error",
            f"not UTF-8 (it looks like {guess_encoding(data)})",
            "save the file as UTF-8 (in most editors: Save As > Encoding > UTF-8)",
            line=_line_of_offset(data, exc.start), **where)])
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        findings.append(Finding("text-format", "warning", "Windows (CRLF) or old Mac (CR) line ends",
                                "run `policy-site fmt` to convert them to LF", line=line, **where))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        line = next(i for i, ln in enumerate(text.split("\n"), 1) if not unicodedata.is_normalized("NFC", ln))
        findings.append(Finding("text-format", "warning",
                                "text is not NFC-normalized (e.g. dakuten typed as combining marks)",
                                "run `policy-site fmt` to normalize it", line=line, **where))
        text = unicodedata.normalize("NFC", text)
    if "\x00" in text:
        return SourceText(None, findings + [Finding("invalid-file", "error", "file contains NUL bytes (a binary file?)",
                                                    "replace it with a Markdown text file", line=_line_of_offset(data, data.index(b"\x00")), **where)])
    return SourceText(text, findings)


def normalized_bytes(data: bytes) -> bytes:
    """What `policy-site fmt` writes: UTF-8 without BOM, LF line ends, NFC."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    text = data.decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).encode("utf-8")
