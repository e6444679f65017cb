"""The last guard before the publish branch is pushed (or rewritten locally).

It does not trust the check that ran before it: it compares the tree about to
be pushed with the remote's tip, version by version. A version published on
the remote must come out byte for byte identical, unless its re-render was
sanctioned (`publish --rebuild`, or a notice refresh the site asks for) AND the
text it was rendered from is the text that was published: the source hash in
the new policy.json equals the hash of docs/ now, and docs/ still matches the
hash the remote recorded. Anything else refuses; nothing is pushed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import PublishRefused
from ..git import Git
from ..model.hashing import SourceRecord, changed_files, combined_hash, file_hashes

RULE = "published-revision-changed"


@dataclass(frozen=True)
class Published:
    """The remote's tip and the versions published on it."""

    tip: str | None
    names: frozenset[str]


def guard_push(git: Git, published: Published, new_tip: str | None, *, docs_dir: Path,
               sanctioned: set[str], where: str) -> None:
    """Raise `PublishRefused` if any version published on `published.tip` would change in `new_tip`."""
    if published.tip is None or not published.names:
        return
    if new_tip is None:
        raise PublishRefused(f"refusing to push: every published revision would be removed from {where} "
                             f"[{RULE}]; nothing was pushed")
    before, after = git.top_level(published.tip), git.top_level(new_tip)
    for name in sorted(published.names):
        if before.get(name) == after.get(name):
            continue
        if name not in after:
            raise PublishRefused(f"refusing to push: published revision {name} would be removed from {where} "
                                 f"[{RULE}]; nothing was pushed: restore docs/{name}/ and publish again")
        if name in sanctioned and _same_text(git, published.tip, new_tip, name, docs_dir / name):
            continue
        raise PublishRefused(f"refusing to push: the files of published revision {name} on {where} would change "
                             f"[{RULE}]; nothing was pushed: published revisions never change, make the change "
                             f"in a new revision (`policy-site new-revision YYYY-MM-DD`)")


def _record(git: Git, tip: str, name: str) -> SourceRecord | None:
    data = git.read_file(tip, f"{name}/policy.json")
    try:
        record = json.loads(data or b"")
        return SourceRecord(str(record["source_hash"]), dict(record.get("sources") or {}),
                            int(record.get("source_hash_version") or 1))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _same_text(git: Git, old_tip: str, new_tip: str, name: str, folder: Path) -> bool:
    """A re-render of `name` is allowed: docs/ matches the published record and the new one."""
    old, new = _record(git, old_tip, name), _record(git, new_tip, name)
    if old is None or new is None or changed_files(folder, old):
        return False
    return combined_hash(file_hashes(folder, new.version)) == new.source_hash
