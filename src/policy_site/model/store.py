"""A cache on disk of what reading a text costs: a document's model, a page's safety judgment.

Published revisions never change, so `check` of a long history reads the same texts on every
run; rendering them through Python-Markdown is most of what the check costs. With a cache
folder in use (`use_directory`; `load_site` and the plugin use `.cache/policy-site/` in the
site's folder, where Material's own plugins keep their caches), a result is computed once and
read back on later runs.

An entry's name is a digest of what the result depends on: the text, the Markdown settings
(`MarkdownSettings.key`), what the caller adds, and a fingerprint of the code that computes it
(the source files of policy_site itself and the versions of Python-Markdown, pymdown-extensions,
MkDocs and Material). Editing the text, the settings, the package or a Markdown library
therefore never reads a stale entry; the folder can be deleted at any time.

Hand-written on the standard library rather than a dependency such as `diskcache`: one file
per entry, written to a temporary file and renamed into place, so concurrent runs (CI, `mkdocs
serve`, `check`) never read half an entry, in fifty lines. A folder that cannot be written only
means no caching.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CACHE_FOLDER = Path(".cache") / "policy-site"
"""Where a site keeps the cache, relative to the folder of its mkdocs.yml."""
_LIBRARIES = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material")
_directory: Path | None = None


def use_directory(path: Path | None) -> None:
    """Cache results in `path` from now on (None: compute every result, keep nothing on disk)."""
    global _directory
    _directory = path


def directory() -> Path | None:
    return _directory


@cache
def fingerprint() -> str:
    """A digest of the code that computes the cached results: this package's source files
    and the versions of the Markdown libraries (and of Python, for the pickles)."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def cached(kind: str, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """The result of `compute()`, which depends on `parts` only, read from the cache folder when
    an earlier run computed it; otherwise computed and stored (`kind` names the folder)."""
    folder = _directory
    if folder is None:
        return compute()
    digest = hashlib.sha256(fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    name = digest.hexdigest()
    path = folder / kind / name[:2] / name
    try:
        return pickle.loads(zlib.decompress(path.read_bytes()))
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged entry (disk full, killed writer) is computed again
        pass
    result = compute()
    _store(folder, path, zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1))
    return result


def _store(folder: Path, path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():  # as .pytest_cache does: `git add -A` never commits the cache
            ignore.write_text("# policy-site's cache (see policy_site.model.store): never committed\n*\n")
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only or full disk: the result is simply not kept
