"""Notebook 02 (feature engineering): references, recorded misconceptions and case generators.

Expectations are derived here from first principles on small hand-built frames, never pasted
from the references' output.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import math

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Correct, Incorrect, LearnerCodeRaised
from grader.compare import _fmt, compare
from grader.registry import solutions
from grader.render import to_dict, to_html, to_text
from grader.shop import SNAPSHOT, WINDOW_END, generate_shop
from grader.testing import graded_in_process, question_checks

sol = solutions("02")
mod = importlib.import_module("grader.exercises.02_feature_engineering")
EX = grader.load("02")
QUESTIONS = [q for q in EX if q.kind == "function"]
HIDDEN_SEEDS = (1, 7, 2024)

MISCONCEPTIONS = [(q, m) for q in QUESTIONS for m in q.misconceptions]


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def wrong_code(m):
    """A misconception as code: its ``fn``, or the private ``_<name>`` for a detector."""
    return m.fn if m.fn is not None else getattr(mod, f"_{m.name}")


def lines_frame(rows):
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_time", "category",
                                        "quantity", "unit_price", "discount"])
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    return frame.astype({"order_id": "int64", "customer_id": "int64", "category": "str",
                         "quantity": "int64", "unit_price": "float64", "discount": "float64"})


def sessions_frame(rows):
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "visits", "page_views",
                                        "cart_adds"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def days(a, b):
    """Elapsed days from ``a`` to ``b`` as a float."""
    return (pd.Timestamp(b) - pd.Timestamp(a)).total_seconds() / 86400


# --- the declarations ------------------------------------------------------------------
def test_the_notebook_binds_six_function_questions_in_teaching_order():
    assert [q.short for q in QUESTIONS] == ["orders", "rfm", "scores", "behaviour", "label",
                                            "table"]
    assert [q.name for q in QUESTIONS] == ["orders_from_lines", "rfm_table", "rfm_scores",
                                           "behaviour_features", "value_label",
                                           "customer_table"]
    for q in QUESTIONS:
        assert q.kind == "function"
        assert 1 <= q.points <= 3
        assert 2 <= len(q.hints) <= 3
        assert len(q.misconceptions) >= 2
        for t in (q.title, q.prompt, *q.hints, *(m.message for m in q.misconceptions)):
            assert t.en.strip() and t.zh.strip()
        for case in q.case_list():
            assert case.label.en.strip() and case.label.zh.strip()


CONTRACT = question_checks("02")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CONTRACT],
                         ids=[i for i, _, _ in CONTRACT])
def test_question_contract(question, check):
    """The shared contract: reference passes (public and hidden), stub NotAttempted, ..."""
    check(question)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_incorrect_with_its_own_message(q, m):
    outcome = q.evaluate(wrong_code(m))
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message, str(outcome)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_has_the_reference_signature(q, m):
    want = list(inspect.signature(q.reference).parameters)
    assert list(inspect.signature(wrong_code(m)).parameters) == want
    assert wrong_code(m).__name__ == f"_{m.name}"


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_misconceptions_have_distinct_names_and_messages(q):
    names = [m.name for m in q.misconceptions]
    assert len(set(names)) == len(names)
    for lang in ("en", "zh"):
        texts = [m.message.render(lang) for m in q.misconceptions]
        assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_also_caught_on_hidden_cases(q, m):
    outcome = q.evaluate(wrong_code(m), seed=HIDDEN_SEEDS[0])
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised))
    assert outcome.cause is not None


def _nan_filled(q):
    def answer(*args, **kwargs):
        out = q.reference(*args, **kwargs)
        return out.assign(**{c: np.nan for c in out.columns if c != "customer_id"})
    return answer


def _forgets_return(q):
    def answer(*args, **kwargs):
        q.reference(*args, **kwargs)
    return answer


def _raises(*args, **kwargs):
    raise ValueError("not today")


def _bad_answers(q):
    frame = q.expected(0)
    return {
        "none": (None, Incorrect),
        "list": ([1, 2, 3], Incorrect),
        "frame_instead_of_function": (frame, Incorrect),
        "wrong_columns": (lambda *a, **k: pd.DataFrame({"x": [1, 2]}), Incorrect),
        "nan_filled": (_nan_filled(q), Incorrect),
        "forgets_return": (_forgets_return(q), Incorrect),
        "raises": (_raises, LearnerCodeRaised),
    }


BAD = ["none", "list", "frame_instead_of_function", "wrong_columns", "nan_filled",
       "forgets_return", "raises"]


@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_wrong_kinds_of_answer_give_clean_feedback(q, kind):
    answer, expected_type = _bad_answers(q)[kind]
    outcome = q.evaluate(answer)
    assert type(outcome) is expected_type, str(outcome)
    assert outcome.points < q.points
    if kind == "forgets_return":
        assert outcome.cause == grader.messages.RETURNED_NONE_CAUSE
    for lang in ("en", "zh"):
        assert to_text(outcome, lang) and to_html(outcome)
        assert to_dict(outcome, lang)["status"] == outcome.status


def test_a_hard_coded_snapshot_fails_the_variant_with_another_snapshot():
    def fixed_snapshot(lines, snapshot):
        return sol.rfm_table(lines, SNAPSHOT)

    outcome = EX.rfm.evaluate(fixed_snapshot)
    assert isinstance(outcome, Incorrect)
    assert "2025-01-01" in outcome.case.en


# --- hidden feedback never shows expected values ---------------------------------------
def _distinctive(values):
    out = set()
    for v in values:
        if isinstance(v, (float, np.floating)) and np.isfinite(v):
            text = _fmt(v)
            if len(text.replace(".", "").lstrip("-0")) >= 4:
                out.add(text)
    return out


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_hidden_outcomes_never_show_expected_values(q, m):
    seed = HIDDEN_SEEDS[1]
    outcome = q.evaluate(wrong_code(m), seed=seed)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised))
    assert outcome.expected is None
    if isinstance(outcome, LearnerCodeRaised):
        return  # the learner's own exception: nothing of the reference's output is computed
    rendered = "\n".join([to_text(outcome, "en"), to_text(outcome, "zh"), to_html(outcome),
                          repr(to_dict(outcome, "en")), repr(to_dict(outcome, "zh"))])
    quoted, numbers = set(), set()
    for i, case in enumerate(q.case_list(seed)):
        expected = q.expected(i, seed)
        status, mine = (q.misconception_output(m, i, seed) if m.fn is not None
                        else ("ok", wrong_code(m)(*copy.deepcopy(case.args), **case.kwargs)))
        diff = compare(expected, mine, **q.compare_options) if status == "ok" else None
        if diff is None:
            continue
        # what public feedback would quote from the expected value on this case
        for lang in ("en", "zh"):
            public = diff.public.render(lang).splitlines()
            hidden = set(diff.hidden.render(lang).splitlines())
            quoted |= {line.strip() for line in public if line not in hidden}
        numbers |= (_distinctive(expected.select_dtypes("number").to_numpy().ravel())
                    - _distinctive(mine.select_dtypes("number").to_numpy().ravel()))
    assert not [line for line in quoted if line in rendered]
    assert not [n for n in numbers if n in rendered]


def test_public_feedback_does_show_the_input_and_the_differing_values():
    outcome = EX.rfm.evaluate(mod._monetary_as_average)
    assert outcome.expected is not None
    assert "monetary" in outcome.details.en
    assert outcome.case.en.startswith(EX.rfm.case_list()[0].label.en) and "ex.rfm.inputs(1)" in outcome.case.en


# --- the case generators ---------------------------------------------------------------
@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_case_generators_are_deterministic_for_a_seed(q):
    for seed in (0, 5):
        first, again = list(q.cases(seed)), list(q.cases(seed))
        assert len(first) == len(again)
        for a, b in zip(first, again, strict=True):
            assert a.label == b.label and a.points == b.points
            assert compare(a.args, b.args, rtol=0, atol=0) is None
            assert compare(dict(a.kwargs), dict(b.kwargs), rtol=0, atol=0) is None


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_hidden_seeds_draw_different_generated_shops(q):
    public, hidden = list(q.cases(0)), list(q.cases(3))
    assert len(public) == len(hidden)
    assert any(compare(a.args, b.args) is not None for a, b in zip(public, hidden, strict=True))


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_cases_are_small(q):
    for case in q.case_list():
        for arg in case.args:
            if isinstance(arg, pd.DataFrame):
                assert len(arg) < 5000


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.short)
def test_references_do_not_mutate_their_inputs(q):
    for case in q.case_list():
        before = copy.deepcopy(case.args)
        q.reference(*case.args, **case.kwargs)
        assert compare(before, case.args, rtol=0, atol=0) is None


def test_each_reference_runs_from_its_own_source_with_only_pd_np_and_earlier_answers():
    """The notebook shows each solution as a cell; earlier cells define the earlier functions."""
    namespace = {"pd": pd, "np": np}
    for q in QUESTIONS:
        exec(q.solution_code(), namespace)
        mine = namespace[q.name]
        assert mine is not q.reference
        for i, case in enumerate(q.case_list()):
            assert compare(q.expected(i), mine(*case.args, **case.kwargs), **mod.COMPARE) is None


# --- the references against hand computations ------------------------------------------
def test_orders_are_net_of_returns_and_discounts_and_count_duplicates_once():
    lines = lines_frame([
        (1, 10, "2025-01-05 10:00", "books", 2, 20.0, 0.0),
        (1, 10, "2025-01-05 10:00", "toys", 3, 10.0, 0.5),
        (1, 10, "2025-01-05 10:00", "toys", 3, 10.0, 0.5),  # export duplicate
        (1, 10, "2025-01-09 18:00", "toys", -1, 10.0, 0.5),  # partial return
        (2, 11, "2025-02-01 08:00", "home", 1, 80.0, 0.25),
        (2, 11, "2025-02-03 08:00", "home", -1, 80.0, 0.25),  # full return
    ])
    orders = sol.orders_from_lines(lines)
    assert list(orders.columns) == ["order_id", "customer_id", "order_time", "amount", "n_items"]
    assert isinstance(orders.index, pd.RangeIndex)
    assert orders["order_id"].tolist() == [1, 2]
    assert orders["customer_id"].tolist() == [10, 11]
    assert orders["order_time"].tolist() == [pd.Timestamp("2025-01-05 10:00"),
                                             pd.Timestamp("2025-02-01 08:00")]
    assert orders["amount"].tolist() == pytest.approx([2 * 20 + 3 * 5 - 5, 0.0])
    assert orders["n_items"].tolist() == [2 + 3 - 1, 0]


def test_rfm_of_three_customers_by_hand():
    snapshot = pd.Timestamp("2025-07-01")
    lines = lines_frame([
        (1, 1, "2025-06-29 23:00", "books", 1, 30.0, 0.0),
        (2, 1, "2025-03-01 12:00", "toys", 2, 10.0, 0.1),
        (2, 1, "2025-03-01 12:00", "home", 1, 50.0, 0.0),
        (3, 2, "2025-05-10 08:00", "food", 4, 5.0, 0.0),
        (3, 2, "2025-07-02 08:00", "food", -4, 5.0, 0.0),  # returned after the snapshot
        (4, 3, "2025-01-01 00:00", "beauty", 1, 40.0, 0.0),
        (4, 3, "2025-01-15 00:00", "beauty", -1, 40.0, 0.0),  # returned in full
        (5, 3, "2025-07-01 00:00", "beauty", 1, 99.0, 0.0),  # at the snapshot: future
        (6, 4, "2025-08-01 09:00", "books", 1, 15.0, 0.0),  # only future
    ])
    rfm = sol.rfm_table(lines, snapshot)
    assert list(rfm.columns) == ["customer_id", "recency", "frequency", "monetary"]
    assert rfm["customer_id"].tolist() == [1, 2, 3]
    assert rfm["recency"].tolist() == [math.floor(days("2025-06-29 23:00", snapshot)),
                                       math.floor(days("2025-05-10 08:00", snapshot)),
                                       math.floor(days("2025-01-01", snapshot))]
    assert rfm["recency"].tolist() == [1, 51, 181]
    assert rfm["frequency"].tolist() == [2, 1, 1]
    assert rfm["monetary"].tolist() == pytest.approx([30 + 2 * 9 + 50, 20.0, 0.0])


def test_rfm_scores_of_five_distinct_customers_are_their_ranks():
    rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency": [30, 5, 400, 90, 12],
                        "frequency": [2, 9, 1, 4, 3],
                        "monetary": [50.0, 10.0, 700.0, 90.0, 300.0]})
    before = rfm.copy()
    scored = sol.rfm_scores(rfm)
    pd.testing.assert_frame_equal(rfm, before)
    # with five distinct values each quintile holds exactly one customer
    assert scored["r_score"].tolist() == [3, 5, 1, 2, 4]
    assert scored["f_score"].tolist() == [2, 5, 1, 4, 3]
    assert scored["m_score"].tolist() == [2, 1, 5, 3, 4]
    assert scored["rfm_score"].tolist() == ["322", "551", "115", "243", "434"]
    pd.testing.assert_frame_equal(scored[list(rfm.columns)], rfm)


def test_rfm_scores_with_ties_give_equal_fifths_broken_by_row_order():
    n = 20
    rfm = pd.DataFrame({"customer_id": range(1, n + 1), "recency": [7] * n,
                        "frequency": [1] * 15 + [2] * 5, "monetary": np.linspace(10, 200, n)})
    scored = sol.rfm_scores(rfm)
    for col in ("r_score", "f_score", "m_score"):
        assert scored[col].value_counts().to_dict() == {s: 4 for s in range(1, 6)}
    # every recency is equal: the first rows rank lowest, i.e. score highest
    assert scored["r_score"].tolist() == [5] * 4 + [4] * 4 + [3] * 4 + [2] * 4 + [1] * 4
    assert scored["f_score"].tolist() == [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4


def test_rfm_scores_of_two_customers_use_the_extremes():
    rfm = pd.DataFrame({"customer_id": [1, 2], "recency": [3, 30], "frequency": [1, 1],
                        "monetary": [20.0, 10.0]})
    scored = sol.rfm_scores(rfm)
    assert scored["r_score"].tolist() == [5, 1]
    assert scored["f_score"].tolist() == [1, 5]
    assert scored["m_score"].tolist() == [5, 1]


def test_behaviour_features_by_hand():
    snapshot = pd.Timestamp("2025-07-01")
    lines = lines_frame([
        (1, 1, "2025-03-01 10:00", "books", 2, 20.0, 0.0),
        (2, 2, "2025-01-01 08:00", "fashion", 2, 50.0, 0.1),
        (2, 2, "2025-01-01 08:00", "home", 1, 30.0, 0.0),
        (2, 2, "2025-01-11 12:00", "fashion", -1, 50.0, 0.1),
        (3, 2, "2025-04-02 08:00", "books", 1, 12.0, 0.0),
        (4, 2, "2025-06-01 20:00", "books", 1, 12.0, 0.0),
        (4, 2, "2025-06-01 20:00", "beauty", 3, 10.0, 0.0),
        (4, 2, "2025-07-05 20:00", "beauty", -3, 10.0, 0.0),  # after the snapshot
    ])
    sessions = sessions_frame([
        (1, "2025-02-28", 1, 5, 1), (1, "2025-07-10", 2, 9, 0),
        (2, "2025-01-01", 1, 10, 2), (2, "2025-05-05", 1, 4, 0), (3, "2025-03-03", 1, 7, 1),
    ])
    out = sol.behaviour_features(lines, sessions, snapshot).set_index("customer_id")
    assert out.index.tolist() == [1, 2]
    assert out["tenure_days"].tolist() == [math.floor(days("2025-03-01 10:00", snapshot)),
                                           math.floor(days("2025-01-01 08:00", snapshot))]
    spend_2 = (2 * 45 + 30 - 45) + 12 + (12 + 30)
    assert out["avg_order_value"].tolist() == pytest.approx([40.0, spend_2 / 3])
    gaps = [days("2025-01-01 08:00", "2025-04-02 08:00"),
            days("2025-04-02 08:00", "2025-06-01 20:00")]
    assert math.isnan(out.loc[1, "mean_days_between_orders"])
    assert out.loc[2, "mean_days_between_orders"] == pytest.approx(sum(gaps) / 2)
    assert out["category_breadth"].tolist() == [1, 4]
    assert out["return_rate"].tolist() == pytest.approx([0.0, 1 / (2 + 1 + 1 + 1 + 3)])
    assert out["views_per_order"].tolist() == pytest.approx([5.0, (10 + 4) / 3])


def test_value_label_by_hand():
    snapshot, window_end = pd.Timestamp("2025-07-01"), pd.Timestamp("2026-01-01")
    history = [(c, c, "2025-03-01 10:00", "books", 1, 10.0, 0.0) for c in range(1, 11)]
    lines = lines_frame(history + [
        (21, 1, "2025-07-01 00:00", "toys", 1, 100.0, 0.0),  # at the snapshot: in the window
        (22, 2, "2026-01-01 00:00", "toys", 1, 900.0, 0.0),  # at the end: outside
        (23, 3, "2025-09-09 09:00", "toys", 2, 100.0, 0.0),
        (24, 4, "2025-10-10 10:00", "toys", 1, 100.0, 0.0),  # ties with customer 1
        (25, 5, "2025-06-20 10:00", "home", 1, 60.0, 0.0),
        (25, 5, "2025-07-03 10:00", "home", -1, 60.0, 0.0),  # refund inside the window
        (26, 99, "2025-08-08 08:00", "toys", 1, 500.0, 0.0),  # a newcomer: not in the population
    ])
    label = sol.value_label(lines, snapshot, window_end)
    assert list(label.columns) == ["customer_id", "future_spend", "high_value"]
    assert label["customer_id"].tolist() == list(range(1, 11))
    spend = dict(zip(label["customer_id"], label["future_spend"], strict=True))
    assert spend[1] == 100 and spend[2] == 0 and spend[3] == 200 and spend[4] == 100
    assert spend[5] == -60
    # top int(0.2 * 10) = 2: customer 3, then customer 1 wins the tie with customer 4
    assert label.loc[label["high_value"], "customer_id"].tolist() == [1, 3]
    assert label["high_value"].dtype == bool


def test_value_label_never_marks_customers_without_future_spend():
    snapshot, window_end = pd.Timestamp("2025-07-01"), pd.Timestamp("2026-01-01")
    lines = lines_frame([(c, c, "2025-02-02", "books", 1, 10.0, 0.0) for c in range(1, 11)]
                        + [(11, 4, "2025-08-08", "toys", 1, 5.0, 0.0)])
    label = sol.value_label(lines, snapshot, window_end, share=0.5)
    assert label.loc[label["high_value"], "customer_id"].tolist() == [4]


def test_customer_table_keeps_every_active_customer_and_only_them():
    shop = generate_shop(11, n_customers=200)
    customers = shop.customers.copy()
    customers.loc[customers.index[:30], "region"] = np.nan
    customers = customers.iloc[5:]  # some buyers are missing from the customers table
    table = sol.customer_table(shop.order_lines, shop.sessions, customers, SNAPSHOT, WINDOW_END)
    active = np.sort(shop.order_lines.loc[shop.order_lines["order_time"] < SNAPSHOT,
                                          "customer_id"].unique())
    assert table["customer_id"].tolist() == active.tolist()
    assert isinstance(table.index, pd.RangeIndex)
    missing = ~table["customer_id"].isin(customers["customer_id"])
    assert missing.any() and table.loc[missing, "signup_date"].isna().all()
    assert table["region"].isna().sum() >= 1
    assert table["future_spend"].notna().all() and table["high_value"].dtype == bool
    expected_columns = (["customer_id", "recency", "frequency", "monetary", "tenure_days",
                         "avg_order_value", "mean_days_between_orders", "category_breadth",
                         "return_rate", "views_per_order"]
                        + [c for c in customers.columns if c != "customer_id"]
                        + ["future_spend", "high_value"])
    assert list(table.columns) == expected_columns


@pytest.mark.parametrize("seed", (0, 3))
def test_history_and_window_split_every_line_exactly_once(seed):
    shop = generate_shop(seed, n_customers=200)
    lines = shop.order_lines
    clean = lines.drop_duplicates()
    net = clean["quantity"] * clean["unit_price"] * (1 - clean["discount"])
    total = net[clean["order_time"] < WINDOW_END].groupby(clean["customer_id"]).sum()
    rfm = sol.rfm_table(lines, SNAPSHOT).set_index("customer_id")
    label = sol.value_label(lines, SNAPSHOT, WINDOW_END).set_index("customer_id")
    assert rfm.index.equals(label.index)
    np.testing.assert_allclose(rfm["monetary"] + label["future_spend"], total[rfm.index])
    n = len(label)
    assert label["high_value"].sum() == min(int(0.2 * n), int((label["future_spend"] > 0).sum()))
    behaviour = sol.behaviour_features(lines, shop.sessions, SNAPSHOT).set_index("customer_id")
    assert behaviour.index.equals(rfm.index)
    assert (behaviour["mean_days_between_orders"].isna() == (rfm["frequency"] == 1)).all()
    assert behaviour["return_rate"].between(0, 1).all()
    np.testing.assert_allclose(behaviour["avg_order_value"] * rfm["frequency"], rfm["monetary"])


# --- other correct ways of writing the answers pass ------------------------------------
def _orders_two_groupbys(lines):
    lines = lines.drop_duplicates()
    value = lines["quantity"] * lines["unit_price"] * (1 - lines["discount"])
    by_order = lines.assign(value=value).groupby(["order_id", "customer_id"])
    out = by_order.agg(amount=("value", "sum"), n_items=("quantity", "sum"))
    placed = lines[lines["quantity"] > 0].groupby("order_id")["order_time"].min()
    out = out.reset_index()
    out["order_time"] = out["order_id"].map(placed)
    return out.sort_values("order_id", ignore_index=True)  # as the task states: sorted, fresh index


def _scores_as_categoricals(rfm):
    out = rfm.copy()
    for col, labels in (("recency", [5, 4, 3, 2, 1]), ("frequency", [1, 2, 3, 4, 5]),
                        ("monetary", [1, 2, 3, 4, 5])):
        out[f"{col[0]}_score"] = pd.qcut(out[col].rank(method="first"), 5, labels=labels)
    out["rfm_score"] = (out["r_score"].astype(str) + out["f_score"].astype(str)
                        + out["m_score"].astype(str))
    return out


def _behaviour_by_diffs(lines, sessions, snapshot):
    orders = sol.orders_from_lines(lines[lines["order_time"] < snapshot])
    orders = orders.sort_values(["customer_id", "order_time"])
    orders["gap"] = orders.groupby("customer_id")["order_time"].diff().dt.total_seconds() / 86400
    out = sol.behaviour_features(lines, sessions, snapshot)
    mean_gap = orders.groupby("customer_id")["gap"].mean()
    return out.assign(mean_days_between_orders=out["customer_id"].map(mean_gap).to_numpy())


def _label_by_sorting(lines, snapshot, window_end, share=0.2):
    lines = lines.drop_duplicates()
    orders_before = lines[lines["order_time"] < snapshot]
    window = lines[(lines["order_time"] >= snapshot) & (lines["order_time"] < window_end)]
    spend = (window["quantity"] * window["unit_price"] * (1 - window["discount"])).groupby(
        window["customer_id"]).sum()
    label = pd.DataFrame({"customer_id": sorted(orders_before["customer_id"].unique())})
    label["future_spend"] = label["customer_id"].map(spend).fillna(0.0)
    ordered = label.sort_values(["future_spend", "customer_id"], ascending=[False, True])
    top = ordered.head(int(share * len(label)))
    top = top[top["future_spend"] > 0]
    return label.assign(high_value=label["customer_id"].isin(top["customer_id"]))


@pytest.mark.parametrize(("short", "answer"), [("orders", _orders_two_groupbys),
                                               ("scores", _scores_as_categoricals),
                                               ("behaviour", _behaviour_by_diffs),
                                               ("label", _label_by_sorting)],
                         ids=["orders", "scores", "behaviour", "label"])
def test_other_correct_implementations_pass(short, answer):
    q = EX[short]
    assert isinstance(q.evaluate(answer), Correct)
    assert isinstance(q.evaluate(answer, seed=HIDDEN_SEEDS[1]), Correct)


# --- fe.scores: both tie conventions for recency are accepted ----------------------------
def _scores_by_negated_recency(rfm):
    """A learner's answer: rank ``-recency`` (ties the other way round) with labels 1-5."""
    out = sol.rfm_scores(rfm)
    r = pd.qcut((-rfm["recency"]).rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    return out.assign(r_score=r, rfm_score=r.astype(str) + out["f_score"].astype(str)
                      + out["m_score"].astype(str))


def _scores_by_descending_rank(rfm):
    """Another learner's answer: ``rank(ascending=False)`` of recency with labels 1-5."""
    out = sol.rfm_scores(rfm)
    r = pd.qcut(rfm["recency"].rank(method="first", ascending=False), 5,
                labels=[1, 2, 3, 4, 5]).astype(int)
    return out.assign(r_score=r, rfm_score=r.astype(str) + out["f_score"].astype(str)
                      + out["m_score"].astype(str))


def test_the_other_tie_convention_differs_on_tied_recencies_by_hand():
    # four customers, all with recency 10: the reference gives the first rows the best scores,
    # the negated ranking the worst ones; values that differ never swap
    rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "recency": [10, 10, 10, 10, 500],
                        "frequency": [1, 2, 3, 4, 5], "monetary": [1.0, 2.0, 3.0, 4.0, 5.0]})
    assert sol.rfm_scores(rfm)["r_score"].tolist() == [5, 4, 3, 2, 1]
    assert _scores_by_negated_recency(rfm)["r_score"].tolist() == [2, 3, 4, 5, 1]


