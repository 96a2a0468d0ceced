"""Feedback a learner can act on: what differs, on which input (as data), which way, in plain words.

Expectations come from the references and their outputs, never from a pasted run.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
import sklearn

import grader
from grader.compare import a_or_an, compare, counted, describe
from grader.i18n import set_language
from grader.outcomes import Incorrect
from grader.registry import find_question, solutions

EX02 = grader.load("02")


#: an L1 penalty as each scikit-learn spells it: ``l1_ratio=1.0`` from 1.8 (``penalty`` is deprecated there);
#: before 1.8 ``l1_ratio`` alone is ignored and the model would quietly be L2
_L1 = ({"l1_ratio": 1.0} if tuple(int(x) for x in sklearn.__version__.split(".")[:2]) >= (1, 8)
       else {"penalty": "l1"})

def _rfm_off_by_three(lines, snapshot):
    out = solutions("02").rfm_table(lines, snapshot)
    out.loc[len(out) - 1, "recency"] += 3
    return out


def test_summary_rows_show_the_first_differing_values():
    q = EX02.rfm
    outcome = q.evaluate(_rfm_off_by_three)
    expected = q.expected(0)
    recency, customer = expected["recency"].iloc[-1], expected["customer_id"].iloc[-1]
    assert isinstance(outcome, Incorrect)
    assert outcome.expected.en != outcome.received.en
    assert outcome.expected.en.endswith(f": {recency}")
    assert outcome.received.en.endswith(f": {recency + 3}")
    assert f"customer_id={customer}" in outcome.received.en


def test_hidden_summary_rows_stay_free_of_expected_values():
    outcome = EX02.rfm.evaluate(_rfm_off_by_three, seed=11)
    assert outcome.expected is None and "customer_id=" not in outcome.received.en


@pytest.mark.parametrize("qid", ["fe.rfm", "md.missing_report", "tune.search", "mt.gains"])
def test_inputs_hands_over_the_public_case_as_copies(qid):
    q = find_question(qid)
    for n, case in enumerate(q.case_list(), 1):
        given = q.inputs(n)
        assert given.label.en == case.label.en
        for mine, theirs in zip(given.args, case.args, strict=True):
            assert compare(theirs, mine, rtol=0, atol=0) is None
            if isinstance(mine, pd.DataFrame):
                mine.columns = [f"changed_{i}" for i in range(mine.shape[1])]  # the learner's copy is theirs
        assert compare(q.case_list()[n - 1].args[0], case.args[0], rtol=0, atol=0) is None
    with pytest.raises(ValueError, match="between 1 and"):
        q.inputs(len(q.case_list()) + 1)


def test_the_failing_case_names_how_to_get_its_input():
    outcome = EX02.rfm.evaluate(_rfm_off_by_three)
    call = "ex.rfm.inputs(1)"
    assert call in outcome.case.en
    assert EX02.rfm.inputs(1).call(_rfm_off_by_three).equals(_rfm_off_by_three(*EX02.rfm.case_list()[0].args))


@pytest.mark.parametrize("factor", [0.5, 0.97, 1.004, 1.3, 3.0])
def test_a_wrong_value_says_which_way_and_how_far_without_the_value(factor):
    q = find_question("start.n_active")
    right = q.expected()
    outcome = q.evaluate(round(right * factor))
    shown = str(outcome) + repr(outcome.to_dict())
    assert isinstance(outcome, Incorrect)
    assert str(right) not in shown.replace(str(round(right * factor)), "")
    assert ("too high" if factor > 1 else "too low") in outcome.summary.en
    set_language("zh")
    assert ("偏高" if factor > 1 else "偏低") in outcome.summary.render("zh")


def test_a_wrong_table_value_names_the_part_that_differs_and_which_way():
    expected = pd.DataFrame({"share": [0.5, 0.25]}, index=["a", "b"])
    diff = compare(expected, expected.assign(share=[0.5, 0.2]))
    assert "column 'share'" in diff.hidden.en and "0.25" not in diff.hidden.en
    assert diff.direction.en.endswith("about 20% too low") and "0.25" not in diff.direction.en


@pytest.mark.parametrize(("value", "phrase"), [
    (3, "an int"), (2.5, "a float"), ([1], "a list of 1 item"), ((1, 2), "a tuple of 2 items"),
    ({"a": 1}, "a dict of 1 item"), (np.arange(3), "a numpy array"),
])
def test_generated_phrases_are_grammatical(value, phrase):
    assert describe(value, show_values=False).en.startswith(phrase)


def test_counts_agree_with_their_noun_in_english_and_read_naturally_in_chinese():
    assert counted(1, "case", "个用例").en == "1 case" and counted(2, "case", "个用例").en == "2 cases"
    assert counted(1, "case", "个用例").zh == "1 个用例"
    assert a_or_an("int") == "an int" and a_or_an("DataFrame") == "a DataFrame"
    one_row = compare(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1, 2]}))
    assert "1 row expected, got 2 rows" in one_row.public.en


def test_a_missing_label_is_not_called_text():
    sol = solutions("02")

    def nan_label(lines, snapshot, window_end, share=0.2):
        out = sol.value_label(lines, snapshot, window_end, share)
        out["high_value"] = out["high_value"].astype(object).where(out["future_spend"] > 0, np.nan)
        return out

    outcome = EX02.label.evaluate(nan_label)
    assert isinstance(outcome, Incorrect)
    assert "text" not in str(outcome) and "NaN" in outcome.received.en


@pytest.mark.parametrize("qid", ["md.value_model", "ms.oot_model", "imb.model", "start.first_model"])
def test_a_dummy_is_named_as_a_dummy(qid):
    from sklearn.dummy import DummyClassifier

    q = find_question(qid)
    outcome = q.evaluate(DummyClassifier())
    assert isinstance(outcome, Incorrect) and "DummyClassifier" in outcome.cause.en, str(outcome)


def test_the_gappy_probe_does_not_fire_on_a_model_that_imputes_inside():
    mod = importlib.import_module("grader.exercises.03_missing_data")
    q = find_question("md.value_model")
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    l1 = make_pipeline(make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()),
         mod.NUMERIC_FEATURES),
        (make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"),
                       OneHotEncoder(handle_unknown="ignore")), mod.CATEGORICAL_FEATURES)),
        LogisticRegression(C=0.002, solver="liblinear", **_L1))  # strong enough to zero columns
    gappy = next(m for m in q.misconceptions if m.name == "gappy_columns_dropped")
    for seed in (None, 11, 2024):
        assert q.evaluate(l1, seed=seed).cause != gappy.message
