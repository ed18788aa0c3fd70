"""The GitHub Actions workflows: valid, audited offline, and calling hubgen as the code expects.

The dry runs take each job's `run:` steps that call hubgen and run them the way
GitHub would (bash -e, the step's env, $GITHUB_OUTPUT) on a copy of the demo
content in a throwaway git repository, so the workflows and the commands they
call cannot drift apart. Steps that install or talk to a host are not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.test_changes import git

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # the environment's scripts: hubgen, zizmor
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CALLS_HUBGEN = re.compile(r"(^|\$\(|\s)hubgen\s", re.MULTILINE)
PAGES_URL = "https://example-org.github.io/hubs"


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]'"
    return found


def test_workflows_follow_githubs_schema() -> None:
    files = [str(p) for p in WORKFLOWS]
    for schema, paths in (
        ("vendor.github-workflows", files),
        ("vendor.dependabot", [str(GITHUB / "dependabot.yml")]),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *paths],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_zizmor_finds_nothing() -> None:
    done = zizmor(GITHUB)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_does_audit_offline(tmp_path: Path) -> None:
    """A workflow that pastes a pull request's title into a shell is caught."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  greet:\n    runs-on: ubuntu-latest\n"
        '    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    done = zizmor(tmp_path / ".github")
    assert done.returncode != 0
    assert "template-injection" in done.stdout


def test_every_action_is_pinned_to_a_commit() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d", line), (
                    f"{path.name}: pin to a full commit with its version beside it: {line}"
                )


