"""Reference solutions for notebook 14: where large models help a customer value model.

Every answer of ``notebooks/14_large_models.ipynb`` is computed here. The functions use only
``json``, ``re``, ``numpy``, ``pydantic`` and the scikit-learn names imported below (the
notebook imports the same ones), because the notebook shows each one as a cell of its own.
"""

from __future__ import annotations

import json
import re
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

__all__ = [
    "COST_LATENCY_PRIVACY_ANSWER",
    "LABELLING_CHOICE",
    "LLM_ROLE_ANSWER",
    "EXPLAIN_CHOICE",
    "CustomerLabel",
    "cohen_kappa",
    "parse_label",
    "redact_pii",
    "scoring_cost",
    "text_model",
]


def redact_pii(text, names):
    """Replace e-mail addresses, mainland mobile numbers and the customer's names in a text.

    E-mails become ``[EMAIL]``, mobile numbers (11 digits starting 13-19, written together or
    grouped 3-4-4 by spaces or dashes, optionally after ``+86``) become ``[PHONE]``, and every
    name in ``names`` becomes ``[NAME]``. Amounts, order numbers and all other text stay as
    they are.
    """
    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "[EMAIL]", text)
    text = re.sub(r"(?<![\d+])(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", "[PHONE]", text)
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, "[NAME]")
    return text


class CustomerLabel(BaseModel):
    """The record a language model must return for one customer text."""

    model_config = ConfigDict(extra="forbid")
    customer_id: int = Field(gt=0)
    sentiment: Literal["positive", "neutral", "negative"]
    churn_risk: float = Field(ge=0.0, le=1.0)
    reason: str = Field(max_length=200)


def parse_label(raw):
    """Parse a model's answer into a validated record, or say why it is rejected.

    A surrounding Markdown code fence (```` ```json ... ``` ````) is removed first. Returns
    ``{"ok": True, "record": {...}}`` with the validated fields, or ``{"ok": False, "reason":
    "invalid_json"}`` when the text is not JSON, or ``{"ok": False, "reason": "invalid_record"}``
    when it is JSON that breaks the schema (``CustomerLabel``: a missing, extra or wrong field).
    """
    text = raw.strip()
    fence = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.DOTALL)
    if fence:
        text = fence.group(1)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {"ok": False, "reason": "invalid_json"}
    try:
        record = CustomerLabel.model_validate(data)
    except ValidationError:
        return {"ok": False, "reason": "invalid_record"}
    return {"ok": True, "record": record.model_dump()}


def cohen_kappa(labels_a, labels_b):
    """Cohen's kappa of two raters' labels on the same items: agreement beyond chance.

    ``(p_o - p_e) / (1 - p_e)``, where ``p_o`` is the share of items with the same label and
    ``p_e`` the agreement expected if each rater kept their own label frequencies but chose
    independently: the sum over labels of the product of the two raters' shares.
    """
    a, b = np.asarray(labels_a), np.asarray(labels_b)
    observed = np.mean(a == b)
    labels = np.union1d(a, b)
    expected = sum(np.mean(a == label) * np.mean(b == label) for label in labels)
    return float((observed - expected) / (1 - expected))


def scoring_cost(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_out):
    """The cost of scoring every customer with one request each, in the prices' currency.

    Every request sends the system prompt (``system_tokens``) plus the customer's own prompt
    (``input_tokens``) and receives ``output_tokens``; prices are per million tokens, input
    and output priced separately.
    """
    tokens_in = n_customers * (system_tokens + input_tokens)
    tokens_out = n_customers * output_tokens
    return (tokens_in * price_in + tokens_out * price_out) / 1_000_000


def text_model():
    """TF-IDF on the segmented words (one-character words kept), then a logistic regression."""
    words = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", sublinear_tf=True, min_df=2)
    return make_pipeline(ColumnTransformer([("words", words, "tokens")]),
                         LogisticRegression(C=1.0, max_iter=1000))


LABELLING_CHOICE = "c"
EXPLAIN_CHOICE = "b"

LLM_ROLE_ANSWER = (
    "A value model scores every customer, every week, from structured history: RFM, tenure, "
    "returns, browsing. That is a tabular problem, and gradient boosting or a logistic regression "
    "on those features is cheaper, faster, more stable and easier to audit than a large language "
    "model; an LLM does not replace it. Large models help around it. (1) Unstructured text - "
    "reviews, customer-service chats, complaints - carries signal about satisfaction and churn "
    "that the order log lacks: turn it into features, with a TF-IDF baseline, sentence embeddings, "
    "or LLM-extracted fields (sentiment, complaint topic, intent), and add them to the tabular "
    "model, measuring the gain by cross-validated lift. (2) Labelling: zero- or few-shot labels "
    "bootstrap a text classifier when no labels exist, but they are checked against a human-labelled "
    "sample (Cohen's kappa), and a trained classifier usually takes over once a few hundred labels "
    "exist. (3) Explanation: turning a score and its main drivers into a sentence marketing "
    "understands, with the numbers supplied by the model, never invented by the LLM. The limits: "
    "cost and latency at millions of customers, privacy (personal data must be redacted or kept "
    "in-house), non-determinism and drift of a hosted model, and outputs that must be validated "
    "against a schema before they reach a pipeline."
)

COST_LATENCY_PRIVACY_ANSWER = (
    "Cost: price the job per token, input and output separately, with the system prompt counted "
    "on every request; at a few million customers a weekly re-score can cost more than the whole "
    "tabular pipeline, so score only texts that changed, cache, batch, and use a small model or "
    "embeddings where they are good enough. Latency: an API call takes hundreds of milliseconds to "
    "seconds and has rate limits, fine for a nightly batch, not for a checkout-time decision; "
    "a local embedding model or a distilled classifier answers in milliseconds. Privacy: reviews "
    "and chats contain names, phone numbers, addresses and order details; send only what the task "
    "needs, redact personal data before the prompt (and test the redaction), prefer a model "
    "deployed inside the company or a contract that forbids training on the data, and respect "
    "PIPL / GDPR purpose limits and retention. Reliability: treat every output as untrusted input "
    "- validate it against a schema, reject and count failures, pin the model version, and monitor "
    "agreement with a human-labelled sample over time."
)
