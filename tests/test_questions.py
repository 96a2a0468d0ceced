"""Every kind of question, every outcome, strict vs interactive, and hostile answers."""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import MEAN_MSG, POSITIVE_MSG, total_spend

from grader import (
    CheckFailed,
    Correct,
    Incorrect,
    LearnerCodeRaised,
    NotAttempted,
    TimedOut,
    Uncheckable,
    set_strict,
)
from grader.compare import compare


def stub(orders):
    """Untouched stub."""
    ...  # your code here


# --- function questions ----------------------------------------------------------------
def test_reference_is_correct_on_public_and_hidden_cases(spend_question):
    assert isinstance(spend_question.evaluate(total_spend), Correct)
    for seed in (1, 7, 12345):
        outcome = spend_question.evaluate(total_spend, seed=seed)
        assert isinstance(outcome, Correct)
        assert outcome.points == spend_question.points


@pytest.mark.parametrize(("index", "message"), [(0, MEAN_MSG), (1, POSITIVE_MSG)],
                         ids=["mean", "positive_only"])
def test_each_misconception_gets_its_own_message(spend_question, index, message):
    wrong = spend_question.misconceptions[index].fn
    outcome = spend_question.evaluate(wrong)
    assert isinstance(outcome, Incorrect)
    assert outcome.cause == message


def test_stub_is_not_attempted(spend_question):
    outcome = spend_question.evaluate(stub)
    assert isinstance(outcome, NotAttempted)
    assert outcome.points == 0


def test_partial_credit_counts_case_points(spend_question):
    # right except on refunds: fails only the refunded case (1 point of 4)
    outcome = spend_question.evaluate(spend_question.misconceptions[1].fn)
    cases = spend_question.case_list()
    failing = [c for c in cases if c.label.en == "a refunded order"]
    share = 1 - sum(c.points for c in failing) / sum(c.points for c in cases)
    assert outcome.points == pytest.approx(spend_question.points * share)


@pytest.mark.parametrize("answer", [None, [1, 2, 3], 42, "total_spend", pd.DataFrame({"a": [1]}),
                                    pd.DataFrame],
                         ids=["None", "list", "int", "str", "frame", "class"])
def test_non_functions_get_a_clean_message(spend_question, answer):
    outcome = spend_question.evaluate(answer)
    assert isinstance(outcome, Incorrect)
    assert "total_spend" in outcome.summary.en and outcome.cause is not None
    assert str(outcome)  # renders


@pytest.mark.parametrize("wrong", [
    lambda orders: orders,                                      # wrong columns
    lambda orders: [1, 2],                                      # a list
    lambda orders: total_spend(orders).assign(spend=np.nan),    # NaN everywhere
    lambda orders: total_spend(orders).set_index("customer_id"),  # key in the index
    lambda orders: total_spend(orders).astype({"spend": str}),  # numbers as text
], ids=["extra-columns", "list", "nan", "index", "text"])
def test_wrong_results_are_incorrect_with_a_diagnostic(spend_question, wrong):
    outcome = spend_question.evaluate(wrong)
    assert isinstance(outcome, Incorrect)
    assert outcome.details is not None and outcome.details.en


def test_forgotten_return_is_named(spend_question):
    def forgot(orders):
        orders.groupby("customer_id")["amount"].sum()

    outcome = spend_question.evaluate(forgot)
    assert isinstance(outcome, Incorrect)
    assert "return" in outcome.cause.en


def test_learner_exception_is_reported_with_its_line(spend_question):
    def broken(orders):
        return orders.groupby("customer_id")["amount_typo"].sum()

    outcome = spend_question.evaluate(broken)
    assert isinstance(outcome, LearnerCodeRaised)
    assert "KeyError" in outcome.summary.en
    assert "amount_typo" in outcome.details.en


@pytest.mark.parametrize("exc", [SystemExit(3), RecursionError("deep"), MemoryError()],
                         ids=["SystemExit", "RecursionError", "MemoryError"])
def test_even_base_exceptions_become_outcomes(spend_question, exc):
    def raiser(orders):
        raise exc

    outcome = spend_question.evaluate(raiser)
    assert isinstance(outcome, LearnerCodeRaised)
    assert type(exc).__name__ in outcome.summary.en


def test_a_misconception_can_be_recognised_from_the_exception(spend_question):
    from grader import Misconception, T

    message = T("`groupby(...).sum()` needs the column name spelled right.", "列名要拼写正确。")
    spend_question.misconceptions = [*spend_question.misconceptions, Misconception(
        "typo", message, detect=lambda answer, output, case: isinstance(output, KeyError))]

    def typo(orders):
        return orders.groupby("customer_id")["amuont"].sum()

    outcome = spend_question.evaluate(typo)
    assert isinstance(outcome, LearnerCodeRaised) and outcome.cause == message


