"""A German page shows no English UI: an English + German GDPR site (tests/data/site-en-de, English
controls) built by MkDocs for a superseded, an in-force and an upcoming revision; its German pages,
their attributes, the strings policy.js shows and the German feed are read for English words."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import etree, html
from mkdocs.commands.build import build
from mkdocs.config import load_config

import material
from policy_site import locale
from policy_site.publish.branch_root import PublishedRecord, RootSettings, root_files
from policy_site.locale import PACKAGE_LOCALES
from policy_site.rules import load_rules
from policy_site.site import load_site

from test_catalogs import extracted

DATA = Path(__file__).resolve().parent / "data" / "site-en-de"
MATERIAL_LANGUAGES = Path(material.__file__).resolve().parent / "templates" / "partials" / "languages"
TODAY = "2026-12-20"  # 2024-01-01 superseded, 2025-01-01 in force, 2027-01-15 announced
REVISIONS = ("2024-01-01", "2025-01-01", "2027-01-15")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
WORD = re.compile(r"[^\W\d_]{3,}")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def material_strings(lang: str) -> str:
    return " ".join(re.findall(r'^\s*"[^"]+": "([^"]*)"', (MATERIAL_LANGUAGES / f"{lang}.html").read_text(encoding="utf-8"), re.M))


def english_only_words() -> set[str]:
    """Words of our English message ids and Material's English strings that German does not share."""
    english = words(" ".join(extracted())) | words(material_strings("en"))
    with (PACKAGE_LOCALES / "de" / "LC_MESSAGES" / "policy_site.po").open("rb") as fh:
        german = words(" ".join(str(m.string) for m in read_po(fh) if m.id))
    german |= words(material_strings("de"))
    german |= words(" ".join(p.read_text(encoding="utf-8") for p in DATA.rglob("de/*.md")))
    german |= words("Beispiel GmbH Datenschutzhinweise English Deutsch")  # names: the site, the languages
    return english - german


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three revisions built in this process (so `locale.looked_up` sees every lookup)."""
    out: dict[str, Path] = {}
    root = tmp_path_factory.mktemp("site-en-de")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICY_SITE_TODAY", TODAY)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        for name in REVISIONS:
            mp.setenv("POLICY_SITE_REVISION", name)
            config = load_config(str(DATA / "mkdocs.yml"), site_dir=str(root / name))
            build(config)
            out[name] = root / name
    return out


def visible_text(path: Path) -> tuple[str, str]:
    """(text a reader sees or hears, the strings policy.js may show) of one page, leaving out
    text marked as another language (the language switcher's own names)."""
    tree = html.parse(str(path)).getroot()
    for node in tree.xpath("//script | //style | //code | //*[@lang and not(starts-with(@lang, 'de'))]"
                           " | //a[contains(@href, 'mkdocs-material')]"):  # a name: "Material for MkDocs"
        node.drop_tree()
    attributes = [value for el in tree.iter() if isinstance(el.tag, str)
                  for key, value in el.attrib.items() if key in ATTRIBUTES]
    scripted = [text for el in tree.xpath("//*[@data-policy-strings]")
                for v in json.loads(el.get("data-policy-strings")).values()
                for text in (v.values() if isinstance(v, dict) else [v])]  # "only": {languages: label}
    return " ".join([tree.text_content(), *attributes]), " ".join(scripted)


def test_german_pages_show_no_english_ui(built: dict[str, Path]) -> None:
    english = english_only_words()
    assert {"effective", "superseded", "disclosed", "revision", "search"} <= english  # the scan can fail
    pages = {}
    for name, site in built.items():
        for page in sorted((site / "de").rglob("index.html")):
            assert '<html lang="de"' in page.read_text(encoding="utf-8"), page
            text, scripted = visible_text(page)
            pages[f"{name}/{page.relative_to(site)}"] = text + " " + scripted
    # The feeds live at the branch root, made from every version's policy.json as publish makes them.
    records = [PublishedRecord(name, dt.date.fromisoformat(name), (),
                               json.loads((site / "policy.json").read_text(encoding="utf-8")),
                               dt.date.fromisoformat(name)) for name, site in built.items()]
    root = root_files(records, RootSettings.of(load_site(DATA / "mkdocs.yml")), dt.date(2025, 6, 1))
    feed = etree.fromstring(root["de/feed.xml"])
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 3
    pages["de/feed.xml"] = " ".join(feed.itertext())
    assert len(pages) == 3 * 4 + 1  # four pages a revision, one root feed
    found = {path: sorted(words(text) & english) for path, text in pages.items()}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_german_pages_say_what_a_german_reader_needs(built: dict[str, Path]) -> None:
    old = (built["2024-01-01"] / "de" / "index.html").read_text(encoding="utf-8")
    now = (built["2025-01-01"] / "de" / "index.html").read_text(encoding="utf-8")
    new = (built["2027-01-15"] / "de" / "index.html").read_text(encoding="utf-8")
    assert "Sie wurde am 1. Januar 2025 ersetzt." in old
    assert 'aria-label="Zu dieser Fassung"' in old and "Diese Fassung ist ein Beispiel" in old  # revision.yml notice
    assert "Diese Richtlinie ändert sich am 15. Januar 2027." in now
    assert "Diese Fassung tritt am 15. Januar 2027 in Kraft." in new
    assert "Bei Abweichungen ist die Fassung in folgender Sprache maßgeblich: Englisch." in now
    assert "Zum Inhalt" in now and 'title="Permanenter Link"' in now  # Material's German, toc's permalinks
    changes = (built["2025-01-01"] / "de" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "Abschnitte hinzugefügt: 0" in changes and "[gestrichen: " in changes
    en = (built["2025-01-01"] / "index.html").read_text(encoding="utf-8")
    assert "This policy will change on January 15, 2027." in en and "Bei Abweichungen" not in en


def test_every_message_the_build_looks_up_is_extracted(built: dict[str, Path]) -> None:
    assert locale.looked_up, "nothing was translated"
    missing = sorted(locale.looked_up - set(extracted()))
    assert not missing, f"`_()` calls pybabel extract cannot see (inside an f-string?): {missing}"


def site_with_locale_dir(tmp_path: Path, folder: str) -> Path:
    """A copy of the en+de fixture site whose `locale_dir` setting names `folder`."""
    site = tmp_path / "site"
    shutil.copytree(DATA, site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      notice_period: 30\n", f"      notice_period: 30\n      locale_dir: {folder}\n"), encoding="utf-8")
    return site


def test_a_site_catalog_folder_overrides_a_label(tmp_path: Path) -> None:
    site = site_with_locale_dir(tmp_path, "locales")
    po = site / "locales" / "de" / "LC_MESSAGES" / "policy_site.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Effective"\nmsgstr "Gültig ab"\n\n'
                  'msgid "Identity and contact details of the controller"\n'
                  'msgstr "Name und Kontaktdaten des Verantwortlichen"\n', encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            cwd=site, capture_output=True, text=True,
                            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                 "POLICY_SITE_TODAY": TODAY, "POLICY_SITE_REVISION": "2025-01-01"})
    assert result.returncode == 0, result.stderr
    de = (tmp_path / "out" / "de" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Gültig ab</dt>" in de and "Inkrafttreten" not in de
    assert "Änderungsverlauf" in de  # everything else from the package's catalog
    disclosures = (tmp_path / "out" / "de" / "disclosures" / "index.html").read_text(encoding="utf-8")
    assert "<td>Name und Kontaktdaten des Verantwortlichen <code>gdpr-controller-identity</code>" in disclosures
    assert "<dt>Effective</dt>" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_missing_site_catalog_folder_is_one_clear_line(tmp_path: Path) -> None:
    site = site_with_locale_dir(tmp_path, "translations")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "mkdocs"), "build", "-q", "-d", str(tmp_path / "out")], cwd=site,
                            capture_output=True, text=True, env={"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "plugins.policy.locale_dir: translations is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def check_json(site: Path) -> dict:
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "policy-site"), "check", "--today", TODAY, "--format", "json"], cwd=site,
                            capture_output=True, text=True, env={"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_german_and_english_facts_compare_equal_in_the_parity_check(tmp_path: Path) -> None:
    """15. Januar 2027 = January 15, 2027; 12.01.2026 = 01/12/2026; 1.000,50 € = EUR 1,000.50; 10 € = €10; 19 % = 19%."""
    site = tmp_path / "site"
    shutil.copytree(DATA, site)
    assert [f for f in check_json(site)["findings"] if f["rule"] == "parity-facts"] == []
    de = site / "docs" / "2027-01-15" / "de" / "index.md"
    de.write_text(de.read_text(encoding="utf-8").replace("1.000,50 €", "1.000,60 €"), encoding="utf-8")
    found = [f["message"] for f in check_json(site)["findings"] if f["rule"] == "parity-facts"]
    assert len(found) == 2 and any("EUR 1,000.50" in m for m in found) and any("1.000,60 €" in m for m in found), found


SHIPPED = ("ja", "de", "fr", "es", "it", "ko", "zh-Hans", "zh-Hant")


def test_every_shipped_language_builds_with_its_own_labels_and_material_strings(tmp_path: Path) -> None:
    """One site in English and the eight shipped languages (their texts copied from German: the UI is what is read)."""
    site = tmp_path / "site"
    shutil.copytree(DATA, site, ignore=shutil.ignore_patterns("2024-01-01", "2027-01-15"))
    revision = site / "docs" / "2025-01-01"
    summary = "summary:\n" + "".join(f'  {lang}: "Beispiel."\n' for lang in ("en", *SHIPPED))
    (revision / "revision.yml").write_text(summary, encoding="utf-8")
    for lang in SHIPPED:
        if lang != "de":
            shutil.copytree(revision / "de", revision / lang)
    config = site / "mkdocs.yml"
    languages = "".join(f"        - locale: {lang}\n          name: {lang}\n          build: true\n" for lang in SHIPPED if lang != "de")
    text = config.read_text(encoding="utf-8").replace("      lang: [en, de]\n", "      lang: [en]\n")
    config.write_text(text.replace("          site_name: Beispiel GmbH Datenschutzhinweise\n",
                                   "          site_name: Beispiel GmbH Datenschutzhinweise\n" + languages), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp_path / "out")], cwd=site,
                            capture_output=True, text=True,
                            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "POLICY_SITE_TODAY": TODAY})
    assert result.returncode == 0, result.stderr
    material_skip = {"ja": "コンテンツにスキップ", "zh-Hans": "跳转至", "zh-Hant": "跳轉至"}
    for lang in SHIPPED:
        page = (tmp_path / "out" / lang / "index.html").read_text(encoding="utf-8")
        _ = locale.translator(lang)
        assert f'<html lang="{lang}"' in page, lang
        assert f"<dt>{_('Effective')}</dt>" in page and _("Effective") != "Effective", lang
        assert _("This is a translation for convenience. If the texts differ, the version in this language prevails: "
                 "{language}.", language=locale.language_name("en", lang)) in page, lang
        assert material_skip.get(lang, "Skip to content") in page or lang not in material_skip, lang
        assert "Skip to content" not in page, lang
        # Requirement labels and citations: the rule data's in the page's language (GDPR: de, fr, es, it),
        # else the English ones, marked as English for screen readers and translators.
        disclosures = (tmp_path / "out" / lang / "disclosures" / "index.html").read_text(encoding="utf-8")
        req = load_rules(["gdpr"]).get("gdpr-controller-identity")
        if lang in ("de", "fr", "es", "it"):
            assert f"<td>{escape(req.label(lang))} <code>" in disclosures, lang
            assert f"<td>{escape(req.citation_on(dt.date(2025, 1, 1), lang))}" in disclosures, lang
            assert 'lang="en"' not in disclosures.split("<tbody>", 1)[1], lang
        elif lang != "ja":  # ko, zh-Hans, zh-Hant: no GDPR label of their own yet
            assert (f'<td><span lang="en">{escape(req.label("en"))}</span> <code>gdpr-controller-identity</code></td>'
                    f'<td><span lang="en">GDPR Art.13(1)(a); 14(1)(a)</span>') in disclosures, lang
        else:  # Japanese labels, English citations
            assert (f'<td>{req.label("ja")} <code>gdpr-controller-identity</code></td>'
                    f'<td><span lang="en">GDPR Art.13(1)(a); 14(1)(a)</span>') in disclosures


