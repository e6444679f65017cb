"""Every git call policy-site makes. Writes to the published branch never touch a work tree."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import GitError

# git speaks English to us whatever the user's language: its messages are matched below.
C_LOCALE = {"LC_ALL": "C", "LANGUAGE": "C"}
NO_GIT = "git is not installed or not on PATH: install git (https://git-scm.com/) and run again"


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every git (and mike) call runs in."""
    return {**os.environ, **C_LOCALE, **(extra or {})}


@dataclass
class Git:
    cwd: Path

    def run(self, *args: str, input: bytes | None = None, check: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            proc = subprocess.run(["git", *args], cwd=self.cwd, input=input, capture_output=True,
                                  env=git_env(env))
        except FileNotFoundError:
            raise GitError(NO_GIT) from None
        if check and proc.returncode != 0:
            err = proc.stderr.decode(errors="replace").strip()
            raise GitError(f"git {args[0]} failed: {err.splitlines()[-1] if err else proc.returncode}", err)
        return proc

    def out(self, *args: str, **kwargs) -> str:
        return self.run(*args, **kwargs).stdout.decode().strip()

    # -- refs -----------------------------------------------------------------

    def is_repo(self) -> bool:
        return self.run("rev-parse", "--git-dir", check=False).returncode == 0

    def git_dir(self) -> Path:
        return (self.cwd / self.out("rev-parse", "--git-dir")).resolve()

    def rev(self, ref: str) -> str | None:
        proc = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return proc.stdout.decode().strip() or None if proc.returncode == 0 else None

    def update_ref(self, ref: str, new: str | None, old: str | None) -> None:
        """Move `ref` from `old` to `new` atomically (None deletes / means "must not exist")."""
        if new is None:
            if old is not None:
                self.run("update-ref", "-d", ref, old)
            return
        self.run("update-ref", ref, new, old or "0" * 40)

    def is_ancestor(self, a: str, b: str) -> bool:
        return self.run("merge-base", "--is-ancestor", a, b, check=False).returncode == 0

    def remote_exists(self, remote: str) -> bool:
        return self.run("remote", "get-url", remote, check=False).returncode == 0

    def fetch_branch(self, remote: str, branch: str) -> str | None:
        """Fetch `remote`'s `branch` into refs/remotes/; its tip, or None if it has none."""
        proc = self.run("fetch", "--quiet", "--no-tags", remote,
                        f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}", check=False)
        if proc.returncode != 0:
            err = proc.stderr.decode(errors="replace")
            if "couldn't find remote ref" in err:
                self.run("update-ref", "-d", f"refs/remotes/{remote}/{branch}", check=False)
                return None
            raise GitError(f"cannot fetch {branch} from {remote}: {err.strip().splitlines()[-1] if err.strip() else ''}", err)
        return self.rev(f"refs/remotes/{remote}/{branch}")

    def push(self, remote: str, branch: str, expect: str | None) -> bool:
        """Push `branch` without force; False when the remote moved (the push was rejected)."""
        lease = f"--force-with-lease=refs/heads/{branch}:{expect or ''}"
        proc = self.run("push", "--quiet", "--porcelain", lease, remote,
                        f"refs/heads/{branch}:refs/heads/{branch}", check=False)
        if proc.returncode == 0:
            return True
        text = (proc.stdout + proc.stderr).decode(errors="replace")
        if any(w in text for w in ("rejected", "stale info", "fetch first", "non-fast-forward", "cannot lock ref")):
            return False
        raise GitError(f"cannot push {branch} to {remote}: {text.strip().splitlines()[-1] if text.strip() else ''}", text)

    # -- reading a tree ---------------------------------------------------------

    def read_files(self, ref: str, paths: list[str]) -> dict[str, bytes | None]:
        """The contents of `paths` at `ref` in one `git cat-file --batch` call."""
        if not paths:
            return {}
        request = "".join(f"{ref}:{p}\n" for p in paths).encode()
        out = self.run("cat-file", "--batch", input=request).stdout
        result: dict[str, bytes | None] = {}
        pos = 0
        for p in paths:
            nl = out.index(b"\n", pos)
            header = out[pos:nl].decode()
            pos = nl + 1
            if header.endswith("missing") or header.endswith("ambiguous"):
                result[p] = None
                continue
            size = int(header.split()[-1])
            result[p] = out[pos:pos + size]
            pos += size + 1
        return result

    def read_file(self, ref: str, path: str) -> bytes | None:
        return self.read_files(ref, [path])[path]

    def top_level(self, ref: str) -> dict[str, str]:
        """The entries at the root of `ref`'s tree: name -> object id (trees, blobs, symlinks)."""
        out = self.run("ls-tree", "-z", ref).stdout.decode("utf-8", errors="surrogateescape")
        entries: dict[str, str] = {}
        for item in out.split("\0"):
            if item:
                meta, name = item.split("\t", 1)
                entries[name] = meta.split()[2]
        return entries

    # -- writing a commit without a work tree ------------------------------------

    def commit_files(self, branch: str, files: dict[str, bytes], message: str) -> str:
        """Commit `files` (path -> content) on top of `branch`; returns the new tip."""
        ref = f"refs/heads/{branch}"
        parent = self.rev(ref)
        index = self.git_dir() / f"policy-site-index-{os.getpid()}"
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            if parent:
                self.run("read-tree", parent, env=env)
            else:
                self.run("read-tree", "--empty", env=env)
            for path, data in files.items():
                blob = self.out("hash-object", "-w", "--stdin", input=data)
                self.run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            tree = self.out("write-tree", env=env)
            args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
            commit = self.out(*args, env=identity_env())
        finally:
            index.unlink(missing_ok=True)
        self.update_ref(ref, commit, parent)
        return commit


def identity_env() -> dict[str, str]:
    """A committer identity for machines that have none (fresh CI runners)."""
    env: dict[str, str] = {}
    defaults = {"NAME": "policy-site", "EMAIL": "policy-site@localhost"}
    try:
        probe = subprocess.run(["git", "config", "user.email"], capture_output=True, env=git_env())
    except FileNotFoundError:
        raise GitError(NO_GIT) from None
    if probe.returncode != 0:
        for role in ("AUTHOR", "COMMITTER"):
            for key, value in defaults.items():
                env.setdefault(f"GIT_{role}_{key}", os.environ.get(f"GIT_{role}_{key}", value))
    return env