def _broken_import(*args, **kwargs):
    from sklearn.no_such_module import FrozenEstimator  # noqa: F401  an API this version lacks
    return True


def _wrong_sum(orders):
    return total_spend(orders).assign(spend=lambda d: d["spend"] + 1)


def _add_misconception(question, **kwargs):
    from grader import Misconception, T

    m = Misconception("broken", T("A message.", "一条消息。"), **kwargs)
    question.misconceptions = [*question.misconceptions, m]
    return m


def test_a_detector_that_raises_is_an_error_in_strict_mode(spend_question):
    from grader.questions import DetectorError

    _add_misconception(spend_question, detect=_broken_import)
    set_strict(True)
    with pytest.raises(DetectorError, match="toy.spend.*'broken'.*ModuleNotFoundError"):
        spend_question.evaluate(_wrong_sum)


def test_a_detector_that_raises_warns_interactively_and_is_skipped(spend_question):
    from grader.questions import DetectorWarning

    _add_misconception(spend_question, detect=_broken_import)
    with pytest.warns(DetectorWarning, match="broken"):
        outcome = spend_question.evaluate(_wrong_sum)
    assert isinstance(outcome, Incorrect) and outcome.cause is None


def test_the_test_suite_turns_the_warning_into_an_error(spend_question):
    """pyproject's filterwarnings: even in interactive mode a test cannot pass over a broken detector."""
    from grader.questions import DetectorWarning

    _add_misconception(spend_question, detect=_broken_import)
    with pytest.raises(DetectorWarning):
        spend_question.evaluate(_wrong_sum)


def test_the_learners_exception_inside_a_detector_is_the_learners(spend_question):
    """A detector that calls the learner's function: what that function raises is handled as before."""
    calls = []

    def reruns(answer, output, case):
        calls.append(1)
        return answer(*case.args) is None

    _add_misconception(spend_question, detect=reruns)

    def flaky(orders):
        if calls:
            raise RuntimeError("learner bug on the second call")
        return _wrong_sum(orders)

    set_strict(True)
    outcome = spend_question.evaluate(flaky)
    assert calls and isinstance(outcome, Incorrect) and outcome.cause is None


def test_a_wrong_implementation_may_raise_on_purpose_but_not_for_a_missing_api(spend_question):
    from grader.questions import DetectorError

    def raises_on_refunds(orders):  # a mistake that crashes on some input: its own behaviour
        if (orders["amount"] < 0).any():
            raise ValueError("negative amount")
        return _wrong_sum(orders)

    _add_misconception(spend_question, fn=raises_on_refunds)
    set_strict(True)
    assert isinstance(spend_question.evaluate(lambda orders: total_spend(orders).iloc[:0]), Incorrect)
    spend_question.misconceptions = spend_question.misconceptions[:-1]
    spend_question._cache.clear()
    _add_misconception(spend_question, fn=_broken_import)
    with pytest.raises(DetectorError, match="fn="):
        spend_question.evaluate(lambda orders: total_spend(orders).iloc[:0])


def test_a_broken_value_misconception_is_an_error(value_question):
    from grader.questions import DetectorError

    _add_misconception(value_question, fn=_broken_import)
    set_strict(True)
    with pytest.raises(DetectorError):
        value_question.evaluate(7)


def test_a_broken_design_rule_is_an_error_in_check_and_in_grading(estimator_question):
    from conftest import make_logreg

    from grader.questions import DetectorError
    from grader.testing import graded_in_process

    _add_misconception(estimator_question, design=lambda description, case: _broken_import())
    set_strict(True)
    with pytest.raises(DetectorError, match="design="):  # scaled: the first rule does not fire
        estimator_question.evaluate(make_logreg())
    with pytest.raises(DetectorError, match="design="):
        graded_in_process(estimator_question, make_logreg(), seed=3)


def test_a_broken_detector_is_an_error_when_grading_a_function(spend_question):
    from grader.questions import DetectorError
    from grader.testing import graded_in_process

    _add_misconception(spend_question, detect=_broken_import)
    set_strict(True)
    with pytest.raises(DetectorError):
        graded_in_process(spend_question, _wrong_sum, seed=3)


def test_return_none_written_out_is_an_answer_not_a_stub(spend_question):
    def explicit(orders):
        return None

    outcome = spend_question.evaluate(explicit)
    assert isinstance(outcome, Incorrect) and "return" in outcome.cause.en


def test_endless_loop_times_out(spend_question):
    spend_question.time_limit = 0.2

    def forever(orders):
        while True:
            pass

    outcome = spend_question.evaluate(forever)
    assert isinstance(outcome, TimedOut)
    assert outcome.points == 0


