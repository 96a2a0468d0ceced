"""``workbook assign``: the candidate's notebook and data, the signature, and the interviewer's guide."""

from __future__ import annotations

import ast
import gzip
import hashlib
import hmac
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from grader.assign import (
    SECRET_ENV,
    assignment_notebook,
    choose_questions,
    expected_minutes,
    sign,
    verify,
    write_assignment,
)
from grader.cli import main
from grader.notebooks import TAG_PREFIX, exercise_cells, read
from grader.questions import ChoiceQuestion, OpenQuestion
from grader.registry import find_question
from grader.shop import generate_shop
from grader.tables import build_customer_table

SEED = 11
SECRET = "interview-key"
#: one question of every assignable kind, from two notebooks
IDS = ["start.orders_per_customer", "fe.orders", "start.snapshot_rule", "fe.joins", "start.why_value",
       "start.first_model"]
QUESTIONS = [find_question(q) for q in IDS]


@pytest.fixture(scope="module")
def shop():
    return generate_shop(seed=SEED)


@pytest.fixture(scope="module")
def exam(tmp_path_factory):
    out = tmp_path_factory.mktemp("exam")
    return write_assignment(out, seed=SEED, question_ids=IDS, mode="exam", candidate="ana", secret=SECRET)


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    out = tmp_path_factory.mktemp("practice")
    return write_assignment(out, seed=SEED, question_ids=IDS, mode="practice", lang="zh")


def _setup_source(nb) -> str:
    return nb.cells[1].source