# --- the example site (repo root): Japanese citations on its Japanese Disclosures page ----------------------

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("revision", ["2016-06-01", "2022-04-01"])
def test_the_japanese_disclosures_page_of_the_example_site_cites_the_appi_in_japanese(tmp_path: Path,
                                                                                    revision: str) -> None:
    """citation_ja: 法第32条第1項第1号, not "APPI Art.32(1)(i)" marked lang="en" (2016-06-01 lived through three eras)."""
    site = tmp_path / "site"
    for name in ("docs", "overrides"):
        shutil.copytree(REPO_ROOT / name, site / name)
    shutil.copy(REPO_ROOT / "mkdocs.yml", site / "mkdocs.yml")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp_path / "out")], cwd=site,
                            capture_output=True, text=True,
                            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                 "POLICY_SITE_TODAY": TODAY, "POLICY_SITE_REVISION": revision})
    assert result.returncode == 0, result.stderr
    page = html.fromstring((tmp_path / "out" / "disclosures" / "index.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "ja"
    rows = page.xpath('//div[@class="policy-disclosures"]//tbody/tr')
    assert len(rows) >= 5
    for row in rows:
        rule = row.xpath("string(td[1]/code)")
        citation = row.xpath("td[2]")[0]
        cited = citation.text or ""  # the citation itself, before any <br><small> note
        assert "第" in cited and "条" in cited and "Art" not in cited, (rule, cited)
        assert not citation.xpath('.//*[@lang="en"]'), rule
        assert not row.xpath('.//*[@lang="en"]'), rule
    operator = next(r for r in rows if r.xpath("string(td[1]/code)") == "appi-operator-name")
    assert operator.xpath("td[2]")[0].text == {"2016-06-01": "法第24条第1項第1号", "2022-04-01": "法第32条第1項第1号"}[revision]
    if revision == "2022-04-01":
        requests = next(r for r in rows if r.xpath("string(td[1]/code)") == "appi-request-procedures")
        assert requests.xpath("td[2]")[0].text == "法第32条第1項第3号、施行令第12条"