def test_loop_that_swallows_the_alarm_once_still_times_out(spend_question):
    spend_question.time_limit = 0.2

    def stubborn(orders):
        try:
            while True:
                pass
        except BaseException:  # noqa: B036 - swallows the first alarm on purpose
            pass
        while True:
            pass

    assert isinstance(spend_question.evaluate(stubborn), TimedOut)


def test_timeout_outside_the_main_thread(spend_question):
    import threading

    spend_question.time_limit = 0.2
    result = {}

    def forever(orders):
        import time
        while True:
            time.sleep(0.01)

    worker = threading.Thread(target=lambda: result.update(o=spend_question.evaluate(forever)))
    worker.start()
    worker.join(10)
    assert isinstance(result["o"], TimedOut)


def test_mutating_the_input_is_noted_but_cases_stay_intact(spend_question):
    before = [c.args[0].copy() for c in spend_question.case_list()]

    def mutating_but_right(orders):
        out = total_spend(orders)
        orders["amount"] = 0.0
        return out

    outcome = spend_question.evaluate(mutating_but_right)
    assert isinstance(outcome, Correct)
    assert any("in place" in n.en for n in outcome.notes)
    for frame, case in zip(before, spend_question.case_list(), strict=True):
        assert compare(frame, case.args[0]) is None


def test_wrong_signature_is_explained(spend_question):
    outcome = spend_question.evaluate(lambda: 1)
    assert isinstance(outcome, Incorrect)
    assert "cannot be called" in outcome.summary.en


def test_hidden_cases_never_show_expected_values(spend_question):
    outcome = spend_question.evaluate(spend_question.misconceptions[0].fn, seed=99)
    assert isinstance(outcome, Incorrect)
    assert outcome.expected is None
    case = spend_question.case_list(99)[0]
    expected = total_spend(case.args[0])["spend"]
    text = str(outcome) + outcome._repr_html_() + str(outcome.to_dict())
    assert "hidden" in text
    for value in expected:
        assert f"{value:.6g}" not in text or f"{value:.6g}" in str(
            spend_question.misconceptions[0].fn(case.args[0])["spend"].round(6).tolist())
    assert "expected" not in (outcome.details.en)


def test_object_with_always_true_eq_is_not_accepted(spend_question):
    class Liar(pd.DataFrame):
        def __eq__(self, other):
            return True

    def cheat(orders):
        return Liar({"customer_id": [0], "spend": [0.0]})

    assert isinstance(spend_question.evaluate(cheat), Incorrect)


def test_engine_failure_is_uncheckable_not_a_traceback(spend_question):
    spend_question.reference = lambda orders: 1 / 0
    outcome = spend_question.evaluate(lambda orders: orders)
    assert isinstance(outcome, Uncheckable)
    assert "ZeroDivisionError" in outcome.summary.en


# --- value, choice, open, estimator ---------------------------------------------------
def test_value_question(value_question):
    assert isinstance(value_question.evaluate(1), Correct)
    assert isinstance(value_question.evaluate(None), NotAttempted)
    wrong = value_question.evaluate(2)
    assert isinstance(wrong, Incorrect) and wrong.cause.en.startswith("More than 100")
    assert isinstance(value_question.evaluate("1"), Incorrect)
    assert isinstance(value_question.evaluate(lambda: 1), Incorrect)
    assert "n_big = n_big_spenders(spend)" in value_question.solution_code()


def test_single_choice(choice_question):
    assert isinstance(choice_question.evaluate("b"), Correct)
    assert isinstance(choice_question.evaluate(" B) "), Correct)
    assert isinstance(choice_question.evaluate(None), NotAttempted)
    wrong = choice_question.evaluate("a")
    assert isinstance(wrong, Incorrect)
    assert wrong.cause == choice_question.explanations["a"]
    unknown = choice_question.evaluate("z")
    assert isinstance(unknown, Incorrect) and "not one of the options" in unknown.summary.en
    assert isinstance(choice_question.evaluate({"a", "b"}), Incorrect)
    assert isinstance(choice_question.evaluate(2), Incorrect)


def test_multi_select(multi_question):
    assert isinstance(multi_question.evaluate({"a", "c"}), Correct)
    assert isinstance(multi_question.evaluate(["c", "a"]), Correct)
    missing = multi_question.evaluate({"a"})
    assert isinstance(missing, Incorrect) and "at least one more" in missing.summary.en
    wrong = multi_question.evaluate({"a", "b", "c"})
    assert wrong.cause == multi_question.explanations["b"]
    assert isinstance(multi_question.evaluate(set()), NotAttempted)
    assert multi_question.solution_code() == "leaks = {'a', 'c'}"


