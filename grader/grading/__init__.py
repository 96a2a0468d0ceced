"""``workbook grade``: grading notebooks written by people the grader does not trust.

The grader process never imports or calls learner code. For each submission it

1. reads the notebook (any nbformat version; a broken file is a result, not a crash) and decides
   which questions it answers (its topic, or the signed question list of an assignment);
2. runs it in a fresh IPython kernel isolated by the operating system
   (:mod:`grader.grading.isolation`: another user, its own namespaces, a read-only view without the
   reference solutions, no network, hard limits), with per-cell and whole-submission timeouts; a
   cell that errors does not stop the others, a dead or wedged kernel is restarted and the
   notebook rerun without the cell that killed it;
3. puts the hidden inputs for the grading seed into the sandbox (never a label or an expected
   value) and runs a harvest cell (:mod:`grader._harvest`) that calls the learner's objects on
   them and sends back what came out as capped JSON messages (never pickle)
   (:mod:`grader.grading.execute`);
4. judges those outputs against the reference outputs it computed itself, with the same
   question declarations (and misconception messages) as ``check``, and gives partial credit per
   hidden case. Feedback never shows a hidden expected value.

Who handed a submission in comes from its path below the graded folder (and, for assignments, the
interviewer's roster: :mod:`.roster`), never from the notebook. Reports (:mod:`.reports`) keep
automatic and hand-scored points apart and put every learner-controlled text through
:mod:`.escape`; open answers are scored by hand into the gradebook (:mod:`.scoring`).
"""

from __future__ import annotations

from . import escape
from .gradebook import export_gradebook, record_gradebook
from .judge import judge, score_predictions
from .records import decode
from .reports import feedback_page, table, write_feedback, write_json, write_junit
from .results import DEFAULT_GRADING_SEED, GradeOptions, QuestionGrade, SubmissionGrade
from .roster import Roster, record_assignment
from .submissions import grade_many, grade_notebook, learner_id, submission_id

__all__ = ["DEFAULT_GRADING_SEED", "GradeOptions", "QuestionGrade", "Roster", "SubmissionGrade", "decode",
           "escape", "export_gradebook", "feedback_page", "grade_many", "grade_notebook", "judge",
           "learner_id", "record_assignment", "record_gradebook", "score_predictions", "submission_id",
           "table", "write_feedback", "write_json", "write_junit"]
