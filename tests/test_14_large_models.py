"""Notebook 14 (large models): the shared contract, the references against independent
computations, the text generator and the offline embedding model.

Independent sources: scikit-learn's ``cohen_kappa_score``; token costs and kappas worked out by
hand; pydantic and ``json`` behaviour written out case by case; the embedding model against the
mean of the weight rows of a hand-tokenised text.
"""

from __future__ import annotations

import gzip
import importlib
import json

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

import grader
from grader import Correct, Incorrect
from grader.embedding import MODEL_FILES, _read_safetensors, embed, model_files
from grader.registry import solutions
from grader.shop import DEFAULT_DIRECTORY, SNAPSHOT
from grader.tables import read_customer_table
from grader.testing import question_checks
from grader.texts import TEXTS_FILE, generate_texts, read_texts, segment, write_texts

sol = solutions("14")
mod = importlib.import_module("grader.exercises.14_large_models")
EX = grader.load("14")
CHECKS = question_checks("14")


@pytest.mark.parametrize(("question", "check"), [(q, c) for _, q, c in CHECKS],
                         ids=[i for i, _, _ in CHECKS])
def test_question_contract(question, check):
    check(question)


def test_the_notebook_has_enough_auto_graded_questions_of_each_kind():
    kinds = [q.kind for q in EX]
    assert sum(k in ("function", "value", "choice", "estimator") for k in kinds) >= 5
    assert "estimator" in kinds and "open" in kinds
    assert all(q.id.startswith("llm.") for q in EX)
    for q in EX:
        if q.kind in ("function", "estimator"):
            assert len(q.misconceptions) >= 2, q.id


# --- redact_pii -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "names", "want"), [
    ("Call 138-1234-5678 about order 1013646 (¥224.40).", [], "Call [PHONE] about order 1013646 (¥224.40)."),
    ("电话 +86 139 7992 4725，付了 230.60 元。", [], "电话 [PHONE]，付了 230.60 元。"),
    ("电话13912345678。", [], "电话[PHONE]。"),
    ("id 213912345678 is not a phone", [], "id 213912345678 is not a phone"),  # 12 digits
    ("mail lucy.chen@example.com, Lucy Chen", ["Lucy Chen"], "mail [EMAIL], [NAME]"),
    ("我是王伟，邮箱 wei13812345678@example.com。", ["王伟"], "我是[NAME]，邮箱 [EMAIL]。"),
    ("12345678901 starts with 12", [], "12345678901 starts with 12"),
])
def test_redaction_by_hand(text, names, want):
    assert sol.redact_pii(text, names) == want


def test_redaction_leaves_no_phone_or_email_in_the_shipped_chats():
    texts = read_texts()
    chats = texts[texts["source"] == "chat"]["text"]
    redacted = [sol.redact_pii(t, []) for t in chats]
    assert not any("@" in t for t in redacted)
    assert sum("[PHONE]" in t for t in redacted) > 0.2 * len(redacted)
    # every long digit run left is an order number (7 digits from 1,000,001)
    import re
    runs = {r for t in redacted for r in re.findall(r"\d{7,}", t)}
    assert all(len(r) == 7 and r.startswith("10") for r in runs)


# --- parse_label ------------------------------------------------------------------------
def test_parse_label_by_hand():
    good = {"customer_id": 7, "sentiment": "neutral", "churn_risk": 0.25, "reason": "ok"}
    assert sol.parse_label(json.dumps(good)) == {"ok": True, "record": good}
    assert sol.parse_label("```json\n" + json.dumps(good) + "\n```") == {"ok": True, "record": good}
    assert sol.parse_label("```\n" + json.dumps(good) + "\n```")["ok"]
    assert sol.parse_label("not json") == {"ok": False, "reason": "invalid_json"}
    assert sol.parse_label("Here: " + json.dumps(good)) == {"ok": False, "reason": "invalid_json"}
    for bad in ({**good, "churn_risk": -0.1}, {**good, "customer_id": 0}, {**good, "extra": 1},
                {k: v for k, v in good.items() if k != "reason"}, {**good, "reason": "x" * 201},
                {**good, "sentiment": "Positive"}, [good]):
        assert sol.parse_label(json.dumps(bad)) == {"ok": False, "reason": "invalid_record"}, bad