def test_open_question(open_question):
    assert isinstance(open_question.evaluate(""), NotAttempted)
    assert isinstance(open_question.evaluate("   \n"), NotAttempted)
    assert isinstance(open_question.evaluate(None), NotAttempted)
    assert isinstance(open_question.evaluate("too short"), Incorrect)
    assert isinstance(open_question.evaluate(["a list"]), Incorrect)
    recorded = open_question.evaluate("The label must come from orders after the snapshot.")
    assert isinstance(recorded, Uncheckable) and recorded.points == 0
    assert isinstance(open_question.evaluate("标签必须来自快照之后的订单"), Uncheckable)


def test_estimator_question(estimator_question):
    from conftest import make_logreg
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    assert isinstance(estimator_question.evaluate(make_logreg()), Correct)
    assert isinstance(estimator_question.evaluate(make_logreg(), seed=3), Correct)
    assert isinstance(estimator_question.evaluate(None), NotAttempted)
    dummy = estimator_question.evaluate(make_pipeline(StandardScaler(), DummyClassifier()))
    assert isinstance(dummy, Incorrect) and "roc_auc" in dummy.summary.en
    unscaled = estimator_question.evaluate(LogisticRegression())
    assert isinstance(unscaled, Incorrect)
    assert unscaled.cause == estimator_question.misconceptions[0].message
    fitted_model = estimator_question.evaluate(make_logreg)  # the factory, not an estimator
    assert isinstance(fitted_model, Incorrect)
    assert isinstance(estimator_question.evaluate([1, 2]), Incorrect)

    class Exploding(LogisticRegression):
        def fit(self, X, y):
            raise ValueError("boom")

    raised = estimator_question.evaluate(make_pipeline(StandardScaler(), Exploding()))
    assert isinstance(raised, LearnerCodeRaised) and "boom" in raised.details.en


# --- hints, solutions, strict mode ----------------------------------------------------
def test_hint_shows_the_first_again_on_reruns_and_names_the_next(spend_question, capsys):
    spend_question.hint()
    spend_question.hint()  # a rerun of the same cell
    first = capsys.readouterr().out
    assert first.count("Hint 1 of 2") == 2 and "Hint 2 of 2" not in first
    assert first.count(f"ex.{spend_question.short}.hint(2)") == 2
    spend_question.hint(2)
    last = capsys.readouterr().out
    assert "Hint 2 of 2" in last and "hint(3)" not in last
    spend_question.hint(5)
    assert "ask for one between 1 and 2" in capsys.readouterr().out


def test_solution_is_the_reference_source(spend_question, capsys):
    import inspect

    spend_question.solution()
    out = capsys.readouterr().out
    assert inspect.getsource(total_spend).strip() in out


def test_stub_source_is_a_stub_with_the_docstring(spend_question):
    source = spend_question.stub_source()
    namespace = {"pd": pd}
    exec(source.split("\n\nex.")[0], namespace)
    assert isinstance(spend_question.evaluate(namespace["total_spend"]), NotAttempted)
    assert "Examples" not in source and "Total spend per customer." in source
    assert source.endswith("ex.spend.check(total_spend)")


def test_interactive_check_never_raises(spend_question, capsys):
    set_strict(False)
    spend_question.check(stub)
    spend_question.check(None)
    spend_question.check(spend_question.misconceptions[0].fn)
    assert "Not attempted" in capsys.readouterr().out


@pytest.mark.parametrize("answer_name", ["stub", "wrong"])
def test_strict_check_raises(spend_question, answer_name, capsys):
    set_strict(True)
    answer = stub if answer_name == "stub" else spend_question.misconceptions[0].fn
    with pytest.raises(CheckFailed) as info:
        spend_question.check(answer)
    assert info.value.outcome.fails_in_strict
    assert "toy.spend" in str(info.value)


def test_strict_check_passes_correct_and_open_answers(spend_question, open_question):
    set_strict(True)
    spend_question.check(total_spend)
    open_question.check("The label must come from orders after the snapshot.")


def test_strict_mode_follows_the_environment(monkeypatch):
    from grader.mode import is_strict

    set_strict(None)
    for value, expected in [("1", True), ("true", True), ("0", False), ("", False)]:
        monkeypatch.setenv("WORKBOOK_STRICT", value)
        assert is_strict() is expected


def test_pytest_plugin_turns_strict_mode_on():
    # this very test run goes through the plugin registered as a pytest11 entry point
    assert os.environ.get("WORKBOOK_STRICT") in ("1", "0", "true", "yes")
    import subprocess

    code = "import os; print(os.environ.get('WORKBOOK_STRICT'))"
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_STRICT"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "None"  # outside pytest nothing sets it
