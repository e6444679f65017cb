"""What went wrong, in one line, from mike's or MkDocs' output (publish.last_error, for publish and build)."""
from __future__ import annotations

import pytest

from policy_site.publish import last_error


@pytest.mark.parametrize(("stderr", "expected"), [
    ("INFO    -  Cleaning site directory\nWARNING -  A link is broken\nERROR   -  Config value 'theme': bad\n",
     "Config value 'theme': bad"),
    ("WARNING -  Doc file 'x.md' contains a link to 'y.md', which is not found\nAborted with 1 warnings in strict mode!\n",
     "Doc file 'x.md' contains a link to 'y.md', which is not found"),
    ("Error reading page 'index.md':\nTraceback (most recent call last):\n  File \"x.py\", line 1\n"
     "mkdocs.exceptions.PluginError: revision.yml: no summary\n",
     "mkdocs.exceptions.PluginError: revision.yml: no summary"),
    ("error: unknown switch `x'\n", "error: unknown switch `x'"),
    ("something odd\n", "something odd"),
])
def test_the_line_that_says_what_went_wrong(stderr, expected):
    assert last_error(stderr) == expected


def test_no_output_says_so():
    assert last_error("") == "no output"
    assert last_error("\n", "mkdocs exited with an error") == "mkdocs exited with an error"
