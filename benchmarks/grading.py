"""Grading cost: one submission graded (isolated, and --trusted) vs plainly executed, and a batch of 20.

    .venv/bin/python benchmarks/grading.py            # notebook 00's answer key
    .venv/bin/python benchmarks/grading.py 02 --batch 20

Prints wall-clock seconds; never fails on a slow machine.
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
        start = time.perf_counter()
        grades = grading.grade_many(copies, options, jobs=args.jobs)
        batch = time.perf_counter() - start
        print(f"batch of {args.batch}, --jobs {args.jobs}      : {batch:6.1f} s  "
              f"({batch / (args.batch * plain):.2f}x {args.batch} sequential nbconvert runs; "
              f"{batch / args.batch:.1f} s per submission, {3600 * args.batch / batch:.0f} per hour)")
        assert all(g.percent == 100 for g in grades)
    return 0


if __name__ == "__main__":
    sys.exit(main())
