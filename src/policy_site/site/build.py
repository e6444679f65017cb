"""One revision being built by MkDocs: which one, its page context, its generated pages and files.

`plugin.py` calls into this; nothing here registers MkDocs events.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import re
import shutil
from html import escape
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import pages
from ..config import ENV_REVISION, ENV_TODAY, PolicyConfig, parse_date
from ..errors import PolicySiteError
from .footer import footer
from ..locale import Translate, format_date, language_name, translator
from ..model import store
from ..model.render import MarkdownSettings
from .notices import notice_context
from .untranslated import noindex_paths
from ..model.revisions import REVISION_FILE, Corpus, Revision, load_revisions
from . import languages_of

def today_from_env(policy: PolicyConfig) -> dt.date:
    value = os.environ.get(ENV_TODAY)
    if value:
        day = parse_date(value)
        if day is None:
            raise PolicySiteError(f"{ENV_TODAY}={value!r} is not a date; use YYYY-MM-DD")
        return day
    return policy.today()


@dataclass
class RevisionBuild:
    mkdocs: MkDocsConfig
    policy: PolicyConfig
    corpus: Corpus
    revision: Revision
    languages: list[str]
    today: dt.date
    staging: Path = Path()

    @property
    def root(self) -> Path:
        return Path(self.mkdocs.config_file_path).parent

    @property
    def docs_root(self) -> Path:
        """The folder of revision folders (docs/), which `mkdocs serve` watches."""
        return (self.root / self.policy.docs).resolve()

    @property
    def locale_dir(self) -> Path | None:
        """The site's own catalogs (`locale_dir:`), read before the package's."""
        return (self.root / self.policy.locale_dir).resolve() if self.policy.locale_dir else None

    def translator(self, lang: str) -> Translate:
        """`_()` for `lang`: the site's catalogs, then the package's, then the English message id."""
        return translator(lang, self.locale_dir)

    @classmethod
    def prepare(cls, mkdocs: MkDocsConfig, policy: PolicyConfig) -> "RevisionBuild":
        root = Path(mkdocs.config_file_path).parent
        languages = languages_of(mkdocs, policy)
        store.use_directory(root / store.CACHE_FOLDER)  # the models `check` cached (see `store`)
        corpus = load_revisions((root / policy.docs).resolve(), languages, root=root,
                                markdown=MarkdownSettings.from_mkdocs(mkdocs))
        wanted = os.environ.get(ENV_REVISION)
        if wanted:
            revision = corpus.get(wanted)
            if revision is None:
                problems = [f for f in corpus.findings if f.revision == wanted or (f.file or "").endswith(wanted)]
                detail = f": {problems[0].location}: {problems[0].message}" if problems else ""
                raise PolicySiteError(f"revision {wanted} cannot be built{detail}")
        elif corpus.revisions:
            revision = corpus.revisions[-1]  # `mkdocs serve` previews the newest revision
        else:
            raise PolicySiteError(f"no revision under {policy.docs}/: add {policy.docs}/<YYYY-MM-DD>/")
        blocking = [f for f in corpus.findings if f.is_error and f.revision == revision.name]
        for lang in revision.text_languages(languages):  # the others get a page saying so (pages.py)
            for name, docs in revision.documents.items():
                if lang not in docs:
                    raise PolicySiteError(
                        f"{policy.docs}/{revision.name}/{lang}/{name}.md: missing; every document must exist in "
                        f"every language the revision was published in ({', '.join(revision.text_languages(languages))}): "
                        f"add the translation, or leave {lang} out of `languages:` in {REVISION_FILE}")
        if revision.declared_languages is not None and policy.controlling_language not in revision.declared_languages:
            raise PolicySiteError(
                f"{policy.docs}/{revision.name}/{REVISION_FILE}: `languages:` leaves out the controlling language "
                f"{policy.controlling_language}; add it [parity-documents]")
        if blocking:
            f = blocking[0]
            raise PolicySiteError(f"{f.location}: {f.message} [{f.rule}]; {f.hint}")
        if policy.locale_dir and not (root / policy.locale_dir).is_dir():
            raise PolicySiteError(
                f"{Path(mkdocs.config_file_path).name}: plugins.policy.locale_dir: {policy.locale_dir} is not a "
                f"folder; create it (<lang>/LC_MESSAGES/policy_site.po) or remove the setting")
        build = cls(mkdocs, policy, corpus, revision, languages, today_from_env(policy))
        build.stage()
        return build

    def stage(self) -> None:
        """Lay out what MkDocs builds: the revision's documents and the generated pages.

        mkdocs-static-i18n reads every page from disk under docs_dir, so generated
        pages are written to a private staging folder, never into docs/.
        """
        self.staging = Path(tempfile.mkdtemp(prefix=f"policy-site-{self.revision.name}-"))
        untranslated = self.revision.untranslated(self.languages)
        shutil.copytree(self.revision.path, self.staging, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(REVISION_FILE, *untranslated))
        for src_uri, content in pages.generated_pages(self).items():
            target = self.staging / src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        atexit.register(self.cleanup)

    def cleanup(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    # -- pages --------------------------------------------------------------

    def page_lang(self, page: Page) -> str:
        locale = getattr(page.file, "locale", None)
        if locale:
            return str(locale)
        first = page.file.src_uri.split("/", 1)[0]
        return first if first in self.languages else self.languages[0]

    def page_kind(self, page: Page) -> str:
        stem = Path(page.file.src_uri).stem
        if stem in self.revision.documents:
            # in a language the revision was not published in: a page saying so (pages.py)
            return "untranslated" if self.page_lang(page) in self.revision.untranslated(self.languages) else "document"
        return stem if stem in pages.GENERATED else "other"

    def order_nav(self, nav):
        """The revision's documents first (the policy itself leading), then history, changes, disclosures."""
        def rank(item) -> tuple[int, int, str]:
            file = getattr(item, "file", None)
            if file is None:
                return (1, 0, "")
            stem = Path(file.src_uri).stem
            if stem in pages.GENERATED:
                return (2, pages.GENERATED.index(stem), stem)
            return (0, 0 if stem == "index" else 1, stem)

        nav.items.sort(key=rank)
        nav.pages.sort(key=rank)
        for i, p in enumerate(nav.pages):
            p.previous_page = nav.pages[i - 1] if i else None
            p.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
        return nav

    def page_context(self, page: Page) -> dict:
        lang = self.page_lang(page)
        rev, corpus = self.revision, self.corpus
        effective = {r.name: r.effective for r in corpus.revisions}
        context = notice_context(effective, rev.name, lang, self.languages, self.today, self.policy.timezone,
                                 self.translator(lang))
        return {
            **context,
            "kind": self.page_kind(page),
            "announced": rev.announced.isoformat() if rev.announced else None,
            "announced_text": format_date(rev.announced, lang) if rev.announced else None,
            "established_text": format_date(self.policy.established, lang) if self.policy.established else None,
            "published_elsewhere": rev.published_elsewhere,
            "controlling_language": self.policy.controlling_language,
            "controlling_name": language_name(self.policy.controlling_language, lang),
            "is_translation": lang != self.policy.controlling_language and lang in rev.text_languages(self.languages),
            "languages": self.languages,
            "has_previous": corpus.previous(rev) is not None,
            "footer": footer(self.policy.operator, self.policy.copyright, self.mkdocs.get("copyright"), lang,
                             self.policy.controlling_language),
            "notice": rev.notice.get(lang),
            # pages standing for a text this language does not have: not for search engines
            "noindex": lang in rev.untranslated(self.languages) and self.page_kind(page) != "history",
        }

    def decorate_content(self, html: str, page: Page, env: Environment) -> str:
        """Put the revision's dates (and the translation notice) right under the title;
        heading permalinks titled in the page's language."""
        html = self.localize_permalinks(html, self.page_lang(page))
        if self.page_kind(page) not in ("document", "untranslated"):
            return html
        context = {"policy": self.page_context(page), "page": page, "base_url": _base_url(page)}
        meta = env.get_template("partials/policy-meta.html").render(**context)
        end = html.find("</h1>")
        if end == -1:
            return meta + html
        end += len("</h1>")
        return html[:end] + meta + html[end:]

    def localize_permalinks(self, html: str, lang: str) -> str:
        """Python-Markdown's toc titles every heading link "Permanent link", one setting for all
        languages: unless the site chose its own title, each page gets its language's."""
        toc = self.mkdocs.mdx_configs.get("toc") or {}
        if "permalink_title" in toc:
            return html
        _ = self.translator(lang)
        title = _("Permanent link")
        if title == "Permanent link":
            return html
        quoted = escape(title, quote=True)
        return _PERMALINK.sub(lambda m: f'{m.group(1)} title="{quoted}"', html)

    # -- files ----------------------------------------------------------------

    def write_site_files(self, site_dir: Path) -> None:
        (site_dir / "policy.json").write_text(
            json.dumps(pages.policy_record(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if self.mkdocs.site_url and (site_dir / "sitemap.xml").exists():
            for name, content in pages.sitemaps(
                    (site_dir / "sitemap.xml").read_bytes(), self.mkdocs.site_url, self.languages,
                    unlisted=noindex_paths(self)).items():
                (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / name).write_bytes(content)
        for source_map in site_dir.rglob("*.map"):  # Material's: 1.3 MB a revision that no reader needs
            source_map.unlink()


_PERMALINK = re.compile(r'(<a class="headerlink" href="#[^"]*") title="Permanent link"')


def _base_url(page: Page) -> str:
    depth = len([p for p in re.split(r"/+", page.url.strip("/")) if p]) if page.url else 0
    return "/".join([".."] * depth) or "."
