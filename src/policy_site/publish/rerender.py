"""Re-rendering the notices of published revisions, and nothing else of them.

A revision's pages are built once. When a later revision is announced, the
revision in force must say so in its HTML (for readers without JavaScript,
crawlers and printouts); when it is superseded, it must say that. Each page
records the notice state it was rendered with (`data-policy-state`);
`notices_to_refresh` lists the versions whose state on the publish day differs,
and `rerendered_notices` gives their pages with the notices block replaced.

What may change: the `<div class="policy-notices">` block of each HTML page.
What may not: every other byte of every file of the version (checked here for
each page, before anything is committed), policy.json and its source hash
(never written), any file that is not a page.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import timeline
from .branch_root import PublishedRecord, RootSettings, read_published
from ..errors import PolicySiteError
from ..git import Git
from ..locale import translator
from ..site.notices import NOTICES_TEMPLATE, notice_context, notices_env, page_base_url, rendered_state, rerender, strip_notices

_LANG = re.compile(r'<div class="policy-notices"[^>]*?data-policy-lang="([^"]+)"')


def notices_to_refresh(git: Git, tip: str | None, published: list[PublishedRecord],
                       today: dt.date) -> dict[str, str]:
    """{version: the notice state its pages should show} for each version whose home page shows another.

    Pages built before they recorded their state count as different: they are re-rendered once.
    """
    if tip is None or not published:
        return {}
    effective = {p.name: p.effective for p in published}
    homes = git.read_files(tip, [f"{p.name}/index.html" for p in published])
    out: dict[str, str] = {}
    for p in published:
        home = homes.get(f"{p.name}/index.html")
        want = timeline.notice_state(effective, p.name, today)
        if home is not None and rendered_state(home.decode("utf-8", errors="replace")) != want:
            out[p.name] = want
    return out


def _pages(git: Git, tip: str, version: str) -> list[str]:
    out = git.run("ls-tree", "-r", "--name-only", "-z", tip, "--", f"{version}/").stdout.decode()
    return [p for p in out.split("\0") if p.endswith(".html")]


def rerendered_notices(git: Git, tip: str, versions: list[str], published: list[PublishedRecord],
                       settings: RootSettings, today: dt.date) -> dict[str, bytes]:
    """{path: page} for every page of `versions` whose notices change; all else byte-identical."""
    effective = {p.name: p.effective for p in published}
    template = notices_env(settings.custom_dir).get_template(NOTICES_TEMPLATE)
    languages = list(settings.languages)
    changed: dict[str, bytes] = {}
    for version in versions:
        paths = _pages(git, tip, version)
        for path, data in git.read_files(tip, paths).items():
            if data is None:
                continue
            html = data.decode("utf-8")
            lang = _LANG.search(html)
            if lang is None:
                continue  # not a policy page (MkDocs' own 404.html of the version)
            context = notice_context(effective, version, lang.group(1), languages, today, settings.timezone,
                                     translator(lang.group(1), settings.locale_dir))
            rendered = template.render(policy=context, base_url=page_base_url(path[len(version) + 1:]))
            new = rerender(html, rendered)
            if strip_notices(new) != strip_notices(html):
                raise PolicySiteError(f"{path}: re-rendering its notices would change more than the notices; "
                                      "nothing was published: report this as a bug")
            if new != html:
                changed[path] = new.encode("utf-8")
    return changed


def refresh_notices(git: Git, branch: str, settings: RootSettings, today: dt.date) -> dict[str, str]:
    """Re-render the notices of every published version whose state changed, in one commit.

    Returns {version: new state} (empty: the branch was left untouched).
    """
    tip = git.rev(f"refs/heads/{branch}")
    published = read_published(git, tip, today)
    refresh = notices_to_refresh(git, tip, published, today)
    if not refresh or tip is None:
        return {}
    files = rerendered_notices(git, tip, sorted(refresh), published, settings, today)
    if files:
        what = ", ".join(f"{v} ({state.rstrip(':')})" for v, state in sorted(refresh.items()))
        git.commit_files(branch, files, f"Re-render the notices of {what}")
    return refresh


def _tree(git: Git, tip: str, version: str) -> dict[str, str]:
    out = git.run("ls-tree", "-r", "-z", tip, "--", f"{version}/").stdout.decode()
    return {entry.split("\t", 1)[1]: entry.split()[2] for entry in out.split("\0") if "\t" in entry}


def only_notices_changed(git: Git, old_tip: str, new_tip: str, version: str) -> bool:
    """Whether `version` differs between the two commits in its pages' notices blocks and nothing else.

    What the push guard accepts as a notice refresh: the same files, every file that is not
    a page byte-identical (policy.json and its source hash included), every page identical
    once its notices block is left out.
    """
    before, after = _tree(git, old_tip, version), _tree(git, new_tip, version)
    if before.keys() != after.keys():
        return False
    changed = [path for path in before if before[path] != after[path]]
    if not changed or not all(path.endswith(".html") for path in changed):
        return False
    old, new = git.read_files(old_tip, changed), git.read_files(new_tip, changed)
    return all(strip_notices((old[p] or b"").decode("utf-8", "replace"))
               == strip_notices((new[p] or b"").decode("utf-8", "replace")) for p in changed)
