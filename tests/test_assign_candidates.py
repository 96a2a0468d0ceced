"""What a candidate gets from ``workbook assign``: raw data and questions only, every question
assignable (value questions on the candidate's variant), choice letters of their own, levels, and
an ``--out`` folder that never ends up in git."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from grader.assign import choose_questions, shipped_frames, write_assignment
from grader.cli import main
from grader.grading.results import GradeOptions
from grader.grading.submissions import _questions_for
from grader.notebooks import exercise_cells, read
from grader.outcomes import Correct, Incorrect
from grader.questions import LEVELS, ChoiceQuestion, FunctionQuestion, ValueQuestion, variant_namespace
from grader.registry import all_questions, bind, find_question, load, notebook_names

SEED = 23
TOPICS = notebook_names()
ROOT = Path(__file__).resolve().parents[1]


SECRET = "interviewer-key"


@pytest.fixture(scope="module")
def topic_assignments(tmp_path_factory):
    """One exam assignment per topic, all for the candidate seed ``SEED``."""
    return {topic: write_assignment(tmp_path_factory.mktemp(topic[:2]), seed=SEED, topic=topic[:2],
                                    candidate="ana", secret=SECRET)
            for topic in TOPICS}


# -- what the candidate folder holds ---------------------------------------------------------
def _shipped_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """Every data file of a candidate folder as a frame (read the way a candidate would)."""
    return {str(p.relative_to(folder)): pd.read_csv(p) for p in sorted(folder.rglob("*.csv*"))}


def _as_frame(value) -> pd.DataFrame | None:
    """A reference output as a plain frame with its index as columns, or None if it is not tabular."""
    if isinstance(value, pd.Series):
        value = value.to_frame(value.name if value.name is not None else "value")
    if not isinstance(value, pd.DataFrame):
        return None
    if not isinstance(value.index, pd.RangeIndex) or value.index.name is not None:
        value = value.reset_index()
    return value


def _same(a: pd.Series, b: pd.Series) -> bool:
    """Equal values, numbers to a relative 1e-6, dates compared as text, NaN equal to NaN."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    if pd.api.types.is_bool_dtype(a) or pd.api.types.is_bool_dtype(b):
        a, b = a.astype("string"), b.astype("string")
    try:
        x, y = a.astype(float).to_numpy(), b.astype(float).to_numpy()
        return bool(np.allclose(x, y, rtol=1e-6, atol=1e-9, equal_nan=True))
    except (TypeError, ValueError):
        return bool((a.astype("string").fillna("<NA>").str[:10] == b.astype("string").fillna("<NA>").str[:10]).all())


