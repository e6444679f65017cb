"""The files of a new site, as text: mkdocs.yml, the first revision, README, Makefile, ...

README.md, Makefile and requirements.txt are Jinja2 templates in `site_template/`.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Mapping

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..checks.placeholders import MARKER
from ..locale import language_name
from ..model.revisions import REVISION_FILE
from ..rules import Requirement
from .installed import InstallLine, install_line
from .plan import Plan, search_languages, section_ids, section_label, words

TEMPLATE_DIR = Path(__file__).parent.parent / "site_template"
WORKFLOWS_DIR = TEMPLATE_DIR / "github"
"""Copied to `<site>/.github/` when present."""
_COMMENT_WIDTH = 100
# `{{ name }}` fills a value in; Markdown's `{#id}` stays text (Jinja2's comments are moved out of its way).
_TEMPLATES = Environment(loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined, keep_trailing_newline=True,
                         comment_start_string="{##", comment_end_string="##}", autoescape=False)


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
        citation = req.citation_on(plan.today, lang) or section.citation or req.law.upper()  # "Art. 13 ... DSGVO"
        guidance = w["guidance"].format(citation=citation, hint=req.hint_for(lang) or label)
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
        todo = "\n".join([f"# {MARKER} " + wrapped[0], *(f"#   {line}" for line in wrapped[1:])]) + "\n"
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
    """site_template/<name> with each `{{ key }}` filled in (an unknown key is a bug here: StrictUndefined)."""
    return _TEMPLATES.get_template(name).render(values)


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
