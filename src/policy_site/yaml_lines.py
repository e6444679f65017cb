"""YAML with the line of every key, from the YAML nodes' marks (PyYAML).

Rule files are read with `load_with_lines`: every mapping remembers its own line and
each key's, so a problem can name file:line.
"""

from __future__ import annotations

import yaml


class LineMapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    key_lines: dict
    repeated: list


class LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings are `LineMapping`s and whose dates stay text."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line, mapping.key_lines, mapping.repeated = node.start_mark.line + 1, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = key if isinstance(key, str) else str(key)  # JSON Schema names keys with text
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.repeated.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_timestamp(loader: LineLoader, node: yaml.ScalarNode) -> object:
    # Dates stay as written (YYYY-MM-DD text): the schema checks them, and an impossible
    # date such as 2025-13-01 can be shown where it is.
    return loader.construct_scalar(node)


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line to look at and what is wrong: where a quote was opened, not where the file ended."""
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if isinstance(exc, yaml.scanner.ScannerError) and context and context_mark:
        return context_mark.line + 1, f"{context}, {problem}"
    return (problem_mark.line + 1 if problem_mark else None), problem


def load_with_lines(text: str) -> object:
    """The YAML document in `text`, its mappings `LineMapping`s; raises `yaml.YAMLError`."""
    return yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
