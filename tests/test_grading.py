"""``workbook grade`` against hostile submissions, answer keys, blank notebooks and regrading.

Every hostile notebook is small and bounded (short timeouts, a few hundred sleeping children at
most, a memory limit far below the machine's), so a failure here cannot harm the machine.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import grading
from grader.notebooks import fill, read, write

ROOT = Path(__file__).resolve().parents[1]
SEED = 4242
SETUP = "import grader\nimport pandas as pd\nex = grader.load('00')"
RIGHT = ("def orders_per_customer(lines):\n"
         "    return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')")
WRONG = ("def orders_per_customer(lines):\n"
         "    return lines.groupby('customer_id').size().rename('n_orders')")
#: tests sharing the hostile batch run on one xdist worker (``--dist loadgroup``), so it is graded once
HOSTILE = pytest.mark.xdist_group("hostile")
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=15, timeout=180, memory=2 * 2**30, nproc=64)
#: whole notebooks (answer keys, blanks) get real cell limits: a loaded CI machine is slow, not hostile
NOTEBOOK_OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=120, timeout=900, memory=3 * 2**30)

# name -> the cells of a topic-00 notebook; every hostile cell is followed by a right answer
# where the attack must not cost the learner that answer's point.
ATTACKS = {
    "patched_comparisons": [SETUP, (
        "import operator, numpy, numpy.testing, pandas.testing\n"
        "pandas.testing.assert_frame_equal = pandas.testing.assert_series_equal = lambda *a, **k: None\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "numpy.allclose = lambda *a, **k: True\n"
        "operator.eq = lambda a, b: True"), WRONG],
    "always_equal_result": [SETUP, (
        "class Liar(pd.Series):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    def equals(self, other):\n"
        "        return True\n"
        "def orders_per_customer(lines):\n"
        "    return Liar([0.0], name='n_orders')")],
    "fake_success_message": [SETUP, (
        "def orders_per_customer(lines):\n"
        "    ...\n"
        "print('✓ Correct — Orders per customer [start.orders_per_customer]  (1 / 1)')")],
    "fake_results_file": [SETUP, (
        "import json, os, glob\n"
        "fake = {'id': 'start.orders_per_customer', 'present': True, 'callable': True, 'stub': False,\n"
        "        'type': 'function', 'runs': []}\n"
        "for folder in ['.', 'out', os.environ.get('TMPDIR', '.')]:\n"
        "    os.makedirs(folder, exist_ok=True)\n"
        "    json.dump(fake, open(os.path.join(folder, 'start.orders_per_customer.json'), 'w'))\n"
        "def orders_per_customer(lines):\n"
        "    ...")],
    "reads_the_environment": [SETUP, (
        "import os\n"
        "SECRETS = ('WORKBOOK_GRADING_SEED', 'WORKBOOK_SECRET')\n"
        "LEAKED = [k for k in SECRETS if k in os.environ]\n"
        "def orders_per_customer(lines):\n"
        "    if LEAKED or any(k in os.environ for k in SECRETS):\n"
        "        return None\n"
        "    return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')")],
    "sys_exit": [SETUP, "import sys\nsys.exit(3)", RIGHT],
    "os_exit": [SETUP, "import os\nos._exit(1)", RIGHT],
    "segfault": [SETUP, "import ctypes\nctypes.string_at(0)", RIGHT],
    "endless_loop": [SETUP, "while True:\n    pass", RIGHT],
    "eight_gigabytes": [SETUP, "import numpy as np\nhog = np.ones(8 * 2**30 // 8)", RIGHT],
    "process_flood": [SETUP, (
        "import subprocess\n"
        "children = []\n"
        "for _ in range(300):\n"
        "    children.append(subprocess.Popen(['sleep', '20']))"), RIGHT],
    "hundred_megabytes_printed": [SETUP, "print('x' * 100_000_000)", RIGHT],
    "renamed_and_deleted_cells": [SETUP, (
        "def count_orders(lines):\n"
        "    return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')")],
    "imports_the_solutions": [SETUP, (
        "import importlib\n"
        "orders_per_customer = importlib.import_module('solutions.00_start_here').orders_per_customer")],
    "bypasses_the_import_blocker": [SETUP, (
        "import sys, importlib\n"
        "sys.meta_path[:] = [m for m in sys.meta_path if type(m).__name__ != 'ImportBlocker']\n"
        "orders_per_customer = importlib.import_module('solutions.00_start_here').orders_per_customer")],
}


def _notebook(cells, topic="00_start_here") -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["workbook"] = {"topic": topic}
    return nb


def _sleepers() -> int:
    out = subprocess.run(["pgrep", "-fc", "^sleep 20$"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, monkeypatch_module):
    """Grade every hostile notebook (and the malformed ones) in one batch of two jobs."""
    folder = tmp_path_factory.mktemp("hostile")
    monkeypatch_module.setenv("WORKBOOK_GRADING_SEED", "999")
    monkeypatch_module.setenv("WORKBOOK_SECRET", "not-for-learners")
    paths = {}
    for name, cells in ATTACKS.items():
        paths[name] = write(_notebook(cells), folder / name / "00_start_here.ipynb")
    (folder / "malformed").mkdir()
    paths["malformed_json"] = folder / "malformed" / "00_start_here.ipynb"
    paths["malformed_json"].write_text('{"cells": [ this is not json')
    v3 = nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(cells=[
        nbformat.v3.new_code_cell(input=SETUP), nbformat.v3.new_code_cell(input=RIGHT)])])
    v3.metadata["workbook"] = {"topic": "00_start_here"}
    paths["nbformat_v3"] = folder / "v3" / "00_start_here.ipynb"
    paths["nbformat_v3"].parent.mkdir()
    paths["nbformat_v3"].write_text(nbformat.v3.writes_json(v3))
    before = _sleepers()
    grades = grading.grade_many(list(paths.values()), OPTIONS, jobs=2)
    return {name: g for name, g in zip(paths, grades, strict=True)}, before


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _q(grade, qid="start.orders_per_customer"):
    return next(q for q in grade.questions if q.id == qid)


def _text(grade) -> str:
    return json.dumps(grade.to_dict("en"), ensure_ascii=False)


@HOSTILE
@pytest.mark.parametrize("name", ["patched_comparisons", "always_equal_result"])
def test_cheating_comparisons_scores_nothing(graded, name):
    q = _q(graded[0][name])
    assert q.outcome.status == "incorrect" and q.points == 0


@HOSTILE
@pytest.mark.parametrize("name", ["fake_success_message", "fake_results_file"])
def test_fake_success_is_still_not_attempted(graded, name):
    q = _q(graded[0][name])
    assert q.outcome.status == "not_attempted" and q.points == 0


@HOSTILE
def test_the_grading_seed_and_secret_are_not_in_the_kernel(graded):
    assert _q(graded[0]["reads_the_environment"]).outcome.status == "correct"


@HOSTILE
@pytest.mark.parametrize("name", ["sys_exit", "os_exit", "segfault", "endless_loop", "eight_gigabytes",
                                  "process_flood", "hundred_megabytes_printed"])
def test_a_hostile_cell_does_not_cost_the_other_answers(graded, name):
    grade = graded[0][name]
    assert _q(grade).outcome.status == "correct", _text(grade)
    assert grade.total == _q(grade).points == 1


@HOSTILE
@pytest.mark.parametrize(("name", "reason"), [
    ("os_exit", "died"), ("segfault", "died"), ("endless_loop", "limit"), ("eight_gigabytes", "MemoryError")])
def test_the_reason_is_reported(graded, name, reason):
    assert reason in " ".join(p.en for p in graded[0][name].problems)


@HOSTILE
def test_the_process_flood_was_bounded_and_cleaned_up(graded):
    assert _sleepers() <= graded[1]
    grade = graded[0]["process_flood"]
    assert grade.problems  # the cell failed to fork (a hard process limit on the kernel's own uid)


@HOSTILE
def test_a_deleted_or_renamed_exercise_is_named(graded):
    q = _q(graded[0]["renamed_and_deleted_cells"])
    assert q.outcome.status == "not_attempted"
    assert "`orders_per_customer` is not defined" in q.outcome.summary.en


@HOSTILE
def test_the_solutions_do_not_exist_in_the_kernel(graded):
    for name in ("imports_the_solutions", "bypasses_the_import_blocker"):
        grade = graded[0][name]
        assert _q(grade).outcome.status == "not_attempted" and grade.total == 0
        assert "ModuleNotFoundError" in " ".join(p.en for p in grade.problems)


@HOSTILE
def test_a_malformed_notebook_is_a_result_not_a_crash(graded):
    grade = graded[0]["malformed_json"]
    assert grade.total == 0 and "could not be read" in grade.problems[0].en
    assert {q.outcome.status for q in grade.questions} == {"uncheckable"}


@HOSTILE
def test_an_nbformat_v3_notebook_is_graded(graded):
    assert _q(graded[0]["nbformat_v3"]).outcome.status == "correct"


@pytest.mark.parametrize("workbook", [
    5, {"assignment": "not a mapping"}, {"assignment": {"questions": ["no.such"], "seed": 1}},
    {"assignment": {"questions": ["fe.orders"], "seed": "abc"}},
], ids=["not-a-dict", "assignment-not-a-dict", "unknown-question", "seed-not-a-number"])
def test_malformed_metadata_is_a_clean_result(tmp_path, workbook, monkeypatch):
    monkeypatch.delenv("WORKBOOK_SECRET", raising=False)
    nb = _notebook([SETUP])
    nb.metadata["workbook"] = workbook
    path = write(nb, tmp_path / "00_start_here.ipynb")
    topic, questions, seed, problem = grading.submissions._questions_for(read(path), path, OPTIONS)
    if isinstance(workbook, dict):
        assert problem is not None and questions == []
    else:  # no usable metadata: the file name decides the topic
        assert problem is None and topic == "00_start_here"


def test_a_notebook_for_another_topic_scores_zero(tmp_path):
    other = write(fill(read(ROOT / "notebooks" / "02_feature_engineering.ipynb"), solved=True),
                  tmp_path / "02_feature_engineering.ipynb")
    grade = grading.grade_notebook(other, grading.GradeOptions(**{**OPTIONS.__dict__, "topic": "00"}))
    assert grade.topic == "00_start_here" and grade.total == 0
    assert "is for 02_feature_engineering" in grade.problems[0].en


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def keys_and_blanks(tmp_path_factory):
    """Every notebook's answer key (``workbook key``) and blank, graded in one batch of two jobs."""
    folder = tmp_path_factory.mktemp("keys")
    paths = [write(fill(read(p), solved=True), folder / "key" / p.name) for p in NOTEBOOKS]
    paths += [write(read(p), folder / "blank" / p.name) for p in NOTEBOOKS]
    grades = grading.grade_many(paths, NOTEBOOK_OPTIONS, jobs=2)
    return dict(zip(NOTEBOOKS, grades[: len(NOTEBOOKS)], strict=True)), \
        dict(zip(NOTEBOOKS, grades[len(NOTEBOOKS):], strict=True))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_answer_key_runs_without_a_failing_cell_and_scores_full_marks(keys_and_blanks, path):
    key_grade = keys_and_blanks[0][path]
    assert key_grade.problems == [], [p.en for p in key_grade.problems]  # e.g. a cell importing solutions
    assert key_grade.percent == 100, grading.table([key_grade])
    assert all(q.outcome.status in ("correct", "uncheckable") for q in key_grade.questions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_blank_notebook_scores_nothing(keys_and_blanks, path):
    blank_grade = keys_and_blanks[1][path]
    assert blank_grade.total == 0
    assert {q.outcome.status for q in blank_grade.questions} == {"not_attempted"}, grading.table([blank_grade])


def test_regrading_is_identical_and_updates_the_gradebook(tmp_path):
    path = NOTEBOOKS[0]
    key = write(fill(read(path), solved=True), tmp_path / path.name)
    book = tmp_path / "grades.sqlite"
    first, second = (grading.grade_notebook(key, NOTEBOOK_OPTIONS) for _ in range(2))

    def stable(g):
        data = g.to_dict("en")
        data.pop("graded_at")
        return data

    assert stable(first) == stable(second)
    grading.record_gradebook([first], book)
    grading.record_gradebook([second], book)
    with sqlite3.connect(book) as db:
        rows = db.execute("SELECT COUNT(*), COUNT(DISTINCT question) FROM grades").fetchone()
    assert rows == (len(first.questions), len(first.questions))
    csv = grading.export_gradebook(book, tmp_path / "grades.csv")
    assert len(csv.read_text().strip().splitlines()) == 1 + len(first.questions)


def test_cli_writes_json_junit_feedback_and_fails_under(tmp_path):
    path = NOTEBOOKS[0]
    write(read(path), tmp_path / "subs" / path.name)
    cmd = [sys.executable, "-m", "grader", "grade", str(tmp_path / "subs"), "--seed", str(SEED), "--jobs", "1",
           "--cell-timeout", "30", "--json", str(tmp_path / "g.json"), "--junit", str(tmp_path / "j.xml"),
           "--feedback", str(tmp_path / "fb"), "--fail-under", "50"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                            env={k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")})
    assert result.returncode == 1, result.stderr[-2000:]
    data = json.loads((tmp_path / "g.json").read_text())
    assert data[0]["total"] == 0 and {q["outcome"] for q in data[0]["questions"]} == {"not_attempted"}
    suite = ET.parse(tmp_path / "j.xml").getroot().find("testsuite")
    assert int(suite.get("tests")) == len(data[0]["questions"])
    assert int(suite.get("failures")) == len([q for q in data[0]["questions"] if not q["manual"]])
    assert int(suite.get("skipped")) == len([q for q in data[0]["questions"] if q["manual"]]) > 0
    page = (tmp_path / "fb" / f"{path.stem}.md").read_text()
    assert "Not attempted" in page


def test_a_permutation_probe_names_a_design_flaw_in_grading(tmp_path):
    model = ("from sklearn.compose import make_column_transformer\n"
             "from sklearn.linear_model import LogisticRegression\n"
             "from sklearn.pipeline import make_pipeline\n"
             "model = make_pipeline(make_column_transformer(('passthrough', ['recency'])), "
             "LogisticRegression())")
    path = write(_notebook([SETUP, model]), tmp_path / "00_start_here.ipynb")
    outcome = _q(grading.grade_notebook(path, OPTIONS), "start.first_model").outcome
    assert outcome.status == "incorrect" and "shuffled" in outcome.cause.en


def test_hidden_feedback_reveals_no_expected_value(tmp_path):
    wrong = write(_notebook([SETUP, WRONG]), tmp_path / "00_start_here.ipynb")
    grade = grading.grade_notebook(wrong, OPTIONS)
    outcome = _q(grade).outcome
    assert outcome.status == "incorrect" and outcome.expected is None
    assert "a hidden case" in outcome.case.en
    assert outcome.cause is not None and "lines, not orders" in outcome.cause.en

