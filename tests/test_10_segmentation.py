"""Notebook 10 (segmentation): the shared contract, and the references against independent computations.

Independent sources: the segment rules evaluated by hand on chosen score triples and by a plain
Python loop over all 125 combinations; a profile computed row by row with the standard library; a
k-means partition compared with one made by a hand-written log and z-score (numpy) before
scikit-learn's ``KMeans``; the budget choice checked against an exhaustive search on small inputs
where the greedy rule is optimal, and by hand on the notebook's campaign. No expected value is pasted
from a run of the references.
"""

from __future__ import annotations

import importlib
import itertools
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

import grader
from grader.testing import question_checks

mod = importlib.import_module("grader.exercises.10_segmentation")
sol = importlib.import_module("solutions.10_segmentation")
fe = importlib.import_module("solutions.02_feature_engineering")
EX = grader.load("10")


@pytest.mark.parametrize(("qid", "question", "check"), question_checks("10"),
                         ids=[i for i, _, _ in question_checks("10")])
def test_question_contract(qid, question, check):
    check(question)


# --- rfm_segments -----------------------------------------------------------------------
def _segment_by_hand(r, f, m):
    """The rules of the task as plain if/elif, one customer at a time."""
    if r >= 4 and f >= 4 and m >= 4:
        return "champions"
    if r >= 3 and f >= 3:
        return "loyal"
    if r >= 4 and f <= 2:
        return "new"
    if r <= 2 and f >= 3:
        return "at_risk"
    if r <= 2 and f <= 2:
        return "hibernating"
    return "needs_attention"


@pytest.mark.parametrize(("scores", "segment"), [
    ((5, 5, 5), "champions"), ((4, 4, 4), "champions"),   # the lowest champion
    ((4, 4, 3), "loyal"), ((3, 5, 5), "loyal"), ((3, 3, 1), "loyal"),
    ((5, 2, 5), "new"), ((4, 1, 1), "new"),
    ((2, 3, 5), "at_risk"), ((1, 5, 5), "at_risk"),       # a lapsed best customer is at risk, not a champion
    ((2, 2, 5), "hibernating"), ((1, 1, 1), "hibernating"),
    ((3, 2, 5), "needs_attention"), ((3, 1, 1), "needs_attention"),
])
def test_rfm_segments_by_hand(scores, segment):
    frame = pd.DataFrame([scores], columns=["r_score", "f_score", "m_score"])
    assert sol.rfm_segments(frame).iloc[0] == segment


def test_rfm_segments_all_combinations_keep_index_and_name():
    frame = pd.DataFrame(list(itertools.product(range(1, 6), repeat=3)), columns=["r_score", "f_score", "m_score"])
    frame.index = np.arange(1000, 1000 + len(frame))[::-1]
    got = sol.rfm_segments(frame)
    assert got.name == "segment"
    assert list(got.index) == list(frame.index)
    assert got.tolist() == [_segment_by_hand(*row) for row in frame.itertuples(index=False)]


def test_rfm_segments_uses_notebook_02_scores_direction():
    """R = 5 comes from the smallest recency in days (notebook 02's reference scores)."""
    table = mod._shipped()
    most_recent = table.loc[table["recency"].idxmin()]
    assert most_recent["r_score"] == 5


# --- segment_profile --------------------------------------------------------------------
def test_segment_profile_against_a_row_by_row_computation():
    table = mod._toy_profile_table()
    got = sol.segment_profile(table).set_index("segment")
    total = sum(table["future_spend"])
    for name in set(table["segment"]):
        rows = [r for r in table.itertuples() if r.segment == name]
        assert got.loc[name, "customers"] == len(rows)
        assert got.loc[name, "customer_share"] == pytest.approx(len(rows) / len(table))
        assert got.loc[name, "median_recency"] == statistics.median(r.recency for r in rows)
        assert got.loc[name, "median_frequency"] == statistics.median(r.frequency for r in rows)
        assert got.loc[name, "median_monetary"] == pytest.approx(statistics.median(r.monetary for r in rows))
        assert got.loc[name, "value_share"] == pytest.approx(sum(r.future_spend for r in rows) / total)
    assert got["value_share"].sum() == pytest.approx(1.0)


