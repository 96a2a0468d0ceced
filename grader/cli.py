"""The ``workbook`` command (also ``python -m grader``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]


def _cmd_list(args) -> int:
    from .registry import all_questions

    rows = [{"id": q.id, "kind": q.kind, "level": q.level, "points": q.points, "notebook": nb,
             "title": q.title.render(args.lang)} for nb, q in all_questions()]
    if args.topic:
        rows = [r for r in rows if r["notebook"].startswith(args.topic)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    headers = ("id", "kind", "level", "points", "notebook", "title")
    widths = {h: max([len(h)] + [len(f"{r[h]:g}" if h == "points" else str(r[h])) for r in rows])
              for h in headers}
    print("  ".join(h.ljust(widths[h]) for h in headers))
    print("  ".join("-" * widths[h] for h in headers))
    for r in rows:
        print("  ".join((f"{r[h]:g}" if h == "points" else str(r[h])).ljust(widths[h])
                        for h in headers))
    print(f"\n{len(rows)} questions, {sum(r['points'] for r in rows):g} points")
    return 0


def _cmd_data(args) -> int:
    from .shop import DEFAULT_N_CUSTOMERS, DEFAULT_SEED, generate_shop, write_shop
    from .tables import build_customer_panel, build_customer_table, write_customer_panel, write_customer_table
    from .texts import generate_texts, write_texts

    seed = DEFAULT_SEED if args.seed is None else args.seed
    size = DEFAULT_N_CUSTOMERS if args.n_customers is None else args.n_customers
    shop = generate_shop(seed=seed, n_customers=size)
    paths = [*write_shop(shop, args.out), write_customer_table(build_customer_table(shop), args.out),
             write_customer_panel(build_customer_panel(shop), args.out),
             write_texts(generate_texts(seed=seed, n_customers=size), args.out)]
    for p in paths:
        print(p)
    return 0


def _notebook_paths(items) -> list[Path]:
    paths = []
    for item in items:
        p = Path(item)
        paths.extend(sorted(p.glob("[0-9][0-9]_*.ipynb")) if p.is_dir() else [p])
    return paths


def _regular(path: Path) -> bool:
    """A regular file, not a link, FIFO or device (opening a FIFO would block the grader)."""
    import stat

    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _submissions(items) -> tuple[list[Path], list[Path]]:
    """The notebooks to grade and the roots they were found in.

    A folder is searched recursively (the usual ``submitted/<learner>/...`` layout) for workbook
    notebooks (``NN_topic.ipynb``) and assignments (``assignment.ipynb``), skipping hidden folders
    such as ``.ipynb_checkpoints`` and symbolic links (which could point at another learner's file).
    A file is graded as given; its folder is its root. A notebook found twice is graded once.
    """
    import os

    from .assign import NOTEBOOK_NAME

    def wanted(name: str) -> bool:
        return name == NOTEBOOK_NAME or (len(name) > 3 and name[:2].isdigit() and name[2] == "_"
                                         and name.endswith(".ipynb"))

    paths, roots = [], []
    for item in items:
        p = Path(item)
        if not p.is_dir():
            paths.append(p)
            roots.append(p.parent)
            continue
        roots.append(p)
        for folder, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            paths.extend(Path(folder) / f for f in sorted(files)
                         if wanted(f) and not f.startswith(".") and _regular(Path(folder) / f))
    unique = {p.resolve(): p for p in reversed(paths)}  # a notebook under two given folders: graded once
    return [p for p in paths if unique.get(p.resolve()) is p], roots


def _cmd_key(args) -> int:
    from .notebooks import fill, read, write

    for path in _notebook_paths(args.notebooks):
        nb = fill(read(path), solved=True, topic=path.stem)
        print(write(nb, Path(args.out) / path.name))
    return 0


def _cmd_sync(args) -> int:
    from .notebooks import fill, read, strip_outputs, write

    for path in _notebook_paths(args.notebooks):
        write(strip_outputs(fill(read(path), solved=False, topic=path.stem)), path)
        print(f"synced {path}")
    return 0


def _cmd_build(args) -> int:
    from . import editions

    topics = [Path(t).stem for t in args.topics] or None
    if args.scaffold:
        for topic in topics or [p.stem for p in _notebook_paths(["notebooks"])]:
            target = editions.translation_path(topic, args.lang)
            existing = target.read_text(encoding="utf-8") if target.is_file() else ""
            source = editions.ROOT / "notebooks" / f"{topic}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(editions.render_translation(source, args.lang, existing), encoding="utf-8")
            print(f"scaffolded {target}")
        return 0
    written, problems = editions.build(topics, lang=args.lang, check=args.check)
    for path in written:
        print(f"{'out of date' if args.check else 'wrote'} {path}")
    for problem in problems:
        print(f"workbook build: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _parse_size(text: str) -> int:
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower().removesuffix("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _cmd_grade(args) -> int:
    import os

    from . import grading

    seed = args.seed
    if seed is None:
        env = os.environ.get("WORKBOOK_GRADING_SEED", "").strip()
        seed = int(env) if env else None
    if seed is None:
        seed = grading.DEFAULT_GRADING_SEED
        print(f"workbook grade: no --seed or WORKBOOK_GRADING_SEED; using {seed}, which learners can "
              "know. Set a private seed for real grading.", file=sys.stderr)
    paths, roots = _submissions(args.paths)
    if not paths:
        raise FileNotFoundError(f"no notebooks found in {', '.join(args.paths)}")
    roster = grading.Roster.read(args.roster) if args.roster else None
    from .assign import NOTEBOOK_NAME

    if roster is None and any(p.name == NOTEBOOK_NAME for p in paths):
        print("workbook grade: no --roster, so nothing checks that each assignment was handed in by the "
              "candidate it was given to.", file=sys.stderr)
    options = grading.GradeOptions(seed=seed, cell_timeout=args.cell_timeout, timeout=args.timeout,
                                   memory=_parse_size(args.memory), nproc=args.nproc, topic=args.topic,
                                   secret=os.environ.get("WORKBOOK_SECRET") or None, roots=tuple(roots),
                                   roster=roster, trusted=args.trusted, warm_kernels=not args.cold_kernels)
    if args.trusted:
        print("workbook grade: --trusted: kernels run WITHOUT isolation; grade only notebooks whose code you "
              "trust (your own answer keys).", file=sys.stderr)
    tty = sys.stderr.isatty()

    def progress(done, total, grade):
        bar = "#" * (20 * done // total)
        end = "" if tty and done < total else "\n"
        print(f"\r[{bar:<20}] {done}/{total} graded ({grading.escape.terminal(grade.id)})", end=end,
              file=sys.stderr, flush=True)

    if args.scheduler:
        from .grading.cluster import grade_on_cluster

        grades = grade_on_cluster(paths, options, args.scheduler, progress=progress)
    else:
        grades = grading.grade_many(paths, options, jobs=args.jobs, progress=progress)
    print(grading.table(grades, args.lang))
    if args.json:
        grading.write_json(grades, args.json, args.lang)
    if args.junit:
        grading.write_junit(grades, args.junit, args.lang)
    if args.feedback:
        grading.write_feedback(grades, args.feedback, args.lang)
    if args.gradebook:
        grading.record_gradebook(grades, args.gradebook)
    void = [g for g in grades if g.errors]
    for g in void:
        reasons = "; ".join(e.render(args.lang) for e in g.errors)
        print(f"workbook grade: {grading.escape.terminal(g.id)} was not graded: {grading.escape.terminal(reasons)}",
              file=sys.stderr)
    if void:
        return 1
    if args.fail_under is not None and any(g.percent < args.fail_under for g in grades):
        print(f"workbook grade: a submission scored under {args.fail_under:g}%", file=sys.stderr)
        return 1
    return 0


def _cmd_gradebook_export(args) -> int:
    from .grading import export_gradebook

    if not Path(args.gradebook).is_file():
        raise FileNotFoundError(f"The gradebook {args.gradebook} does not exist; `workbook grade --gradebook` "
                                "writes it.")
    print(export_gradebook(args.gradebook, args.csv, summary=args.summary))
    return 0


def _cmd_report(args) -> int:
    from .grading import analytics

    grades = analytics.read_grades(args.grades)
    if grades.submissions.empty:
        raise ValueError(f"no graded submissions in {', '.join(args.grades)}")
    print(analytics.write_report(grades, args.out, lang=args.lang or "en", top=args.top))
    return 0


def _cmd_score(args) -> int:
    from .grading import scoring

    if not Path(args.gradebook).is_file():
        raise FileNotFoundError(f"The gradebook {args.gradebook} does not exist; `workbook grade --gradebook` "
                                "writes it.")
    if args.export_csv:
        print(scoring.export_scoring_csv(args.gradebook, args.export_csv, lang=args.lang, rescore=args.rescore))
    elif args.import_csv:
        print(f"{scoring.import_scoring_csv(args.gradebook, args.import_csv)} answers scored")
    else:
        scoring.score_interactively(args.gradebook, lang=args.lang, rescore=args.rescore)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook", description="Customer Value Workbook: questions, data and grading.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list every question (id, kind, points, notebook)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--topic", help="only the notebook whose name starts with this, e.g. 02")
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language of titles")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("data", help="write the synthetic shop, its customer table and the customers' texts "
                                    "(the files in datasets/)")
    p.add_argument("--out", required=True, help="folder to write the .csv.gz files into")
    p.add_argument("--seed", type=int, help="default: the shipped variant's seed")
    p.add_argument("--n-customers", type=int, help="default: the shipped variant's size")
    p.set_defaults(func=_cmd_data)

    p = sub.add_parser("key", help="write answer keys: notebooks with the reference solutions")
    p.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    p.add_argument("--out", required=True, help="folder for the answer keys")
    p.set_defaults(func=_cmd_key)

    p = sub.add_parser("build", help="build the language editions of the notebooks (notebooks/zh/) from "
                                     "the English notebooks and translations/zh/")
    p.add_argument("topics", nargs="*", help="e.g. 00_start_here (default: every translated notebook)")
    p.add_argument("--lang", choices=("zh",), default="zh")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if an edition is incomplete "
                                                        "or out of date")
    p.add_argument("--scaffold", action="store_true",
                   help="write or update translation files: untranslated cells get their English text, marked TODO")
    p.set_defaults(func=_cmd_build)

    import os

    p = sub.add_parser("grade", help="grade notebooks in sandboxed kernels on hidden cases")
    p.add_argument("paths", nargs="+", help="notebooks, or folders searched recursively (a learner per sub-folder)")
    p.add_argument("--seed", type=int, help="grading seed (default: $WORKBOOK_GRADING_SEED)")
    p.add_argument("--topic", help="the notebook every submission must be, e.g. 02")
    p.add_argument("--json", metavar="FILE", help="write the grades as JSON")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML (one test case per question)")
    p.add_argument("--feedback", metavar="DIR", help="write a Markdown feedback page per submission")
    p.add_argument("--gradebook", metavar="FILE", help="record the grades in a SQLite gradebook")
    p.add_argument("--roster", metavar="FILE",
                   help="check each assignment against the roster of who got which (written by workbook assign)")
    p.add_argument("--fail-under", type=float, metavar="PCT",
                   help="exit 1 if a submission scores less (of its auto-graded points)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions at once (default: cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on a Dask cluster (e.g. tcp://10.0.0.5:8786): one task per submission, each "
                        "worker grading as this machine would (--jobs is then the workers' --nthreads)")
    p.add_argument("--cell-timeout", type=float, default=60.0, help="seconds per cell (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds per notebook (default: %(default)s)")
    p.add_argument("--memory", default="3G", help="kernel address-space limit (default: %(default)s)")
    p.add_argument("--nproc", type=int, default=128, help="kernel process limit (default: %(default)s)")
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language of reports")
    p.add_argument("--cold-kernels", action="store_true",
                   help="start each kernel from scratch when its submission's turn comes (default, as root: "
                        "fork it from a fork server that imported the common libraries once; otherwise: start "
                        "it while others are graded)")
    p.add_argument("--trusted", action="store_true",
                   help="run kernels without OS isolation (only for notebooks you trust, e.g. answer keys)")
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("gradebook", help="work with a SQLite gradebook")
    gsub = p.add_subparsers(dest="gradebook_command", required=True, metavar="ACTION")
    e = gsub.add_parser("export", help="export the gradebook as CSV")
    e.add_argument("--gradebook", required=True, metavar="FILE")
    e.add_argument("--csv", required=True, metavar="OUT")
    e.add_argument("--summary", action="store_true",
                   help="one row per submission (auto-graded, hand-scored, unscored, total) instead of per question")
    e.set_defaults(func=_cmd_gradebook_export)

    p = sub.add_parser("report", help="class analytics: an HTML report with plots, and CSV tables, of graded batches")
    p.add_argument("grades", nargs="+", metavar="GRADES",
                   help="files written by workbook grade --json (one per batch), or a --gradebook")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for report.html and the CSV tables")
    p.add_argument("--top", type=int, default=5, help="misconceptions shown per question (default: %(default)s)")
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language of the report")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("score", help="score open answers by hand with their rubrics, into the gradebook")
    p.add_argument("--gradebook", required=True, metavar="FILE", help="the gradebook of workbook grade --gradebook")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--export-csv", metavar="OUT", help="write the answers to score as a CSV to fill offline")
    how.add_argument("--import-csv", metavar="IN", help="record the points filled in such a CSV")
    p.add_argument("--rescore", action="store_true", help="also go through answers already scored")
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language of model answers and rubrics")
    p.set_defaults(func=_cmd_score)

    from .assign import add_commands

    add_commands(sub)

    p = sub.add_parser("sync", help="(authors) regenerate exercise cells from the declarations")
    p.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    p.set_defaults(func=_cmd_sync)
    return parser


def main(argv=None) -> int:
    """Run the ``workbook`` command line; returns the exit status."""
    from .grading.isolation import IsolationUnavailable

    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (LookupError, FileNotFoundError, ValueError, IsolationUnavailable) as exc:
        print(f"workbook {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
