"""The folder `policy-site init` writes into: new, empty, or what a new repository holds.

Creating a repository on GitHub and cloning it gives a folder with `.git` and often a README,
a LICENSE and a `.gitignore`. `init` accepts such a folder: version-control files, README and
LICENSE files are left in place, and the files init also writes are merged with them rather
than replaced (the README keeps its text at the top, `.gitignore` and `.gitattributes` get the
missing lines). Anything else in the folder is refused: init never overwrites a site or a file
it does not know.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from ..errors import PolicySiteError

VERSION_CONTROL = frozenset({".git", ".gitignore", ".gitattributes", ".gitmodules", ".hg", ".hgignore", ".svn"})
_KEPT = re.compile(r"^(?:README|LICEN[CS]E|COPYING|NOTICE)(?:[.-][\w.-]*)?$", re.IGNORECASE)
LINE_FILES = (".gitignore", ".gitattributes")
"""Files init writes line by line: an existing one keeps its lines and gets the missing ones."""


def is_kept(name: str) -> bool:
    """Whether an entry may be in the folder before init: version control, README, LICENSE."""
    return name in VERSION_CONTROL or bool(_KEPT.match(name))


def refuse_existing(target: Path) -> None:
    """Raise `PolicySiteError` unless `target` is missing, empty, or holds only what `is_kept` allows."""
    if not target.exists():
        return
    if not target.is_dir():
        raise PolicySiteError(f"{target} exists and is not a folder: give a new or empty folder for the site")
    if (target / "mkdocs.yml").exists():
        raise PolicySiteError(f"{target} already holds a site (mkdocs.yml): init never overwrites one; "
                              "to change it, edit its mkdocs.yml, or give a new folder")
    others = sorted(entry.name for entry in target.iterdir() if not is_kept(entry.name))
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise PolicySiteError(f"{target} holds {shown}: init writes only into a new or empty folder, or one "
                              "holding only version-control files (.git), a README and a LICENSE; "
                              "give another folder")


def merged(target: Path, files: Mapping[str, str]) -> dict[str, str]:
    """`files` (path -> text) with each file that already exists in `target` merged into its text."""
    out = dict(files)
    for rel, text in files.items():
        existing = target / rel
        if not existing.is_file():
            continue
        old = existing.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        if rel in LINE_FILES:
            have = {line.strip() for line in old.splitlines()}
            missing = [line for line in text.splitlines() if line.strip() and line.strip() not in have]
            out[rel] = old.rstrip("\n") + ("\n\n" + "\n".join(missing) if missing else "") + "\n"
        elif rel.lower() == "readme.md":
            out[rel] = old.rstrip("\n") + "\n\n" + text if old.strip() else text
        else:  # init refuses such a folder before it gets here
            raise PolicySiteError(f"{existing} exists: init never overwrites a file; move it away first")
    return out
