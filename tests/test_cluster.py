"""``workbook grade --scheduler``: grading on a real Dask cluster (a scheduler and two workers started
as processes on 127.0.0.1), equal to local grading, and robust to a worker lost mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import grading
from grader.cli import main
from grader.grading import cluster
from grader.notebooks import write

distributed = pytest.importorskip("distributed", reason="the test extra installs dask.distributed")

pytestmark = pytest.mark.xdist_group("cluster")
SEED = 4242
SETUP = "import grader\nimport pandas as pd\nex = grader.load('00')"
RIGHT = ("def orders_per_customer(lines):\n"
         "    return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')")
WRONG = ("def orders_per_customer(lines):\n"
         "    return lines.groupby('customer_id').size().rename('n_orders')")
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=60, timeout=300, memory=2 * 2**30, nproc=64)


def _notebook(folder: Path, learner: str, *cells: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return write(nb, folder / learner / "00_start_here.ipynb")


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers, as separate processes (no nanny: a killed worker
    stays dead, like a lost machine)."""
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    logs = [open(folder / f"{name}.log", "w") for name in ("scheduler", "w1", "w2")]  # noqa: SIM115
    common = ["--no-dashboard"]
    procs = {"scheduler": subprocess.Popen(
        [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
         "--scheduler-file", str(file), *common], stdout=logs[0], stderr=subprocess.STDOUT)}
    _wait(file.exists, 60, "the scheduler file")
    for name, log in zip(("w1", "w2"), logs[1:], strict=True):
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "dask", "worker", "--scheduler-file", str(file), "--nthreads", "1",
             "--no-nanny", "--name", name, "--host", "127.0.0.1", "--local-directory", str(folder / name),
             *common], stdout=log, stderr=subprocess.STDOUT)
    address = json.loads(file.read_text())["address"]
    with distributed.Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    try:
        yield address, procs
    finally:
        for proc in procs.values():  # nothing to keep: stop at once
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=20)
        for log in logs:
            log.close()


def test_the_cli_grades_a_batch_on_the_cluster_like_one_machine(dask_cluster, tmp_path):
    address, _ = dask_cluster
    submitted = tmp_path / "submitted"
    _notebook(submitted, "alice", SETUP, RIGHT)
    _notebook(submitted, "bob", SETUP, WRONG)
    broken = submitted / "carol" / "00_start_here.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text("{ this is not a notebook")
    out = tmp_path / "grades.json"
    code = main(["grade", str(submitted), "--scheduler", address, "--seed", str(SEED), "--json", str(out),
                 "--cell-timeout", "60", "--memory", "2G"])
    assert code in (0, 1)
    remote = {g["learner"]: g for g in json.loads(out.read_text())}
    local = {g.learner: g for g in grading.grade_many(sorted(submitted.rglob("*.ipynb")),
                                                      grading.GradeOptions(**{**OPTIONS.__dict__,
                                                                              "roots": (submitted,)}))}
    assert set(remote) == set(local) == {"alice", "bob", "carol"}
    for learner, grade in local.items():
        assert remote[learner]["id"] == grade.id == f"{learner}/00_start_here.ipynb"
        assert remote[learner]["total"] == grade.total
        assert [q["outcome"] for q in remote[learner]["questions"]] == \
            [q.outcome.status for q in grade.questions]
    assert remote["alice"]["total"] > 0 and remote["bob"]["total"] == 0
    assert {q["outcome"] for q in remote["carol"]["questions"]} == {"uncheckable"}
    assert not remote["alice"]["submission"].startswith("/tmp/workbook-cluster-")  # the client's path


def test_a_worker_lost_mid_batch_costs_a_retry_never_a_grade(dask_cluster, tmp_path):
    address, procs = dask_cluster
    paths = [_notebook(tmp_path, f"learner{i}", SETUP, "import time\ntime.sleep(3)", RIGHT) for i in range(4)]
    options = grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (tmp_path,)})
    killed = []

    def killer():
        with distributed.Client(address, timeout=30) as client:
            def busy():
                info = client.scheduler_info()["workers"]
                for addr, tasks in client.processing().items():
                    if tasks and info.get(addr, {}).get("name") == "w2":
                        return True
                return False
            _wait(busy, 120, "w2 to take a submission")
            time.sleep(1.0)  # its kernel is running the learner's cells
            procs["w2"].send_signal(signal.SIGKILL)
            killed.append("w2")

    thread = threading.Thread(target=killer)
    thread.start()
    grades = cluster.grade_on_cluster(paths, options, address, progress=None)
    thread.join(timeout=60)
    assert killed == ["w2"]
    assert [g.learner for g in grades] == [f"learner{i}" for i in range(4)]
    for grade in grades:
        assert grade.problems == [], [p.en for p in grade.problems]
        statuses = {q.id: q.outcome.status for q in grade.questions}
        assert statuses.pop("start.orders_per_customer") == "correct", grading.table([grade])
        assert set(statuses.values()) <= {"not_attempted", "uncheckable"} and grade.total == 1