def test_segment_profile_order_and_ties():
    table = mod._toy_profile_table()
    got = sol.segment_profile(table)
    # by hand: loyal 400 of 600, new 200 of 600, at_risk 0 of 600 (a refund of 50 and a purchase of 50)
    assert got["segment"].tolist() == ["loyal", "new", "at_risk"]
    tie = table.assign(segment=["b", "a", "b", "b", "a", "b", "b", "a"],
                       future_spend=[100.0, 100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    assert sol.segment_profile(tie)["segment"].tolist() == ["a", "b"]  # equal shares: by name
    assert list(sol.segment_profile(tie).index) == [0, 1]


def test_segment_profile_by_another_column():
    table = mod._toy_profile_table().rename(columns={"segment": "cluster"})
    got = sol.segment_profile(table, by="cluster")
    assert got.columns[0] == "cluster"
    assert got["customers"].sum() == len(table)


# --- the k-means pipeline ---------------------------------------------------------------
def test_kmeans_matches_a_hand_made_log_and_zscore():
    X = read_rfm()
    Z = np.log1p(X.to_numpy(dtype=float))
    Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)  # population std, as StandardScaler
    by_hand = KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(Z)
    assert adjusted_rand_score(by_hand, sol.kmeans_segments().fit_predict(X)) > 0.99


def test_kmeans_raw_clusters_are_monetary_bands():
    """Without scaling, k-means cuts on the widest unit: the clusters' monetary ranges do not overlap."""
    X = read_rfm()
    labels = KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(X)
    ranges = X.groupby(labels)["monetary"].agg(["min", "max"]).sort_values("min")
    assert (ranges["max"].to_numpy()[:-1] < ranges["min"].to_numpy()[1:]).all()


def test_ari_scoring_is_invariant_to_cluster_numbers():
    from grader.questions import score_predictions

    truth = [0, 0, 1, 1, 2, 2]
    assert score_predictions("adjusted_rand_score", truth, [2, 2, 0, 0, 1, 1], None) == 1.0
    assert score_predictions("adjusted_rand_score", truth, [0, 1, 0, 1, 0, 1], None) < 0.1


def read_rfm():
    from grader.tables import read_customer_table

    return read_customer_table()[["recency", "frequency", "monetary"]]


# --- choose_segments --------------------------------------------------------------------
def test_choose_segments_on_the_campaign_by_hand():
    campaign = mod._campaign()
    # net per contact at cost 2: new 5.5, at_risk 4, loyal 2, needs_attention 2, hibernating 0.5, champions -0.5
    # budget 4000: new 960 (3040 left), at_risk 1500 (1540), loyal 1620 skipped, needs_attention 540 (1000),
    # hibernating 1300 skipped, champions never
    assert sol.choose_segments(campaign, 4000.0, 2.0) == ["new", "at_risk", "needs_attention"]
    # 3000: new, at_risk (540 left), loyal skipped, needs_attention costs exactly 540
    assert sol.choose_segments(campaign, 3000.0, 2.0) == ["new", "at_risk", "needs_attention"]
    assert sol.choose_segments(campaign, 2999.0, 2.0) == ["new", "at_risk"]
    assert sol.choose_segments(campaign, 1e9, 2.0) == ["new", "at_risk", "loyal", "needs_attention", "hibernating"]


def test_choose_segments_is_optimal_when_everything_fits_or_sizes_are_equal():
    """Equal sizes: greedy by net gain per contact is the exhaustive optimum (checked on random inputs)."""
    rng = np.random.default_rng(0)
    for _ in range(30):
        n = int(rng.integers(2, 7))
        segments = pd.DataFrame({"segment": [f"s{i}" for i in range(n)], "customers": 100,
                                 "uplift": rng.uniform(0, 6, n)})
        cost, budget = 2.0, float(rng.integers(0, n + 1) * 200)
        chosen = sol.choose_segments(segments, budget, cost)
        net = dict(zip(segments["segment"], (segments["uplift"] - cost) * 100, strict=True))
        best = max(sum(net[s] for s in subset)
                   for k in range(n + 1) for subset in itertools.combinations(net, k)
                   if 200 * len(subset) <= budget)
        assert sum(net[s] for s in chosen) == pytest.approx(best)
        assert len(chosen) * 200 <= budget


def test_notebook_scores_are_notebook_02s():
    """The set-up cell's ``rfm_scores`` gives exactly notebook 02's reference scores."""
    import nbformat

    nb = nbformat.read(Path(__file__).parents[1] / "notebooks" / "10_segmentation.ipynb", as_version=4)
    setup = next(c.source for c in nb.cells if c.cell_type == "code" and "def rfm_scores" in c.source)
    source = setup[setup.index("def rfm_scores"):setup.index("def ready")]
    namespace = {"pd": pd}
    exec(compile(source, "<notebook 10 set-up>", "exec"), namespace)
    from grader.tables import read_customer_table

    rfm = read_customer_table()[["customer_id", "recency", "frequency", "monetary"]]
    pd.testing.assert_frame_equal(namespace["rfm_scores"](rfm), fe.rfm_scores(rfm))
