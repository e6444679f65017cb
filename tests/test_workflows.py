"""The GitHub Actions workflows (.github/workflows/ and the copies a new site gets).

They are valid against GitHub's workflow schema, clean under zizmor, shaped the way
the README promises (check on pull requests, publish on main and daily, one publish
at a time, least privilege, pinned actions), and their bash steps run for real
against git repositories with a bare remote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BIN, GIT_ENV, REPO, SiteRepo, git, make_site_repo

WORKFLOWS = REPO / ".github" / "workflows"
TEMPLATE = REPO / "src" / "policy_site" / "site_template" / "github" / "workflows"
ALL_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(TEMPLATE.glob("*.yml"))
PUBLISH_GROUP = "gh-pages-publish"
SHA_PIN = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+)*\s*$")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def tool(name: str) -> str:
    """The executable installed next to this Python: required in CI, optional on a laptop."""
    found = shutil.which(name, path=str(BIN))
    if found is None:
        reason = f"{name} is not installed next to {sys.executable}: pip install -e '.[test]'"
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def workflows() -> dict[str, dict[str, Any]]:
    return {path.name: load(path) for path in sorted(WORKFLOWS.glob("*.yml"))}


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def script(job: dict[str, Any]) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def jobs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(f"{name}:{job_id}", wf, job) for name, wf in workflows().items() for job_id, job in wf["jobs"].items()]


def publishing_jobs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(n, wf, job) for n, wf, job in jobs() if "policy-site publish" in script(job)]


def step(workflow: str, name: str) -> str:
    for job in load(WORKFLOWS / workflow)["jobs"].values():
        for s in steps(job):
            if s.get("name") == name:
                return s["run"]
    raise AssertionError(f"{workflow} has no step named {name!r}")


def triggers(wf: dict[str, Any]) -> dict[str, Any]:
    on = wf["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


# -- the files ----------------------------------------------------------------


def test_a_new_site_gets_exactly_these_workflows() -> None:
    ours = {p.name: p.read_bytes() for p in WORKFLOWS.glob("*.yml")}
    shipped = {p.name: p.read_bytes() for p in TEMPLATE.glob("*.yml")}
    assert ours, f"no workflow in {WORKFLOWS}"
    assert sorted(shipped) == sorted(ours)
    for name in ours:
        assert shipped[name] == ours[name], f"{TEMPLATE / name} differs from {WORKFLOWS / name}: copy it again"
    assert not list(WORKFLOWS.glob("*.yaml")) and not list(TEMPLATE.glob("*.yaml"))


def test_the_workflows_say_nothing_about_one_company() -> None:
    for path in ALL_FILES:
        text = path.read_text(encoding="utf-8").lower()
        assert "dmm" not in text, path


def test_every_workflow_matches_the_github_workflow_schema() -> None:
    exe = tool("check-jsonschema")
    proc = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", *map(str, ALL_FILES)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    exe = tool("check-jsonschema")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    step:\n      - run: true\n")
    proc = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr


def zizmor(*files: Path) -> tuple[int, list[dict[str, Any]], str]:
    exe = tool("zizmor")
    proc = subprocess.run([exe, "--offline", "--no-progress", "--format", "json", "--min-severity", "medium",
                           *map(str, files)], capture_output=True, text=True, cwd=REPO)
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"zizmor did not answer JSON (exit {proc.returncode}): {proc.stdout}{proc.stderr}") from None
    return proc.returncode, findings, proc.stderr


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    code, findings, err = zizmor(*ALL_FILES)
    summary = [(f.get("ident"), f.get("determinations", {}).get("severity"),
                [loc.get("symbolic", {}).get("key") for loc in f.get("locations", [])]) for f in findings]
    assert findings == [] and code == 0, f"exit {code}: {summary}\n{err}"


def test_zizmor_does_flag_an_unsafe_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    code, findings, _ = zizmor(bad)
    assert code != 0
    assert {"template-injection", "dangerous-triggers"} <= {f["ident"] for f in findings}


# -- what they do -------------------------------------------------------------


def test_pull_requests_are_checked_built_strictly_and_redlined() -> None:
    checked = [(n, job) for n, wf, job in jobs() if "pull_request" in triggers(wf)]
    assert checked, "no workflow runs on pull_request"
    text = "\n".join(script(job) for _, job in checked)
    assert "policy-site check --format github" in text
    assert "mkdocs build --strict" in text
    assert re.search(r'policy-site diff .*--format markdown > "\$part"', text)
    assert '>> "$GITHUB_STEP_SUMMARY"' in text
    assert 'git diff --name-only --no-renames "refs/remotes/origin/${BASE_REF}...HEAD" -- docs/' in text
    for name, wf, _ in jobs():
        assert "pull_request_target" not in triggers(wf), name


def test_main_and_a_daily_schedule_publish() -> None:
    found = publishing_jobs()
    assert found, "no job runs policy-site publish"
    for name, wf, job in found:
        on = triggers(wf)
        assert "pull_request" not in on, name
        assert on["push"]["branches"] == ["main"], name
        crons = [entry["cron"] for entry in on["schedule"]]
        assert crons == ["5 15 * * *"], name  # 00:05 in Asia/Tokyo, the default time zone
        assert "policy-site publish --push" in script(job), name


def test_publishes_share_one_group_and_are_never_cancelled() -> None:
    found = publishing_jobs()
    assert found
    for name, wf, job in found:
        concurrency = job.get("concurrency") or wf.get("concurrency")
        assert isinstance(concurrency, dict), f"{name}: no concurrency group"
        assert concurrency["group"] == PUBLISH_GROUP, name
        assert concurrency.get("cancel-in-progress") is False, name


def test_permissions_are_the_least_each_job_needs() -> None:
    for name, wf in workflows().items():
        top = wf.get("permissions")
        assert top == {} or (isinstance(top, dict) and set(top.values()) <= {"read", "none"}), \
            f"{name}: top-level permissions must be {{}} or read-only, not {top!r}"
    publishing = {n for n, _, _ in publishing_jobs()}
    for name, _, job in jobs():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"{name}: say which permissions the job needs"
        if name in publishing:
            assert perms == {"contents": "write"}, name
        else:
            assert "write" not in perms.values(), name
            assert set(perms) <= {"contents", "pull-requests"}, name


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in ALL_FILES:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", ln)]
        assert lines, path
        for line in lines:
            assert SHA_PIN.match(line), f"{path.name}: {line.strip()!r} is not pinned to a full commit SHA with a # vX.Y.Z comment"


def test_no_expression_reaches_a_shell() -> None:
    for name, _, job in jobs():
        for s in steps(job):
            assert "${{" not in s.get("run", ""), f"{name}: pass {s.get('name')!r}'s values through env:"


def test_checkout_keeps_no_credentials_and_publishing_uses_no_cache() -> None:
    publishing = {n for n, _, _ in publishing_jobs()}
    for name, _, job in jobs():
        for s in steps(job):
            uses = s.get("uses", "")
            if uses.startswith("actions/checkout@"):
                assert s["with"]["persist-credentials"] is False, name
                assert s["with"]["fetch-depth"] == 0, name
            if uses.startswith("actions/setup-python@"):
                assert s["with"]["python-version"] == "3.11", name
                if name in publishing:
                    assert "cache" not in s["with"], f"{name}: a cache can carry another workflow's files into a publish"


# -- the bash steps, run for real ---------------------------------------------


def run_step(script_text: str, cwd: Path, tmp: Path, *, env: dict[str, str] | None = None,
             git_env: bool = True) -> tuple[subprocess.CompletedProcess[str], str, str]:
    """Run a step's script the way GitHub's `bash` shell does; (process, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY)."""
    out, summary, body = tmp / "github_output", tmp / "step_summary", tmp / "step.sh"
    for f in (out, summary):
        f.write_text("")
    body.write_text(script_text)
    full = {**os.environ, **(GIT_ENV if git_env else {"NO_MKDOCS_2_WARNING": "1"}),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(out),
            "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": "https://github.com", **(env or {})}
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(body)], cwd=cwd,
                          capture_output=True, text=True, env=full)
    return proc, out.read_text(), summary.read_text()


@pytest.fixture
def pull_request(tmp_path: Path) -> SiteRepo:
    """main holds 2016-06-01 and is pushed; the checked-out branch adds 2022-04-01 and edits mkdocs.yml."""
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    git(repo.path, "push", "-q", "origin", "main")
    git(repo.path, "switch", "-q", "-c", "new-revision")
    shutil.copytree(REPO / "docs" / "2022-04-01", repo.path / "docs" / "2022-04-01")
    with open(repo.path / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("# edited\n")
    repo.commit("2022-04-01")
    return repo


def test_the_changed_revision_is_found(pull_request: SiteRepo, tmp_path: Path) -> None:
    proc, out, _ = run_step(step("check.yml", "Find the changed revisions"), pull_request.path, tmp_path,
                            env={"BASE_REF": "main"})
    assert proc.returncode == 0, proc.stderr
    assert out == "revisions=2022-04-01\n"


def test_a_pull_request_that_changes_no_revision(pull_request: SiteRepo, tmp_path: Path) -> None:
    git(pull_request.path, "switch", "-q", "main")
    git(pull_request.path, "switch", "-q", "-c", "theme")
    with open(pull_request.path / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("# only the configuration\n")
    pull_request.commit("config")
    proc, out, _ = run_step(step("check.yml", "Find the changed revisions"), pull_request.path, tmp_path,
                            env={"BASE_REF": "main"})
    assert proc.returncode == 0, proc.stderr
    assert out == "revisions=\n"
    proc, _, summary = run_step(step("check.yml", "Redline in the job summary"), pull_request.path, tmp_path,
                                env={"REVISIONS": ""})
    assert proc.returncode == 0, proc.stderr
    assert "no redline" in summary
    proc, _, _ = run_step(step("check.yml", "Strict build"), pull_request.path, tmp_path, env={"REVISIONS": ""})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "building the newest strictly" in proc.stdout


def test_an_unfetched_base_branch_is_an_error(pull_request: SiteRepo, tmp_path: Path) -> None:
    proc, _, _ = run_step(step("check.yml", "Find the changed revisions"), pull_request.path, tmp_path,
                          env={"BASE_REF": "no-such-branch"})
    assert proc.returncode == 1
    assert "::error::origin/no-such-branch was not fetched" in proc.stdout


def test_the_redline_against_the_previous_revision_goes_to_the_summary(pull_request: SiteRepo, tmp_path: Path) -> None:
    proc, _, summary = run_step(step("check.yml", "Redline in the job summary"), pull_request.path, tmp_path,
                                env={"REVISIONS": "2022-04-01"})
    assert proc.returncode == 0, proc.stderr
    assert "## 2016-06-01 → 2022-04-01 (en)" in summary
    assert "## 2016-06-01 → 2022-04-01 (ja)" in summary
    assert "<ins>" in summary and "<del>" in summary


def test_a_redline_too_long_for_the_summary_is_left_out(pull_request: SiteRepo, tmp_path: Path) -> None:
    redline = step("check.yml", "Redline in the job summary")
    assert "limit=900000 " in redline
    proc, _, summary = run_step(redline.replace("limit=900000 ", "limit=100 "), pull_request.path, tmp_path,
                                env={"REVISIONS": "2022-04-01"})
    assert proc.returncode == 0, proc.stderr
    assert "Too long for the job summary: run `policy-site diff 2016-06-01 2022-04-01 --lang ja`" in summary
    assert "<ins>" not in summary


def test_the_first_revision_has_nothing_to_redline(pull_request: SiteRepo, tmp_path: Path) -> None:
    proc, _, summary = run_step(step("check.yml", "Redline in the job summary"), pull_request.path, tmp_path,
                                env={"REVISIONS": "2016-06-01"})
    assert proc.returncode == 0, proc.stderr
    assert "The first revision" in summary and "→" not in summary


def test_the_build_is_strict(pull_request: SiteRepo, tmp_path: Path) -> None:
    build = step("check.yml", "Strict build")
    proc, _, _ = run_step(build, pull_request.path, tmp_path, env={"REVISIONS": "2022-04-01"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(pull_request.path / "docs" / "2022-04-01" / "en" / "index.md", "a", encoding="utf-8") as f:
        f.write("\nSee [the missing page](missing.md).\n")
    proc, _, _ = run_step(build, pull_request.path, tmp_path, env={"REVISIONS": "2022-04-01"})
    assert proc.returncode != 0
    assert "'missing.md'" in proc.stderr and "strict mode" in proc.stdout + proc.stderr


@pytest.mark.parametrize(("files", "commands"), [
    (("requirements.lock", "pyproject.toml"), ["-m pip install --require-hashes -r requirements.lock",
                                               "-m pip install --no-deps -e ."]),
    (("requirements.lock",), ["-m pip install --require-hashes -r requirements.lock"]),
    (("pyproject.toml",), ["-m pip install -e ."]),
    (("requirements.txt",), ["-m pip install -r requirements.txt"]),
    ((), None),
])
def test_install(tmp_path: Path, files: tuple[str, ...], commands: list[str] | None) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text('#!/bin/sh\necho "$*" >> "$PIP_LOG"\n')
    (fake / "python").chmod(0o755)
    site = tmp_path / "site"
    site.mkdir()
    for name in files:
        (site / name).write_text("")
    log = tmp_path / "pip.log"
    for workflow in ("check.yml", "publish.yml"):
        log.write_text("")
        proc, _, _ = run_step(step(workflow, "Install"), site, tmp_path,
                              env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "PIP_LOG": str(log)})
        if commands is None:
            assert proc.returncode == 1 and "::error::" in proc.stdout
        else:
            assert proc.returncode == 0, proc.stderr
            assert log.read_text().splitlines() == commands


def test_publish_pushes_as_the_actions_bot(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    git(repo.path, "push", "-q", "origin", "main")
    for name in ("Commit as github-actions[bot]", "policy-site publish --push"):
        proc, _, summary = run_step(step("publish.yml", name), repo.path, tmp_path, git_env=False,
                                    env={"PUSH_TOKEN": "not-a-token", "HOME": str(tmp_path)})
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary.startswith("published: 2016-06-01, 2022-04-01;")
    assert repo.remote_tip() is not None
    author = git(repo.remote, "log", "-1", "--format=%an <%ae>", "gh-pages")
    assert author == "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
