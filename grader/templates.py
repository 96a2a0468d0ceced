"""Text templates that ``workbook ci-template`` writes (kept as Python constants, not package data).

:data:`WORKFLOW` is the GitHub Actions workflow; the GitHub Classroom autograding config is built
per notebook by :func:`grader.assign.autograding_config` from :data:`AUTOGRADING_SETUP` and
:data:`AUTOGRADING_RUN`. ``tests/test_ci_template.py`` checks every command these templates run
against this project's own command-line parsers.
"""

from __future__ import annotations

__all__ = ["AUTOGRADING_RUN", "AUTOGRADING_SETUP", "WORKFLOW", "WORKFLOW_PATH", "AUTOGRADING_PATH"]

#: where the workflow goes, relative to the repository root given as ``--out``
WORKFLOW_PATH = ".github/workflows/workbook.yml"
#: where the GitHub Classroom autograding config goes
AUTOGRADING_PATH = ".github/classroom/autograding.json"

#: GitHub Actions: run every check cell under strict nbval, grade, and upload the reports even when
#: a step failed (``if: always()``); the grading step only needs the install to have worked.
WORKFLOW = """\
# Written by `workbook ci-template`: check and grade the workbook's notebooks on every push.
# Every check cell is a test (strict nbval); `workbook grade` writes scores, JUnit and feedback,
# and the reports folder is uploaded as an artifact even when a check fails.
name: workbook

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  grade:
    name: Check and grade the notebooks
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out the repository
        uses: actions/checkout@v4

      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: pyproject.toml

      - name: Install the workbook
        id: install
        run: python -m pip install -e '.[test]'

      - name: Run every check cell (strict nbval)
        run: >-
          python -m pytest --nbval-lax --nbval-current-env --nbval-cell-timeout=120
          --junit-xml=reports/nbval.xml notebooks/

      - name: Grade the notebooks
        if: always() && steps.install.outcome == 'success'
        env:
          # optional: a repository or organisation secret keeps the hidden cases' seed private
          WORKBOOK_GRADING_SEED: ${{ secrets.WORKBOOK_GRADING_SEED }}
        run: workbook grade notebooks/ --junit reports/junit.xml --json reports/grades.json --feedback reports/feedback

      - name: Upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: workbook-reports
          path: reports/
          if-no-files-found: warn
"""

#: GitHub Classroom runs each test's ``setup`` and then its ``run`` in the repository root, on a
#: runner whose system Python refuses ``pip install`` (PEP 668): the workbook goes into ``.venv``
#: once, and later tests find it there.
AUTOGRADING_SETUP = (
    "test -x .venv/bin/python || "
    "(python3 -m venv .venv && .venv/bin/python -m pip install -q -e '.[test]')"
)
#: the strict nbval run of one notebook; ``{notebook}`` is its path, e.g. ``notebooks/00_start_here.ipynb``
AUTOGRADING_RUN = (
    ".venv/bin/python -m pytest --nbval-lax --nbval-current-env --nbval-cell-timeout=120 "
    "-q -p no:cacheprovider {notebook}"
)