def _file_texts(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` as text (gzip files decompressed)."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[str(path.relative_to(folder))] = data.decode("utf-8")
    return texts


def _solution_parts(q) -> list[str]:
    """The answer-bearing code of a reference solution: function bodies without their docstring, and
    every other top-level statement (``snapshot_rule = 'b'``, ``model = first_model()``, ...)."""
    source = q.solution_code()
    parts = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            lines = source.splitlines()[body[0].lineno - 1: body[-1].end_lineno]
            parts.append("\n".join(lines))
        else:
            parts.append(ast.get_source_segment(source, node))
    return parts


# -- the candidate's notebook ------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["exam", "practice"])
def test_notebooks_are_valid_nbformat_with_one_tagged_cell_per_question(mode, request):
    result = request.getfixturevalue(mode)
    nb = read(result.notebook)
    nbformat.validate(nb)
    assert [qid for _, qid in exercise_cells(nb)] == IDS
    for index, qid in exercise_cells(nb):
        assert nb.cells[index - 1].cell_type == "markdown"
        assert nb.cells[index].metadata["tags"] == [f"{TAG_PREFIX}{qid}"]


def test_exam_candidate_folder_has_no_grader_and_no_answer(exam):
    folder = exam.notebook.parent
    texts = _file_texts(folder)
    assert sorted(texts) == ["assignment.ipynb", "data/customers.csv.gz", "data/order_lines.csv.gz",
                             "data/sessions.csv.gz"]
    notebook = texts["assignment.ipynb"]
    for needle in ("import grader", "from grader", ".check(", ".hint(", ".solution(", "import solutions",
                   "from solutions"):
        assert needle not in notebook, needle
    for q in QUESTIONS:
        for part in _solution_parts(q):
            assert len(part) > 10, (q.id, part)
            for name, text in texts.items():
                assert part not in text, (q.id, name, part)
        if isinstance(q, OpenQuestion):
            assert q.model_answer.render("en") not in notebook


def test_answers_the_candidate_must_not_see_are_in_the_interviewers_guide(exam):
    guide = exam.guide.read_text(encoding="utf-8")
    for q in QUESTIONS:
        for part in _solution_parts(q):
            if not isinstance(q, (ChoiceQuestion, OpenQuestion)):
                assert part in guide, (q.id, part)  # the negative check above is not vacuous


def test_exam_exercise_cells_hold_only_the_stub(exam):
    nb = read(exam.notebook)
    for index, qid in exercise_cells(nb):
        q = find_question(qid)
        assert nb.cells[index].source == q.stub_source().rsplit("\n\n", 1)[0]
        assert q.check_call() not in nb.cells[index].source


def test_practice_binds_the_questions_and_keeps_the_check_calls(practice):
    nb = read(practice.notebook)
    setup = _setup_source(nb)
    assert "import grader" in setup and 'grader.setup(lang="zh")' in setup
    assert repr(IDS) in setup
    for index, qid in exercise_cells(nb):
        q = find_question(qid)
        assert nb.cells[index].source == q.stub_source()
        assert nb.cells[index].source.endswith(q.check_call())
    assert "作答说明" in nb.cells[0].source  # the instructions are in the chosen language
    joins = nb.cells[exercise_cells(nb)[3][0] - 1].source
    for option in find_question("fe.joins").options.values():
        assert option.render("zh") in joins


def test_choice_options_are_a_list_with_the_candidates_letters(exam):
    nb = read(exam.notebook)
    markdown = {qid: nb.cells[index - 1].source for index, qid in exercise_cells(nb)}
    bound = {q.id: q for q in exam.questions}
    for qid in ("start.snapshot_rule", "fe.joins"):
        q = bound[qid]
        items = [line for line in markdown[qid].splitlines() if line.startswith("- ")]
        assert items == [f"- **{letter})** {option.render('en')}" for letter, option in q.options.items()]
        assert q.prompt.render("en") in markdown[qid]
        assert sorted(q.options.values(), key=str) == sorted(find_question(qid).options.values(), key=str)


def test_exam_setup_reads_back_exactly_the_generated_variant(exam, shop, monkeypatch):
    monkeypatch.chdir(exam.notebook.parent)
    namespace = {}
    exec(_setup_source(read(exam.notebook)), namespace)
    for name in ("customers", "order_lines", "sessions"):
        pd.testing.assert_frame_equal(namespace[name], getattr(shop, name))
    assert "customer_table" not in namespace  # the answer of fe.table: never shipped with it
    assert namespace["SNAPSHOT"] == shop.snapshot and namespace["WINDOW_END"] == shop.window_end


def test_practice_setup_binds_and_reads_the_same_variant(practice, shop, monkeypatch):
    monkeypatch.chdir(practice.notebook.parent)
    namespace = {}
    exec(_setup_source(read(practice.notebook)), namespace)
    assert [q.id for q in namespace["ex"]] == IDS
    assert [q.options for q in namespace["ex"] if q.kind == "choice"] == [
        q.options for q in practice.questions if q.kind == "choice"]  # the candidate's letters
    pd.testing.assert_frame_equal(namespace["order_lines"], shop.order_lines)


def test_exam_notebook_runs_with_pandas_and_scikit_learn_alone(exam, shop):
    """One kernel: a cell that makes ``grader`` unimportable, the set-up, and the key's answers."""
    nb = read(exam.notebook)
    bound = {q.id: q for q in exam.questions}
    for index, qid in exercise_cells(nb):
        q = bound[qid]
        if q.kind != "estimator":  # the reference factory relies on its module's imports
            nb.cells[index].source = q.solution_code()
    guard = 'import sys\nsys.modules["grader"] = sys.modules["solutions"] = None  # import grader now fails'
    probe = "print(len(customers), len(orders_from_lines(order_lines)), snapshot_rule)"
    nb.cells = [nbformat.v4.new_code_cell(guard), *nb.cells, nbformat.v4.new_code_cell(probe)]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(exam.notebook.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    n_orders = shop.order_lines["order_id"].nunique()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    assert printed.split() == [str(len(shop.customers)), str(n_orders), bound["start.snapshot_rule"].answer]


# -- metadata and signature --------------------------------------------------------------------
def test_metadata_records_the_assignment_and_a_valid_signature(exam):
    meta = read(exam.notebook).metadata["workbook"]
    assert meta["topic"] == "assignment" and meta["learner"] == "ana"
    assignment = meta["assignment"]
    assert {k: v for k, v in assignment.items() if k != "signature"} == {
        "questions": IDS, "seed": SEED, "lang": "en", "mode": "exam", "learner": "ana"}
    assert exam.signed and verify(assignment, SECRET) is None


def _assignment(**changes):
    a = {"questions": ["fe.orders", "fe.rfm"], "seed": 7, "lang": "en", "mode": "exam", "learner": "ana"}
    a.update(changes)
    a["signature"] = sign(a, SECRET)
    return a


def test_signature_is_hmac_sha256_of_canonical_json():
    a = _assignment()
    fields = {k: a[k] for k in ("questions", "seed", "lang", "mode", "learner")}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    assert a["signature"] == hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()
    assert sign(dict(reversed(list(a.items()))), SECRET) == a["signature"]  # key order is irrelevant
    assert sign(a, None) is None and sign(a, "") is None


def test_sign_verify_round_trip():
    assert verify(_assignment(), SECRET) is None
    assert verify(_assignment(learner=None, lang="zh", mode="practice"), SECRET) is None


@pytest.mark.parametrize("change", [
    {"seed": 8}, {"seed": "7"}, {"questions": ["fe.orders"]}, {"questions": ["fe.rfm", "fe.orders"]},
    {"questions": ["fe.orders", "fe.rfm", "fe.label"]}, {"learner": "bob"}, {"mode": "practice"},
    {"lang": "zh"},
], ids=lambda c: f"{next(iter(c))}={next(iter(c.values()))!r}")
def test_tampering_is_detected(change):
    tampered = {**_assignment(), **change}
    reason = verify(tampered, SECRET)
    assert reason is not None and reason.startswith("signature does not match: questions or seed were changed")


def test_a_different_secret_or_a_forged_signature_is_detected():
    assert verify(_assignment(), "another-key").startswith("signature does not match")
    assert verify({**_assignment(), "signature": "0" * 64}, SECRET).startswith("signature does not match")
    assert verify({**_assignment(), "signature": 12}, SECRET).startswith("signature does not match")


def test_unsigned_and_missing_secret_give_the_documented_reasons():
    signed, unsigned = _assignment(), {**_assignment(), "signature": None}
    assert verify(signed, None) == f"assignment is signed but {SECRET_ENV} is not set"
    assert verify(unsigned, SECRET) == f"assignment is not signed but {SECRET_ENV} is set"
    assert verify(unsigned, None) is None
    missing_seed = {k: v for k, v in signed.items() if k != "seed"}
    assert verify(missing_seed, SECRET).startswith("assignment is malformed")
    assert verify(["fe.orders"], SECRET).startswith("assignment is malformed")


# -- the command line --------------------------------------------------------------------------
def test_cli_signs_with_the_environment_secret(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert main(["assign", "--questions", "fe.joins,start.why_value", "--seed", "3", "--out", str(tmp_path),
                 "--candidate", "bo"]) == 0
    out = capsys.readouterr()
    assert "unsigned" not in out.err and "INTERVIEWER.md" in out.out
    assignment = read(tmp_path / "candidate" / "assignment.ipynb").metadata["workbook"]["assignment"]
    assert verify(assignment, SECRET) is None and assignment["learner"] == "bo"


def test_cli_warns_when_the_assignment_is_unsigned(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert main(["assign", "--topic", "02", "--seed", "3", "--mode", "practice", "--out", str(tmp_path)]) == 0
    assert f"warning: {SECRET_ENV} is not set" in capsys.readouterr().err
    meta = read(tmp_path / "candidate" / "assignment.ipynb").metadata["workbook"]
    assert meta["assignment"]["signature"] is None and meta["learner"] is None
    assert meta["assignment"]["questions"] == [q.id for q in choose_questions(topic="02")]




def test_unknown_ids_suggest_a_close_match(tmp_path, capsys):
    assert main(["assign", "--questions", "fe.ordrs", "--seed", "3", "--out", str(tmp_path)]) == 2
    assert "No question 'fe.ordrs'. Did you mean 'fe.orders'?" in capsys.readouterr().err
    with pytest.raises(LookupError, match="Did you mean 'fe.rfm'"):
        choose_questions(["fe.orders", "fe.rfmm"])


@pytest.mark.parametrize("argv", [
    ["--questions", "fe.orders", "--topic", "02", "--seed", "1"],
    ["--seed", "1"],
    ["--questions", "fe.orders"],
    ["--questions", "fe.orders", "--seed", "1", "--mode", "test"],
], ids=["both", "neither", "no-seed", "bad-mode"])
def test_argument_errors_exit_2(argv, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["assign", *argv, "--out", str(tmp_path)])
    assert exc.value.code == 2


def test_repeated_ids_a_negative_seed_and_an_existing_folder_are_refused(tmp_path, exam):
    with pytest.raises(ValueError, match="Repeated: fe.orders"):
        choose_questions(["fe.orders", "fe.rfm", "fe.orders"])
    with pytest.raises(ValueError, match="non-negative"):
        write_assignment(tmp_path, seed=-1, question_ids=["fe.joins"])
    with pytest.raises(ValueError, match="already exists"):
        write_assignment(exam.guide.parent, seed=SEED, question_ids=["fe.joins"])


def test_assignment_notebook_validates_mode_and_language(shop):
    frames = {"customers": shop.customers, "order_lines": shop.order_lines, "sessions": shop.sessions,
              "customer_table": build_customer_table(shop)}
    with pytest.raises(ValueError, match="mode"):
        assignment_notebook(QUESTIONS[:1], frames, seed=SEED, mode="quiz")
    with pytest.raises(ValueError, match="language"):
        assignment_notebook(QUESTIONS[:1], frames, seed=SEED, lang="fr")


# -- the interviewer's guide -------------------------------------------------------------------
def test_guide_is_outside_the_candidate_folder(exam):
    folder = exam.notebook.parent
    assert exam.guide.name == "INTERVIEWER.md" and exam.guide.parent == folder.parent
    assert not exam.guide.resolve().is_relative_to(folder.resolve())
    assert "INTERVIEWER.md" not in {p.name for p in folder.rglob("*")}


def test_guide_has_every_question_its_answer_and_how_to_grade(exam):
    guide = exam.guide.read_text(encoding="utf-8")
    assert f"workbook grade {exam.notebook.as_posix()} --seed PRIVATE --json" in guide  # no roster was kept
    assert SECRET_ENV in guide
    assert "| candidate | ana |" in guide and f"| data seed | {SEED} |" in guide
    for q in exam.questions:
        assert f"`{q.id}`" in guide
        assert f"about {expected_minutes(q):g} minutes" in guide
        assert q.prompt.render("en") in guide
        for hint in q.hints:
            assert hint.render("en") in guide
        if isinstance(q, ChoiceQuestion):
            assert f"Right: {q.answer})" in guide
            for why in q.explanations.values():
                assert why.render("en") in guide
        elif isinstance(q, OpenQuestion):
            assert q.model_answer.render("en") in guide
            for criterion, points in q.rubric:
                assert f"| {criterion.render('en')} | {points:g} |" in guide
        else:
            assert f"```python\n{q.solution_code()}\n```" in guide
        for m in getattr(q, "misconceptions", ()):
            assert f"Probe (`{m.name}`)" in guide and m.message.render("en") in guide


def test_guide_is_in_the_chosen_language(practice):
    guide = practice.guide.read_text(encoding="utf-8")
    assert guide.startswith("# 面试测评")
    assert find_question("start.why_value").model_answer.render("zh") in guide
    assert "**否**" in guide  # unsigned


def test_expected_minutes_follow_the_documented_rule():
    by_id = {q.id: expected_minutes(q) for q in QUESTIONS}
    assert by_id["start.snapshot_rule"] == 3 and by_id["start.why_value"] == 8
    assert by_id["fe.orders"] == 8 * find_question("fe.orders").points
    assert by_id["start.first_model"] == 8 * find_question("start.first_model").points
    assert expected_minutes(find_question("start.n_active")) == 5


def test_guide_grades_with_the_roster_that_recorded_the_assignment(tmp_path):
    roster = tmp_path / "all" / "roster.json"
    result = write_assignment(tmp_path / "bo", seed=SEED, question_ids=IDS, candidate="bo", secret=SECRET,
                              roster=roster)
    guide = result.guide.read_text(encoding="utf-8")
    assert f"workbook grade {result.notebook.as_posix()} --roster {roster.as_posix()} --seed PRIVATE" in guide
