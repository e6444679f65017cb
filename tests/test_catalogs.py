"""The gettext catalogs: every UI string extracted by Babel, translated in every shipped language,
and a site's own catalog folder read first."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from policy_site import locale
from policy_site.errors import PolicySiteError
from policy_site.locale import PACKAGE_LOCALES, SHIPPED_LANGUAGES, catalog_names, language_name, translator

REPO = Path(__file__).resolve().parent.parent


def extracted() -> dict[str, str]:
    """Message id -> where, as `make messages` extracts them (babel.cfg)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(REPO / "src" / "policy_site"), method_map, options_map, keywords={"_": None}):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_is_translated_in_every_shipped_language() -> None:
    messages = extracted()
    assert len(messages) > 40
    problems = []
    for lang in SHIPPED_LANGUAGES:
        po = PACKAGE_LOCALES / lang / "LC_MESSAGES" / "policy_site.po"
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        rel = po.relative_to(REPO)
        for msgid, where in messages.items():
            entry = catalog.get(msgid)
            if entry is None or not entry.string:
                problems.append(f"{rel}: no translation of {msgid!r} ({where}): run `make messages`, then translate it")
            elif entry.fuzzy:
                problems.append(f"{rel}: {msgid!r} is fuzzy: check the translation and remove the fuzzy flag")
            elif fields(str(entry.string)) != fields(msgid):
                problems.append(f"{rel}: {msgid!r}: placeholders {sorted(fields(str(entry.string)))} "
                                f"!= {sorted(fields(msgid))}")
        for entry in catalog:
            if entry.id and entry.id not in messages:
                problems.append(f"{rel}: {entry.id!r} is no longer used: run `make messages`")
    assert not problems, "\n".join(problems)


def test_the_template_is_what_babel_extracts() -> None:
    with (PACKAGE_LOCALES / "policy_site.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == set(extracted()), "run `make messages`"


def test_every_shipped_language_is_a_babel_locale_and_a_material_language() -> None:
    for lang in SHIPPED_LANGUAGES:
        assert catalog_names(lang.replace("_", "-"))[0] == lang
    assert catalog_names("zh-TW")[:2] == ["zh_Hant_TW", "zh_Hant"]
    assert "zh_Hans" in catalog_names("zh")
    assert catalog_names("de-AT")[-1] == "de"
    assert translator("de-AT")("Effective") == "Inkrafttreten"
    assert translator("zh-Hant")("In force") == "現行有效"


def test_a_language_without_a_catalog_reads_the_english_message_ids() -> None:
    assert translator("nl")("Effective") == "Effective"
    assert translator("xx-unknown")("Effective") == "Effective"


def test_placeholders_are_filled_after_the_whole_sentence_is_translated() -> None:
    _ = translator("de")
    assert _("This policy will change on {date}.", date="15. Januar 2027") == "Diese Richtlinie ändert sich am 15. Januar 2027."
    controlling = _("This is a translation for convenience. If the texts differ, the version in this language prevails: "
                    "{language}.", language=language_name("ja", "de"))
    assert controlling.endswith("maßgeblich: Japanisch.")


def write_po(folder: Path, lang: str, entries: dict[str, str], header_lang: str | None = None) -> Path:
    target = folder / lang / "LC_MESSAGES" / "policy_site.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    body = [f'msgid ""\nmsgstr ""\n"Language: {header_lang or lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    body += [f'msgid "{k}"\nmsgstr "{v}"\n' for k, v in entries.items()]
    target.write_text("\n".join(body), encoding="utf-8")
    return target


def test_a_site_catalog_overrides_a_label_and_adds_a_language(tmp_path: Path) -> None:
    write_po(tmp_path, "de", {"Effective": "Gültig ab"})
    write_po(tmp_path, "nl", {"Effective": "Ingangsdatum", "In force": "Van kracht"})
    de = translator("de", tmp_path)
    assert de("Effective") == "Gültig ab"
    assert de("In force") == "In Kraft"  # the rest from the package's catalog
    nl = translator("nl", tmp_path)
    assert (nl("Effective"), nl("In force"), nl("Superseded")) == ("Ingangsdatum", "Van kracht", "Superseded")


def test_a_broken_site_catalog_is_one_line_naming_the_file(tmp_path: Path) -> None:
    po = write_po(tmp_path, "de", {"Effective": "Gültig ab"})
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "dangling\n', encoding="utf-8")
    with pytest.raises(PolicySiteError, match=r"policy_site\.po.*not a valid gettext catalog"):
        translator("de", tmp_path)


def test_fuzzy_translations_are_not_shown(tmp_path: Path) -> None:
    po = write_po(tmp_path, "de", {})
    po.write_text(po.read_text(encoding="utf-8") + '\n#, fuzzy\nmsgid "Effective"\nmsgstr "Vielleicht"\n', encoding="utf-8")
    assert translator("de", tmp_path)("Effective") == "Inkrafttreten"


def test_the_lookup_record_sees_every_translated_message() -> None:
    translator("ja")("Revision history")
    assert "Revision history" in locale.looked_up
