"""Exercise cells: finding them, filling them (blank or solved), and notebook hygiene.

An exercise cell carries the tag ``exercise:<question id>``. Its code is generated from
the question's declaration: :meth:`~grader.questions.Question.stub_source` in the
learner's notebook, :meth:`~grader.questions.Question.solved_source` in an answer key.
The notebook tests, ``workbook key`` and ``workbook sync`` share this module.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .registry import load

__all__ = ["TAG_PREFIX", "exercise_cells", "fill", "hygiene_problems", "read", "strip_outputs",
           "topic_of", "write"]

TAG_PREFIX = "exercise:"
NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"


def read(path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat v4."""
    return nbformat.read(str(path), as_version=4)


def write(nb, path) -> Path:
    """Write a notebook (creating folders)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def topic_of(nb, path=None) -> str:
    """The notebook's topic: ``metadata.workbook.topic``, else the file name's stem."""
    topic = nb.get("metadata", {}).get("workbook", {}).get("topic")
    if topic:
        return topic
    if path is None:
        raise ValueError("The notebook has no metadata.workbook.topic and no path was given.")
    return Path(path).stem


def exercise_cells(nb) -> list[tuple[int, str]]:
    """``(cell index, question id)`` for every tagged exercise cell, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(TAG_PREFIX):
                found.append((i, tag[len(TAG_PREFIX):]))
    return found


def fill(nb, *, solved: bool, topic: str | None = None):
    """Return a copy of ``nb`` whose exercise cells hold the stubs or the reference solutions.

    Parameters
    ----------
    nb : NotebookNode
    solved : bool
        True: reference solutions (an answer key); False: untouched stubs.
    topic : str, optional
        Default: :func:`topic_of`.
    """
    out = nbformat.from_dict(nb)
    questions = load(topic or topic_of(nb))
    for index, qid in exercise_cells(out):
        q = questions[qid]
        out.cells[index].source = q.solved_source() if solved else q.stub_source()
    return out


def strip_outputs(nb):
    """Return a copy without outputs and execution counts."""
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return out


def hygiene_problems(path) -> list[str]:
    """What is wrong with a stored learner notebook (empty list: nothing).

    Checks: stored without outputs; topic metadata matches the file name; every question
    of the topic has exactly one exercise cell and no cell names an unknown question; each
    exercise cell holds exactly the generated stub and check call.
    """
    path = Path(path)
    nb = read(path)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count):
            problems.append(f"cell {i} is stored with outputs or an execution count")
    topic = topic_of(nb, path)
    if topic != path.stem:
        problems.append(f"metadata.workbook.topic is {topic!r}, the file is {path.stem!r}")
    questions = load(path.stem)
    cells = exercise_cells(nb)
    ids = [qid for _, qid in cells]
    for q in questions:
        if ids.count(q.id) != 1:
            problems.append(f"question {q.id} has {ids.count(q.id)} exercise cells (want 1)")
    known = {q.id for q in questions}
    for index, qid in cells:
        if qid not in known:
            problems.append(f"cell {index} is tagged for unknown question {qid!r}")
        elif nb.cells[index].source != questions[qid].stub_source():
            problems.append(f"cell {index} ({qid}) differs from the question's stub; "
                            f"run `workbook sync {path}`")
    return problems
