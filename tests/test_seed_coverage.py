"""The seed coverage table (docs/seed-coverage.md): every item of the original article has a row, and
every question id the table names exists, so the table cannot promise a question that was renamed or
never built."""

from __future__ import annotations

import re
from pathlib import Path

from grader.registry import load, notebook_names

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "seed-coverage.md"
#: the original article's items: part 1's questions and coding tasks (with their defects), part 2's
#: role of large models, common problems, interview questions and coding tasks
ITEMS = (["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "T1", "T2", "T3", "P2-1", "IQ1", "IQ2", "C4", "C5"]
         + [f"T1-D{i}" for i in range(1, 7)] + [f"T2-D{i}" for i in range(1, 7)] + [f"T3-D{i}" for i in range(1, 5)]
         + ["P2-2a", "P2-2b", "P2-2c", "P2-2d", "IQ3a", "IQ3b", "IQ3c"])


def _rows() -> dict[str, list[str]]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and re.match(r"^(Q\d|T\d|P2-|IQ\d|C\d)", cells[0]):
            rows[cells[0].split()[0]] = cells
    return rows


def _question_ids() -> set[str]:
    return {q.id for topic in notebook_names() for q in load(topic)}


def test_every_item_of_the_original_has_one_row():
    rows = _rows()
    assert sorted(rows) == sorted(ITEMS)


def test_every_question_the_table_names_exists():
    known = _question_ids()
    named = set(re.findall(r"`([a-z]+\.[a-z_]+)`", TABLE.read_text(encoding="utf-8")))
    assert named, "the table names no question"
    assert sorted(named - known) == []


def test_every_row_says_where_and_how_far():
    for item, cells in _rows().items():
        assert len(cells) >= 3, item
        where, status = cells[1], cells[2]
        assert status.split()[0] in {"covered", "partial", "missing"}, (item, status)
        assert status.startswith("missing") or re.search(r"`[a-z]+\.[a-z_]+`|notebooks? \d\d", where), item
