"""Disclosure rules: what a privacy policy must say, under which law, and since when.

The law lives in data that counsel maintains: ``rules/<law>.yml`` shipped with the
package (appi, telecom, gdpr, ccpa, caloppa) and the site's own rule files (``rule_files`` in
mkdocs.yml), all in one schema (``schema.json``, described for people at the top of
``rules/appi.yml``). This package reads that data and answers "which requirements apply
on this day, or to this period": ``model.py`` (Requirement, RuleSet), ``loader.py``
(files to requirements), ``schema.py`` (the schema's problems in words), ``table.py``
(``policy-site rules``). Knows nothing of MkDocs or git.

A malformed rule file raises `RuleFileError`, whose message names file:line and
what to do; nothing else here raises on bad input.
"""

from __future__ import annotations

from .loader import BUILTIN_DIR, FIRST_LAW, SITE_LAW, available_laws, display_path, load_rules, read_rule_file
from .model import KINDS, Note, Requirement, RuleFileError, RuleProblem, RuleSet
from .table import format_rules_table, rules_in_force

__all__ = ["BUILTIN_DIR", "FIRST_LAW", "KINDS", "SITE_LAW", "Note", "Requirement", "RuleFileError", "RuleProblem",
           "RuleSet", "available_laws", "display_path", "format_rules_table", "load_rules", "read_rule_file",
           "rules_in_force"]
