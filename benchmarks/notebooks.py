"""Time each solved notebook top to bottom, and each question's public check.

Budgets (DESIGN.md): a solved notebook runs in under 20 s on 2 cores; ``q.check`` answers in
under 1 s. This script prints the figures; it never fails on a slow machine.

    .venv/bin/python benchmarks/notebooks.py            # every notebook
    .venv/bin/python benchmarks/notebooks.py 02         # one topic
    .venv/bin/python benchmarks/notebooks.py --checks   # the checks only

Each check is timed with the reference answer (first call: cases generated and the reference
run; then again: cached) and with every recorded wrong answer and rule mutant, the slowest of
which is printed (for ``tune.search`` that includes the over-budget grid, which must be rejected
from its description without a fit). For an estimator question, "warm" is the first check as a
learner meets it: in a notebook kernel ``grader.load`` starts the reference fits in the background
(``EstimatorQuestion.warm``), and they are done long before the learner reaches the question, so
the check only fits the learner's answer.
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


def _wrong_answers(q) -> list[tuple[str, object]]:
    """Every recorded wrong answer of a question: misconception implementations and rule mutants."""
    answers = []
    for m in getattr(q, "misconceptions", ()):
        if m.fn is not None:
            answers.append((m.name, m.fn(*q.inputs()) if q.kind == "value" else m.fn))
    answers += [(rule.id, rule.answer(q)) for rule in q.rules]
    return answers


def time_checks(topic: str) -> list[tuple[str, float, float, float | None, float, float, str]]:
    """(question id, first check, its CPU time (all threads), first check after the warm-up (estimator
    questions; else None), repeated check, slowest wrong answer, its name).

    CPU time shows what a check costs on a loaded machine, where wall time also counts waiting.
    """
    from grader.testing import _reference_answer

    rows = []
    for q in load(topic):
        answer = _reference_answer(q)
        start, cpu = time.perf_counter(), time.process_time()
        q.evaluate(answer)
        first = time.perf_counter() - start
        first_cpu = time.process_time() - cpu
        warm = None
        if hasattr(q, "warm"):
            q._cache.clear()
            q.warm().join()
            start = time.perf_counter()
            q.evaluate(answer)
            warm = time.perf_counter() - start
        start = time.perf_counter()
        q.evaluate(answer)
        again = time.perf_counter() - start
        slowest, name = 0.0, ""
        for wrong_name, wrong in _wrong_answers(q):
            start = time.perf_counter()
            q.evaluate(wrong)
            seconds = time.perf_counter() - start
            if seconds > slowest:
                slowest, name = seconds, wrong_name
        rows.append((q.id, first, first_cpu, warm, again, slowest, name))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="e.g. 00 02 (default: all)")
    parser.add_argument("--checks", action="store_true", help="time the checks only")
    args = parser.parse_args(argv)
    os.environ.setdefault("WORKBOOK_STRICT", "1")  # a solved notebook must pass strictly
    topics = [t for t in notebook_names() if not args.topics or t[:2] in args.topics]
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    if not args.checks:
        print(f"\n{'notebook':28} {'total s':>8} {'cells s':>8}  budget {NOTEBOOK_BUDGET:.0f} s")
        for topic in topics:
            total, cells = time_notebook(topic)
            flag = "" if total <= NOTEBOOK_BUDGET else "  OVER BUDGET"
            print(f"{topic:28} {total:8.1f} {cells:8.1f}{flag}")
    import grader

    grader.setup(blas_threads=1)  # as every notebook's set-up cell does
    print(f"\nload average {os.getloadavg()[0]:.1f}")
    print(f"{'question':24} {'first s':>8} {'cpu s':>8} {'warm s':>8} {'again s':>8} {'wrong s':>8}"
          f"  slowest wrong answer  (budget {CHECK_BUDGET:.0f} s)")
    for topic in topics:
        for qid, first, cpu, warm, again, wrong, name in time_checks(topic):
            met = first if warm is None else warm  # what a learner waits for in a notebook
            flag = "" if max(met, wrong) <= CHECK_BUDGET else "  OVER BUDGET"
            shown = "-" if warm is None else f"{warm:.3f}"
            print(f"{qid:24} {first:8.3f} {cpu:8.3f} {shown:>8} {again:8.3f} {wrong:8.3f}  {name}{flag}",
                  flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
