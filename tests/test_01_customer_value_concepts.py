"""Notebook 01 (customer value concepts): the shared contract, the references against independent
computations, and every recorded misconception.

The independent sources are hand computations on tiny order logs (written out in the
comments), a line-by-line Python loop over order lines for the margin, the algebraic identity
of the simple historic CLV, and a brute-force search over contact lists for the budget
question. No expected value is pasted from a run of the references.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import grader
from grader import Incorrect, LearnerCodeRaised
from grader.shop import DATA_START, SNAPSHOT, generate_shop
from grader.testing import question_checks

mod = importlib.import_module("grader.exercises.01_customer_value_concepts")
sol = importlib.import_module("solutions.01_customer_value_concepts")
EX = grader.load("01")
CODING = [q for q in EX if q.kind in ("function", "value", "estimator")]
MISCONCEPTIONS = [(q, m) for q in CODING for m in q.misconceptions]
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_customer_value_concepts.ipynb"
TS = pd.Timestamp


def _ids(pairs):
    return [f"{q.short}-{m.name}" for q, m in pairs]


def _lines(rows):
    return mod._lines(rows)


# --- the declarations ------------------------------------------------------------------
def test_the_notebook_has_enough_auto_graded_questions_of_each_kind():
    kinds = [q.kind for q in EX]
    assert sum(k in ("function", "value", "choice", "estimator") for k in kinds) >= 5
    assert kinds.count("open") >= 2 and kinds.count("choice") >= 2
    assert all(q.id.startswith("cv.") for q in EX)
    for q in CODING:
        assert len(q.misconceptions) >= 2, q.id


CONTRACT = question_checks("01")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CONTRACT],
                         ids=[i for i, _, _ in CONTRACT])
def test_question_contract(question, check):
    """The shared contract: reference passes (public and hidden), stub NotAttempted, ..."""
    check(question)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_named_as_the_cause(q, m):
    outcome = q.evaluate(m.fn)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message, str(outcome)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_is_also_named_on_a_hidden_case(q, m):
    outcome = q.evaluate(m.fn, seed=2024)
    assert isinstance(outcome, (Incorrect, LearnerCodeRaised)), str(outcome)
    assert outcome.cause == m.message and outcome.expected is None, str(outcome)


@pytest.mark.parametrize(("q", "m"), MISCONCEPTIONS, ids=_ids(MISCONCEPTIONS))
def test_each_misconception_has_the_reference_signature(q, m):
    assert list(inspect.signature(m.fn).parameters) == list(inspect.signature(q.reference).parameters)
    assert m.fn.__name__ == f"_{m.name}"


@pytest.mark.parametrize("q", CODING, ids=lambda q: q.short)
def test_misconception_messages_are_distinct_in_both_languages(q):
    for lang in ("en", "zh"):
        texts = [m.message.render(lang) for m in q.misconceptions]
        assert len(set(texts)) == len(texts)


def test_no_learner_facing_text_says_seed_question():
    for q in EX:
        for text in (q.prompt, q.title, *q.hints):
            assert "seed question" not in text.en.lower() and "种子" not in text.zh, q.id


@pytest.mark.parametrize("q", [q for q in EX if q.kind == "choice"], ids=lambda q: q.short)
def test_each_choice_explains_every_option(q):
    assert set(q.explanations) == set(q.options)
    for letter in set(q.options) - {q.answer}:
        assert q.evaluate(letter).cause == q.explanations[letter]
    lengths = [len(text.en) for text in q.options.values()]
    assert max(lengths) <= 1.6 * min(lengths), lengths


def test_the_right_letters_are_not_all_the_same():
    assert len({q.answer for q in EX if q.kind == "choice"}) >= 2


# --- historic_margin by hand and by a line-by-line loop -------------------------------
def test_historic_margin_by_hand():
    # customer 1: books 2 × 30 × 0.25 = 15; phone 500 × 0.8 × 0.1 = 40, returned: -40;
    # toys 3 × 20 × 0.4 = 24  → 39.   customer 2: beauty 80 × 0.5 × 0.5 = 20.
    got = sol.historic_margin(mod._MARGIN_BASKET, mod._RATES_SMALL, TS("2025-01-01"), TS("2025-04-01"))
    assert got.name == "margin"
    assert got.to_dict() == pytest.approx({1: 39.0, 2: 20.0})


def test_historic_margin_window_is_closed_left_open_right_and_counts_duplicates_once():
    # customer 3: books at the start 40 × 0.25 = 10, toys 50 × 0.9 × 0.4 = 18 → 28;
    # customer 4: beauty at exactly the end is out, books 16 × 0.25 = 4 → 4.
    edges = sol.historic_margin(mod._MARGIN_EDGES, mod._RATES_SMALL, TS("2025-01-01"), TS("2025-04-01"))
    assert edges.to_dict() == pytest.approx({3: 28.0, 4: 4.0})
    # customer 5: one phone 900 × 0.1 = 90 (the duplicate once); customer 6: 2 × 15 × 0.4 = 12.
    dup = sol.historic_margin(mod._MARGIN_DUPLICATE, mod._RATES_SMALL, TS("2025-01-01"), TS("2025-04-01"))
    assert dup.to_dict() == pytest.approx({5: 90.0, 6: 12.0})


def _margin_by_loop(lines, rates, start, end):
    seen, totals = set(), {}
    for row in lines.itertuples(index=False):
        key = tuple(row)
        if key in seen or not (start <= row.order_time < end):
            continue
        seen.add(key)
        margin = row.quantity * row.unit_price * (1 - row.discount) * rates[row.category]
        totals[row.customer_id] = totals.get(row.customer_id, 0.0) + margin
    return totals


@pytest.mark.parametrize("seed", [3, 11])
def test_historic_margin_matches_a_line_by_line_loop(seed):
    lines = generate_shop(seed, n_customers=150).order_lines
    rates = mod._rates(seed)
    got = sol.historic_margin(lines, rates, DATA_START, SNAPSHOT)
    want = _margin_by_loop(lines, rates, DATA_START, SNAPSHOT)
    assert set(got.index) == set(want)
    for customer, value in want.items():
        assert math.isclose(got[customer], value, rel_tol=1e-9, abs_tol=1e-9)


def test_consecutive_windows_add_up_to_the_whole():
    lines = generate_shop(5, n_customers=150).order_lines
    rates, middle, end = mod.MARGIN_RATES, TS("2024-10-01"), TS("2026-01-01")
    whole = sol.historic_margin(lines, rates, DATA_START, end)
    parts = sol.historic_margin(lines, rates, DATA_START, middle).add(
        sol.historic_margin(lines, rates, middle, end), fill_value=0.0)
    pd.testing.assert_series_equal(whole.sort_index(), parts.sort_index(), check_names=False)


# --- historic_clv by hand and by its identity -----------------------------------------
def test_historic_clv_by_hand():
    # 90 days of history, horizon 180 days.
    # customer 7: order 401 = 40×0.25 + 10×0.4 + 20×0.5 = 24; order 402 = 80×0.25 = 20;
    #   2 orders, 22 per order, 2/90 orders a day → 22 × 2/90 × 180 = 88.
    # customer 8: phones 600×0.1 = 60, one returned -30 → 30, one order (toys after the
    #   snapshot ignored) → 30 × 1/90 × 180 = 60.
    got = sol.historic_clv(mod._CLV_BASKET, mod._RATES_SMALL, TS("2025-01-01"), TS("2025-04-01"), 180)
    assert got.name == "clv"
    assert got.to_dict() == pytest.approx({7: 88.0, 8: 60.0})


def test_historic_clv_edges_by_hand():
    # customer 9 has only a return in the window: not in the population.
    # customer 10: books 60×0.25 = 15 once (duplicate), the 2,000 phone at the snapshot is out
    #   → 15 × 365 / 90; customer 11: 30×0.4 + 30×0.5 = 27 → 27 × 365 / 90.
    got = sol.historic_clv(mod._CLV_EDGES, mod._RATES_SMALL, TS("2025-01-01"), TS("2025-04-01"), 365)
    assert got.to_dict() == pytest.approx({10: 15 * 365 / 90, 11: 27 * 365 / 90})


def test_historic_clv_is_past_margin_scaled_to_the_horizon_for_buyers():
    """AOV × frequency × margin collapses to margin × horizon / history: the identity."""
    lines = generate_shop(8, n_customers=150).order_lines
    days = (SNAPSHOT - DATA_START).days
    clv = sol.historic_clv(lines, mod.MARGIN_RATES, DATA_START, SNAPSHOT, 365)
    margin = _margin_by_loop(lines, mod.MARGIN_RATES, DATA_START, SNAPSHOT)
    buyers = set(lines[(lines.quantity > 0) & (lines.order_time < SNAPSHOT)].customer_id)
    assert set(clv.index) == buyers
    for customer in buyers:
        assert math.isclose(clv[customer], margin[customer] * 365 / days, rel_tol=1e-9, abs_tol=1e-9)


# --- choose_targets by hand and by brute force ----------------------------------------
def test_choose_targets_by_hand():
    # expected profits p × v − 15: 11: 25, 12: 25, 13: 15, 14: 21, 15: 3, 16: 45, 17: −10, 18: 3;
    # budget 50 pays for 3 contacts: 16, then 11 and 12 (tied, smaller id first).
    got = sol.choose_targets(mod._IDS, mod._P, mod._V, 15.0, 50.0)
    assert got["customer_id"].tolist() == [16, 11, 12]
    assert got["expected_profit"].tolist() == pytest.approx([45.0, 25.0, 25.0])
    assert list(got.index) == [0, 1, 2]
    # budget 200 pays for 13 contacts but only seven customers are profitable (17 is not).
    rich = sol.choose_targets(mod._IDS[::-1], mod._P[::-1], mod._V[::-1], 15.0, 200.0)
    assert rich["customer_id"].tolist() == [16, 11, 12, 14, 13, 15, 18]


@pytest.mark.parametrize("seed", range(6))
def test_choose_targets_maximises_the_expected_profit_of_an_affordable_list(seed):
    rng = np.random.default_rng(seed)
    n, cost = 9, 10.0
    ids, proba, value = np.arange(1, n + 1), rng.random(n), rng.uniform(0, 60, n)
    budget = float(rng.integers(0, 6)) * cost + 5.0
    got = sol.choose_targets(ids, proba, value, cost, budget)
    profit = dict(zip(ids, proba * value - cost, strict=True))
    best = max(sum(profit[i] for i in subset)
               for k in range(int(budget // cost) + 1) for subset in itertools.combinations(ids, k))
    assert math.isclose(got["expected_profit"].sum(), best, rel_tol=1e-12, abs_tol=1e-12)
    assert len(got) <= budget // cost and (got["expected_profit"] > 0).all()


# --- the notebook ------------------------------------------------------------------------
def test_the_notebook_uses_the_margin_rates_of_the_questions():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MARGIN_RATES" for t in node.targets):
                assert ast.literal_eval(node.value) == mod.MARGIN_RATES
                return
    pytest.fail("the notebook defines no MARGIN_RATES")


# --- answers written beside the references: other correct ways ----------------------------
def learner_margin_by_merge(order_lines, margin_rates, start, end):
    rates = pd.DataFrame({"category": list(margin_rates), "rate": list(margin_rates.values())})
    lines = order_lines.drop_duplicates().merge(rates, on="category", how="left")
    lines = lines.query("@start <= order_time < @end")
    lines["m"] = lines.quantity * lines.unit_price * (1 - lines.discount) * lines.rate
    return lines.groupby("customer_id")["m"].sum().rename("margin").sort_values()


def learner_targets_by_nlargest(customer_ids, proba, value, cost, budget):
    frame = pd.DataFrame({"customer_id": customer_ids, "expected_profit": np.multiply(proba, value) - cost})
    frame = frame[frame.expected_profit > 0].sort_values("customer_id")
    top = frame.nlargest(int(budget // cost), "expected_profit", keep="first")
    # nlargest keeps the right customers; the order among equal profits is not documented (pandas 2.0 differs)
    return top.sort_values(["expected_profit", "customer_id"], ascending=[False, True]).reset_index(drop=True)


@pytest.mark.parametrize(("qid", "answer"), [("cv.margin", learner_margin_by_merge),
                                             ("cv.targets", learner_targets_by_nlargest)])
def test_other_correct_answers_pass_in_check_and_in_grading(qid, answer):
    from grader.testing import HIDDEN_SEEDS, graded_in_process

    q = EX[qid]
    assert isinstance(q.evaluate(answer), grader.Correct), str(q.evaluate(answer))
    assert isinstance(graded_in_process(q, answer, HIDDEN_SEEDS[0]), grader.Correct)
