"""What `policy-site init` writes, decided before anything is written: laws, languages,
the time zone, one section per requirement in force."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from babel import Locale, UnknownLocaleError

from ..config import today_in
from ..errors import PolicySiteError
from ..locale import gettext, translator
from ..rules import FIRST_LAW, Requirement, available_laws, load_rules, rules_in_force
from .zones import ZoneChoice, check_zone, choose_zone

BY_REVISION_KINDS = frozenset({"annual-review"})
"""Requirements the dates of the revisions meet, not a section."""
DEFAULT_LANGUAGES = ("ja", "en")

# The locale forms mkdocs-static-i18n accepts (its `Locale` config option).
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?$|^[a-z]{2}_[A-Z]{2}$")


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


def make_plan(*, laws: Sequence[str], languages: Sequence[str], site_name: str | None, today: dt.date | None,
              timezone: str | None = None) -> Plan:
    langs = _languages(languages)
    wanted = _laws(laws, langs)
    zone = ZoneChoice(check_zone(timezone), "as asked") if timezone else choose_zone(langs, wanted)
    today = today or today_in(zone.zone)
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