def test_a_client_refuses_workers_running_other_code(dask_cluster, tmp_path, monkeypatch):
    address, _ = dask_cluster
    path = _notebook(tmp_path, "alice", SETUP, RIGHT)
    monkeypatch.setattr(cluster, "fingerprint", lambda: "a different checkout")
    with pytest.raises(RuntimeError, match="another version"):
        cluster.grade_on_cluster([path], OPTIONS, address)


# --- what the client sends ------------------------------------------------------------------
def test_the_payload_carries_the_assignment_data_but_never_links_or_oversized_notebooks(tmp_path):
    path = _notebook(tmp_path, "ana", SETUP, RIGHT)
    data = path.parent / "data"
    data.mkdir()
    (data / "orders.csv").write_text("order_id\n1\n")
    (data / "sub").mkdir()
    (data / "sub" / "x.csv").write_text("a\n")
    (tmp_path / "secret.txt").write_text("the grader's secret")
    os.symlink(tmp_path / "secret.txt", data / "leak.csv")
    payload = cluster.payload_of(path, grading.GradeOptions(roots=(tmp_path,)))
    assert payload["id"] == "ana/00_start_here.ipynb" and payload["learner"] == "ana"
    assert sorted(rel for rel, _ in payload["data"]) == ["orders.csv", "sub/x.csv"]
    big = tmp_path / "big" / "00_start_here.ipynb"
    big.parent.mkdir()
    with open(big, "wb") as f:
        f.truncate(grading.submissions.MAX_NOTEBOOK_BYTES + 1)
    assert "larger than" in cluster.payload_of(big, grading.GradeOptions())["problem"]


@pytest.mark.parametrize("bad", ["../escape.ipynb", "/etc/passwd", "a/../../b.ipynb", ""])
def test_a_worker_never_writes_outside_its_folder(bad):
    with pytest.raises(ValueError, match="unsafe"):
        cluster._safe_relative(bad)


def test_the_fingerprint_changes_with_any_reference_solution(tmp_path, monkeypatch):
    first = cluster.fingerprint()
    assert first == cluster.fingerprint() and len(first) == 64
    fake_root = tmp_path / "root"
    for package in ("grader", "solutions"):
        (fake_root / package).mkdir(parents=True)
        (fake_root / package / "m.py").write_text("x = 1\n")
    monkeypatch.setattr(cluster, "_ROOT", fake_root)
    before = cluster.fingerprint()
    (fake_root / "solutions" / "m.py").write_text("x = 2\n")
    assert cluster.fingerprint() != before


def test_an_oversized_data_folder_is_that_submission_s_problem_not_the_batch_s(tmp_path):
    path = _notebook(tmp_path, "ana", SETUP, RIGHT)
    (path.parent / "data").mkdir()
    with open(path.parent / "data" / "huge.csv", "wb") as f:
        f.truncate(cluster.MAX_DATA_BYTES + 1)
    payload = cluster.payload_of(path, grading.GradeOptions(roots=(tmp_path,)))
    assert payload["notebook"] is None and payload["data"] == [] and "larger than" in payload["problem"]
