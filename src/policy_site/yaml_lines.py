"""YAML with the line of every key, from the YAML nodes' marks (PyYAML): the one way the
package finds where a key is written.

Rule files are read with `load_with_lines`: every mapping remembers its own line and
each key's. Other files (revision.yml, mkdocs.yml) ask `key_lines` or `key_line`.
"""

from __future__ import annotations

from pathlib import Path

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


def key_lines(text: str) -> dict[str, int]:
    """The line of each mapping key in a YAML text, at any depth. A key written at several
    places: a mapping's own key before the same key nested in its values, else the first
    written. {} if the text is not one YAML document."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: unknown tags (!ENV, !!python/name) are fine
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines.setdefault(key.value, key.start_mark.line + 1)
            children = [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            continue
        pending += reversed(children)
    return lines


def key_line(path: Path, key: str) -> int | None:
    """The line of `key` in a YAML file (see `key_lines`), None if it is not there or not readable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return key_lines(text).get(key)


def item_lines(text: str, key: str) -> list[tuple[int, dict[str, int]]]:
    """(line of the item, {its key: line}) for each item of the top-level list `key:` of a YAML
    text, in order; [] if there is no such list or the text is not one YAML document."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for name, value in root.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key and isinstance(value, yaml.SequenceNode):
            return [(item.start_mark.line + 1,
                     {str(k.value): k.start_mark.line + 1 for k, _ in item.value}
                     if isinstance(item, yaml.MappingNode) else {})
                    for item in value.value]
    return []


def child_key_line(text: str, parent: str, key: str) -> int | None:
    """The line of `key` in the mapping that is the value of the first `parent:` key, at any depth
    (`appi-fees` under `not_applicable:` in mkdocs.yml); else the line of `parent`; else None."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop(0)
        if isinstance(node, yaml.MappingNode):
            for name, value in node.value:
                if isinstance(name, yaml.ScalarNode) and name.value == parent:
                    children = value.value if isinstance(value, yaml.MappingNode) else []
                    return next((k.start_mark.line + 1 for k, _ in children
                                 if isinstance(k, yaml.ScalarNode) and k.value == key), name.start_mark.line + 1)
            pending += [value for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            pending += list(node.value)
    return None