# --- cohen_kappa ------------------------------------------------------------------------
def test_kappa_by_hand():
    # 2x2 table: both yes 20, both no 15, a yes/b no 5, a no/b yes 10 (n = 50)
    a = ["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10
    b = ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10
    p_o = 35 / 50
    p_e = (25 / 50) * (30 / 50) + (25 / 50) * (20 / 50)
    assert sol.cohen_kappa(a, b) == pytest.approx((p_o - p_e) / (1 - p_e))


@pytest.mark.parametrize("seed", range(8))
def test_kappa_equals_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    a = rng.choice(["pos", "neu", "neg"], size=80, p=[0.5, 0.2, 0.3])
    b = np.where(rng.random(80) < 0.6, a, rng.choice(["pos", "neu", "neg", "other"], size=80))
    assert sol.cohen_kappa(list(a), list(b)) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


# --- scoring_cost -----------------------------------------------------------------------
def test_scoring_cost_by_hand():
    # 1,000,000 × 850 input tokens = 8.5e8 → 127.5 at 0.15/M; 8e7 output tokens → 48 at 0.60/M
    assert sol.scoring_cost(1_000_000, 600, 250, 80, 0.15, 0.60) == pytest.approx(175.5)
    assert sol.scoring_cost(0, 600, 250, 80, 0.15, 0.60) == 0


# --- the text model ---------------------------------------------------------------------
def test_text_model_reads_the_words_and_beats_chance():
    case = mod.MODEL.case_list(None)[0]
    X_train, y_train, X_test, y_test = case.args
    fitted = sol.text_model().fit(X_train, y_train)
    from sklearn.metrics import roc_auc_score

    auc = roc_auc_score(y_test, fitted.predict_proba(X_test)[:, 1])
    assert 0.55 < auc < 0.7  # the data card: "the words predict high_value modestly (ROC-AUC around 0.6)"
    vocabulary = fitted[0].named_transformers_["words"].vocabulary_
    assert {"好", "贵", "破", "坏"} <= set(vocabulary)  # one-character Chinese words kept


def test_a_default_tfidf_fails_the_one_character_rule():
    outcome = mod.MODEL.evaluate(mod._default_pattern())
    assert isinstance(outcome, Incorrect)
    assert "好" in str(outcome.cause)


# --- the text generator -----------------------------------------------------------------
def test_shipped_texts_equal_the_generator(tmp_path):
    path = write_texts(generate_texts(), tmp_path)
    assert path.read_bytes() == (DEFAULT_DIRECTORY / TEXTS_FILE).read_bytes()


def test_the_shipped_text_file_is_small():
    assert (DEFAULT_DIRECTORY / TEXTS_FILE).stat().st_size < 1_000_000


def test_texts_leave_the_shop_untouched():
    """The texts use their own random stream: the shop of the same seed is unchanged."""
    from grader.shop import generate_shop, read_shop

    shipped = read_shop()
    fresh = generate_shop()
    generate_texts()
    again = generate_shop()
    for name in ("customers", "order_lines", "sessions"):
        assert getattr(fresh, name).equals(getattr(again, name))
        assert getattr(fresh, name).equals(getattr(shipped, name))


def test_one_text_per_modelled_customer_before_the_snapshot():
    texts, table = read_texts(), read_customer_table()
    assert list(texts["customer_id"]) == sorted(table["customer_id"])
    assert (texts["date"] < SNAPSHOT).all()
    assert set(texts["language"]) == {"zh", "en"} and set(texts["source"]) == {"review", "chat"}


def test_texts_carry_signal_about_value():
    """Positive words are more frequent among high-value customers, complaints among the rest."""
    frame = read_texts().merge(read_customer_table()[["customer_id", "high_value"]])
    loyal = frame["text"].str.contains("buy again|go-to shop|回购|以后就在这家买了")
    leaving = frame["text"].str.contains("not order here again|switching|不会再买了|换一家店")
    high = frame["high_value"]
    assert loyal[high].mean() > loyal[~high].mean() + 0.05
    assert leaving[~high].mean() > leaving[high].mean() + 0.05


def test_generated_texts_read_back_with_the_same_dtypes(tmp_path):
    texts = generate_texts(seed=7, n_customers=300)
    write_texts(texts, tmp_path)
    back = read_texts(tmp_path)
    assert back.equals(texts)


def test_segment():
    assert segment("Delivery was FAST, isn't it?", "en") == "delivery was fast isn't it"
    words = segment("质量很好，价格太贵了。", "zh").split()
    assert "，" not in words and "。" not in words
    assert "".join(words) == "质量很好价格太贵了"
    assert "好" in words


# --- the embedding model ----------------------------------------------------------------
def test_the_embedding_model_ships_inside_the_installed_package():
    weights, tokenizer = model_files()
    assert weights.is_file() and tokenizer.is_file()
    assert weights.parts[-3:] == ("wordllama", *MODEL_FILES[0].split("/"))
    matrix = _read_safetensors(weights)
    assert matrix.shape == (32000, 256)


def test_embedding_is_the_mean_of_the_token_vectors():
    from tokenizers import Tokenizer

    weights, tokenizer_file = model_files()
    matrix = _read_safetensors(weights).astype(np.float32)
    ids = Tokenizer.from_file(str(tokenizer_file)).encode("Delivery was fast.", add_special_tokens=False).ids
    assert len(ids) >= 3
    want = np.mean([matrix[i] for i in ids], axis=0)
    np.testing.assert_allclose(embed(["Delivery was fast."])[0], want, rtol=1e-5, atol=1e-6)
    assert not embed([""]).any()


def test_embeddings_place_similar_reviews_closer():
    v = embed(["Delivery was fast.", "It arrived quickly.", "The quality is poor."])
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_the_embedding_model_needs_no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    from grader import embedding

    embedding._model.cache_clear()
    assert embed(["offline"]).shape == (1, 256)


def test_the_gzip_header_has_no_timestamp():
    raw = (DEFAULT_DIRECTORY / TEXTS_FILE).read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"
    assert gzip.decompress(raw).startswith(b"customer_id,date,source,language,text\n")


def test_a_stub_and_the_reference_of_the_estimator():
    assert isinstance(mod.MODEL.evaluate(sol.text_model()), Correct)
