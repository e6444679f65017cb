"""`policy-site init`: a new policy site, ready for a company's legal team to fill in.

`init_site` writes, into a new or empty folder::

    mkdocs.yml                  the `policy`, search and i18n plugins set up; a comment at the
                                top lists the conditional requirements and how to declare them
    docs/<today>/revision.yml   the first revision's summary, in every language
    docs/<today>/<lang>/index.md
                                one section per requirement in force today under the chosen
                                laws, the same sections and ids in every language, each with a
                                placeholder that `policy-site check` reports (checks/placeholders.py)
    overrides/README.md         `theme.custom_dir`: where the site's own customizations go
    README.md, Makefile, .gitignore, .gitattributes (`* text=auto eol=lf`: LF on every checkout)
    requirements.txt            the policy-site that made the site, as pip can install it again
                                (installed.py: an index version, a git URL at a commit, or a TODO)
    .github/                    the CI workflows, when the package ships them (site_template/github/)

The target may be new, empty, or a fresh clone holding only version-control files, a README
and a LICENSE (init_folder.py: they are kept, and merged with init's own README and ignore
files). The time zone is the one asked for, else the usual one for the site's languages or
laws (zones.py).

The words come from data, not code: the gettext catalogs (the title, the summary, the
placeholders, in each language a catalog translates them into; English otherwise),
`site_template/` (the file templates) and the rule files (labels and hints, conditions). A
section title is the rule's label in the document's language: from the rule data, else the
catalog's translation of the English label, else the English label (to be translated with
the text). The comment above each placeholder gives the rule's hint in that language, else in
English: it is for the author, and readers never see it.

Either every file is written or none is: the site is put together in a hidden folder beside
the target and moved into place at the end.

Conditional requirements (`condition` in the rule data) get no section: they apply
only when the site lists them under `applies`. Requirements met by the revisions
themselves (`kind: annual-review`) get none either.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import secrets
import textwrap
import zoneinfo
from collections import Counter
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from babel import Locale, UnknownLocaleError

from .. import __version__
from ..checks.placeholders import MARKER
from ..errors import PolicySiteError
from .folder import merged, refuse_existing
from .installed import InstallLine, install_line
from ..locale import gettext, language_name, translator
from ..model.revisions import REVISION_FILE
from ..rules import FIRST_LAW, Requirement, available_laws, load_rules, rules_in_force
from .zones import ZoneChoice, check_zone, choose_zone

TEMPLATE_DIR = Path(__file__).parent.parent / "site_template"
WORKFLOWS_DIR = TEMPLATE_DIR / "github"
"""Copied to `<site>/.github/` when present."""
BY_REVISION_KINDS = frozenset({"annual-review"})
"""Requirements the dates of the revisions meet, not a section."""
DEFAULT_LANGUAGES = ("ja", "en")

# The locale forms mkdocs-static-i18n accepts (its `Locale` config option).
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?$|^[a-z]{2}_[A-Z]{2}$")
_TEMPLATE_VAR = re.compile(r"\{\{(\w+)\}\}")
_COMMENT_WIDTH = 100


@dataclass(frozen=True)
class PlannedSection:
    """One section of the first revision: the requirement it discloses and its id."""

    requirement: Requirement
    citation: str
    id: str


@dataclass(frozen=True)
class Plan:
    """What `init` writes, decided before anything is written."""

    laws: list[str]
    languages: list[str]  # the controlling language first
    site_names: dict[str, str]  # lang -> the site's name in it
    today: dt.date
    timezone: ZoneChoice
    sections: list[PlannedSection]
    conditional: list[Requirement]  # in force today, declared only by the site
    by_revision: list[Requirement]  # met by publishing revisions in time
    stated: list[Requirement] = dataclasses.field(default_factory=list)  # about the policy itself: `meets`

    @property
    def site_name(self) -> str:
        """The name in the controlling language (mkdocs.yml's `site_name`)."""
        return self.site_names[self.languages[0]]


# --- entry point ---------------------------------------------------------------------

@dataclass(frozen=True)
class Created:
    """What `init_site` did: the files written, the time zone chosen, how policy-site is installed."""

    files: list[Path]
    timezone: ZoneChoice
    install: InstallLine


def init_site(target: Path, *, laws: Sequence[str], languages: Sequence[str], site_name: str | None,
              today: dt.date | None = None, timezone: str | None = None) -> Created:
    """Create a new site in `target` (new, empty, or holding only version control, README and
    LICENSE files); `today` defaults to today in the site's time zone.

    Raises `PolicySiteError`, writing nothing, if `target` holds anything else or an
    argument is wrong.
    """
    target = Path(target)
    refuse_existing(target)
    plan = make_plan(laws=laws, languages=languages, site_name=site_name, today=today, timezone=timezone)
    install = install_line()
    files = merged(target, render_site(plan, install))
    written = _write(target, files, WORKFLOWS_DIR if WORKFLOWS_DIR.is_dir() else None, plan.timezone.zone)
    return Created(written, plan.timezone, install)


# --- deciding ---------------------------------------------------------------------------

def make_plan(*, laws: Sequence[str], languages: Sequence[str], site_name: str | None, today: dt.date | None,
              timezone: str | None = None) -> Plan:
    langs = _languages(languages)
    wanted = _laws(laws, langs)
    zone = ZoneChoice(check_zone(timezone), "as asked") if timezone else choose_zone(langs, wanted)
    today = today or dt.datetime.now(zoneinfo.ZoneInfo(zone.zone)).date()
    if site_name is not None and not site_name.strip():
        raise PolicySiteError("the site name is empty: give a name, or none for the policy's title in each language")
    ruleset = load_rules(wanted)
    in_force = rules_in_force(ruleset, today)
    written = [(req, citation) for req, citation in in_force
               if not req.conditional and req.kind not in BY_REVISION_KINDS and not req.stated]
    ids = section_ids([req.id for req, _ in written])
    sections = [PlannedSection(req, citation, ids[req.id]) for req, citation in written]
    conditional = [req for req, _ in in_force if req.conditional]
    by_revision = [req for req, _ in in_force if not req.conditional and req.kind in BY_REVISION_KINDS]
    stated = [req for req, _ in in_force if not req.conditional and req.stated]
    given = " ".join(site_name.split()) if site_name else None
    names = {lang: given or words(lang)["title"] for lang in langs}
    return Plan(wanted, langs, names, today, zone, sections, conditional, by_revision, stated)


def section_ids(rule_ids: Sequence[str]) -> dict[str, str]:
    """A section id per rule id: the rule id without its law (`appi-operator-name` ->
    `operator-name`), or the whole rule id where two laws would give the same one."""
    short = {rid: rid.split("-", 1)[1] if "-" in rid else rid for rid in rule_ids}
    counts = Counter(short.values())
    return {rid: s if counts[s] == 1 else rid for rid, s in short.items()}


def _laws(laws: Sequence[str], languages: Sequence[str]) -> list[str]:
    """The laws asked for, exactly; none asked for: APPI for a site with Japanese, else a refusal."""
    known = available_laws()
    wanted = list(dict.fromkeys(law.strip().lower() for law in laws))
    for law in wanted:
        if law not in known:
            raise PolicySiteError(f"unknown law {law!r}: use one of {', '.join(known)}")
    if wanted:
        return wanted
    if any(_base(lang) == "ja" for lang in languages):
        return [FIRST_LAW]
    raise PolicySiteError(f"no law chosen: name each law the policy must meet with --law "
                          f"(one of {', '.join(known)}; repeat it for more)")


def _languages(languages: Sequence[str]) -> list[str]:
    langs = list(dict.fromkeys(lang.strip() for lang in languages))
    if not langs:
        raise PolicySiteError("no language given: give at least one with --language (the controlling one first)")
    for lang in langs:
        try:
            if not _LOCALE.match(lang):
                raise ValueError
            Locale.parse(lang.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise PolicySiteError(f"{lang!r} is not a language code: use a code such as ja, en or pt-BR") from None
    return langs


def _base(lang: str) -> str:
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower()


def words(lang: str) -> dict[str, str]:
    """What init writes into a new site in `lang`, from the gettext catalogs (English where none
    translates it). `placeholder` takes {label}; `guidance` {citation} and {hint}."""
    _ = translator(lang)
    return {
        "title": _("Privacy Policy"),  # the policy's title, and the site's name by default
        "summary": _("Established the privacy policy."),  # the first revision's summary
        "placeholder": _("Replace this paragraph with your text on “{label}”.", label="{label}"),
        "guidance": _("What to write ({citation}): {hint}", citation="{citation}", hint="{hint}"),
    }


def section_label(req: Requirement, lang: str) -> str:
    """A requirement's label in `lang`: the rule data's, else the catalog's translation of the
    English label, else the English label."""
    own = req.labels.get(lang) or req.labels.get(_base(lang))
    return own or gettext(lang, req.label("en"))


def search_languages(languages: Sequence[str]) -> list[str]:
    """The site's languages Material's search has a lunr language for (English always)."""
    import material

    lunr = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    found = [_base(lang) for lang in languages
             if _base(lang) == "en" or (lunr / f"lunr.{_base(lang)}.min.js").is_file()]
    return list(dict.fromkeys(found)) or ["en"]


# --- rendering ----------------------------------------------------------------------------

def render_site(plan: Plan, install: InstallLine | None = None) -> dict[str, str]:
    """Every file of the new site: path relative to the site root -> text."""
    revision = f"docs/{plan.today.isoformat()}"
    install = install or install_line()
    files = {
        "mkdocs.yml": render_mkdocs_yml(plan),
        f"{revision}/{REVISION_FILE}": render_revision_yml(plan),
        "README.md": render_template("README.md", _readme_values(plan)),
        "Makefile": render_template("Makefile", {"site_name": plan.site_name}),
        "requirements.txt": render_requirements(install),
        ".gitignore": (TEMPLATE_DIR / "gitignore").read_text(encoding="utf-8"),
        ".gitattributes": (TEMPLATE_DIR / "gitattributes").read_text(encoding="utf-8"),
        "overrides/README.md": (TEMPLATE_DIR / "overrides" / "README.md").read_text(encoding="utf-8"),
    }
    for lang in plan.languages:
        files[f"{revision}/{lang}/index.md"] = render_document(plan, lang)
    return files


def render_document(plan: Plan, lang: str) -> str:
    """The privacy policy in one language: one section per requirement, each a placeholder."""
    w = words(lang)
    lines = [f"# {w['title']}", ""]
    for number, section in enumerate(plan.sections, 1):
        req = section.requirement
        label = section_label(req, lang)
        guidance = w["guidance"].format(citation=section.citation or req.law.upper(), hint=req.hint_for(lang) or label)
        lines += [
            f'## {number}. {_heading_text(label)} {{#{section.id} data-disclosure="{req.id}"}}',
            "",
            f"<!-- {_comment_text(guidance)} -->",
            "",
            *_section_body(req, lang, w["placeholder"].format(label=label)),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_requirements(install: InstallLine) -> str:
    """requirements.txt: the line that installs policy-site, with a TODO when only this machine can."""
    todo = ""
    if install.todo:
        wrapped = textwrap.wrap(install.todo, _COMMENT_WIDTH - 2, break_long_words=False, break_on_hyphens=False)
        todo = "\n".join(["# TODO(policy-site): " + wrapped[0], *(f"#   {line}" for line in wrapped[1:])]) + "\n"
    return render_template("requirements.txt", {"todo": todo, "line": install.line})
def _section_body(req: Requirement, lang: str, placeholder: str) -> list[str]:
    """The rule data's section template in `lang` (its `{todo}` places marked), else one placeholder."""
    template = req.template_for(lang)
    if not template:
        return [f"{MARKER} {placeholder}"]
    return template.replace("{todo}", MARKER).split("\n")


def render_revision_yml(plan: Plan) -> str:
    summary = "\n".join(f"  {lang}: {_q(words(lang)['summary'])}" for lang in plan.languages)
    return (f"# The first revision, in force from {plan.today.isoformat()}.\n"
            f"summary:\n{summary}\n")


def render_mkdocs_yml(plan: Plan) -> str:
    control = plan.languages[0]
    out = [
        f"# {plan.site_name}: a privacy policy site built with policy-site {__version__}",
        f"# (made by `policy-site init` on {plan.today.isoformat()}; README.md says how to write and publish it).",
        "#",
    ]
    out += _conditional_comment(plan)
    out += [
        f"site_name: {_q(plan.site_name)}",
        "# site_url: https://privacy.example.com/   # the public address, once there is one (feeds use it)",
        "docs_dir: docs        # the plugin builds one revision folder, docs/<YYYY-MM-DD>/, at a time",
        "strict: true",
        "",
        "theme:",
        "  name: material",
        "  custom_dir: overrides   # this site's own customizations (see overrides/README.md)",
        f"  language: {control}",
        "  font: false         # no Google Fonts: readers' requests stay on this site",
        "  features:",
        "    - navigation.top",
        "    - search.highlight",
        "",
        "plugins:",
        "  - policy:",
        f"      established: {plan.today.isoformat()}",
        f"      controlling_language: {control}   # the text that prevails",
        f"      timezone: {plan.timezone.zone}   # effective dates start at 00:00 here",
        f"      laws: [{', '.join(plan.laws)}]",
        "      applies: []          # the conditional requirements that apply to you (see the top of this file)",
        *_meets_lines(plan),
        "      notice_period: 30    # days between announcing a revision and its effective date",
        f"      # operator: {{{', '.join(f'{lang}: ...' for lang in plan.languages)}}}   # who publishes the policy "
        "(every page's footer)",
        "      # copyright: \"&copy; ...\"   # the footer's copyright line (default: © and the operator)",
        "  - search:",
        f"      lang: [{', '.join(search_languages(plan.languages))}]",
        "      pipeline: []    # the default stemmer pipeline hides English words",
        "  - i18n:",
        "      docs_structure: folder",
        "      fallback_to_default: false",
        "      reconfigure_material: true",
        "      reconfigure_search: true",
        "      languages:",
    ]
    for lang in plan.languages:
        out += [f"        - locale: {lang}", f"          name: {_q(language_name(lang))}"]
        if lang == control:
            out.append("          default: true")
        out.append("          build: true")
        if plan.site_names[lang] != plan.site_name:
            out.append(f"          site_name: {_q(plan.site_names[lang])}")
    out += [
        "",
        "markdown_extensions:",
        "  - attr_list",
        "  - toc:",
        "      permalink: true",
        "  - md_in_html",
        "",
        "extra:",
        "  version:",
        "    provider: mike",
        "    default: latest",
        "    alias: true",
    ]
    return "\n".join(out) + "\n"


def _conditional_comment(plan: Plan) -> list[str]:
    laws = ", ".join(plan.laws)
    if not plan.conditional:
        lines = [f"# No conditional requirement of {laws} is in force on {plan.today.isoformat()}."]
    else:
        example = plan.conditional[0]
        heading = (f"## {len(plan.sections) + 1}. {_heading_text(section_label(example, plan.languages[0]))} "
                   f"{{#{section_ids([example.id])[example.id]} data-disclosure=\"{example.id}\"}}")
        lines = [
            "# Conditional requirements are checked only when they apply to you. For each one that",
            "# does, add its id to `applies:` under the policy plugin below, and declare it on the",
            "# heading of the section that gives it, in every language, e.g.",
            f"#   {heading}",
            f"# The conditional requirements of {laws} in force on {plan.today.isoformat()} (`policy-site rules`",
            "# lists them with their citations):",
        ]
        width = max(len(req.id) for req in plan.conditional)
        for req in plan.conditional:
            wrapped = textwrap.wrap(f"if {req.condition}", max(40, _COMMENT_WIDTH - width - 6))
            lines.append(f"#   {req.id.ljust(width)}  {wrapped[0]}")
            lines += [f"#   {'':{width}}    {more}" for more in wrapped[1:]]
    for req in plan.by_revision:
        lines.append(f"# {req.id} is met by publishing a new revision at least every 12 months.")
    return lines + ["#"]


def _meets_lines(plan: Plan) -> list[str]:
    """`meets:` for the requirements about the policy itself, each a TODO for the site to state."""
    if not plan.stated:
        return []
    lines = ["      meets:               # requirements about the policy itself: say how the site meets each "
             "(shown on the Disclosures page); `check` reports each one left empty"]
    for req in plan.stated:
        lines.append(f"        {req.id}: \"\"   # {_comment_text(req.hint_for('en') or req.label('en'))}")
    return lines


def render_template(name: str, values: Mapping[str, str]) -> str:
    """site_template/<name> with each `{{key}}` replaced (an unknown key is a bug here)."""
    text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    return _TEMPLATE_VAR.sub(lambda m: values[m.group(1)], text)


def _readme_values(plan: Plan) -> dict[str, str]:
    control = plan.languages[0]
    names = [language_name(lang, "en") for lang in plan.languages]
    if len(names) == 1:
        languages_text = names[0]
        controlling = f"The policy is written in {names[0]} only."
    else:
        languages_text = ", ".join(names[:-1]) + f" and {names[-1]}"
        controlling = (f"The {names[0]} text is the controlling version; the others are translations "
                       "with the same sections, lists and facts (`make check` compares them).")
    width = max(len(f"  {lang}/index.md") for lang in plan.languages)
    document_lines = [f"  {lang}/index.md".ljust(max(width, 28)) +
                      ("  the privacy policy, the controlling text" if lang == control and len(names) > 1
                       else "  the privacy policy") for lang in plan.languages]
    first = plan.sections[0] if plan.sections else None
    example = (f'## 1. {_heading_text(section_label(first.requirement, control))} '
               f'{{#{first.id} data-disclosure="{first.requirement.id}"}}') if first else "## 1. … {#id}"
    ci = ""
    if WORKFLOWS_DIR.is_dir():
        ci = ("\n4. Merge. The CI workflows in `.github/workflows/` check every pull request and publish "
              "what is merged.")
    return {
        "site_name": plan.site_name,
        "languages_text": languages_text,
        "first_revision": plan.today.isoformat(),
        "laws_text": ", ".join(law.upper() for law in plan.laws),
        "summary_keys": "{" + ", ".join(f"{lang}: ..." for lang in plan.languages) + "}",
        "document_lines": "\n".join(document_lines),
        "timezone": plan.timezone.zone,
        "example_heading": example,
        "controlling_text": controlling,
        "ci_text": ci,
    }


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _heading_text(text: str) -> str:
    """Label text safe on a Markdown heading line before its `{#id ...}`."""
    return " ".join(text.replace("{", "(").replace("}", ")").split()).rstrip("#").rstrip()


def _comment_text(text: str) -> str:
    return " ".join(text.replace("--", "\u2013").split())


# --- writing ------------------------------------------------------------------------------

def daily_cron(timezone: str) -> str:
    """A cron schedule (in UTC, as GitHub reads it) for 00:05 in `timezone`'s standard time,
    so that a daily publish moves `latest` just after midnight there all year."""
    zone = zoneinfo.ZoneInfo(timezone)
    offset = min(dt.datetime(2025, month, 1, tzinfo=zone).utcoffset() or dt.timedelta() for month in (1, 7))
    minutes = (5 - int(offset.total_seconds()) // 60) % (24 * 60)
    return f"{minutes % 60} {minutes // 60} * * *"


def _localize_schedule(workflow: Path, timezone: str) -> None:
    """Move the daily publish to just after midnight in the site's time zone."""
    cron = daily_cron(timezone)
    if not workflow.is_file() or cron == daily_cron("Asia/Tokyo"):
        return
    text = re.sub(r'(- cron: )"[^"]*"',
                  lambda m: f'{m.group(1)}"{cron}"  # 00:05 in {timezone} (standard time), set by policy-site init',
                  workflow.read_text(encoding="utf-8"), count=1)
    workflow.write_text(text, encoding="utf-8")


def _write(target: Path, files: Mapping[str, str], workflows: Path | None, timezone: str) -> list[Path]:
    existed = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.init-{secrets.token_hex(4)}"
    staging.mkdir()  # not mkdtemp: the site folder gets the usual permissions
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if workflows is not None:
            shutil.copytree(workflows, staging / ".github",
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
            _localize_schedule(staging / ".github" / "workflows" / "publish.yml", timezone)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
        if existed:
            refuse_existing(target)  # still empty?
            for entry in staging.iterdir():
                os.replace(entry, target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / rel for rel in written]
