"""Identity comes from the interviewer: the roster of who got which assignment, checked when grading."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader import grading
from grader.assign import sign, write_assignment
from grader.cli import main
from grader.grading.roster import Roster, record_assignment
from grader.grading.submissions import _questions_for

SECRET = "interview-key"
EASY = ["start.orders_per_customer", "start.snapshot_rule", "start.why_value"]
HARD = ["fe.orders", "fe.rfm", "fe.joins"]


def _block(learner, questions, seed=7, secret=SECRET):
    a = {"questions": questions, "seed": seed, "lang": "en", "mode": "exam", "learner": learner}
    a["signature"] = sign(a, secret)
    return a


def _roster(tmp_path, secret=SECRET) -> Roster:
    path = tmp_path / "interviews" / "roster.json"
    record_assignment(path, "ana", _block("ana", EASY, secret=secret), _at(tmp_path, "ana"))
    record_assignment(path, "bob", _block("bob", HARD, 8, secret), _at(tmp_path, "bob"))
    return Roster.read(path)


def _notebook(block):
    return nbformat.v4.new_notebook(metadata={"workbook": {"topic": "assignment", "learner": block["learner"],
                                                           "assignment": block}})


# -- the roster file ---------------------------------------------------------------------------------
def test_the_roster_records_each_candidate_with_a_path_relative_to_itself(tmp_path):
    roster = _roster(tmp_path)
    data = json.loads(roster.path.read_text())
    assert data["version"] == 1 and sorted(data["candidates"]) == ["ana", "bob"]
    assert data["candidates"]["ana"]["notebook"] == "ana/candidate/assignment.ipynb"
    assert data["candidates"]["bob"]["assignment"] == _block("bob", HARD, 8)
    assert roster.candidate_at(tmp_path / "interviews/bob/candidate/assignment.ipynb") == "bob"
    assert roster.candidate_at(tmp_path / "elsewhere.ipynb") is None


def test_a_candidate_is_recorded_once(tmp_path):
    roster = _roster(tmp_path)
    with pytest.raises(ValueError, match="already has an assignment for 'ana'"):
        record_assignment(roster.path, "ana", _block("ana", HARD), tmp_path / "x.ipynb")


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 2, "candidates": {}}',
                                     '{"version": 1, "candidates": {"ana": 5}}'])
def test_a_file_that_is_not_a_roster_is_a_clean_error(tmp_path, content):
    (tmp_path / "r.json").write_text(content)
    with pytest.raises(ValueError, match="roster"):
        Roster.read(tmp_path / "r.json")


def test_the_roster_names_whose_block_was_handed_in(tmp_path):
    roster = _roster(tmp_path)
    assert roster.check("ana", _block("ana", EASY)) is None
    assert roster.check("bob", _block("ana", EASY)) == "the assignment handed in for 'bob' is the one given to 'ana'"
    assert "different seed, signature" in roster.check("ana", _block("ana", EASY, seed=99))
    assert "'carol' is not in the roster" in roster.check("carol", _block("ana", EASY))


# -- grading checks the handed-in block ------------------------------------------------------------
def _options(tmp_path, secret=SECRET, roster=True):
    return grading.GradeOptions(seed=5, secret=secret, roots=(tmp_path / "interviews",),
                                roster=_roster(tmp_path) if roster else None)


def _at(tmp_path, who):
    return tmp_path / "interviews" / who / "candidate" / "assignment.ipynb"


def test_the_recorded_block_at_its_place_is_accepted(tmp_path):
    _, questions, _, problem = _questions_for(_notebook(_block("ana", EASY)), _at(tmp_path, "ana"), _options(tmp_path))
    assert problem is None and [q.id for q in questions] == EASY


def test_a_candidate_handing_in_another_candidates_signed_block_is_caught(tmp_path):
    # bob copies ana's (easier, validly signed) notebook into his folder
    _, questions, _, problem = _questions_for(_notebook(_block("ana", EASY)), _at(tmp_path, "bob"), _options(tmp_path))
    assert questions == [] and "handed in for 'bob' is the one given to 'ana'" in problem.en


def test_a_block_re_signed_with_the_candidates_name_is_still_caught(tmp_path):
    # even a forged learner field cannot help: the questions differ from bob's roster entry
    _, _, _, problem = _questions_for(_notebook(_block("bob", EASY)), _at(tmp_path, "bob"), _options(tmp_path))
    assert problem is not None and "not the one recorded" in problem.en


def test_the_notebook_metadata_does_not_decide_who_handed_it_in(tmp_path):
    nb = _notebook(_block("ana", EASY))
    nb.metadata["workbook"]["learner"] = "bob"
    options = _options(tmp_path)
    assert grading.submissions._learner(nb, _at(tmp_path, "ana"), options) == "ana"
    returned = tmp_path / "interviews" / "returned" / "ana.ipynb"  # not a recorded place: its folder decides
    assert grading.submissions._learner(nb, returned, options) == "returned"


@pytest.mark.parametrize(("secret", "signed_with", "roster", "reason"), [
    ("wrong-key", SECRET, False, "signature does not match"),
    ("wrong-key", SECRET, True, "signature does not match"),
    (None, SECRET, False, "signed but WORKBOOK_SECRET is not set"),
    (SECRET, None, False, "not signed but WORKBOOK_SECRET is set"),
    (None, None, False, "not signed and was graded without WORKBOOK_SECRET or a roster (--roster)"),
], ids=["wrong-secret", "wrong-secret-with-roster", "no-secret", "missing-signature", "unsigned-unverifiable"])
def test_an_unverifiable_assignment_is_a_problem(tmp_path, secret, signed_with, roster, reason):
    nb = _notebook(_block("ana", EASY, secret=signed_with))
    _, questions, _, problem = _questions_for(nb, _at(tmp_path, "ana"), _options(tmp_path, secret, roster))
    assert questions == [] and reason in problem.en


def test_an_unsigned_assignment_is_verified_by_the_roster(tmp_path):
    roster = Roster(tmp_path / "interviews" / "roster.json")
    roster.record("ana", _block("ana", EASY, secret=None), _at(tmp_path, "ana"))
    options = grading.GradeOptions(seed=5, roster=roster, roots=(tmp_path / "interviews",))
    assert _questions_for(_notebook(_block("ana", EASY, secret=None)), _at(tmp_path, "ana"), options)[3] is None
    swapped = _block("ana", EASY[:1], secret=None)  # questions removed: nothing signed, the roster catches it
    assert "different questions" in _questions_for(_notebook(swapped), _at(tmp_path, "ana"), options)[3].en


# -- the command line -------------------------------------------------------------------------------
def test_a_wrong_secret_fails_the_run_instead_of_scoring_0_of_0(tmp_path, capsys, monkeypatch):
    path = _at(tmp_path, "ana")
    path.parent.mkdir(parents=True)
    nbformat.write(_notebook(_block("ana", EASY)), str(path))
    monkeypatch.setenv("WORKBOOK_SECRET", "wrong-key")
    assert main(["grade", str(tmp_path / "interviews"), "--seed", "5", "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "ana (ana/candidate/assignment.ipynb) — not graded" in captured.out
    assert "0 / 0" not in captured.out and "signature does not match" in captured.err


def test_assign_records_the_candidate_in_a_roster_and_refuses_a_repeated_one(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WORKBOOK_SECRET", SECRET)
    args = ["assign", "--questions", ",".join(EASY), "--seed", "3", "--candidate", "ana"]
    assert main([*args, "--out", str(tmp_path / "interviews" / "ana")]) == 0  # default: OUT/roster.json
    roster = Roster.read(tmp_path / "interviews" / "ana" / "roster.json")
    assert roster.candidate_at(_at(tmp_path, "ana")) == "ana"
    assert roster.check("ana", nbformat.read(str(_at(tmp_path, "ana")), 4).metadata["workbook"]["assignment"]) is None
    shared = ["--roster", str(roster.path)]
    assert main([*args, *shared, "--out", str(tmp_path / "interviews" / "ana2")]) == 2
    assert "already has an assignment for 'ana'" in capsys.readouterr().err
    assert not (tmp_path / "interviews" / "ana2").exists()  # refused before anything was written


def test_a_roster_needs_a_candidate(tmp_path, capsys):
    argv = ["assign", "--questions", EASY[0], "--seed", "3", "--out", str(tmp_path / "x"), "--roster", "r.json"]
    assert main(argv) == 2
    assert "give the candidate with --candidate" in capsys.readouterr().err


def test_grading_a_batch_catches_a_swapped_block_and_still_grades_the_others(tmp_path):
    """End to end (one real kernel): ana's blank exam is graded, bob's swap is an error, exit 1."""
    interviews = tmp_path / "interviews"
    roster = interviews / "roster.json"
    ana = write_assignment(interviews / "ana", seed=3, question_ids=EASY, candidate="ana", secret=SECRET, roster=roster)
    bob = write_assignment(interviews / "bob", seed=4, question_ids=HARD, candidate="bob", secret=SECRET, roster=roster)
    shutil.copy(ana.notebook, bob.notebook)  # bob hands in ana's easier assignment
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBOOK_")} | {"WORKBOOK_SECRET": SECRET}
    cmd = [sys.executable, "-m", "grader", "grade", str(interviews), "--roster", str(roster), "--seed", "5",
           "--jobs", "1", "--cell-timeout", "60", "--feedback", str(tmp_path / "fb"),
           "--json", str(tmp_path / "g.json")]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "bob/candidate/assignment.ipynb was not graded" in result.stderr and "given to 'ana'" in result.stderr
    grades = {g["learner"]: g for g in json.loads((tmp_path / "g.json").read_text())}
    assert grades["bob"]["errors"] and grades["bob"]["questions"] == []
    assert not grades["ana"]["errors"] and len(grades["ana"]["questions"]) == len(EASY)
    assert grades["ana"]["summary"] == "0 / 2 auto-graded (0%), 3 to score by hand"
    page = (tmp_path / "fb" / "ana" / "candidate" / "assignment.md").read_text()
    assert not re.search(r"check again|\.solution\(|\.hint\(|`check`", page), page
    assert Path(tmp_path / "fb" / "bob" / "candidate" / "assignment.md").exists()