@pytest.mark.parametrize("answer", [_scores_by_negated_recency, _scores_by_descending_rank],
                         ids=["negated", "descending"])
def test_both_tie_conventions_for_recency_are_correct(answer):
    q = EX.scores
    differs = [i for i, case in enumerate(q.case_list())
               if compare(q.expected(i), answer(*case.args), key="customer_id") is not None]
    assert differs, "no public case has tied recencies across a bin edge: the test proves nothing"
    assert isinstance(q.evaluate(answer), Correct)
    for seed in HIDDEN_SEEDS:
        assert isinstance(q.evaluate(answer, seed=seed), Correct)
    assert isinstance(graded_in_process(q, answer, HIDDEN_SEEDS[0]), Correct)  # grading agrees


def test_an_alternative_convention_does_not_excuse_other_mistakes():
    def negated_but_unreversed_frequency(rfm):
        out = _scores_by_negated_recency(rfm)
        f = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
        return out.assign(f_score=f)

    assert isinstance(EX.scores.evaluate(negated_but_unreversed_frequency), Incorrect)


# --- fe.as_of_profile: the as-of-snapshot profile join ---------------------------------
def test_the_as_of_profile_question_explains_every_option_and_sits_in_the_notebook():
    q = EX.as_of_profile
    assert q.kind == "choice" and q.answer == sol.AS_OF_PROFILE == "c"
    assert set(q.explanations) == set(q.options)
    assert isinstance(q.evaluate("c"), Correct)
    for wrong in "abd":
        outcome = q.evaluate(wrong)
        assert isinstance(outcome, Incorrect) and outcome.cause == q.explanations[wrong]
    assert [x.short for x in EX].index("as_of_profile") == [x.short for x in EX].index("joins") + 1
