"""The notices around a revision's text: superseded, not yet in force, about to change.

`notice_context` is what `templates/partials/policy-notices.html` renders from;
the build uses it for every page, and `rerender_notices` uses it again to
refresh the notices of a revision already published (readers without
JavaScript, crawlers and printouts then read the same as the script shows).
Re-rendering replaces the notices block of each page and nothing else: the
rest of every file is compared before and after, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..model import timeline
from ..errors import PolicySiteError
from ..locale import Translate, format_date
from .untranslated import version_labels

TEMPLATES_DIR = str(resources.files("policy_site") / "templates")
NOTICES_TEMPLATE = "partials/policy-notices.html"
# The block as every version of the template renders it: one <div> holding only <p>s.
_BLOCK = re.compile(r'<div class="policy-notices"[^>]*>.*?</div>', re.S)
_STATE = re.compile(r'data-policy-state="([^"]*)"')


def notice_context(effective: Mapping[str, dt.date], name: str, lang: str, languages: list[str],
                   today: dt.date, timezone: str, _: Translate) -> dict:
    """Everything the notices partial needs about revision `name` on `today`, in `lang` (`_` translates)."""
    current = timeline.in_force(effective, today)
    nxt = timeline.following(effective, name)
    up = timeline.upcoming(effective, today)
    return {
        "lang": lang,
        "revision": name,
        "effective": effective[name].isoformat(),
        "effective_text": format_date(effective[name], lang),
        "status": timeline.status(effective, name, today),
        "notice_state": timeline.notice_state(effective, name, today),
        "timezone": timezone,
        "in_force": current,
        "upcoming": up if up != name else None,
        "upcoming_text": format_date(effective[up], lang) if up else None,
        "next": nxt,
        "next_text": format_date(effective[nxt], lang) if nxt else None,
        "lang_prefix": "" if lang == languages[0] else f"{lang}/",
        # the version selector's labels of a revision published only in other languages (policy.js)
        "version_labels": version_labels(_, list(languages), languages[0], lang),
        "_": _,
    }


def notices_env(custom_dir: str | None = None) -> Environment:
    """The notices partial as the site's theme finds it (its own overrides/ first), rendered as
    MkDocs renders theme templates (no autoescape): a re-render of an unchanged state is byte-identical."""
    dirs = [d for d in (custom_dir, TEMPLATES_DIR) if d]
    return Environment(loader=FileSystemLoader(dirs), auto_reload=False)


def rendered_state(html: str) -> str | None:
    """The `data-policy-state` a built page recorded (None: built before pages recorded it)."""
    block = _BLOCK.search(html)
    found = _STATE.search(block.group(0)) if block else None
    return found.group(1) if found else None


def page_base_url(path_in_version: str) -> str:
    """The relative base URL MkDocs gives a page at `path_in_version` (e.g. `en/history/index.html`)."""
    depth = len(Path(path_in_version).parent.parts)
    return "/".join([".."] * depth) or "."


def rerender(html: str, render: str) -> str:
    """`html` with its notices block replaced by `render`; everything else byte-identical."""
    blocks = _BLOCK.findall(html)
    new = _BLOCK.findall(render)
    if len(blocks) != 1 or len(new) != 1:
        raise PolicySiteError(f"a page holds {len(blocks)} notice blocks, not one: re-render it with --rebuild")
    return _BLOCK.sub(lambda _m: new[0], html, count=1)


def strip_notices(html: str) -> str:
    """A page less its notices block: what re-rendering must leave unchanged."""
    return _BLOCK.sub("", html)
