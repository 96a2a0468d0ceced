"""Grading cost: one submission graded (isolated, and --trusted) vs plainly executed, and a batch of 20.

    .venv/bin/python benchmarks/grading.py            # notebook 00's answer key
    .venv/bin/python benchmarks/grading.py 02 --batch 20
    .venv/bin/python benchmarks/grading.py 02 --batch 20 --cluster   # also on a local Dask cluster

Prints wall-clock seconds; never fails on a slow machine. The batch is graded twice in the same run:
with cold kernels (``--cold-kernels``: each started by bubblewrap when its submission's turn comes)
and with the default (``GradeOptions.warm_kernels``): as root, every kernel forked from a fork server
that imported the common libraries once (``grader.grading.forkserver``); otherwise started ahead
while others are graded.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader import grading
from grader.notebooks import fill, read, write
from grader.registry import notebook_names

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topic", nargs="?", default="00")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cluster", action="store_true",
                        help="also grade the batch on a Dask scheduler and one worker with --jobs threads, "
                             "started here as processes on 127.0.0.1 (the cost per worker of --scheduler)")
    args = parser.parse_args(argv)
    topic = next(n for n in notebook_names() if n.startswith(args.topic))
    options = grading.GradeOptions(seed=12345)
    with tempfile.TemporaryDirectory() as tmp:
        key = write(fill(read(ROOT / "notebooks" / f"{topic}.ipynb"), solved=True), Path(tmp) / f"{topic}.ipynb")
        start = time.perf_counter()
        env = {**os.environ, "WORKBOOK_STRICT": "0"}
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--output", str(Path(tmp) / "executed.ipynb"), str(key)], check=True, env=env,
                       capture_output=True)
        plain = time.perf_counter() - start
        grading.grade_notebook(key, options)  # warm caches (reference outputs, sandbox probe) as a batch would
        start = time.perf_counter()
        grade = grading.grade_notebook(key, options)
        graded = time.perf_counter() - start
        trusted_options = grading.GradeOptions(seed=12345, trusted=True)
        start = time.perf_counter()
        grading.grade_notebook(key, trusted_options)
        trusted = time.perf_counter() - start
        print(f"cores: {os.cpu_count()}; notebook {topic}; score {grade.percent:.0f}%")
        print(f"jupyter nbconvert --execute    : {plain:6.1f} s")
        print(f"workbook grade (one, isolated) : {graded:6.1f} s  ({graded / plain:.2f}x nbconvert)")
        print(f"workbook grade (one, --trusted): {trusted:6.1f} s  ({trusted / plain:.2f}x nbconvert)")
        copies = []
        for i in range(args.batch):
            copies.append(write(read(key), Path(tmp) / f"learner{i:02d}" / f"{topic}.ipynb"))
        for warm in (False, True):
            batch_options = grading.GradeOptions(seed=12345, warm_kernels=warm)
            start = time.perf_counter()
            grades = grading.grade_many(copies, batch_options, jobs=args.jobs)
            batch = time.perf_counter() - start
            kind = "cold kernels"
            if warm:  # as root the batch's kernels are forked from a fork server; elsewhere started ahead
                kind = "forked kernels" if os.geteuid() == 0 else "warm kernels"
            print(f"batch of {args.batch}, --jobs {args.jobs}, {kind}: {batch:6.1f} s  "
                  f"({batch / (args.batch * plain):.2f}x {args.batch} sequential nbconvert runs; "
                  f"{batch / args.batch:.1f} s per submission, {3600 * args.batch / batch:.0f} per hour)")
            assert all(g.percent == 100 for g in grades)
        if args.cluster:
            seconds = _on_cluster(copies, options, args.jobs, Path(tmp))
            print(f"batch of {args.batch} on Dask, 1 worker × {args.jobs} threads: {seconds:6.1f} s  "
                  f"({seconds / batch:.2f}x the local batch; {3600 * args.batch / seconds:.0f} per hour per worker)")
    return 0


def _on_cluster(paths, options, threads: int, tmp: Path) -> float:
    """Seconds to grade ``paths`` with ``--scheduler`` on a scheduler and one worker started here."""
    import json

    from grader.grading.cluster import grade_on_cluster

    file = tmp / "scheduler.json"
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(file)], stderr=subprocess.DEVNULL)]
    try:
        while not file.exists():
            time.sleep(0.1)
        procs.append(subprocess.Popen([sys.executable, "-m", "dask", "worker", "--scheduler-file", str(file),
                                       "--nthreads", str(threads), "--no-dashboard", "--host", "127.0.0.1"],
                                      stderr=subprocess.DEVNULL))
        address = json.loads(file.read_text())["address"]
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(1, timeout=120)
        start = time.perf_counter()
        grades = grade_on_cluster(paths, options, address)
        seconds = time.perf_counter() - start
        assert all(g.percent == 100 for g in grades)
        return seconds
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    sys.exit(main())
