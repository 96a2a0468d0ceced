"""``workbook ci-template``: the GitHub Actions workflow and the GitHub Classroom autograding config.

Every command the two files run is checked against this project: ``workbook`` commands with the
CLI's own argparse parser, pytest options against ``pytest --help`` (with the nbval plugin), pip
extras against pyproject.toml, and paths against the repository.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from grader import templates
from grader.assign import autograding_config
from grader.cli import _parser, main
from grader.notebooks import fill, read, write
from grader.registry import load

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WORKFLOW = yaml.safe_load(templates.WORKFLOW)
STEPS = WORKFLOW["jobs"]["grade"]["steps"]
SHELL_TOOLS = {"test"}  # plain shell built-ins the setup uses


def _simple_commands(script: str) -> list[list[str]]:
    """Split a shell line into its simple commands (on ``&&``, ``||``, ``;``, ``(`` and ``)``)."""
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands, current = [], []
    for token in lexer:
        if token in {"&&", "||", ";", "(", ")"}:
            if current:
                commands.append(current)
            current = []
        else:
            current.append(token)
    if current:
        commands.append(current)
    return commands


def _all_commands() -> list[list[str]]:
    scripts = [step["run"] for step in STEPS if "run" in step]
    for test in autograding_config()["tests"]:
        scripts += [test["setup"], test["run"]]
    unique = []
    for script in scripts:
        for command in _simple_commands(script):
            if command not in unique:
                unique.append(command)
    return unique


COMMANDS = _all_commands()


@pytest.fixture(scope="module")
def pytest_help() -> set[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "--help"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", result.stdout))


def _subcommands() -> dict:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def _python_module(command: list[str]) -> tuple[str, list[str]] | None:
    """``("pytest", args)`` for ``python -m pytest args`` (any python executable), else None."""
    if Path(command[0]).name.startswith("python") and len(command) > 2 and command[1] == "-m":
        return command[2], command[3:]
    return None


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c)[:60] for c in COMMANDS])
def test_every_command_is_real(command, pytest_help):
    module = _python_module(command)
    if command[0] == "workbook":
        if command[1] not in _subcommands():
            pytest.skip(f"`workbook {command[1]}` is not registered yet")
        args, unknown = _parser().parse_known_args(command[1:])
        assert unknown == [], f"unknown options for workbook {command[1]}: {unknown}"
    elif module and module[0] == "pytest":
        args = module[1]
        skip_next = False
        for token in args:
            if skip_next:
                skip_next = False
            elif token.startswith("-"):
                option = token.split("=", 1)[0]
                assert option in pytest_help, option
                skip_next = option == "-p"
            else:
                assert (ROOT / token).exists(), token
    elif module and module[0] == "pip":
        extras = importlib.metadata.metadata("customer-value-workbook").get_all("Provides-Extra")
        targets = [a for a in module[1] if a.startswith(".")]
        assert targets, command
        for target in targets:
            for extra in target.partition("[")[2].rstrip("]").split(","):
                assert extra in extras, extra
    elif module and module[0] == "venv":
        assert module[1] == [".venv"]
    else:
        assert command[0] in SHELL_TOOLS, f"unexpected command {command}"


def test_cli_writes_the_workflow_and_the_autograding_config(tmp_path, capsys):
    assert main(["ci-template", "--out", str(tmp_path)]) == 0
    workflow = tmp_path / ".github" / "workflows" / "workbook.yml"
    autograding = tmp_path / ".github" / "classroom" / "autograding.json"
    assert capsys.readouterr().out.split() == [str(workflow), str(autograding)]
    assert workflow.read_text() == templates.WORKFLOW
    assert json.loads(autograding.read_text()) == autograding_config()
    assert main(["ci-template", "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["ci-template", "--out", str(tmp_path), "--force"]) == 0


def test_workflow_checks_grades_and_always_uploads_the_reports():
    assert set(WORKFLOW["jobs"]) == {"grade"}
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    uses = {step["uses"].split("@")[0]: step for step in STEPS if "uses" in step}
    assert set(uses) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    upload = uses["actions/upload-artifact"]
    assert upload["if"] == "always()" and upload["with"]["path"] == "reports/"
    runs = [step for step in STEPS if "run" in step]
    install, nbval, grade = runs
    assert install["run"] == "python -m pip install -e '.[test]'" and install["id"] == "install"
    assert "--nbval-lax" in nbval["run"] and nbval["run"].endswith(" notebooks/")
    assert grade["run"].startswith("workbook grade notebooks/ ")
    for option in ("--junit reports/junit.xml", "--json reports/grades.json", "--feedback reports/feedback"):
        assert option in grade["run"]
    assert grade["if"].startswith("always()")
    assert grade["env"]["WORKBOOK_GRADING_SEED"] == "${{ secrets.WORKBOOK_GRADING_SEED }}"
    order = [step.get("uses", step.get("run")).split("@")[0] for step in STEPS]
    assert order.index("actions/checkout") < order.index(install["run"]) < order.index(nbval["run"])
    assert order.index(grade["run"]) < order.index("actions/upload-artifact")


def test_autograding_has_one_strict_nbval_test_per_notebook():
    config = autograding_config()
    assert list(config) == ["tests"]
    tests = config["tests"]
    assert [t["run"].split()[-1] for t in tests] == [f"notebooks/{p.name}" for p in NOTEBOOKS]
    for test, path in zip(tests, NOTEBOOKS, strict=True):
        assert set(test) == {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}
        assert test["comparison"] == "included" and test["input"] == test["output"] == ""
        assert isinstance(test["timeout"], int) and test["timeout"] > 0
        assert test["points"] == sum(q.points for q in load(path.stem))
        assert "--nbval-lax" in test["run"] and path.stem in test["name"]


def test_one_autograding_test_passes_on_an_answer_key(tmp_path):
    """Run the first notebook's setup and run commands exactly as GitHub Classroom would."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the autograding commands expect the workbook in a virtual environment (.venv)")
    test = autograding_config(["00_start_here"])["tests"][0]
    source = ROOT / "notebooks" / "00_start_here.ipynb"
    write(fill(read(source), solved=True), tmp_path / "notebooks" / source.name)
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    for script in (test["setup"], test["run"]):
        result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=60 * test["timeout"])
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    code_cells = sum(c.cell_type == "code" for c in read(source).cells)
    assert f"{code_cells} passed" in result.stdout