def test_publish_runs_one_job_per_state_and_every_day() -> None:
    publish = workflow("publish.yml")
    assert publish["on"]["schedule"][0]["cron"]
    assert "state" in publish["on"]["workflow_dispatch"]["inputs"]
    deploy = publish["jobs"]["deploy"]
    assert deploy["strategy"]["fail-fast"] is False
    assert deploy["strategy"]["matrix"]["state"] == "${{ fromJSON(needs.changes.outputs.sites) }}"
    assert deploy["concurrency"] == {
        "group": "publish-${{ matrix.state }}",
        "cancel-in-progress": False,
    }
    uses = [s.get("uses", "") for s in publish["jobs"]["pages"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_publish_builds_without_a_restored_cache() -> None:
    """What is published comes from the commit, not from a cache entry (cache poisoning)."""
    text = (GITHUB / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "actions/cache@" not in text


# The dry runs -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """The demo content in git: a base commit, then a pull request's edit to Arizona."""
    root = tmp_path_factory.mktemp("hub") / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / ".gitignore").write_text("/public/\n/.public.*/\n/.hubgen-cache/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = git(root, "rev-parse", "HEAD")
    home = root / "content" / "arizona" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nNew this week: more phone banks.\n")
    git(root, "commit", "-q", "-am", "the pull request")
    return {"root": root, "base": base, "outputs": tmp_path_factory.mktemp("outputs")}


def expand(value: str, context: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        assert match[1] in context, f"the dry run has no value for ${{{{ {match[1]} }}}}"
        return context[match[1]]

    return EXPRESSION.sub(one, value)


def run_job(
    project: dict[str, Path | str], name: str, job: str, context: dict[str, str]
) -> tuple[dict[str, str], str]:
    """Run a job's steps that call hubgen, with no output folder yet: the context with
    the step outputs added (steps.<id>.outputs.<key>), and the failed step's stderr."""
    root = Path(project["root"])
    shutil.rmtree(root / "public", ignore_errors=True)
    flow = workflow(name)
    steps = [s for s in flow["jobs"][job]["steps"] if CALLS_HUBGEN.search(s.get("run", ""))]
    assert steps, f"{name}: job {job} has no step that calls hubgen"
    context = dict(context)
    base_env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for source in (flow.get("env", {}), flow["jobs"][job].get("env", {})):
        base_env.update({k: expand(str(v), context) for k, v in source.items()})
    for index, step in enumerate(steps):
        output = Path(project["outputs"]) / f"{job}-{index}"
        output.write_text("")
        env = {
            **base_env,
            "GITHUB_OUTPUT": str(output),
            **{k: expand(str(v), context) for k, v in step.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return context, done.stderr
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            context[f"steps.{step.get('id')}.outputs.{key}"] = value
    return context, ""


PR = {"secrets.NETLIFY_AUTH_TOKEN != ''": "false"}


def test_a_pull_request_is_checked_and_its_changed_state_previewed(project: dict) -> None:
    outputs, failed = run_job(project, "check.yml", "changes", PR)
    assert not failed, failed
    assert outputs["steps.changed.outputs.states"] == '["arizona"]'
    assert run_job(project, "check.yml", "check", PR)[1] == ""
    _, failed = run_job(project, "check.yml", "preview", {**PR, "matrix.state": "arizona"})
    assert not failed, failed
    upload = next(
        s
        for s in workflow("check.yml")["jobs"]["preview"]["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    home = Path(project["root"]) / upload["with"]["path"] / "arizona" / "index.html"
    assert 'href="http://localhost:8000/arizona/"' in home.read_text(encoding="utf-8")


def publish_changes(project: dict, event: str, state: str = "") -> tuple[dict, str]:
    context = {
        "github.event_name": event,
        "github.event.before": str(project["base"]),
        "inputs.state": state,
        "vars.HUBGEN_TARGET": "netlify",
    }
    return run_job(project, "publish.yml", "changes", context)


@pytest.mark.parametrize(
    ("event", "state", "states"),
    [
        ("push", "", '["arizona"]'),
        ("schedule", "", '["arizona","pennsylvania","wisconsin"]'),
        ("workflow_dispatch", "", '["arizona","pennsylvania","wisconsin"]'),
        ("workflow_dispatch", "wisconsin", '["wisconsin"]'),
    ],
)
def test_publish_chooses_the_states(project: dict, event: str, state: str, states: str) -> None:
    outputs, failed = publish_changes(project, event, state)
    assert not failed, failed
    assert outputs["steps.states.outputs.states"] == states
    # the landing page goes with the states, but not with one state published by hand
    landing = states.rstrip("]") + ',"_landing"]' if not state else states
    assert outputs["steps.states.outputs.sites"] == landing


def test_the_landing_page_is_built_where_its_deploy_reads_it(project: dict) -> None:
    outputs, failed = run_job(project, "publish.yml", "deploy", {"matrix.state": "_landing"})
    assert not failed, failed
    public = Path(project["root"]) / outputs["steps.build.outputs.dir"]
    assert public == Path(project["root"]) / "public"
    assert (public / "index.html").is_file() and (public / "_headers").is_file()
    assert not [p.name for p in public.iterdir() if p.is_dir() and (p / "index.html").exists()]


def test_a_takedown_of_a_state_that_is_not_there_fails(project: dict) -> None:
    _, failed = publish_changes(project, "workflow_dispatch", "wisconsn")
    assert "there is no state 'wisconsn'" in failed
    assert "did you mean 'wisconsin'?" in failed


def test_each_state_is_built_where_its_deploy_reads_it(project: dict) -> None:
    outputs, failed = run_job(project, "publish.yml", "deploy", {"matrix.state": "arizona"})
    assert not failed, failed
    public = Path(project["root"]) / "public"
    assert outputs["steps.build.outputs.dir"] == "public/arizona"
    assert (public / "arizona" / "index.html").is_file()
    assert sorted(p.name for p in public.iterdir() if not p.name.startswith(".")) == ["arizona"]


def test_cloudflare_gets_the_redirects_without_the_page_not_found_rules(tmp_path: Path) -> None:
    """Cloudflare Pages refuses a 404 status in _redirects (it finds es/404.html itself):
    the deploy leaves those lines out and keeps every alias's redirect."""
    (step,) = [s for s in workflow("publish.yml")["jobs"]["deploy"]["steps"]
               if s.get("id") == "cloudflare-redirects"]  # fmt: skip
    site = tmp_path / "public" / "arizona"
    site.mkdir(parents=True)
    lines = ["# aliases", "/az/old/ /az/new/ 301", "/az/es/* /az/es/404.html 404"]
    (site / "_redirects").write_text("\n".join(lines) + "\n")
    env = {**os.environ, "DIR": "public/arizona"}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True)
    assert (site / "_redirects").read_text() == "# aliases\n/az/old/ /az/new/ 301\n"


def test_github_pages_gets_every_state_in_one_site(project: dict) -> None:
    context = {"steps.address.outputs.base_url": PAGES_URL}
    _, failed = run_job(project, "publish.yml", "pages", context)
    assert not failed, failed
    public = Path(project["root"]) / "public"
    assert (public / "index.html").is_file()
    for key in ("arizona", "pennsylvania", "wisconsin"):
        home = (public / key / "index.html").read_text(encoding="utf-8")
        assert f'href="{PAGES_URL}/{key}/"' in home


# The S3 publish script, against a stand-in for the aws command -----------------------------

FAKE_AWS = """#!/usr/bin/env bash
# Records each call; answers what publish-s3.sh asks of S3 and the KeyValueStore.
echo "$*" >> "$AWS_LOG"
case "$1 $2" in
  "cloudfront-keyvaluestore describe-key-value-store") echo ETAG-1 ;;
  "s3 sync") name=${4%/}; echo "${name##*/}" >> "$AWS_RELEASES" ;;
  "s3 ls") sort "$AWS_RELEASES" | sed 's#^#                           PRE #; s#$#/#' ;;
esac
"""


SITE_FILES = ("index.html", "404.html", "_headers", "_redirects")


def publish_s3(
    tmp_path: Path, releases: list[str], files: tuple[str, ...] = SITE_FILES
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aws").write_text(FAKE_AWS)
    (bin_dir / "aws").chmod(0o755)
    site = tmp_path / "public" / "arizona"
    site.mkdir(parents=True)
    for name in files:
        (site / name).write_text(name)
    log, known = tmp_path / "aws.log", tmp_path / "releases"
    known.write_text("".join(f"{r}\n" for r in releases))
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "AWS_LOG": str(log),
        "AWS_RELEASES": str(known),
    }
    kvs = "arn:aws:cloudfront::123456789012:key-value-store/hub-arizona"
    done = subprocess.run(
        ["bash", str(GITHUB / "scripts" / "publish-s3.sh"), str(site), "hub-sites/arizona", kvs],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done, log.read_text().splitlines() if log.exists() else []


def test_s3_release_is_uploaded_whole_then_switched_at_once(tmp_path: Path) -> None:
    old = [
        "20261101T101700Z-aaaaaaaaaaaa",
        "20261102T101700Z-bbbbbbbbbbbb",
        "20261103T101700Z-cccccccccccc",
    ]
    done, calls = publish_s3(tmp_path, old)
    assert done.returncode == 0, done.stderr
    sync, describe, put, copy, listing, *removed = calls
    release = re.search(r"releases/(\d{8}T\d{6}Z-local)/", sync)  # not in git here
    assert release and sync.startswith("s3 sync ")
    assert "--exclude _headers --exclude _redirects" in sync
    assert describe.startswith("cloudfront-keyvaluestore describe-key-value-store")
    assert put.startswith("cloudfront-keyvaluestore put-key")
    assert f"--key release --value {release[1]} --if-match ETAG-1" in put
    assert copy.startswith("s3 cp ") and copy.split()[3] == "s3://hub-sites/arizona/404.html"
    assert listing == "s3 ls s3://hub-sites/arizona/releases/"
    # the new release and the one before it stay
    assert removed == [
        f"s3 rm s3://hub-sites/arizona/releases/{r}/ --recursive --only-show-errors"
        for r in old[:2]
    ]


def test_s3_first_release_deletes_nothing(tmp_path: Path) -> None:
    done, calls = publish_s3(tmp_path, [])
    assert done.returncode == 0, done.stderr
    assert not [c for c in calls if c.startswith("s3 rm")]


def test_s3_without_a_built_site_touches_nothing(tmp_path: Path) -> None:
    done, calls = publish_s3(tmp_path, [], files=("404.html",))
    assert done.returncode == 1 and "index.html not found: build first" in done.stderr
    assert calls == []
