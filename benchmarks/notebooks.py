"""Time each solved notebook top to bottom, and each question's public check.

Budgets (DESIGN.md): a solved notebook runs in under 20 s on 2 cores; ``q.check`` answers in
under 1 s. This script prints the figures; it never fails on a slow machine.

    .venv/bin/python benchmarks/notebooks.py            # every notebook
    .venv/bin/python benchmarks/notebooks.py 02         # one topic
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

from grader.notebooks import fill, read
from grader.registry import load, notebook_names

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_BUDGET, CHECK_BUDGET = 20.0, 1.0


def time_notebook(topic: str) -> tuple[float, float]:
    """Seconds to run the answer key (kernel start included, and excluded)."""
    nb = fill(read(ROOT / "notebooks" / f"{topic}.ipynb"), solved=True)
    with tempfile.TemporaryDirectory() as tmp:
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": tmp}})
        start = time.perf_counter()
        with client.setup_kernel():
            ready = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        end = time.perf_counter()
    return end - start, end - ready


def time_checks(topic: str) -> list[tuple[str, float, float]]:
    """(question id, first check, repeated check) in seconds, on the public cases."""
    from grader.testing import _reference_answer

    rows = []
    for q in load(topic):
        answer = _reference_answer(q)
        start = time.perf_counter()
        q.evaluate(answer)
        first = time.perf_counter() - start
        start = time.perf_counter()
        q.evaluate(answer)
        rows.append((q.id, first, time.perf_counter() - start))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="e.g. 00 02 (default: all)")
    args = parser.parse_args(argv)
    os.environ.setdefault("WORKBOOK_STRICT", "1")  # a solved notebook must pass strictly
    topics = [t for t in notebook_names() if not args.topics or t[:2] in args.topics]
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    print(f"\n{'notebook':28} {'total s':>8} {'cells s':>8}  budget {NOTEBOOK_BUDGET:.0f} s")
    for topic in topics:
        total, cells = time_notebook(topic)
        flag = "" if total <= NOTEBOOK_BUDGET else "  OVER BUDGET"
        print(f"{topic:28} {total:8.1f} {cells:8.1f}{flag}")
    print(f"\n{'question':32} {'first s':>8} {'again s':>8}  budget {CHECK_BUDGET:.0f} s")
    for topic in topics:
        for qid, first, again in time_checks(topic):
            flag = "" if first <= CHECK_BUDGET else "  OVER BUDGET"
            print(f"{qid:32} {first:8.3f} {again:8.3f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
