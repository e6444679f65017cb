"""Where this policy-site was installed from, as a line pip can install again (PEP 610).

`policy-site init` writes the line into the new site's requirements.txt, which its Makefile and
CI workflows install: the new site builds with the policy-site that made it. pip records the
origin of a package installed from a URL, a VCS or a folder in `direct_url.json` (PEP 610,
https://packaging.python.org/en/latest/specifications/direct-url/); a package from an index has
none, and its version on the index is the line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

DISTRIBUTION = "policy-site"


@dataclass(frozen=True)
class InstallLine:
    """A requirement line, and why it cannot be installed elsewhere when it cannot (else None)."""

    line: str
    todo: str | None = None


def install_line(distribution: str = DISTRIBUTION) -> InstallLine:
    """The requirement that installs `distribution` as it is installed here."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return InstallLine(f"{distribution}", f"{distribution} is not installed as a package here: "
                                              "write the line that installs the version you want")
    return from_direct_url(distribution, dist.version, dist.read_text("direct_url.json"))


def from_direct_url(name: str, version: str, direct_url: str | None) -> InstallLine:
    """The line for a distribution `name` `version` whose direct_url.json is `direct_url`
    (None: it came from an index)."""
    if not direct_url:
        return InstallLine(f"{name}=={version}")
    try:
        data = json.loads(direct_url)
        url = str(data["url"])
    except (ValueError, KeyError, TypeError):
        return InstallLine(f"{name}=={version}", "pip's record of where it came from (direct_url.json) is "
                                                 f"unreadable: check that {name}=={version} is on your index")
    subdirectory = data.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if subdirectory else ""
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        # The commit, not the branch or tag asked for: the same code every time.
        return InstallLine(f"{name} @ {vcs['vcs']}+{url}@{vcs['commit_id']}{fragment}")
    if "archive_info" in data and urlsplit(url).scheme in ("http", "https"):
        hashes = data["archive_info"].get("hashes") or {}
        digest = f"#sha256={hashes['sha256']}" if "sha256" in hashes and not fragment else ""
        return InstallLine(f"{name} @ {url}{digest or fragment}")
    editable = bool((data.get("dir_info") or {}).get("editable"))
    how = "an editable install of" if editable else "installed from"
    return InstallLine(f"{name} @ {url}{fragment}",
                       f"{name} was {how} a folder on this machine ({url}), which CI and other machines do not "
                       f"have: replace the line below with one that installs it anywhere, e.g. "
                       f"`{name} @ git+https://github.com/OWNER/{name}@COMMIT` or `{name}=={version}`")
