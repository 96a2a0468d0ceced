"""Class analytics at course scale: ``workbook report`` on 2,000 learners x 60 questions.

    .venv/bin/python benchmarks/analytics.py                       # 2,000 learners, 10 notebooks of 6 questions
    .venv/bin/python benchmarks/analytics.py --learners 500 --batches 2

Writes the grades of a synthetic class as ``workbook grade --json`` files (every learner hands in
every notebook, graded in several batches; each question's entry made by the real
``QuestionGrade.to_dict`` and reused), then times reading them and writing the report (tables,
plots, HTML, CSV). Prints wall-clock seconds; never fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from grader.grading import analytics
from grader.grading.results import QuestionGrade
from grader.i18n import T
from grader.outcomes import Correct, Incorrect, LearnerCodeRaised, NotAttempted, TimedOut

STATUSES = [(Correct, 0.55), (Incorrect, 0.30), (NotAttempted, 0.08), (LearnerCodeRaised, 0.05), (TimedOut, 0.02)]


def _entries(qid: str, n_misconceptions: int) -> list[tuple[float, dict]]:
    """What ``to_dict`` writes for each outcome of one question (with a weight), misconceptions named."""
    out = []
    for cls, weight in STATUSES:
        causes = [(None, None)]
        if cls is Incorrect:
            causes = [(f"mistake_{k}", T(f"You made mistake {k} of {qid}: a sentence long enough to look real."))
                      for k in range(n_misconceptions)] + [(None, T("You returned None."))]
        for name, cause in causes:
            points = 2.0 if cls is Correct else (0.5 if cls is Incorrect else 0.0)
            outcome = cls(question_id=qid, title=T(f"Title of {qid}"), summary=T("What happened, in one sentence."),
                          points=points, max_points=2.0, cause=cause, case=T("a hidden case"),
                          received=T("a DataFrame with 40 rows and 3 columns"))
            entry = QuestionGrade(qid, outcome).to_dict("en")
            entry["misconception"] = name
            out.append((weight / len(causes), entry))
    return out


def write_class(folder: Path, learners: int, notebooks: int, per_notebook: int, batches: int) -> list[Path]:
    rng = random.Random(0)
    templates = {f"{n:02d}_topic.q{j}": _entries(f"{n:02d}_topic.q{j}", 1 + j % 4)
                 for n in range(notebooks) for j in range(per_notebook)}
    files = [[] for _ in range(batches)]
    for i in range(learners):
        skill = rng.random()
        for n in range(notebooks):
            topic = f"{n:02d}_topic"
            questions = []
            for j in range(per_notebook):
                entries = templates[f"{topic}.q{j}"]
                weights = [w * (1 + 2 * skill) if e["outcome"] == "correct" else w for w, e in entries]
                questions.append(rng.choices([e for _, e in entries], weights)[0])
            total = sum(q["points"] for q in questions)
            problems = ["cell 4 raised NameError"] if rng.random() < 0.05 else []
            files[i % batches].append({
                "id": f"learner{i:05d}/{topic}.ipynb", "submission": f"submitted/learner{i:05d}/{topic}.ipynb",
                "learner": f"learner{i:05d}", "topic": topic, "seed": 7, "total": total,
                "max": 2.0 * per_notebook, "manual_max": 0.0, "percent": 100 * total / (2.0 * per_notebook),
                "summary": "", "graded_at": "2026-11-30T00:00:00+00:00", "questions": questions,
                "problems": problems, "errors": []})
    paths = []
    for b, grades in enumerate(files):
        path = folder / f"batch{b + 1}.json"
        path.write_text(json.dumps(grades, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--notebooks", type=int, default=10)
    parser.add_argument("--per-notebook", type=int, default=6)
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        paths = write_class(tmp, args.learners, args.notebooks, args.per_notebook, args.batches)
        size = sum(p.stat().st_size for p in paths) / 2**20
        print(f"class: {args.learners} learners x {args.notebooks * args.per_notebook} questions "
              f"({args.learners * args.notebooks} submissions) in {len(paths)} files, {size:.0f} MiB "
              f"(written in {time.perf_counter() - start:.1f} s)")
        clocks = [(time.perf_counter(), time.process_time())]
        grades = analytics.read_grades(paths)
        clocks.append((time.perf_counter(), time.process_time()))
        tables = analytics.report_tables(grades)
        clocks.append((time.perf_counter(), time.process_time()))
        page = analytics.write_report(grades, tmp / "report")
        clocks.append((time.perf_counter(), time.process_time()))
        (w0, c0), (w1, c1), (w2, c2), (w3, c3) = clocks
        print("seconds, wall (cpu):")
        print(f"  read the files              {w1 - w0:6.2f} ({c1 - c0:.2f})")
        print(f"  tables alone                {w2 - w1:6.2f} ({c2 - c1:.2f})")
        print(f"  write_report (tables, plots, HTML, CSV) {w3 - w2:6.2f} ({c3 - c2:.2f})")
        print(f"  workbook report = read + write_report   {w1 - w0 + w3 - w2:6.2f} ({c1 - c0 + c3 - c2:.2f})")
        print(f"{len(grades.answers):,} graded answers; {len(tables['misconceptions'])} misconception rows; "
              f"page {page.stat().st_size / 2**10:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