def _contained(reference: pd.DataFrame, shipped: pd.DataFrame, raw: pd.DataFrame) -> list[str]:
    """The reference's columns whose values a shipped table holds, row for row by customer.

    A reference column that merely copies a raw column of ``raw`` (the customers file, e.g. ``age``)
    is an input, not an answer, and is not counted.
    """
    key = "customer_id"
    if key not in reference or key not in shipped or not shipped[key].is_unique or not reference[key].is_unique:
        return []
    both = reference.merge(shipped, on=key, suffixes=("", "__shipped"))
    if len(both) < max(1, len(reference) // 2):
        return []
    inputs = reference.merge(raw, on=key, suffixes=("", "__raw"))
    leaks = []
    for column in reference.columns.drop(key):
        copies_input = any(len(inputs) == len(reference) and _same(inputs[column], inputs[c])
                           for c in raw.columns.drop(key) if c in inputs)
        if copies_input:
            continue
        shipped_columns = [c if c not in reference.columns else f"{c}__shipped" for c in shipped.columns.drop(key)]
        if any(_same(both[column], both[c]) for c in shipped_columns if c in both):
            leaks.append(column)
    return leaks


def _reference_outputs(questions, seed: int) -> dict[str, object]:
    """Each function question's reference output on the candidate's data, where its arguments are
    data the candidate has (by parameter name), feeding outputs to later questions by short name;
    and each value question's expected value on that data."""
    data = variant_namespace(seed)
    scope = {"lines": data["order_lines"], "order_lines": data["order_lines"], "sessions": data["sessions"],
             "customers": data["customers"], "snapshot": data["SNAPSHOT"], "window_end": data["WINDOW_END"],
             "table": data["customer_table"]}
    outputs = {}
    for q in questions:
        if isinstance(q, ValueQuestion):
            outputs[q.id] = q.expected()
        elif isinstance(q, FunctionQuestion):
            params = [p for p in inspect.signature(q.reference).parameters.values() if p.default is p.empty]
            if all(p.name in scope for p in params):
                outputs[q.id] = scope[q.short] = q.reference(*[scope[p.name] for p in params])
    return outputs


def _numbers_in(value) -> list[str]:
    """The distinctive numbers of a value (ints of three digits or more, non-integral floats) as text."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers_in(v)]
    if isinstance(value, (bool, np.bool_)):
        return []
    if isinstance(value, (int, np.integer)):
        return [str(int(value))] if abs(value) >= 100 else []
    if isinstance(value, (float, np.floating)):
        return [repr(float(value)), f"{value:.4f}".rstrip("0")] if np.isfinite(value) and value % 1 else []
    return []


def test_the_leak_check_finds_the_customer_table_of_topic_02():
    """The check below is not vacuous: the customer table a topic-02 folder used to ship holds the answers."""
    data = variant_namespace(SEED)
    outputs = _reference_outputs(load("02"), SEED)
    table = pd.read_csv(_write_table(data["customer_table"]))
    raw = data["customers"]
    leaked = {qid for qid, out in outputs.items()
              if (frame := _as_frame(out)) is not None and _contained(frame, table, raw)}
    assert {"fe.rfm", "fe.behaviour", "fe.label", "fe.table"} <= leaked


def _write_table(table):
    import tempfile

    from grader.tables import write_customer_table

    return write_customer_table(table, tempfile.mkdtemp())


@pytest.mark.parametrize("topic", TOPICS)
def test_no_shipped_file_equals_or_contains_a_reference_output(topic, topic_assignments):
    result = topic_assignments[topic]
    folder = result.notebook.parent
    assert not (folder / "INTERVIEWER.md").exists()
    outputs = _reference_outputs(result.questions, SEED)
    # 07 and 08 build models; 11 works from the CDNOW log, not from the shop data an assignment ships;
    # 04's functions take splits, columns and matrices the cases make, never a shipped frame by name;
    # 01's also take margin rates, windows and scores, 09's fitted models and importances, 10's the scores
    # and segments the candidate computes first, 14's single texts and label lists: no candidate file holds them
    assert outputs or topic.startswith(("01", "04", "07", "08", "09", "10", "11", "14")), \
        "nothing to compare: the check would be vacuous"
    raw = variant_namespace(SEED)["customers"]
    for name, shipped in _shipped_frames(folder).items():
        for qid, output in outputs.items():
            frame = _as_frame(output)
            if frame is None:
                continue
            assert not (frame.shape == shipped.shape and all(_same(frame[c], shipped[c]) for c in frame
                                                             if c in shipped)), (qid, name)
            assert _contained(frame, shipped, raw) == [], (qid, name)
    notebook = result.notebook.read_text(encoding="utf-8")
    for qid, output in outputs.items():
        for number in _numbers_in(output):
            assert not re.search(rf"(?<![\w.]){re.escape(number)}(?![\w])", notebook), (qid, number)
    for q in result.questions:
        if isinstance(q, ChoiceQuestion):
            assert f"{q.name} = {q.answer!r}" not in notebook


@pytest.mark.parametrize("qid", ["fe.seed_snippet", "ms.seed_snippet", "tune.seed_review"])
def test_a_script_a_question_reviews_is_in_its_assignment(qid, tmp_path):
    result = write_assignment(tmp_path, seed=SEED, question_ids=[qid])
    nb = read(result.notebook)
    index = exercise_cells(nb)[0][0]
    markdown = nb.cells[index - 1].source
    assert "```python" in markdown and "shown in the notebook" not in markdown
    code = markdown.split("```python", 1)[1].split("```", 1)[0]
    compile(code, qid, "exec")  # a real script, not a placeholder
    assert len(code.strip().splitlines()) >= 4


def test_every_prompt_stands_on_its_own():
    """No prompt points at notebook material an assignment does not carry."""
    for _, q in all_questions():
        for lang in ("en", "zh"):
            text = q.prompt.render(lang)
            for phrase in ("shown in the notebook", " above", "笔记本中展示", "上面的"):
                assert phrase not in text, (q.id, lang, phrase)


def test_an_assignment_never_ships_data_another_question_builds(tmp_path, capsys):
    with pytest.raises(ValueError, match="fe.table ask the candidate to build the customer_table that "
                                         "md.dropna_effect take as input"):
        choose_questions(["fe.orders", "fe.rfm", "fe.label", "fe.table", "md.dropna_effect"])
    assert main(["assign", "--questions", "fe.orders,ms.baseline", "--seed", "1", "--out", str(tmp_path)]) == 2
    assert "separate assignments" in capsys.readouterr().err and not (tmp_path / "candidate").exists()
    assert shipped_frames(choose_questions(topic="02")) == ("customers", "order_lines", "sessions")
    assert shipped_frames(choose_questions(topic="03"))[-1] == "customer_table"


def test_a_question_comes_with_the_functions_its_prompt_builds_on(tmp_path, capsys):
    from grader.assign import requirements

    assert [q.id for q in requirements(find_question("mt.honest_profit"))] == ["mt.profit", "mt.best_threshold"]
    assert requirements(find_question("mt.profit")) == []
    with pytest.raises(ValueError, match=r"mt.honest_profit builds on `campaign_profit` \(mt.profit\), "
                                         r"`best_threshold` \(mt.best_threshold\).*assign mt.profit, "
                                         "mt.best_threshold too"):
        choose_questions(["mt.honest_profit"])
    assert main(["assign", "--questions", "mt.best_threshold", "--seed", "1", "--out", str(tmp_path)]) == 2
    assert "assign mt.profit too" in capsys.readouterr().err
    senior = [q.id for q in choose_questions(topic="06", level="senior")]
    assert "mt.profit" in senior and find_question("mt.profit").level != "senior"  # brought in, not dropped
    for _, q in all_questions():  # every prompt names only functions the notebook defines
        for r in requirements(q):
            assert r.kind == "function" and r.id.split(".")[0] == q.id.split(".")[0]


# -- value questions on the candidate's variant -----------------------------------------------
VALUE_TOPICS = sorted({nb for nb, q in all_questions() if q.kind == "value"})


@pytest.mark.parametrize("topic", VALUE_TOPICS)
def test_every_topic_with_value_questions_can_be_assigned(topic, tmp_path, capsys):
    assert main(["assign", "--topic", topic[:2], "--seed", "4", "--out", str(tmp_path / "out")]) == 0
    meta = read(tmp_path / "out" / "candidate" / "assignment.ipynb").metadata["workbook"]["assignment"]
    assert meta["questions"] == [q.id for q in load(topic)]


@pytest.mark.parametrize("topic", VALUE_TOPICS)
def test_value_cells_compute_the_inputs_the_grader_expects(topic, topic_assignments, monkeypatch):
    """Run the set-up and each value question's data cell as the candidate would; the reference on
    what they define is Correct for the candidate's question and not for the workbook's."""
    result = topic_assignments[topic]
    nb = read(result.notebook)
    monkeypatch.chdir(result.notebook.parent)
    namespace = {}
    exec(nb.cells[1].source, namespace)
    bound = {q.id: q for q in result.questions}
    values = [q for q in result.questions if isinstance(q, ValueQuestion)]
    assert values
    for index, qid in exercise_cells(nb):
        q = bound[qid]
        if isinstance(q, ValueQuestion):
            if q.setup:
                assert nb.cells[index - 1].source == q.setup and nb.cells[index - 1].cell_type == "code"
                exec(q.setup, namespace)
            answer = q.reference(*[namespace[a] for a in q.arg_names])
            assert isinstance(q.evaluate(answer), Correct), qid
            assert isinstance(find_question(qid).evaluate(answer), Incorrect), qid  # the variant matters
            assert isinstance(q.evaluate(find_question(qid).expected()), Incorrect), qid


@pytest.mark.parametrize("qid", [q.id for _, q in all_questions() if q.kind == "value"])
def test_a_value_questions_setup_reproduces_its_workbook_inputs(qid):
    from grader.compare import compare
    from grader.shop import DEFAULT_SEED

    q = find_question(qid)
    for want, got in zip(q.inputs(), q.inputs_from(variant_namespace(DEFAULT_SEED)), strict=True):
        assert compare(want, got) is None


def test_grading_judges_an_assignment_as_its_candidate_saw_it(topic_assignments):
    """``workbook grade`` takes the questions bound to the assignment's data seed."""
    result = topic_assignments["06_metrics"]
    nb = nbformat.read(str(result.notebook), as_version=4)
    _, questions, _, problem = _questions_for(nb, result.notebook, GradeOptions(seed=1, secret=SECRET))
    assert problem is None
    for graded, shown in zip(questions, result.questions, strict=True):
        if isinstance(shown, ValueQuestion):
            assert graded.expected() == shown.expected() != find_question(shown.id).expected()
        if isinstance(shown, ChoiceQuestion):
            assert graded.options == shown.options and graded.answer == shown.answer


# -- choices: letters per candidate ------------------------------------------------------------
CHOICES = [q for _, q in all_questions() if isinstance(q, ChoiceQuestion)]


@pytest.mark.parametrize("q", CHOICES, ids=lambda q: q.id)
def test_shuffled_letters_carry_the_answer_key_and_explanations(q):
    right_texts = {q.options[x] for x in (q.answer if q.multiple else {q.answer})}
    orders = set()
    for seed in range(12):
        s = q.for_assignment(seed)
        assert list(s.options) == list(q.options) and sorted(s.options.values(), key=str) == sorted(
            q.options.values(), key=str)
        assert {s.options[x] for x in (s.answer if s.multiple else {s.answer})} == right_texts
        for letter, why in s.explanations.items():
            old = next(k for k, v in q.options.items() if v == s.options[letter])
            assert q.explanations[old] == why
        assert isinstance(s.evaluate(set(s.answer) if s.multiple else s.answer), Correct)
        wrong = next(x for x in s.options if x not in (s.answer if s.multiple else {s.answer}))
        outcome = s.evaluate({wrong} | set(s.answer) if s.multiple else wrong)
        assert isinstance(outcome, Incorrect) and outcome.cause == s.explanations.get(wrong)
        assert s.for_assignment  # noqa: B018 - a bound question is still a question
        orders.add(tuple(s.options[x].en for x in s.options))
        assert q.for_assignment(seed).options == s.options  # the same candidate, the same letters
    assert len(orders) > 3  # candidates do not share one order


def test_bind_with_a_seed_gives_the_candidates_questions():
    ids = ["start.snapshot_rule", "start.n_active"]
    ex = bind(ids, seed=SEED)
    assert ex.snapshot_rule.options == find_question("start.snapshot_rule").for_assignment(SEED).options
    assert ex.n_active.expected() == find_question("start.n_active").for_assignment(SEED).expected()
    assert bind(ids).snapshot_rule is find_question("start.snapshot_rule")


# -- levels ------------------------------------------------------------------------------------
def test_every_question_declares_a_level():
    assert {q.level for _, q in all_questions()} == set(LEVELS)


def test_level_option_picks_the_topics_questions_of_that_level(tmp_path, capsys):
    from grader.assign import requirements

    for level in LEVELS:
        chosen = choose_questions(topic="06", level=level)
        wanted = [q for q in load("06") if q.level == level]
        needed = {r.id for q in wanted for r in requirements(q)}
        assert chosen and [q.id for q in chosen] == [q.id for q in load("06") if q.level == level or q.id in needed]
    assert main(["assign", "--topic", "03", "--level", "junior", "--seed", "2", "--out", str(tmp_path)]) == 0
    meta = read(tmp_path / "candidate" / "assignment.ipynb").metadata["workbook"]["assignment"]
    assert meta["questions"] == [q.id for q in load("03") if q.level == "junior"]
    guide = (tmp_path / "INTERVIEWER.md").read_text(encoding="utf-8")
    assert guide.count("· junior ·") == len(meta["questions"])


def test_level_mismatch_and_unknown_level_are_clear_errors(capsys, tmp_path):
    senior = next(q.id for _, q in all_questions() if q.level == "senior")
    with pytest.raises(ValueError, match=rf"Not junior questions: {re.escape(senior)} \(senior\)"):
        choose_questions([senior], level="junior")
    with pytest.raises(ValueError, match="must be one of junior, mid, senior. Got 'expert'"):
        choose_questions(topic="02", level="expert")
    with pytest.raises(SystemExit):
        main(["assign", "--topic", "02", "--level", "expert", "--seed", "1", "--out", str(tmp_path)])


def test_guide_asks_the_declared_follow_ups_in_order_before_the_probes(topic_assignments):
    result = topic_assignments["02_feature_engineering"]
    guide = result.guide.read_text(encoding="utf-8")
    for q in result.questions:
        section = guide.split(f"`{q.id}`", 1)[1].split("\n## ", 1)[0]
        asks = section.split("**Follow-up questions", 1)[1]
        positions = [asks.index(f.render("en")) for f in q.follow_ups]
        assert positions == sorted(positions) and len(positions) >= 2
        for m in getattr(q, "misconceptions", ()):
            assert asks.index(m.name) > positions[-1]


# -- --out inside a git work tree --------------------------------------------------------------
def _git(repo: Path, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def test_out_inside_a_git_work_tree_is_ignored_with_a_warning(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    out = repo / "interviews" / "ana"
    assert main(["assign", "--topic", "02", "--seed", "3", "--out", str(out), "--candidate", "ana"]) == 0
    err = capsys.readouterr().err
    assert f"inside the git work tree {repo.resolve()}" in err and "~/interviews/ana" in err
    assert (out / "INTERVIEWER.md").exists()
    status = _git(repo, "status", "--porcelain", "--untracked-files=all")
    assert status.split() == ["??", "pyproject.toml"]  # nothing of the interview folder
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=repo, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_out_outside_git_gets_no_gitignore_and_no_warning(tmp_path, capsys):
    if any((p / ".git").exists() for p in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder lies inside a git work tree")
    result = write_assignment(tmp_path / "ana", seed=3, question_ids=["fe.orders"])
    assert result.git_work_tree is None and not (tmp_path / "ana" / ".gitignore").exists()


def test_readme_examples_write_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outs = re.findall(r"workbook assign [^`\n]*--out (\S+)", readme)
    assert outs and all(o.startswith(("~/", "/")) for o in outs), outs


# -- practice mode without grader ---------------------------------------------------------------
def test_practice_setup_says_what_to_install_when_grader_is_missing(tmp_path):
    result = write_assignment(tmp_path, seed=3, question_ids=["fe.orders"], mode="practice",
                              grader_source="git+https://example.org/workbook@v1")
    setup = read(result.notebook).cells[1].source
    script = "import sys\nsys.modules['grader'] = None\n" + setup
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([sys.executable, "-c", script], cwd=result.notebook.parent, capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()
    message = "\n".join(last[-6:])
    assert "ModuleNotFoundError: This practice assignment checks your answers with the workbook's `grader`" \
        in run.stderr
    assert f'{sys.executable} -m pip install "git+https://example.org/workbook@v1"' in message
    assert "restart the kernel" in message


def test_exam_setup_imports_nothing_of_the_workbook(topic_assignments):
    for result in topic_assignments.values():
        nb = read(result.notebook)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert not re.search(r"^\s*(import|from)\s+(grader|solutions)\b", code, re.M)


def test_workbook_grade_gives_full_marks_for_the_candidates_own_answers(tmp_path, monkeypatch):
    """End to end: an exam answered with the answers *for this candidate* (value on their data, their
    letter) scores full marks; the workbook's own letter and value score nothing."""
    import json as _json

    monkeypatch.setenv("WORKBOOK_SECRET", "k")
    ids = ["start.n_active", "start.snapshot_rule", "mt.auc_choice"]
    result = write_assignment(tmp_path / "ana", seed=SEED, question_ids=ids, secret="k")
    bound = {q.id: q for q in result.questions}
    assert bound["start.snapshot_rule"].answer != find_question("start.snapshot_rule").answer or \
        bound["mt.auc_choice"].answer != find_question("mt.auc_choice").answer  # a shuffle happened
    for name, answers in {
        "right": {q.id: q.solution_code() for q in result.questions},
        "workbook": {q.id: (f"{q.name} = {find_question(q.id).expected()!r}" if isinstance(q, ValueQuestion)
                            else find_question(q.id).solution_code()) for q in result.questions},
    }.items():
        nb = read(result.notebook)
        for index, qid in exercise_cells(nb):
            nb.cells[index].source = answers[qid]
        path = tmp_path / "ana" / "candidate" / f"{name}.ipynb"
        nbformat.write(nb, str(path))
        out = tmp_path / f"{name}.json"
        assert main(["grade", str(path), "--seed", "5", "--json", str(out), "--jobs", "1"]) == 0
        grades = {g["question"] if "question" in g else g["id"]: g
                  for g in _json.loads(out.read_text())[0]["questions"]}
        points = {qid: g["points"] for qid, g in grades.items()}
        if name == "right":
            assert points == {q.id: q.points for q in result.questions}, grades
        else:
            assert points["start.n_active"] == 0
            changed = [qid for qid in ("start.snapshot_rule", "mt.auc_choice")
                       if bound[qid].answer != find_question(qid).answer]
            assert changed and all(points[qid] == 0 for qid in changed), grades


def test_a_value_setup_cannot_spoil_the_shared_variant_and_must_define_its_arguments():
    from grader.i18n import T

    def width(n):
        return n

    spoiling = ValueQuestion(id="toy.width", level="junior", title=T("w", "宽"), name="w", reference=width,
                             arg_names=("n",), setup="del customer_table['high_value']\n"
                                                      "n = customer_table.shape[1]")
    assert spoiling.for_assignment(SEED).expected() == variant_namespace(SEED)["customer_table"].shape[1] - 1
    assert "high_value" in variant_namespace(SEED)["customer_table"]  # the cached frames are untouched
    forgetful = ValueQuestion(id="toy.none", level="junior", title=T("n", "无"), name="w", reference=width,
                              arg_names=("n",), setup="m = 1")
    with pytest.raises(ValueError, match="The setup of toy.none does not define n."):
        forgetful.inputs_from(variant_namespace(SEED))


def test_readme_interviewer_walkthrough(tmp_path, monkeypatch, capsys):
    """The README's interviewer commands, run as written (``~`` is a temporary home)."""
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For interviewers", 1)[1].split("\n## ", 1)[0]
    commands = [c for c in re.findall(r"`((?:WORKBOOK_SECRET=\.\.\. )?workbook (?:assign|grade) [^`]+)`", section)]
    assign = next(c for c in commands if " assign " in c)
    grade = next(c for c in commands if c.startswith("workbook grade ~/"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("WORKBOOK_SECRET", "readme-secret")
    argv = [os.path.expanduser(a) for a in shlex.split(assign.split("workbook ", 1)[1])]
    assert main(argv) == 0
    assert (tmp_path / "interviews" / "ana" / "INTERVIEWER.md").exists()
    argv = [os.path.expanduser(a) for a in shlex.split(grade.split("workbook ", 1)[1].replace("PRIVATE", "4242"))]
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--jobs", "1"]) == 0
    graded = __import__("json").loads((tmp_path / "grades.json").read_text())
    assert graded[0]["learner"] == "ana" and graded[0]["total"] == 0  # the untouched assignment earns nothing
