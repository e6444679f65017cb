"""Source hashes of a revision folder: the text as readers get it, not the bytes a checkout left.

Scheme 2 (recorded as ``source_hash_version: 2`` in policy.json) hashes each
file of the revision folder after the normalisation the site applies when it
reads it: a UTF-8 byte order mark dropped, CRLF and CR line ends turned into LF,
the text NFC-normalised. Files and folders whose name starts with ``.``
(``.DS_Store``, ``.~lock``, editor swap files) are not part of the revision and
are left out. A clone with ``core.autocrlf=true`` or a Finder droppings file
therefore hashes the same as the commit that was published. Files that are not
UTF-8 are hashed as bytes (the check refuses them anyway).

Scheme 1 (policy.json without ``source_hash_version``, written before) hashed
the raw bytes of every file. `matches_record` accepts a scheme-1 record when
the files, read either raw or with LF line ends, give the recorded digests, so
branches published before keep verifying on any checkout.

Knows nothing of MkDocs or git.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HASH_VERSION = 2
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceRecord:
    """What a policy.json says about a revision's sources."""

    source_hash: str
    sources: dict[str, str] = field(default_factory=dict)  # path in the folder -> sha256
    version: int = 1


def is_hidden(rel: str) -> bool:
    """A path (relative to the revision folder) with a part starting with `.`."""
    return any(part.startswith(".") for part in rel.split("/"))


def source_files(folder: Path) -> list[Path]:
    """The files a revision is made of, in a stable order (hidden files left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not is_hidden(p.relative_to(folder).as_posix()))


def reader_bytes(data: bytes) -> bytes:
    """The bytes of the text as the site reads it (see the module docstring)."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).encode("utf-8")


def file_hashes(folder: Path, version: int = HASH_VERSION) -> dict[str, str]:
    """Path in the folder -> sha256, under hash scheme `version`."""
    hashes: dict[str, str] = {}
    for path in source_files(folder) if version >= 2 else _all_files(folder):
        data = path.read_bytes()
        hashes[path.relative_to(folder).as_posix()] = hashlib.sha256(
            reader_bytes(data) if version >= 2 else data).hexdigest()
    return hashes


def combined_hash(hashes: dict[str, str]) -> str:
    """One digest over every file's path and digest."""
    h = hashlib.sha256()
    for rel, digest in sorted(hashes.items()):
        h.update(f"{rel}\0{digest}\n".encode())
    return h.hexdigest()


def source_record(folder: Path) -> dict:
    """The `sources`, `source_hash` and `source_hash_version` keys policy.json records."""
    hashes = file_hashes(folder)
    return {"sources": hashes, "source_hash": combined_hash(hashes), "source_hash_version": HASH_VERSION}


def changed_files(folder: Path, record: SourceRecord) -> dict[str, str]:
    """Files that differ from `record`: path -> "changed" | "added" | "removed" ({} when equal).

    With a record of combined hash only (no per-file digests) a difference is
    reported as {"": "changed"}.
    """
    if record.version >= 2:
        now = file_hashes(folder, record.version)
        if not record.sources:
            return {} if combined_hash(now) == record.source_hash else {"": "changed"}
        return _diff(record.sources, now)
    # Scheme 1: raw bytes; a checkout may have turned LF into CRLF and added hidden files.
    raw = file_hashes(folder, 1)
    lf = {rel: hashlib.sha256(p.read_bytes().replace(b"\r\n", b"\n")).hexdigest()
          for rel, p in ((p.relative_to(folder).as_posix(), p) for p in _all_files(folder))}
    if not record.sources:
        visible = {k: v for k, v in raw.items() if not is_hidden(k)}
        visible_lf = {k: v for k, v in lf.items() if not is_hidden(k)}
        ok = record.source_hash in {combined_hash(raw), combined_hash(lf), combined_hash(visible),
                                    combined_hash(visible_lf)}
        return {} if ok else {"": "changed"}
    diffs: dict[str, str] = {}
    for rel in sorted(set(record.sources) | set(raw)):
        before = record.sources.get(rel)
        if before is not None and before in (raw.get(rel), lf.get(rel)):
            continue
        if before is None and is_hidden(rel):
            continue  # a stray .DS_Store is not part of the revision
        if before is not None and rel not in raw:
            diffs[rel] = "removed"
        else:
            diffs[rel] = "added" if before is None else "changed"
    return diffs


def matches_record(folder: Path, record: SourceRecord) -> bool:
    return not changed_files(folder, record)


def _diff(before: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    diffs: dict[str, str] = {}
    for rel in sorted(set(before) | set(now)):
        b, n = before.get(rel), now.get(rel)
        if b != n:
            diffs[rel] = "changed" if b and n else "added" if n else "removed"
    return diffs


def _all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
