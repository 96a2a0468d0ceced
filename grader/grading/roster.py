"""The roster: who was given which assignment, as the interviewer recorded it.

A signature (:func:`grader.assign.sign`) proves that an assignment block was made by someone
holding ``WORKBOOK_SECRET``; it does not prove that the candidate handing it in is the one it
was made for. ``workbook assign --candidate ana`` therefore records the block it wrote in a
roster file held by the interviewer: ``--roster interviews/roster.json`` shared by every candidate
(``--out interviews/ana``, ``--out interviews/bob``, ...), or by default ``roster.json`` in the
``--out`` folder, beside ``INTERVIEWER.md``. ``workbook grade --roster FILE`` checks every
handed-in assignment against the entry of the candidate it was handed in for.

Who handed a notebook in comes from where the interviewer put it, never from the notebook:

1. a notebook at the place the assignment was written (``interviews/ana/candidate/assignment.ipynb``)
   belongs to the candidate recorded for that place;
2. otherwise the learner id of its path (``returned/ana/assignment.ipynb`` graded as
   ``workbook grade returned/`` → ``ana``; see :class:`grader.grading.GradeOptions`).

The file is JSON::

    {"version": 1,
     "candidates": {"ana": {"assignment": {"questions": [...], "seed": 7, "lang": "en", "mode": "exam",
                                           "learner": "ana", "signature": "..."},
                            "notebook": "ana/candidate/assignment.ipynb",
                            "assigned_at": "2026-11-30T15:00:00+00:00"}}}

``notebook`` is relative to the roster's folder, so the folder can be moved as a whole.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["ROSTER_NAME", "ROSTER_VERSION", "Roster", "record_assignment"]

ROSTER_NAME = "roster.json"
ROSTER_VERSION = 1
#: the assignment fields a handed-in block must share with its roster entry
_COMPARED = ("questions", "seed", "lang", "mode", "learner", "signature")


@dataclass
class Roster:
    """The candidates of a roster file and the assignment each was given.

    Parameters
    ----------
    path : Path
        The roster file.
    candidates : dict
        Candidate id → ``{"assignment": {...}, "notebook": str, "assigned_at": str}``.
    """

    path: Path
    candidates: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path, *, missing_ok: bool = False) -> Roster:
        """Read a roster file.

        Parameters
        ----------
        path : path-like
        missing_ok : bool
            Return an empty roster when the file does not exist (when recording the first
            candidate); otherwise a missing file is an error.

        Returns
        -------
        Roster

        Raises
        ------
        FileNotFoundError
            When the file does not exist and ``missing_ok`` is false.
        ValueError
            When the file is not a roster.
        """
        path = Path(path)
        if not path.exists():
            if missing_ok:
                return cls(path)
            raise FileNotFoundError(f"The roster {path} does not exist; `workbook assign --candidate NAME` "
                                    "writes it.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"The roster {path} must be a JSON file. Got: {exc}.") from exc
        if not (isinstance(data, dict) and data.get("version") == ROSTER_VERSION
                and isinstance(data.get("candidates"), dict)
                and all(isinstance(e, dict) and isinstance(e.get("assignment"), dict)
                        for e in data["candidates"].values())):
            raise ValueError(f"The roster {path} must be a version-{ROSTER_VERSION} roster written by "
                             "`workbook assign`. Got something else.")
        return cls(path, data["candidates"])

    def write(self) -> Path:
        """Write the roster (atomically: a crash leaves the previous file intact).

        Returns
        -------
        Path
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps({"version": ROSTER_VERSION, "candidates": self.candidates},
                                  ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)
        return self.path

    def record(self, candidate: str, assignment: dict, notebook) -> None:
        """Add a candidate's assignment (in memory; :meth:`write` saves it).

        Parameters
        ----------
        candidate : str
        assignment : dict
            ``metadata["workbook"]["assignment"]`` as written for the candidate.
        notebook : path-like
            Where the candidate's notebook was written.

        Raises
        ------
        ValueError
            When the candidate is already in the roster, or the id is empty.
        """
        if not isinstance(candidate, str) or not candidate.strip():
            raise ValueError(f"The candidate of a roster entry must be a non-empty name. Got {candidate!r} instead.")
        if candidate in self.candidates:
            raise ValueError(f"The roster {self.path} already has an assignment for {candidate!r} (assigned "
                             f"{self.candidates[candidate].get('assigned_at', '?')}); give this candidate "
                             "another id or remove the entry first.")
        self.candidates[candidate] = {
            "assignment": {k: assignment.get(k) for k in _COMPARED},
            "notebook": Path(os.path.relpath(Path(notebook).resolve(), self.path.parent.resolve())).as_posix(),
            "assigned_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def candidate_at(self, path) -> str | None:
        """The candidate whose assignment was written at ``path``, if any.

        Parameters
        ----------
        path : path-like

        Returns
        -------
        str or None
        """
        where = Path(path).resolve()
        for name, entry in self.candidates.items():
            notebook = entry.get("notebook")
            if isinstance(notebook, str) and (self.path.parent / notebook).resolve() == where:
                return name
        return None

    def check(self, learner: str, assignment) -> str | None:
        """Why ``assignment`` is not the one recorded for ``learner``, or ``None`` when it is.

        Parameters
        ----------
        learner : str
            Who handed it in (from the submission's place, never from the notebook).
        assignment : dict
            The handed-in ``metadata["workbook"]["assignment"]``.

        Returns
        -------
        str or None
            E.g. ``"the assignment handed in for 'bob' is the one given to 'ana'"``.
        """
        entry = self.candidates.get(learner)
        if entry is None:
            known = ", ".join(repr(n) for n in sorted(self.candidates)[:5]) or "nobody"
            more = ", ..." if len(self.candidates) > 5 else ""
            return (f"{learner!r} is not in the roster {self.path.name} (it lists {known}{more}); a notebook "
                    "is attributed by the folder it is in")
        if not isinstance(assignment, dict):
            return "the assignment is not a mapping"
        handed = {k: assignment.get(k) for k in _COMPARED}
        if handed == {k: entry["assignment"].get(k) for k in _COMPARED}:
            return None
        owners = [n for n, e in self.candidates.items()
                  if n != learner and handed == {k: e["assignment"].get(k) for k in _COMPARED}]
        if owners:
            return f"the assignment handed in for {learner!r} is the one given to {owners[0]!r}"
        changed = [k for k in _COMPARED if handed[k] != entry["assignment"].get(k)]
        return (f"the assignment handed in for {learner!r} is not the one recorded for them "
                f"(different {', '.join(changed)})")


def record_assignment(roster_path, candidate: str, assignment: dict, notebook) -> Path:
    """Record one candidate's assignment in a roster file (created when missing).

    Parameters
    ----------
    roster_path : path-like
    candidate : str
    assignment : dict
    notebook : path-like

    Returns
    -------
    Path
        The roster file.

    Raises
    ------
    ValueError
        When the candidate is already in the roster, or the file is not a roster.
    """
    roster = Roster.read(roster_path, missing_ok=True)
    roster.record(candidate, assignment, notebook)
    return roster.write()
