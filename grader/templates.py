"""Text templates that ``workbook ci-template`` writes (kept as Python constants, not package data).

The files go into a **student's repository**, which the student controls and which holds the
notebooks only: no reference solutions, no grader. Both files therefore

- install the grader from a source the student cannot change (``{grader_source}``: a pinned
  release such as ``customer-value-workbook==0.1.0``, or the instructor's repository at a fixed
  tag, ``git+https://github.com/<instructor>/<workbook>@v1``), never from the repository itself;
- grade with ``workbook grade --fail-under``, which runs each notebook in an isolated kernel
  (bubblewrap) and judges the answers in the grader's own process, on hidden cases. Nothing the
  learner's notebook does (``grader.setup(strict=False)``, patched checks, printed "passed") can
  change a grade, unlike a strict nbval run whose check cells execute in the learner's kernel.

Isolation needs ``bwrap`` and, on Ubuntu 24.04 runners, unprivileged user namespaces, which
AppArmor restricts by default: :data:`SANDBOX_COMMANDS` installs the one and lifts the other.

:data:`WORKFLOW` is the GitHub Actions workflow; the GitHub Classroom autograding config is built
per notebook by :func:`grader.assign.autograding_config` from :data:`AUTOGRADING_SETUP` and
:data:`AUTOGRADING_RUN`. ``tests/test_ci_template.py`` checks every command these templates run
against this project's own command-line parsers, and the workflow against GitHub's schema.
"""

from __future__ import annotations

__all__ = ["AUTOGRADING_PATH", "AUTOGRADING_RUN", "AUTOGRADING_SETUP", "DATA_COMMAND", "SANDBOX_COMMANDS",
           "WORKFLOW", "WORKFLOW_PATH"]

#: where the workflow goes, relative to the repository root given as ``--out``
WORKFLOW_PATH = ".github/workflows/workbook.yml"
#: where the GitHub Classroom autograding config goes
AUTOGRADING_PATH = ".github/classroom/autograding.json"

#: make ``workbook grade``'s isolation work on a GitHub-hosted Ubuntu runner: install bubblewrap, and
#: allow unprivileged user namespaces where AppArmor restricts them (Ubuntu 24.04; the setting does
#: not exist on older images, hence the test)
SANDBOX_COMMANDS = (
    "sudo apt-get update -q",
    "sudo apt-get install -y -q bubblewrap",
    "if test -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns; "
    "then sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; fi",
)

#: ``workbook data`` into the folder ``grader.shop.read_shop()`` reads by default: a grader installed
#: from a release or a repository (not editable) has no ``datasets/`` folder of its own, and the
#: notebooks read the shop from there. The generator reproduces the shipped files byte for byte.
DATA_COMMAND = ('{workbook} data --out "$({python} -c '
                "'import grader.shop; print(grader.shop.DEFAULT_DIRECTORY)')\"")

#: GitHub Actions: install the sandbox and the grader (from ``{grader_source}``), grade every
#: notebook, and upload the reports even when the grade is under the pass mark (``if: always()``).
WORKFLOW = """\
# Written by `workbook ci-template`: grade the notebooks on every push.
# The grader comes from {grader_source_comment}, not from this repository, and judges each
# notebook outside the learner's kernel (isolated with bubblewrap) on hidden cases. The job fails
# when a notebook scores under {pass_mark:g}% of its automatically graded points; the reports are
# uploaded as an artifact either way.
name: workbook

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  grade:
    name: Grade the notebooks
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out the notebooks
        uses: actions/checkout@v4

      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.11"

      - name: Install the sandbox (bubblewrap; allow unprivileged user namespaces)
        run: |
{sandbox}

      - name: Install the grader from the instructor's pinned source
        id: install
        run: python -m pip install "{grader_source}"

      - name: Write the shop's data where the installed grader reads it
        run: {data_command}

      - name: Grade the notebooks
        env:
          # a repository or organisation secret keeps the hidden cases' seed private
          WORKBOOK_GRADING_SEED: ${{{{ secrets.WORKBOOK_GRADING_SEED }}}}
        run: >-
          workbook grade notebooks/ --fail-under {pass_mark:g}
          --junit reports/junit.xml --json reports/grades.json --feedback reports/feedback

      - name: Upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: workbook-reports
          path: reports/
          if-no-files-found: warn
"""

#: GitHub Classroom runs each test's ``setup`` and then its ``run`` in the repository root, on a
#: runner whose system Python refuses ``pip install`` (PEP 668): the grader goes into ``.venv``
#: once (from ``{grader_source}``), and later tests find it there.
AUTOGRADING_SETUP = (
    "(command -v bwrap || (" + " && ".join(SANDBOX_COMMANDS[:2]) + ")) && " + SANDBOX_COMMANDS[2] + " && "
    "(test -x .venv/bin/workbook || "
    "(python3 -m venv .venv && .venv/bin/python -m pip install -q \"{grader_source}\" && "
    + DATA_COMMAND.format(workbook=".venv/bin/workbook", python=".venv/bin/python") + "))"
)
#: grade one notebook as the topic it must be; ``{notebook}`` is its path, e.g.
#: ``notebooks/00_start_here.ipynb``, ``{topic}`` its number
AUTOGRADING_RUN = ".venv/bin/workbook grade {notebook} --topic {topic} --fail-under {pass_mark:g} --jobs 1"
