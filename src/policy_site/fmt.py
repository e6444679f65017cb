"""`policy-site fmt`: rewrite the sources as clean text (UTF-8 without BOM, LF, NFC).

Only what `policy_site.sources` reports as `text-format` is fixed; a file that is
not UTF-8 is left alone (its encoding cannot be guessed safely) and listed so the
author can convert it first. Published revisions can be skipped: rewriting them
would change what was published.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .model.sources import MAX_BYTES, normalized_bytes

SOURCE_SUFFIXES = (".md", ".yml", ".yaml")


@dataclass
class FormatResult:
    changed: list[Path] = field(default_factory=list)
    not_utf8: list[Path] = field(default_factory=list)  # left alone: convert them to UTF-8 first


def source_files(docs_dir: Path, *, skip_revisions: Collection[str] = ()) -> list[Path]:
    """The Markdown and YAML files under `docs_dir`, without hidden folders, symlinks
    and the folders of `skip_revisions`."""
    files = []
    for path in sorted(docs_dir.rglob("*")):
        parts = path.relative_to(docs_dir).parts
        if any(p.startswith(".") for p in parts) or parts[0] in skip_revisions:
            continue
        if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file() and not path.is_symlink():
            files.append(path)
    return files


def format_docs(docs_dir: Path, *, skip_revisions: Collection[str] = ()) -> FormatResult:
    """Rewrite every source under `docs_dir` that is not clean text, in place."""
    result = FormatResult()
    for path in source_files(docs_dir, skip_revisions=skip_revisions):
        if path.stat().st_size > MAX_BYTES:
            continue  # reported as invalid-file; nothing to format
        data = path.read_bytes()
        try:
            clean = normalized_bytes(data)
        except UnicodeDecodeError:
            result.not_utf8.append(path)
            continue
        if clean != data:
            _replace(path, clean)
            result.changed.append(path)
    return result


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, keeping the file's permissions."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
