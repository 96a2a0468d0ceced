"""The ``workbook`` command (also ``python -m grader``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]


def _cmd_list(args) -> int:
    from .registry import all_questions

    rows = [{"id": q.id, "kind": q.kind, "points": q.points, "notebook": nb,
             "title": q.title.render(args.lang)} for nb, q in all_questions()]
    if args.topic:
        rows = [r for r in rows if r["notebook"].startswith(args.topic)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    headers = ("id", "kind", "points", "notebook", "title")
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
    from .tables import build_customer_table, write_customer_table

    seed = DEFAULT_SEED if args.seed is None else args.seed
    size = DEFAULT_N_CUSTOMERS if args.n_customers is None else args.n_customers
    shop = generate_shop(seed=seed, n_customers=size)
    paths = [*write_shop(shop, args.out), write_customer_table(build_customer_table(shop), args.out)]
    for p in paths:
        print(p)
    return 0


def _notebook_paths(items) -> list[Path]:
    paths = []
    for item in items:
        p = Path(item)
        paths.extend(sorted(p.glob("[0-9][0-9]_*.ipynb")) if p.is_dir() else [p])
    return paths


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbook", description="Customer Value Workbook: questions, data and grading.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list every question (id, kind, points, notebook)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--topic", help="only the notebook whose name starts with this, e.g. 02")
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language of titles")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("data", help="write the synthetic shop and its customer table (the files in datasets/)")
    p.add_argument("--out", required=True, help="folder to write the .csv.gz files into")
    p.add_argument("--seed", type=int, help="default: the shipped variant's seed")
    p.add_argument("--n-customers", type=int, help="default: the shipped variant's size")
    p.set_defaults(func=_cmd_data)

    p = sub.add_parser("key", help="write answer keys: notebooks with the reference solutions")
    p.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    p.add_argument("--out", required=True, help="folder for the answer keys")
    p.set_defaults(func=_cmd_key)

    p = sub.add_parser("sync", help="(authors) regenerate exercise cells from the declarations")
    p.add_argument("notebooks", nargs="+", help="notebooks or folders of notebooks")
    p.set_defaults(func=_cmd_sync)
    return parser


def main(argv=None) -> int:
    """Run the ``workbook`` command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (LookupError, FileNotFoundError, ValueError) as exc:
        print(f"workbook {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
