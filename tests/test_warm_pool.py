"""Warm kernels (``GradeOptions.warm_kernels``) where there is no fork server (a grader that is not root):
a batch's kernels start, with the common libraries imported, before their submissions arrive, and each
still serves exactly one submission. The fork server, used instead as root, is tested in test_forkserver.py."""

from __future__ import annotations

import multiprocessing

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import grading
from grader.grading import execute, forkserver
from grader.notebooks import write

pytestmark = pytest.mark.xdist_group("warm")
SEED = 4242
#: first cell, before any import of the learner's: is this kernel fresh, its namespace clean? (Every kernel,
#: warm or cold, has imported grader._preload's libraries by then: that is not what makes a kernel warm.)
PROBE = ("leftovers = [n for n in ('__wb_i', '__wb_m', 'importlib', 'numpy', 'pandas') if n in globals()]\n"
         "import os, sys\n"
         "marker = os.path.join(os.path.expanduser('~'), 'marker')\n"
         "fresh = not os.path.exists(marker) and 'zz_previous_submission' not in sys.modules\n"
         "open(marker, 'w').write('seen')\n"
         "sys.modules['zz_previous_submission'] = sys")
SETUP = "import grader\nimport pandas as pd\nex = grader.load('00')"
#: right only when the kernel was fresh and the warm-up bound no name in the learner's namespace
ANSWER = ("def orders_per_customer(lines):\n"
          "    counted = lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')\n"
          "    return counted if (fresh and not leftovers) else counted + 1")
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=60, timeout=300, memory=2 * 2**30, nproc=64)


@pytest.fixture(autouse=True)
def _no_fork_server(monkeypatch):
    monkeypatch.setattr(forkserver, "start", lambda trusted=False: None)


def _batch(folder, n, cells=(PROBE, SETUP, ANSWER)):
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return [write(nb, folder / f"learner{i}" / "00_start_here.ipynb") for i in range(n)]


def _orders_point(grade) -> str:
    return {q.id: q.outcome.status for q in grade.questions}["start.orders_per_customer"]


def test_every_kernel_of_a_batch_is_fresh_and_clean(tmp_path):
    paths = _batch(tmp_path, 4)
    grades = grading.grade_many(paths, grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)}), jobs=2)
    assert [_orders_point(g) for g in grades] == ["correct"] * 4, grading.table(grades)
    assert multiprocessing.active_children() == []  # no warm process outlives the batch


def test_the_probe_fails_in_a_kernel_that_ran_a_notebook_before(tmp_path):
    """The probe above can fail: run a second time in the same kernel, it finds its own marker."""
    paths = _batch(tmp_path, 2, cells=(PROBE, PROBE, SETUP, ANSWER))
    grades = grading.grade_many(paths, grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)}), jobs=2)
    assert [_orders_point(g) for g in grades] == ["incorrect", "incorrect"]


def test_a_warm_process_that_died_before_its_submission_costs_nothing(tmp_path, monkeypatch):
    """A warm kernel that cannot start leaves its submission to a cold kernel, graded as any other."""
    def broken(options):
        raise RuntimeError("no kernel today")

    monkeypatch.setattr(execute, "start_warm_kernel", broken)
    paths = _batch(tmp_path, 2)
    grades = grading.grade_many(paths, grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)}), jobs=2)
    assert [g.problems for g in grades] == [[], []]
    assert [_orders_point(g) for g in grades] == ["correct", "correct"]
