"""A site on disk: its mkdocs.yml, its `policy` settings, its languages and its revisions."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ..config import PolicyConfig, cname_problem, parse_date
from ..errors import ConfigError
from ..model import store
from ..model.render import MarkdownSettings
from ..model.revisions import Corpus, load_revisions


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
        store.use_directory(self.root / store.CACHE_FOLDER)  # what later runs read back (see `store`)
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
    logger = logging.getLogger("mkdocs")
    collected = _Collect()
    logger.setLevel(logging.ERROR)
    logger.addHandler(collected)
    propagate, logger.propagate = logger.propagate, False  # our one line replaces MkDocs' log lines
    try:
        cfg = load_config(str(path))
    except (ConfigurationError, Abort) as exc:
        raise ConfigError(_config_problem(path, config_file, collected.messages, str(exc))) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{config_file}{where}: malformed YAML; fix mkdocs.yml") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file}: not UTF-8; save it as UTF-8") from None
    except ValueError as exc:  # YAML read an unquoted impossible date such as 2026-13-02
        raise ConfigError(_impossible_date(path, config_file) or f"{config_file}: {exc}; fix mkdocs.yml") from None
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
    if "policy" not in cfg.plugins:
        raise ConfigError(f"{config_file}: the `policy` plugin is not enabled; add `- policy` under `plugins:`")
    problem = cname_problem(cfg.plugins["policy"].config, cfg.site_url)
    if problem:
        raise ConfigError(f"{config_file}: {problem}")
    return Site(path, cfg)


class _Collect(logging.Handler):
    """Keeps what MkDocs logs while it reads the configuration."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_DATE_VALUE = re.compile(r"^\s*-?\s*([\w-]+)\s*:\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?:#.*)?$")
_OPTION = re.compile(r"option '([^']+)'|Config value '([^']+)'")


def _impossible_date(path: Path, shown: str | Path) -> str | None:
    """`mkdocs.yml:LINE: `key: 2026-13-02` is not a real date ...` for the first such value."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        m = _DATE_VALUE.match(line)
        if m and parse_date(m.group(2)) is None:
            return (f"{shown}:{number}: `{m.group(1)}: {m.group(2)}` is not a real date [invalid-config]; "
                    f"write the date as YYYY-MM-DD")
    return None


def _config_problem(path: Path, shown: str | Path, messages: list[str], fallback: str) -> str:
    """One line from MkDocs' own messages: the file, the line of the key, what is wrong."""
    message = next((m for m in messages if "Error" in m or "option" in m or "Config value" in m), None)
    message = message or (messages[0] if messages else fallback)
    message = re.sub(r"^Config value '[^']+': ", "", message.splitlines()[0])
    keys = [a or b for a, b in _OPTION.findall(message)]
    line = None
    if keys:
        pattern = re.compile(rf"^\s*-?\s*{re.escape(keys[-1])}\s*:")
        text = path.read_text(encoding="utf-8-sig").splitlines()
        line = next((n for n, ln in enumerate(text, 1) if pattern.match(ln)), None)
    where = f"{shown}:{line}" if line else f"{shown}"
    return f"{where}: {message} [invalid-config]; fix mkdocs.yml"
