"""The few errors the library raises; the CLI turns each into one line and an exit code."""

from __future__ import annotations


class PolicySiteError(Exception):
    """A failure the user can act on: the message says what and what to do."""


class UsageError(PolicySiteError):
    """The command line itself is wrong (exit 2)."""


class ConfigError(PolicySiteError):
    """mkdocs.yml cannot be read or the `policy` plugin settings are invalid."""


class GitError(PolicySiteError):
    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


class RollbackFailed(PolicySiteError):
    """Restoring the branch after an error failed too; the message starts with that error."""


class BranchMoved(GitError):
    """The remote branch moved while we were publishing."""


class PublishRefused(PolicySiteError):
    """Publishing would lose or rewrite published text, or the sources fail the check."""

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report  # the `commands.CheckReport` that refused it
