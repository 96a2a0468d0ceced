"""Class analytics (``workbook report``) on a synthetic class whose counts are derived here.

Each learner's outcome per question follows a rule of their index (see ``_outcome_of``); the
expected tables are counted from those rules with plain loops, never from the module's output.
Grades go through the real ``workbook grade --json`` writer and the gradebook, and the
misconception names come from the real questions of notebook 00 judged by ``evaluate``.
"""

from __future__ import annotations

import csv
import html.parser
import json
from pathlib import Path

import pytest

from grader import grading
from grader.cli import main
from grader.grading import analytics
from grader.grading.results import misconception_id
from grader.i18n import T
from grader.outcomes import Correct, Incorrect, LearnerCodeRaised, NotAttempted, TimedOut, Uncheckable
from grader.registry import find_question, load

ROOT = Path(__file__).resolve().parents[1]
EX = load("00")
ORDERS, CHOICE, OPEN = EX.orders_per_customer, EX.snapshot_rule, EX.why_value
LINES, DAYS = (m for m in ORDERS.misconceptions)
N_00, N_99 = 24, 6  # learners of notebook 00, and of a made-up notebook whose question no registry knows


def _outcome(qid, cls, points, max_points, cause=None):
    return cls(question_id=qid, title=T(qid), summary=T("summary"), points=points, max_points=max_points,
               cause=cause)


def _outcome_of(i: int, qid: str):
    """The rule each synthetic learner follows: (status, points, cause) of question ``qid``."""
    if qid == ORDERS.id:  # 2 points
        return [("correct", 2.0, None), ("incorrect", 0.5, LINES.message), ("incorrect", 0.0, DAYS.message),
                ("raised", 0.0, None), ("incorrect", 1.0, LINES.message), ("timed_out", 0.0, None)][i % 6]
    if qid == CHOICE.id:  # 1 point; wrong options explained
        letter = "abdd"[i % 4]
        return ("correct", 1.0, None) if letter == "d" else ("incorrect", 0.0, CHOICE.explanations[letter])
    if qid == "x.made_up":  # 4 points, a cause no declaration names
        return [("correct", 4.0, None), ("incorrect", 0.0, T("You returned None.")),
                ("not_attempted", 0.0, None)][i % 3]
    raise AssertionError(qid)


_CLS = {"correct": Correct, "incorrect": Incorrect, "raised": LearnerCodeRaised, "timed_out": TimedOut,
        "not_attempted": NotAttempted}
_MAX = {ORDERS.id: 2.0, CHOICE.id: 1.0, "x.made_up": 4.0}


def _submission(learner, topic, qids, i, seed=5):
    g = grading.SubmissionGrade(submission=f"class/{learner}/{topic}.ipynb", learner=learner, topic=topic, seed=seed,
                                id=f"{learner}/{topic}.ipynb")
    for qid in qids:
        status, points, cause = _outcome_of(i, qid)
        g.questions.append(grading.QuestionGrade(qid, _outcome(qid, _CLS[status], points, _MAX[qid], cause)))
    if qids[0] == ORDERS.id:
        g.questions.append(grading.QuestionGrade(OPEN.id, _outcome(OPEN.id, Uncheckable, 0.0, 3.0), "open"))
    if i % 8 == 0:
        g.problems.append(T(f"cell {i % 3 + 2} raised NameError"))
    return g


