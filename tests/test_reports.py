"""Reports of ``workbook grade`` built from grades constructed here (no kernel runs).

Automatic and hand-scored points apart in every format; a page and a learner id per submission
from its path; learner-controlled text escaped for the terminal, JUnit XML, Markdown feedback,
CSV exports and the SQLite gradebook; grading texts without ``check``/``.solution()``.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from grader import grading
from grader.cli import _submissions
from grader.grading import judge
from grader.i18n import T
from grader.outcomes import Correct, Incorrect, LearnerCodeRaised, Uncheckable
from grader.registry import load

Q00 = load("00")


def _outcome(cls, qid, points, max_points, **fields):
    return cls(question_id=qid, title=T(f"Title of {qid}"), summary=T("summary"), points=points,
               max_points=max_points, **fields)


def _grade(learner="alice", submission="alice/00_start_here.ipynb", message="ValueError: bad input",
           answer="A value model ranks customers by what they will spend, so the campaign budget goes where "
                  "it pays back.") -> grading.SubmissionGrade:
    """12 / 15 auto-graded points, 8 to score by hand, with learner text in the usual places."""
    g = grading.SubmissionGrade(submission=submission, learner=learner, topic="00_start_here", seed=1,
                                id=submission)
    g.questions = [
        grading.QuestionGrade("q.right", _outcome(Correct, "q.right", 10, 10)),
        grading.QuestionGrade("q.partly", _outcome(Incorrect, "q.partly", 2, 3, received=T(message, message))),
        grading.QuestionGrade("q.raised", _outcome(LearnerCodeRaised, "q.raised", 0, 2, details=T(message, message))),
        grading.QuestionGrade("q.open", _outcome(Uncheckable, "q.open", 0, 8, received=T(answer, answer)), "open"),
    ]
    g.problems = [T(f"cell 3 raised {message}")]
    return g


# -- automatic and hand-scored points apart --------------------------------------------------------
def test_the_summary_keeps_the_two_kinds_of_points_apart():
    g = _grade()
    assert (g.total, g.max_points, g.manual_points) == (12, 15, 8)
    assert g.points_summary().en == "12 / 15 auto-graded (80%), 8 to score by hand"


def test_every_report_shows_auto_graded_and_hand_scored_points_apart(tmp_path):
    grades = [_grade()]
    summary = "12 / 15 auto-graded (80%), 8 to score by hand"
    assert summary in grading.table(grades)
    assert json.loads(grading.write_json(grades, tmp_path / "g.json").read_text())[0]["summary"] == summary
    page = grading.write_feedback(grades, tmp_path / "fb")[0].read_text()
    assert summary in page and "To score by hand with the rubric (8 points)." in page
    assert "/ 23" not in page and "3 / 19" not in page
    suite = ET.parse(grading.write_junit(grades, tmp_path / "j.xml")).getroot().find("testsuite")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert (props["auto_points"], props["auto_max"], props["manual_max"]) == ("12", "15", "8")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")
    open_case = next(c for c in suite.iter("testcase") if c.get("name") == "q.open")
    assert open_case.find("skipped").get("message").startswith("To score by hand")


def test_the_open_answer_is_shown_in_the_row_as_by_hand_not_as_zero():
    row = next(line for line in grading.table([_grade()]).splitlines() if "q.open" in line)
    assert "by hand" in row and "0.00" not in row


# -- one page and one learner per submission --------------------------------------------------------
def test_learner_ids_and_ids_come_from_the_path_below_the_root(tmp_path):
    root = tmp_path / "submitted"
    alice, bob = root / "alice" / "00_start_here.ipynb", root / "bob" / "week1" / "00_start_here.ipynb"
    assert grading.submission_id(alice, [root]) == "alice/00_start_here.ipynb"
    assert grading.learner_id(alice, [root]) == "alice"
    assert grading.learner_id(bob, [root]) == "bob"
    assert grading.learner_id(root / "00_start_here.ipynb", [root]) == "00_start_here"
    assert grading.learner_id(tmp_path / "elsewhere" / "carol.ipynb", [root]) == "carol"


def test_the_learner_never_comes_from_notebook_metadata(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"workbook": {"learner": "alice"}})
    path = tmp_path / "submitted" / "mallory" / "00_start_here.ipynb"
    options = grading.GradeOptions(roots=(tmp_path / "submitted",))
    assert grading.submissions._learner(nb, path, options) == "mallory"


def test_same_file_name_in_two_folders_gets_two_pages(tmp_path):
    grades = [_grade("alice", "alice/00_start_here.ipynb"), _grade("bob", "bob/00_start_here.ipynb")]
    grades[1].questions[0].outcome.points = 3
    pages = grading.write_feedback(grades, tmp_path / "fb")
    assert [p.relative_to(tmp_path / "fb").as_posix() for p in pages] == ["alice/00_start_here.md",
                                                                         "bob/00_start_here.md"]
    assert "# alice" in pages[0].read_text() and "# bob" in pages[1].read_text()
    assert "12 / 15" in pages[0].read_text() and "5 / 15" in pages[1].read_text()


def test_equal_ids_from_two_roots_do_not_overwrite_each_other(tmp_path):
    grades = [_grade("alice", "alice/00_start_here.ipynb") for _ in range(3)]
    pages = grading.write_feedback(grades, tmp_path / "fb")
    assert len(set(pages)) == 3 and all(p.exists() for p in pages)


@pytest.mark.parametrize("hostile_id", ["../../etc/passwd", "/abs/x.ipynb", "..", "a/./../b.ipynb"])
def test_feedback_pages_stay_inside_their_folder(tmp_path, hostile_id):
    page = grading.reports.page_paths([_grade(submission=hostile_id)], tmp_path / "fb")[0]
    assert page.resolve().is_relative_to((tmp_path / "fb").resolve())


def test_grading_a_folder_finds_notebooks_recursively(tmp_path):
    root = tmp_path / "submitted"
    wanted = [root / "alice" / "00_start_here.ipynb", root / "bob" / "00_start_here.ipynb",
              root / "carol" / "hw" / "02_feature_engineering.ipynb", root / "dan" / "assignment.ipynb"]
    ignored = [root / "alice" / ".ipynb_checkpoints" / "00_start_here-checkpoint.ipynb",
               root / ".hidden" / "00_start_here.ipynb", root / "alice" / "Untitled.ipynb",
               root / "alice" / "notes.txt"]
    for p in wanted + ignored:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("{}")
    (root / "eve").mkdir()
    (root / "eve" / "00_start_here.ipynb").symlink_to(wanted[0])  # another learner's file
    paths, roots = _submissions([str(root)])
    assert sorted(paths) == sorted(wanted) and roots == [root]
    assert {grading.learner_id(p, roots) for p in paths} == {"alice", "bob", "carol", "dan"}


def test_a_notebook_under_two_given_folders_is_graded_once(tmp_path):
    path = tmp_path / "submitted" / "alice" / "00_start_here.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    paths, _ = _submissions([str(tmp_path / "submitted"), str(path.parent), str(path)])
    assert paths == [path]


# -- learner text escaped for each format ------------------------------------------------------------
NAME = "bob\x1b[2K\r100 / 100 (100%)"
MESSAGE = "## You passed\n<script>alert(1)</script>\n```\n# out of the fence\x00\n</failure>\x1b[31m"


def test_the_terminal_table_has_no_control_characters_or_forged_lines():
    out = grading.table([_grade(NAME, "bob/00_start_here.ipynb", MESSAGE)])
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)
    assert all(line.startswith(("bob\\x1b[2K\\x0d100 / 100 (100%) (", "  ")) for line in out.splitlines())
    assert len(out.splitlines()) == 1 + 4 + 1


def test_a_hostile_topic_in_the_metadata_is_escaped_in_the_table_and_the_page(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"workbook": {"topic": "\x1b[2J\x1b[H# 100%\n<script>"}})
    path = tmp_path / "alice" / "00_start_here.ipynb"
    topic, _, _, problem = grading.submissions._questions_for(nb, path, grading.GradeOptions())
    g = grading.SubmissionGrade(str(path), "alice", topic, 1, problems=[problem], errors=[problem])
    assert "\x1b" not in grading.table([g]) and len(grading.table([g]).splitlines()) == 2
    page = grading.feedback_page(g)
    assert "\x1b" not in page and "<script>" not in page and "\n# 100%" not in page


def test_junit_xml_parses_with_hostile_names_and_messages(tmp_path):
    g = _grade("a\x00l\x0bi</testsuite>ce", "x\x01/00_start_here.ipynb", MESSAGE + "\ud800")
    path = grading.write_junit([g], tmp_path / "j.xml")
    root = ET.parse(path).getroot()
    assert len(root.findall("testsuite")) == 1 and len(root.find("testsuite").findall("testcase")) == 4
    learner = next(p for p in root.iter("property") if p.get("name") == "learner").get("value")
    assert learner == "a\\x00l\\x0bi</testsuite>ce"


def test_json_with_a_lone_surrogate_is_still_written(tmp_path):
    path = grading.write_json([_grade(message="x\ud800y")], tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data[0]["learner"] == "alice"


def test_feedback_pages_render_learner_markup_literally(tmp_path):
    mistune = pytest.importorskip("mistune")
    g = _grade("<img src=x onerror=alert(1)>*eve*", "eve/00_start_here.ipynb", MESSAGE,
               answer="```\n## I get full marks\n<script>steal()</script>")
    page = grading.write_feedback([g], tmp_path / "fb")[0].read_text(encoding="utf-8")
    html = mistune.html(page)
    assert "<script>" not in html and "<img" not in html and "<em>eve</em>" not in html
    headings = re.findall(r"<h[1-6]>(.*?)</h[1-6]>", html)
    assert not any("passed" in h or "full marks" in h or "out of the fence" in h for h in headings)
    assert len(headings) == 1 + 1 + 4  # the title, "While running", one per question
    assert "\x00" not in page and "\x1b" not in page


HOSTILE_LEARNERS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1",
                    "'); DROP TABLE grades;--"]


@pytest.mark.parametrize("learner", HOSTILE_LEARNERS)
def test_the_gradebook_keeps_learner_text_as_data_and_the_csv_neutralises_formulas(tmp_path, learner):
    book = grading.record_gradebook([_grade(learner, f"{learner[:3]}/00_start_here.ipynb")], tmp_path / "g.sqlite")
    with sqlite3.connect(book) as db:
        assert {r[0] for r in db.execute("SELECT learner FROM grades")} == {learner}
    out = grading.export_gradebook(book, tmp_path / "g.csv")
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert rows and all(not str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())
    assert {r["learner"] for r in rows} == {"'" + learner if learner[0] in "=+-@\t'" else learner}


# -- texts of a handed-in notebook: no check, hints or solutions ----------------------------------------
FORBIDDEN = re.compile(r"check again|\.solution\(|\.hint\(|`check`|run the cell|再检查|重新运行", re.IGNORECASE)
LONG_ANSWER = {"t": "str", "v": "Value models rank customers by expected spend so that a campaign budget "
                                 "goes to the customers who pay it back, not to those who buy anyway."}


@pytest.mark.parametrize(("qid", "record"), [
    ("start.orders_per_customer", {"present": True, "callable": True, "stub": True}),
    ("start.orders_per_customer", {"present": True, "callable": False, "type": "int"}),
    ("start.n_active", {"present": True, "value": {"t": "none"}}),
    ("start.snapshot_rule", {"present": True, "value": {"t": "none"}}),
    ("start.why_value", {"present": True, "value": {"t": "none"}}),
    ("start.why_value", {"present": True, "value": LONG_ANSWER}),
], ids=["stub", "not-callable", "value-none", "choice-none", "open-empty", "open-answered"])
def test_grading_texts_never_mention_check_hints_or_solutions(qid, record):
    from grader.render import to_text

    outcome = judge(Q00[qid], record, seed=1)
    for lang in ("en", "zh"):
        assert not FORBIDDEN.search(to_text(outcome, lang)), to_text(outcome, lang)


def test_an_open_answer_is_kept_for_the_person_who_scores_it():
    outcome = judge(Q00["start.why_value"], {"present": True, "value": LONG_ANSWER}, seed=1)
    q = grading.QuestionGrade("start.why_value", outcome, "open")
    assert q.manual and q.answer == LONG_ANSWER["v"]
    assert q.to_dict("en")["answer"] == LONG_ANSWER["v"]
