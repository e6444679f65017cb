"""A site on disk: its mkdocs.yml, its `policy` settings, its languages and its revisions."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from .config import PolicyConfig, cname_problem
from .errors import ConfigError
from .model.render import MarkdownSettings
from .revisions import Corpus, load_revisions


@dataclass
class Site:
    config_file: Path
    mkdocs: MkDocsConfig

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def policy(self) -> PolicyConfig:
        return self.mkdocs.plugins["policy"].config  # type: ignore[return-value]

    @property
    def languages(self) -> list[str]:
        return languages_of(self.mkdocs, self.policy)

    @property
    def docs_dir(self) -> Path:
        return (self.root / self.policy.docs).resolve()

    @cached_property
    def corpus(self) -> Corpus:
        return load_revisions(self.docs_dir, self.languages, root=self.root,
                              markdown=MarkdownSettings.from_mkdocs(self.mkdocs))


def languages_of(mkdocs: MkDocsConfig, policy: PolicyConfig) -> list[str]:
    """The site's languages, controlling language first (from the i18n plugin's list)."""
    langs: list[str] = []
    i18n = mkdocs.plugins.get("i18n")
    if i18n is not None:
        langs = [lang.locale for lang in i18n.config.languages]
    if not langs:
        langs = [policy.controlling_language]
    control = policy.controlling_language
    return [control, *[lang for lang in langs if lang != control]] if control in langs else langs


CONFIG_NAME = "mkdocs.yml"


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest mkdocs.yml in `start` (default: the current folder) or one of its parents,
    as git finds `.git`; None when there is none up to the file system's root."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_site(config_file: str | Path | None = None) -> Site:
    """Read mkdocs.yml (`config_file`, else the nearest one from the current folder up);
    a missing or invalid file is a `ConfigError` naming it."""
    if config_file is None:
        found = find_config()
        if found is None:
            raise ConfigError(f"no {CONFIG_NAME} in {Path.cwd()} or any folder above it: run inside a "
                              "policy site (`policy-site init DIR` makes one) or pass -f FILE")
        config_file = found
    path = Path(config_file).resolve()
    if not path.is_file():
        raise ConfigError(f"{config_file}: no such file; run inside the site or pass -f FILE")
    try:
        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        cfg = load_config(str(path))
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}; fix mkdocs.yml") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{config_file}{where}: malformed YAML; fix mkdocs.yml") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file}: not UTF-8; save it as UTF-8") from None
    if "policy" not in cfg.plugins:
        raise ConfigError(f"{config_file}: the `policy` plugin is not enabled; add `- policy` under `plugins:`")
    problem = cname_problem(cfg.plugins["policy"].config, cfg.site_url)
    if problem:
        raise ConfigError(f"{config_file}: {problem}")
    return Site(path, cfg)
