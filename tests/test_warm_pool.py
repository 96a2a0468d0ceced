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
#: first cell, before any import of the learner's: was pandas already loaded, and is this kernel fresh?
PROBE = ("leftovers = [n for n in ('__wb_i', '__wb_m', 'importlib', 'numpy', 'pandas') if n in globals()]\n"
         "import os, sys\n"
         "warm = 'pandas' in sys.modules and 'sklearn.ensemble' in sys.modules\n"
         "marker = os.path.join(os.path.expanduser('~'), 'marker')\n"
         "fresh = not os.path.exists(marker) and 'zz_previous_submission' not in sys.modules\n"
         "open(marker, 'w').write('seen')\n"
         "sys.modules['zz_previous_submission'] = sys")
SETUP = "import grader\nimport pandas as pd\nex = grader.load('00')"
#: right only when the kernel was warm, fresh, and the warm-up bound no name in the learner's namespace
ANSWER = ("def orders_per_customer(lines):\n"
          "    counted = lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')\n"
          "    return counted if (warm and fresh and not leftovers) else counted + 1")
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=60, timeout=300, memory=2 * 2**30, nproc=64)


@pytest.fixture(autouse=True)
def _no_fork_server(monkeypatch):
    monkeypatch.setattr(forkserver, "start", lambda trusted=False: None)


def _batch(folder, n):
    nb = new_notebook(cells=[new_code_cell(c) for c in (PROBE, SETUP, ANSWER)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return [write(nb, folder / f"learner{i}" / "00_start_here.ipynb") for i in range(n)]


def _orders_point(grade) -> str:
    return {q.id: q.outcome.status for q in grade.questions}["start.orders_per_customer"]


def test_every_kernel_of_a_batch_is_warm_fresh_and_clean(tmp_path):
    paths = _batch(tmp_path, 4)
    grades = grading.grade_many(paths, grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)}), jobs=2)
    assert [_orders_point(g) for g in grades] == ["correct"] * 4, grading.table(grades)
    assert multiprocessing.active_children() == []  # no warm process outlives the batch


def test_the_probe_fails_without_warm_kernels(tmp_path):
    """The probe above can fail: cold kernels have not imported pandas before the first cell."""
    paths = _batch(tmp_path, 1)
    options = grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,), "warm_kernels": False})
    assert _orders_point(grading.grade_many(paths, options, jobs=1)[0]) == "incorrect"


def test_a_warm_process_that_died_before_its_submission_costs_nothing(tmp_path, monkeypatch):
    """A warm kernel that cannot start leaves its submission to a cold kernel (graded, just not warm)."""
    def broken(options):
        raise RuntimeError("no kernel today")

    monkeypatch.setattr(execute, "start_warm_kernel", broken)
    paths = _batch(tmp_path, 2)
    grades = grading.grade_many(paths, grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)}), jobs=2)
    assert [g.problems for g in grades] == [[], []]
    assert [_orders_point(g) for g in grades] == ["incorrect", "incorrect"]  # cold: graded, not warm