def _class():
    """Notebook 00 in two batches, one learner regraded in the second; a void submission; notebook 99."""
    q00 = [ORDERS.id, CHOICE.id]
    batch1 = [_submission(f"l{i:02d}", "00_start_here", q00, i) for i in range(N_00 // 2)]
    batch2 = [_submission(f"l{i:02d}", "00_start_here", q00, i) for i in range(N_00 // 2, N_00)]
    batch2.append(_submission("l00", "00_start_here", q00, 3))  # l00 regraded: now follows rule 3
    void = _submission("intruder", "00_start_here", q00, 0)
    void.errors.append(T("not the assignment recorded for this candidate"))
    void.problems.append(void.errors[0])
    batch2.append(void)
    other = [_submission(f"m{i}", "99_made_up", ["x.made_up"], i) for i in range(N_99)]
    return batch1, batch2 + other


@pytest.fixture(scope="module")
def grades_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grades")
    batch1, batch2 = _class()
    return [grading.write_json(batch1, folder / "batch1.json"), grading.write_json(batch2, folder / "batch2.json")]


@pytest.fixture(scope="module")
def tables(grades_files):
    return analytics.report_tables(analytics.read_grades(grades_files))


def _rule_index(learner_index: int) -> int:
    return 3 if learner_index == 0 else learner_index  # l00 was regraded under rule 3


# -- the misconception's name in what grading writes ---------------------------------------------
def test_a_wrong_answer_records_the_name_of_its_misconception():
    for m in ORDERS.misconceptions:
        outcome = ORDERS.evaluate(m.fn)
        assert outcome.status == "incorrect" and outcome.cause == m.message
        assert grading.QuestionGrade(ORDERS.id, outcome).to_dict()["misconception"] == m.name
    assert misconception_id(ORDERS.id, ORDERS.evaluate(lambda lines: None)) is None  # a general guess
    assert misconception_id(ORDERS.id, ORDERS.evaluate(ORDERS.reference)) is None


def test_a_wrong_option_is_named_by_its_letter_in_the_declaration_even_when_reshuffled():
    assert misconception_id(CHOICE.id, CHOICE.evaluate("a")) == "option_a"
    canonical = find_question(CHOICE.id)
    for seed in range(6):
        shuffled = canonical.for_assignment(seed)
        # the letter the shuffled options give the declaration's option a
        letter = next(k for k, v in shuffled.options.items() if v == canonical.options["a"])
        assert misconception_id(CHOICE.id, shuffled.evaluate(letter)) == "option_a"


def test_the_gradebook_records_the_misconception(tmp_path):
    g = grading.SubmissionGrade(submission="a/00_start_here.ipynb", learner="a", topic="00_start_here", seed=1)
    g.questions = [grading.QuestionGrade(ORDERS.id, ORDERS.evaluate(DAYS.fn))]
    rows = grading.gradebook.gradebook_rows(grading.record_gradebook([g], tmp_path / "gb.sqlite"))
    assert [r["misconception"] for r in rows] == [DAYS.name]


# -- the tables, against counts derived from the rules ----------------------------------------------
def test_every_graded_submission_is_counted_once_and_the_void_one_not_at_all(tables):
    scores = tables["scores"]
    assert len(scores) == N_00 + N_99
    assert "intruder" not in set(scores["learner"])
    notebooks = tables["notebooks"].set_index("topic")
    assert notebooks.loc["00_start_here", "submissions"] == N_00
    assert notebooks.loc["00_start_here", "not_graded"] == 1
    assert notebooks.loc["99_made_up", "not_graded"] == 0


def test_scores_follow_the_rules(tables):
    scores = tables["scores"].set_index("learner")
    for i in range(N_00):
        r = _rule_index(i)
        points = _outcome_of(r, ORDERS.id)[1] + _outcome_of(r, CHOICE.id)[1]
        assert scores.loc[f"l{i:02d}", "points"] == points
        assert scores.loc[f"l{i:02d}", "max_points"] == 3.0  # the open question is not auto-graded
        assert scores.loc[f"l{i:02d}", "percent"] == pytest.approx(100 * points / 3)


def test_the_score_distribution_counts_each_submission_in_its_bin(tables):
    expected = {}
    for i in range(N_00):
        r = _rule_index(i)
        percent = 100 * (_outcome_of(r, ORDERS.id)[1] + _outcome_of(r, CHOICE.id)[1]) / 3
        lo = min(int(percent // 10) * 10, 90)
        expected[f"{lo}-{lo + 10}%"] = expected.get(f"{lo}-{lo + 10}%", 0) + 1
    dist = tables["score_distribution"]
    got = dist[dist["topic"] == "00_start_here"].set_index("bin")["submissions"]
    assert len(got) == 10 and got.sum() == N_00
    assert {b: n for b, n in got.items() if n} == expected


def test_success_rate_and_outcome_counts_per_question(tables):
    questions = tables["questions"].set_index("question")
    for qid in (ORDERS.id, CHOICE.id):
        statuses = [_outcome_of(_rule_index(i), qid)[0] for i in range(N_00)]
        row = questions.loc[qid]
        assert row["submissions"] == N_00
        for status in analytics.OUTCOMES:
            assert row[status] == statuses.count(status), (qid, status)
        assert row["success_rate"] == pytest.approx(statuses.count("correct") / N_00, abs=1e-4)
        shares = [_outcome_of(_rule_index(i), qid)[1] / _MAX[qid] for i in range(N_00)]
        assert row["mean_score"] == pytest.approx(sum(shares) / N_00, abs=1e-4)
    assert OPEN.id not in questions.index  # scored by hand: not a success rate
    made_up = questions.loc["x.made_up"]
    assert (made_up["correct"], made_up["incorrect"], made_up["not_attempted"]) == (2, 2, 2)


def test_misconceptions_are_counted_by_name_most_frequent_first(tables):
    mis = tables["misconceptions"]
    orders = mis[mis["question"] == ORDERS.id]
    expected = {LINES.name: 0, DAYS.name: 0}
    for i in range(N_00):
        cause = _outcome_of(_rule_index(i), ORDERS.id)[2]
        if cause is not None:
            expected[LINES.name if cause == LINES.message else DAYS.name] += 1
    assert dict(zip(orders["misconception"], orders["answers"], strict=True)) == expected
    assert list(orders["answers"]) == sorted(expected.values(), reverse=True)
    assert orders.set_index("misconception").loc[LINES.name, "cause"] == LINES.message.en
    choice = mis[mis["question"] == CHOICE.id].set_index("misconception")["answers"].to_dict()
    letters = ["abdd"[_rule_index(i) % 4] for i in range(N_00)]
    assert choice == {"option_a": letters.count("a"), "option_b": letters.count("b")}
    general = mis[mis["question"] == "x.made_up"]  # no name: counted by the cause's text
    assert list(zip(general["misconception"], general["cause"], general["answers"], strict=True)) == [
        ("", "You returned None.", 2)]


def test_time_outs_errors_and_problems(tables):
    errors = tables["errors"].set_index("question")
    statuses = [_outcome_of(_rule_index(i), ORDERS.id)[0] for i in range(N_00)]
    assert list(errors.index) == [ORDERS.id]
    assert (errors.loc[ORDERS.id, "raised"], errors.loc[ORDERS.id, "timed_out"]) == (
        statuses.count("raised"), statuses.count("timed_out"))
    problems = tables["problems"]
    expected = {}
    # l00's problems are those of its regrade (rule 3: none); the void submission's count too (rule 0)
    for i in [*range(1, N_00), 3, 0]:
        if i % 8 == 0:
            expected[f"cell {i % 3 + 2} raised NameError"] = expected.get(f"cell {i % 3 + 2} raised NameError", 0) + 1
    expected["not the assignment recorded for this candidate"] = 1
    got = problems[problems["topic"] == "00_start_here"].set_index("problem")["submissions"].to_dict()
    assert got == expected


def test_a_gradebook_gives_the_same_counts(tmp_path, tables):
    batch1, batch2 = _class()
    book = tmp_path / "gb.sqlite"
    grading.record_gradebook(batch1, book)
    grading.record_gradebook([g for g in batch2 if not g.errors], book)  # a gradebook has no void grades
    from_book = analytics.report_tables(analytics.read_grades([book]))
    columns = ["topic", "question", "submissions", *analytics.OUTCOMES]
    assert from_book["questions"][columns].equals(tables["questions"][columns])
    named = tables["misconceptions"]
    named = named[named["misconception"] != ""][["question", "misconception", "answers"]].reset_index(drop=True)
    assert from_book["misconceptions"][["question", "misconception", "answers"]].equals(named)


def test_the_report_writes_a_page_with_plots_and_the_same_tables_as_csv(grades_files, tables, tmp_path):
    page = analytics.write_report(analytics.read_grades(grades_files), tmp_path / "r")
    text = page.read_text(encoding="utf-8")
    for section in ("scores", "questions", "misconceptions", "errors"):
        assert f"id='{section}'" in text and f"id='plot-{section}'" in text
    for name, frame in tables.items():
        with (tmp_path / "r" / f"{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == list(frame.columns) and len(rows) == len(frame) + 1


def test_the_chinese_report_has_chinese_headings_and_no_missing_glyphs(grades_files, tmp_path):
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = analytics.write_report(analytics.read_grades(grades_files), tmp_path / "zh", lang="zh").read_text()
    assert "各题最常见的错误认识" in text and "<html lang='zh'>" in text
    # Chinese plot labels with a CJK font (make fonts), English ones without: never empty boxes
    assert not [w for w in caught if "missing from font" in str(w.message)]


# -- hostile names ----------------------------------------------------------------------------------
# the last is bad mathtext in a plot label, and a bidi override
HOSTILE = ["<script>alert(1)</script>", "=HYPERLINK(\"http://evil\",\"x\")", "\"><img src=x onerror=alert(1)>",
           "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "$\\nosuchcommand{$ \u202egnp.exe"]


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def _hostile_class():
    grades = []
    for i, name in enumerate(HOSTILE):
        g = _submission(name, name, [ORDERS.id, CHOICE.id], i)
        g.problems.append(T(f"cell 2 raised {name}"))
        grades.append(g)
    grades[0].questions[0].outcome.cause = T(HOSTILE[2])  # a cause quoting learner text
    return grades


def test_hostile_names_are_text_in_the_page(tmp_path):
    page = analytics.write_report(analytics.read_grades([grading.write_json(_hostile_class(), tmp_path / "g.json")]),
                                  tmp_path / "r").read_text(encoding="utf-8")
    parsed = _Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert not [a for a in parsed.attributes if a[0].startswith("on")]
    assert {a[1].split(",")[0] for a in parsed.attributes if a[0] == "src"} == {"data:image/png;base64"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "\\u202e" in page  # a bidi override is shown, not obeyed


def test_hostile_names_never_start_a_formula_in_the_csv(tmp_path):
    analytics.write_report(analytics.read_grades([grading.write_json(_hostile_class(), tmp_path / "g.json")]),
                           tmp_path / "r")
    seen = set()
    for path in (tmp_path / "r").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    seen.add(cell)
                    assert not cell or cell[0] not in "=+@\t\r" and not (cell[0] == "-" and not _number(cell)), cell
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in seen and "'-2+3" in seen


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- the command -------------------------------------------------------------------------------------
def test_workbook_report_takes_several_batches(grades_files, tmp_path, capsys):
    assert main(["report", *map(str, grades_files), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "out" / "report.html")
    with (tmp_path / "out" / "scores.csv").open(encoding="utf-8") as f:
        assert sum(1 for _ in f) == 1 + N_00 + N_99


def test_workbook_report_errors_are_clean(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text(json.dumps({"not": "a list"}))
    assert main(["report", str(tmp_path / "bad.json"), "--out", str(tmp_path / "o")]) == 2
    assert "workbook grade --json" in capsys.readouterr().err
    (tmp_path / "empty.json").write_text("[]")
    assert main(["report", str(tmp_path / "empty.json"), "--out", str(tmp_path / "o")]) == 2
    assert "no graded submissions" in capsys.readouterr().err


def test_workbook_grade_then_report_names_the_misconception_end_to_end(tmp_path, capsys):
    """A real (trusted) grading of notebook 00 with the lines-for-orders mistake, then the report."""
    from grader.notebooks import exercise_cells, read, write

    nb = read(ROOT / "notebooks" / "00_start_here.ipynb")
    index = next(i for i, qid in exercise_cells(nb) if qid == ORDERS.id)
    nb.cells[index].source = ('def orders_per_customer(lines):\n'
                              '    return lines.groupby("customer_id").size().rename("n_orders")\n\n'
                              'ex.orders_per_customer.check(orders_per_customer)\n')
    write(nb, tmp_path / "submitted" / "ana" / "00_start_here.ipynb")
    grades = tmp_path / "grades.json"
    assert main(["grade", str(tmp_path / "submitted"), "--trusted", "--seed", "11", "--jobs", "1",
                 "--json", str(grades)]) == 0
    entry = next(q for q in json.loads(grades.read_text())[0]["questions"] if q["id"] == ORDERS.id)
    assert (entry["outcome"], entry["misconception"]) == ("incorrect", LINES.name)
    assert main(["report", str(grades), "--out", str(tmp_path / "report")]) == 0
    with (tmp_path / "report" / "misconceptions.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["question"] == ORDERS.id]
    assert [(r["misconception"], r["answers"]) for r in rows] == [(LINES.name, "1")]
