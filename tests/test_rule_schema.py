"""rules/schema.json: the shapes of a rule file, checked with jsonschema; the loader says each problem in words."""
from __future__ import annotations

import textwrap

import pytest
from jsonschema import Draft202012Validator

from policy_site.rules import BUILTIN_DIR, KINDS, RuleFileError, available_laws, load_rules
from policy_site.rules.schema import SCHEMA
from policy_site.yaml_lines import load_with_lines


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("law", available_laws())
def test_every_shipped_rule_file_matches_the_schema(law):
    data = load_with_lines((BUILTIN_DIR / f"{law}.yml").read_text(encoding="utf-8"))
    checker = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in checker.iter_errors(data)] == []


def test_a_wrong_rule_fails_the_schema_as_a_whole():
    checker = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert not checker.is_valid({"rules": [{"id": "x-y", "label_en": "X", "required_from": "2024-02-30"}]})
    assert checker.is_valid({"rules": [{"id": "x-y", "label_en": "X", "required_from": "2024-02-29"}]})


def test_the_kinds_in_the_schema_are_the_models():
    assert [k for k in SCHEMA["$defs"]["rule"]["properties"]["kind"]["enum"] if k] == list(KINDS)


@pytest.mark.parametrize(("text", "expected"), [
    ("- {id: company-a, label_en: A, required_from: 2024-1-5}\n",
     "company.yml:1: rule `company-a`: `required_from` is not a date (got '2024-1-5'): write it as YYYY-MM-DD"),
    ("- {id: company-a, label_en: A, required_from: 2024-01-01, required_until: 2023-12-31}\n",
     "company.yml:1: rule `company-a`: `required_until` is before `required_from`"),
    ("- {id: company-a, label_en: A, required_from: 2024-01-01, citation: {2024-13-01: Art. 1}}\n",
     "company.yml:1: rule `company-a`: citation era '2024-13-01': 'Art. 1' is not a date followed by a citation"),
    ("- {id: company-a, label_en: A, required_from: 2024-01-01, evidence: [contct]}\n",
     "company.yml:1: rule `company-a`: unknown evidence kind `contct`: did you mean `contact`?"),
    ("- {id: company-a, label_en: A, required_from: 2024-01-01, downgradable: maybe}\n",
     "company.yml:1: rule `company-a`: `downgradable` must be true or false"),
    ("law: Company\nrules: []\n", "company.yml:1: `law` must be a short lower-case name (got 'Company')"),
    ("lwa: company\nrules: []\n", "company.yml:1: the file: unknown key `lwa`: did you mean `law`?"),
    ("notes: [{until: 2024-01-01}]\nrules: []\n", "company.yml:1: a note needs its text in each language"),
])
def test_a_schema_problem_names_file_line_rule_and_what_to_do(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "company.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rules([], [tmp_path / "company.yml"])
    assert expected in str(caught.value)


def test_a_good_site_rule_file_reads_its_dates_citations_and_notes(tmp_path):
    (tmp_path / "company.yml").write_text(textwrap.dedent("""\
        law: company
        notes: [{from: 2024-06-01, en: A note., ja: 注記。}]
        rules:
          - id: company-a
            label_en: A
            required_from: 2024-01-01
            required_until: "2025-12-31"
            citation: {2024-01-01: Art. 1, 2025-01-01: Art. 2}
        """), encoding="utf-8")
    req = load_rules([], [tmp_path / "company.yml"]).get("company-a")
    assert (str(req.required_from), str(req.required_until), req.law) == ("2024-01-01", "2025-12-31", "company")
    assert [(str(d), c) for d, c in req.citations.items()] == [("2024-01-01", "Art. 1"), ("2025-01-01", "Art. 2")]
    assert [n.text("ja") for n in req.notes] == ["注記。"]


def test_the_line_of_a_key_is_read_from_the_yaml_nodes(tmp_path):
    from policy_site.yaml_lines import key_line, key_lines

    text = textwrap.dedent("""\
        # a comment that says summary: here
        summary:
          ja: 概要
          en: "summary: quoted"
        notes: |
          announced: 2024-01-01 (text, not a key)
        plugins:
          - policy:
              established: !ENV [ESTABLISHED, 2020-01-01]
        announced: 2024-03-01
        """)
    lines = key_lines(text)
    assert (lines["summary"], lines["en"], lines["announced"], lines["established"]) == (2, 4, 10, 9)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert key_line(tmp_path / "mkdocs.yml", "established") == 9
    assert key_line(tmp_path / "mkdocs.yml", "nowhere") is None
    assert key_lines("a: [unclosed\n") == {}
