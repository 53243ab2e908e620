"""The GitHub Pages workflow is valid and runs exactly the README's commands."""
import re

import yaml

from folio import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "pages.yml"


def load():
    return yaml.safe_load(WORKFLOW.read_text())


def test_the_workflow_parses_and_deploys_on_push_to_main():
    workflow = load()
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as True
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    build_steps = workflow["jobs"]["build"]["steps"]
    assert next(s for s in build_steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "build"


def test_the_commands_it_runs_are_the_readmes():
    readme = (REPO_ROOT / "README.md").read_text()
    runs = [step["run"] for job in load()["jobs"].values() for step in job["steps"] if "run" in step]
    assert len(runs) == 2
    for command in runs:
        # The README shows commands without the virtual environment's path and with a placeholder URL.
        essential = re.sub(r"^\.venv/bin/", "", command).split("${{")[0].rstrip(' "')
        assert essential in readme, f"the README does not show: {essential}"
    assert any("freeze.py --base-url" in run for run in runs)
    assert any(run == "make test" for run in runs)
