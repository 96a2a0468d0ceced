"""Questions of notebook 14: where large models help a customer value model, and where not.

References live in ``solutions/14_large_models.py``. The texts of the coding questions are
hand-built (and, for hidden cases, drawn from the same templates with the grading seed); every
malformed "model output" in the cases is a constructed test input, labelled as such: no language
model produced any of it. The text-model question fits on the review texts of the shipped shop
(public) or of a generated variant (hidden, :mod:`grader.texts`). Each misconception is a small
private function named ``_<name>`` after the mistake.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from grader import design
from grader.i18n import T
from grader.questions import (
    PUBLIC_SEED,
    Case,
    ChoiceQuestion,
    EstimatorQuestion,
    FunctionQuestion,
    Misconception,
    OpenQuestion,
    Rule,
)
from grader.registry import solutions
from grader.tables import LABEL, read_customer_table, variant_table
from grader.texts import generate_texts, read_texts, segment

#: the questions work from their own inputs (texts, labels, prices), not from a shipped frame
INPUT_FRAMES = ()
sol = solutions("14")
CLOSE = {"rtol": 1e-9, "atol": 1e-12}
#: customers per generated variant of the text-model question
N_CUSTOMERS_MODEL = 2500


def _hidden_rng(seed):
    return np.random.default_rng([int(seed), 14])


# =========================================================================================
# 1. redact_pii
# =========================================================================================
_REDACT_PUBLIC = [
    ("Hi, this is Lucy Chen, about order 1013646 (I paid ¥224.40). Call me on 138-1234-5678.",
     ["Lucy Chen"], T("an English chat: a dashed phone number, an order number and an amount",
                      "一段英文对话：带连字符的手机号、订单号和金额")),
    ("您好，我是王伟，订单 1016663，付了 230.60 元。电话 +86 139 7992 4725。",
     ["王伟"], T("a Chinese chat: a +86 phone number written in groups, an order number and an amount",
                "一段中文对话：分组书写、带 +86 的手机号，还有订单号和金额")),
    ("Email me at grace.li@example.com or call 13912345678. The refund of ¥1,299.00 is late.",
     ["Grace Li"], T("an e-mail address, a phone number written together and a large amount",
                     "一个邮箱地址、一个连写的手机号和一笔较大的金额")),
    ("我是张敏，邮箱 zhangmin13912345678@example.com。退货 3 件，共 89.90 元。",
     ["张敏"], T("a Chinese chat: an e-mail address holding a phone-like number, a quantity and an amount",
                "一段中文对话：用户名里含类似手机号数字的邮箱、件数和金额")),
    ("Delivery was fast. Will definitely buy again.", [],
     T("a review without personal data (must come back unchanged)", "一条不含个人信息的评价（应原样返回）")),
]


def _redact_cases(seed):
    for text, names, label in _REDACT_PUBLIC:
        yield Case((text, names), label=label)
    if seed != PUBLIC_SEED:
        rng = _hidden_rng(seed)
        for _ in range(4):
            digits = "1" + str(rng.choice([3, 5, 7, 8, 9])) + "".join(map(str, rng.integers(0, 10, 9)))
            styles = [digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}",
                      f"+86-{digits[:3]}-{digits[3:7]}-{digits[7:]}"]
            phone = styles[int(rng.integers(0, 3))]
            name = str(rng.choice(["Tom Wang", "Anna Smith", "刘洋", "陈静"]))
            order, amount = int(rng.integers(1_000_001, 1_030_000)), float(rng.integers(500, 99_999)) / 100
            yield Case((f"{name}: order {order}, paid {amount:.2f}, phone {phone}, mail x{order}@example.cn", [name]))


def _only_plain_phones(text, names):
    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "[EMAIL]", text)
    text = re.sub(r"1[3-9]\d{9}", "[PHONE]", text)
    for name in names:
        text = text.replace(name, "[NAME]")
    return text


def _every_digit_run(text, names):
    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "[EMAIL]", text)
    text = re.sub(r"\+?\d[\d ,.-]{4,}\d", "[PHONE]", text)
    for name in names:
        text = text.replace(name, "[NAME]")
    return text


def _names_kept(text, names):
    return sol.redact_pii(text, [])


def _phones_before_emails(text, names):
    text = re.sub(r"(?<![\d+])(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", "[PHONE]", text)
    text = re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "[EMAIL]", text)
    for name in names:
        text = text.replace(name, "[NAME]")
    return text


REDACT = FunctionQuestion(
    id="llm.redact_pii",
    level="mid",
    follow_ups=[
        T("Which other personal data can a chat contain that no pattern finds?",
          "对话里还可能有哪些任何正则都找不到的个人信息？"),
        T("How would you test a redaction step before it guards a real prompt?",
          "在让脱敏步骤把关真实提示词之前，你会如何测试它？"),
    ],
    title=T("Redact personal data before the prompt", "在提示词之前脱敏个人信息"),
    prompt=T(
        "Before a customer's text goes into a prompt for a hosted model, personal data must go. "
        "Write `redact_pii(text, names)`: replace every e-mail address by `[EMAIL]`, every mainland "
        "mobile number by `[PHONE]` (11 digits starting 13-19, written together or grouped 3-4-4 "
        "with spaces or dashes, optionally after `+86`), and every name in `names` (the customer's "
        "names on file) by `[NAME]`. Amounts, order numbers and all other text must stay exactly as "
        "they are: marketing still needs them.",
        "客户的文本在进入托管模型的提示词之前，必须去掉个人信息。请编写 `redact_pii(text, names)`：把每个"
        "邮箱地址替换为 `[EMAIL]`，把每个中国大陆手机号替换为 `[PHONE]`（以 13-19 开头的 11 位数字，可以"
        "连写，也可以用空格或连字符按 3-4-4 分组，前面可能有 `+86`），把 `names`（档案中该客户的姓名）里"
        "的每个姓名替换为 `[NAME]`。金额、订单号和其他文字必须原样保留：市场部门还要用它们。"),
    hints=[
        T("Do the e-mails first (`re.sub` with a pattern like `[A-Za-z0-9._%+-]+@...`), then the "
          "phones, then the names with `str.replace`.",
          "先处理邮箱（用 `re.sub`，模式类似 `[A-Za-z0-9._%+-]+@...`），再处理手机号，最后用 "
          "`str.replace` 处理姓名。"),
        T("A phone pattern: optional `\\+86[ -]?`, then `1[3-9]\\d`, then two groups `[ -]?\\d{4}`. "
          "Guard both ends with `(?<![\\d+])` and `(?!\\d)` so that a longer number is not cut.",
          "手机号模式：可选的 `\\+86[ -]?`，然后是 `1[3-9]\\d`，再接两组 `[ -]?\\d{4}`。两端用 "
          "`(?<![\\d+])` 和 `(?!\\d)` 把守，以免截断更长的数字。"),
        T("`re.sub(r\"(?<![\\d+])(?:\\+86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?!\\d)\", \"[PHONE]\", text)`.",
          "`re.sub(r\"(?<![\\d+])(?:\\+86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?!\\d)\", \"[PHONE]\", text)`。"),
    ],
    points=2,
    reference=sol.redact_pii,
    cases=_redact_cases,
    rules=[
        Rule("grouped_phones", T("phone numbers grouped by spaces or dashes, or after +86, are redacted too",
                                 "用空格或连字符分组、或带 +86 的手机号也要脱敏"),
             _only_plain_phones, misconception="only_plain_phones"),
        Rule("amounts_kept", T("amounts and order numbers stay exactly as they are", "金额和订单号原样保留"),
             _every_digit_run, misconception="every_digit_run"),
        Rule("names", T("every name in `names` becomes [NAME]", "`names` 中的每个姓名都变成 [NAME]"),
             _names_kept, misconception="names_kept"),
    ],
    misconceptions=[
        Misconception("only_plain_phones", fn=_only_plain_phones, message=T(
            "Your phone pattern only finds 11 digits written together. People write "
            "`138-1234-5678` or `+86 139 7992 4725`, and those pass your filter into the prompt: a "
            "partial regex is the most common privacy leak. Allow an optional `+86` and a space or "
            "dash between the 3-4-4 groups.",
            "你的手机号模式只能找到连写的 11 位数字。人们会写成 `138-1234-5678` 或 "
            "`+86 139 7992 4725`，这些都会穿过你的过滤进入提示词：不完整的正则是最常见的隐私泄漏。请允许"
            "可选的 `+86`，以及 3-4-4 分组之间的空格或连字符。")),
        Misconception("every_digit_run", fn=_every_digit_run, message=T(
            "You redacted every long run of digits, so order numbers and amounts became `[PHONE]` "
            "too. The text loses what the task needs (which order, how much money), and the "
            "summary the model writes becomes useless. Redact what *is* personal data, precisely, "
            "and leave the rest.",
            "你把所有较长的数字串都脱敏了，订单号和金额也变成了 `[PHONE]`。文本丢掉了任务需要的信息（哪笔"
            "订单、多少钱），模型写出的摘要也就没有用了。要精确地脱敏*确实*属于个人信息的部分，其余保持不变。")),
        Misconception("names_kept", fn=_names_kept, message=T(
            "Phones and e-mails are gone, but the customer's name is still in the text. A name "
            "next to an order number identifies the person just as well: replace every name in "
            "`names` by `[NAME]`.",
            "手机号和邮箱都去掉了，但客户的姓名还留在文本里。姓名加上订单号同样能识别出这个人：请把 "
            "`names` 中的每个姓名替换为 `[NAME]`。")),
        Misconception("phones_before_emails", fn=_phones_before_emails, message=T(
            "You redacted phone numbers before e-mail addresses: an address whose user part holds "
            "digits (e.g. `x1381234567@...`) is first cut by the phone pattern and then no longer "
            "looks like an address. Redact e-mails first, then phones.",
            "你先处理了手机号，后处理邮箱：用户名里带数字的邮箱（例如 `x1381234567@...`）会先被手机号模式截"
            "断，之后就不再像一个邮箱地址了。请先处理邮箱，再处理手机号。")),
    ],
)


# =========================================================================================
# 2. parse_label
# =========================================================================================
def _good(**change):
    record = {"customer_id": 1379, "sentiment": "negative", "churn_risk": 0.7,
              "reason": "slow delivery and no reply from support"}
    record.update(change)
    return record


_PARSE_PUBLIC = [
    (json.dumps(_good()), T("constructed test input: a valid record", "构造的测试输入：一条合法记录")),
    ("```json\n" + json.dumps(_good(sentiment="positive", churn_risk=0.1)) + "\n```",
     T("constructed test input: a valid record inside a ```json code fence",
       "构造的测试输入：包在 ```json 代码块里的合法记录")),
    ("Sure! Here is the label: " + json.dumps(_good()),
     T("constructed test input: chatter before the JSON (not JSON)", "构造的测试输入：JSON 前面有闲聊（不是 JSON）")),
    (json.dumps(_good(churn_risk=1.7)), T("constructed test input: churn_risk 1.7, outside [0, 1]",
                                          "构造的测试输入：churn_risk 为 1.7，超出 [0, 1]")),
    (json.dumps(_good(sentiment="very negative")),
     T("constructed test input: a sentiment outside the three allowed values",
       "构造的测试输入：sentiment 不在三个允许的取值之内")),
    (json.dumps({k: v for k, v in _good().items() if k != "churn_risk"}),
     T("constructed test input: churn_risk missing", "构造的测试输入：缺少 churn_risk")),
    (json.dumps(_good(email="lucy.chen@example.com")),
     T("constructed test input: an extra field `email`", "构造的测试输入：多了一个字段 `email`")),
    ('{"customer_id": 1379, "sentiment": "negative", "churn_risk": 0.7, ',
     T("constructed test input: JSON cut off in the middle", "构造的测试输入：在中间被截断的 JSON")),
]


def _parse_cases(seed):
    for raw, label in _PARSE_PUBLIC:
        yield Case((raw,), label=label)
    if seed != PUBLIC_SEED:
        rng = _hidden_rng(seed)
        for _ in range(4):
            record = _good(customer_id=int(rng.integers(1, 5000)),
                           churn_risk=float(np.round(rng.uniform(-0.5, 1.5), 2)),
                           sentiment=str(rng.choice(["positive", "neutral", "negative", "mixed"])))
            if rng.random() < 0.4:
                record["segment"] = "vip"
            text = json.dumps(record)
            yield Case(("```json\n" + text + "\n```" if rng.random() < 0.5 else text,))


def _strip_fence(raw):
    text = raw.strip()
    fence = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.DOTALL)
    return fence.group(1) if fence else text


def _no_schema(raw):
    try:
        return {"ok": True, "record": json.loads(_strip_fence(raw))}
    except json.JSONDecodeError:
        return {"ok": False, "reason": "invalid_json"}


class _LooseLabel(BaseModel):
    customer_id: int = Field(gt=0)
    sentiment: Literal["positive", "neutral", "negative"]
    churn_risk: float = Field(ge=0.0, le=1.0)
    reason: str = Field(max_length=200)


def _extra_fields_ignored(raw):
    try:
        data = json.loads(_strip_fence(raw))
    except json.JSONDecodeError:
        return {"ok": False, "reason": "invalid_json"}
    try:
        return {"ok": True, "record": _LooseLabel.model_validate(data).model_dump()}
    except ValidationError:
        return {"ok": False, "reason": "invalid_record"}


def _fence_not_removed(raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return {"ok": False, "reason": "invalid_json"}
    try:
        return {"ok": True, "record": sol.CustomerLabel.model_validate(data).model_dump()}
    except ValidationError:
        return {"ok": False, "reason": "invalid_record"}


class _UnboundedLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: int = Field(gt=0)
    sentiment: Literal["positive", "neutral", "negative"]
    churn_risk: float
    reason: str = Field(max_length=200)


def _unbounded_risk(raw):
    try:
        data = json.loads(_strip_fence(raw))
    except json.JSONDecodeError:
        return {"ok": False, "reason": "invalid_json"}
    try:
        return {"ok": True, "record": _UnboundedLabel.model_validate(data).model_dump()}
    except ValidationError:
        return {"ok": False, "reason": "invalid_record"}


PARSE = FunctionQuestion(
    id="llm.parse_label",
    level="mid",
    follow_ups=[
        T("What would you do with the rejected records: retry, fall back, or count them?",
          "被拒绝的记录你会怎么处理：重试、回退，还是计数？"),
        T("Why is a rejection rate worth monitoring after a model upgrade?",
          "为什么在模型升级之后值得监控拒绝率？"),
    ],
    title=T("A model's answer is untrusted input", "模型的回答是不可信的输入"),
    prompt=T(
        "A language model is asked to return, for one customer text, JSON matching a schema declared "
        "with pydantic as `CustomerLabel` (declare it yourself unless your notebook already does): "
        "`customer_id` > 0, `sentiment` one of positive/neutral/negative, `churn_risk` in "
        "[0, 1], `reason` at most 200 characters, no other field. "
        "Write `parse_label(raw)`: remove a surrounding Markdown code fence (```` ```json ... ``` ````) "
        "if there is one, then return `{'ok': True, 'record': {...}}` with the validated fields "
        "(`CustomerLabel.model_validate(data).model_dump()`), `{'ok': False, 'reason': "
        "'invalid_json'}` when the text is not JSON, or `{'ok': False, 'reason': 'invalid_record'}` "
        "when it is JSON that breaks the schema. The inputs of this exercise are constructed test "
        "inputs, not the answers of a real model.",
        "要求语言模型针对一条客户文本返回 JSON，符合用 pydantic 声明的 `CustomerLabel` 模式（如果你的 notebook"
        "里还没有声明，请自行声明）：`customer_id` > 0，`sentiment` 为 positive/neutral/negative 之一，"
        "`churn_risk` 在 [0, 1] 内，`reason` 不超过 200 个字符，不得有其他字段。"
        "请编写 `parse_label(raw)`：如果外面包着 Markdown 代码块（```` ```json ... ``` ````），"
        "先去掉它；然后返回 `{'ok': True, 'record': {...}}`（校验后的字段，即 "
        "`CustomerLabel.model_validate(data).model_dump()`）；文本不是 JSON 时返回 `{'ok': False, "
        "'reason': 'invalid_json'}`；是 JSON 但违反模式时返回 `{'ok': False, 'reason': 'invalid_record'}`。"
        "本练习的输入都是构造的测试输入，而不是真实模型的回答。"),
    hints=[
        T("Two `try` blocks: `json.loads` raises `json.JSONDecodeError`, `CustomerLabel.model_validate` "
          "raises `pydantic.ValidationError`.",
          "两个 `try` 块：`json.loads` 会抛出 `json.JSONDecodeError`，`CustomerLabel.model_validate` 会抛出 "
          "`pydantic.ValidationError`。"),
        T("The fence: `re.fullmatch(r\"```(?:json)?\\s*(.*?)\\s*```\", raw.strip(), flags=re.DOTALL)`; "
          "if it matches, parse `group(1)`.",
          "代码块：`re.fullmatch(r\"```(?:json)?\\s*(.*?)\\s*```\", raw.strip(), flags=re.DOTALL)`；"
          "匹配成功就解析 `group(1)`。"),
    ],
    points=2,
    reference=sol.parse_label,
    cases=_parse_cases,
    rules=[
        Rule("fence", T("a surrounding ```json code fence is removed first", "先去掉外面的 ```json 代码块"),
             _fence_not_removed, misconception="fence_not_removed", case="code fence"),
        Rule("no_extra", T("no field outside the schema", "不得有模式之外的字段"), _extra_fields_ignored,
             misconception="extra_fields_ignored", case="extra field"),
        Rule("risk_range", T("churn_risk in [0, 1]", "churn_risk 在 [0, 1] 内"), _unbounded_risk,
             case="outside [0, 1]"),
    ],
    misconceptions=[
        Misconception("no_schema", fn=_no_schema, message=T(
            "You parse the JSON but never validate it, so a churn risk of 1.7, a made-up sentiment "
            "or a missing field reaches the pipeline as if it were a label. Well-formed JSON is not "
            "a valid record: validate it with `CustomerLabel.model_validate` and reject what fails.",
            "你解析了 JSON，却从不校验它，于是 1.7 的流失风险、编造的情感标签或缺失的字段都会被当成标签进入"
            "流水线。格式正确的 JSON 并不等于合法的记录：请用 `CustomerLabel.model_validate` 校验，不合格就拒绝。")),
        Misconception("extra_fields_ignored", fn=_extra_fields_ignored, message=T(
            "Your schema silently drops fields it does not know (pydantic's default), so an answer "
            "that added an `email` field passes. A model that adds fields is not following the "
            "schema, and the extra field may carry personal data: forbid extras "
            "(`model_config = ConfigDict(extra='forbid')`, as `CustomerLabel` does).",
            "你的模式会悄悄丢掉不认识的字段（pydantic 的默认行为），于是多了 `email` 字段的回答也通过了。"
            "多出字段说明模型没有遵守模式，而且多出的字段可能携带个人信息：请禁止多余字段"
            "（`model_config = ConfigDict(extra='forbid')`，正如 `CustomerLabel` 所做的）。")),
        Misconception("fence_not_removed", fn=_fence_not_removed, message=T(
            "A valid record inside a ```json code fence is rejected as invalid JSON. Chat models "
            "often wrap JSON in a fence; the task says to remove a surrounding fence before "
            "parsing (and nothing more: chatter around the JSON is still a rejection).",
            "包在 ```json 代码块里的合法记录被当成非法 JSON 拒绝了。对话模型经常把 JSON 包在代码块里；题目要求"
            "先去掉外层代码块再解析（仅此而已：JSON 周围的闲聊仍然应当拒绝）。")),
    ],
)


# =========================================================================================
# 3. cohen_kappa
# =========================================================================================
def _kappa_cases(seed):
    yield Case((["pos", "pos", "neg", "neg", "neu", "pos", "neg", "pos", "neu", "neg"],
                ["pos", "neg", "neg", "neg", "neu", "pos", "pos", "pos", "neg", "neg"]),
               label=T("ten texts labelled by the classifier and by a person (7 of 10 agree)",
                       "十条文本，分别由分类器和人工标注（10 条中 7 条一致）"))
    yield Case(([1] * 18 + [0] * 2, [1] * 17 + [0] * 3),
               label=T("a skewed label: 90% positive, the rater agrees on 19 of 20",
                       "偏斜的标签：90% 为正类，两位标注者 20 条中 19 条一致"))
    yield Case((["positive", "negative", "neutral", "positive"], ["negative", "positive", "positive", "neutral"]),
               label=T("four texts on which the raters never agree", "四条文本，两位标注者一条都不一致"))
    rng = np.random.default_rng(40 + (0 if seed == PUBLIC_SEED else int(seed)))
    human = rng.choice(["positive", "neutral", "negative"], size=200, p=[0.5, 0.2, 0.3])
    machine = np.where(rng.random(200) < 0.75, human, rng.choice(["positive", "neutral", "negative"], size=200))
    yield Case((list(machine), list(human)), label=T(
        "200 texts: the machine copies the person's label 75% of the time, guesses otherwise",
        "200 条文本：机器 75% 的时候照搬人工标签，其余时候随机猜"))


def _raw_agreement(labels_a, labels_b):
    return float(np.mean(np.asarray(labels_a) == np.asarray(labels_b)))


def _uniform_chance(labels_a, labels_b):
    a, b = np.asarray(labels_a), np.asarray(labels_b)
    observed, expected = np.mean(a == b), 1 / len(np.union1d(a, b))
    return float((observed - expected) / (1 - expected))


def _one_rater_marginals(labels_a, labels_b):
    a, b = np.asarray(labels_a), np.asarray(labels_b)
    observed = np.mean(a == b)
    expected = sum(np.mean(a == label) ** 2 for label in np.unique(a))
    return float((observed - expected) / (1 - expected))


KAPPA = FunctionQuestion(
    id="llm.cohen_kappa",
    level="mid",
    follow_ups=[
        T("What kappa would you require before the machine labels replace people?",
          "在机器标签取代人工之前，你要求 kappa 至少多少？"),
        T("Why compare against a person, not against another model?", "为什么要和人比较，而不是和另一个模型比较？"),
    ],
    title=T("Do machine labels agree with people?", "机器标签和人工标签一致吗？"),
    prompt=T(
        "Before machine labels (from a classifier or a language model) replace people, measure "
        "how well they agree with a human-labelled sample. Write `cohen_kappa(labels_a, labels_b)`: "
        "`(p_o - p_e) / (1 - p_e)`, where `p_o` is the share of items with the same label and "
        "`p_e` the agreement expected by chance if each rater kept their own label frequencies: "
        "the sum, over every label either rater used, of the product of the two raters' shares of "
        "that label. Labels can be strings or numbers.",
        "在机器标签（来自分类器或语言模型）取代人工之前，要先度量它们与人工标注样本的一致程度。请编写 "
        "`cohen_kappa(labels_a, labels_b)`：`(p_o - p_e) / (1 - p_e)`，其中 `p_o` 是标签相同的比例，"
        "`p_e` 是在两位标注者各自保持自己的标签频率、彼此独立选择时偶然一致的期望比例：对任一标注者用过的"
        "每个标签，把两位标注者在该标签上的占比相乘再求和。标签可以是字符串或数字。"),
    hints=[
        T("`a, b = np.asarray(labels_a), np.asarray(labels_b)`; `p_o = np.mean(a == b)`.",
          "`a, b = np.asarray(labels_a), np.asarray(labels_b)`；`p_o = np.mean(a == b)`。"),
        T("`p_e = sum(np.mean(a == k) * np.mean(b == k) for k in np.union1d(a, b))`.",
          "`p_e = sum(np.mean(a == k) * np.mean(b == k) for k in np.union1d(a, b))`。"),
    ],
    points=1,
    reference=sol.cohen_kappa,
    cases=_kappa_cases,
    compare_options={"rtol": 1e-9, "atol": 1e-12},
    misconceptions=[
        Misconception("raw_agreement", fn=_raw_agreement, message=T(
            "You returned the raw share of agreement. On a skewed label two raters who both say "
            "'positive' most of the time agree often by chance alone: 19 of 20 sounds excellent, "
            "yet the agreement beyond chance is modest. Kappa subtracts the agreement expected "
            "from the raters' own label frequencies.",
            "你返回的是原始一致率。在偏斜的标签上，两位大多数时候都说“正类”的标注者，仅凭偶然就会经常一致：20 条"
            "中 19 条一致听起来很好，超出偶然的一致性却并不高。K"
            "appa 会减去由两位标注者各自的标签频率所预期的一致性。")),
        Misconception("uniform_chance", fn=_uniform_chance, message=T(
            "You took chance agreement as 1 / (number of labels), as if every label were equally "
            "frequent. Chance agreement depends on how often each rater uses each label: "
            "`p_e = sum_k p_a(k) · p_b(k)`.",
            "你把偶然一致取为 1 / 标签数，好像每个标签出现得一样频繁。偶然一致取决于每位标注者使用每个标签的频率："
            "`p_e = sum_k p_a(k) · p_b(k)`。")),
        Misconception("one_rater_marginals", fn=_one_rater_marginals, message=T(
            "Your chance agreement uses one rater's label shares twice (`p_a(k)²`). Each rater has "
            "their own frequencies: multiply rater A's share of a label by rater B's share of the "
            "same label.",
            "你的偶然一致把一位标注者的标签占比用了两次（`p_a(k)²`）。每位标注者有自己的频率：要把标注者 A 在某"
            "标签上的占比乘以标注者 B 在同一标签上的占比。")),
    ],
)


# =========================================================================================
# 4. scoring_cost
# =========================================================================================
def _cost_cases(seed):
    yield Case((1_000_000, 600, 250, 80, 0.15, 0.60), label=T(
        "a million customers, a 600-token system prompt, 250 tokens of customer text, 80 tokens out, "
        "0.15 in / 0.60 out per million tokens", "一百万客户，600 个 token 的系统提示词，每位客户 250 个 token 的"
        "文本，输出 80 个 token，每百万 token 输入 0.15、输出 0.60"))
    yield Case((3500, 0, 120, 40, 2.5, 10.0), label=T(
        "the 3,500 customers of the shop, no system prompt, a larger model's prices",
        "本商店的 3,500 位客户，没有系统提示词，更大模型的价格"))
    yield Case((0, 600, 250, 80, 0.15, 0.60), label=T("nobody to score", "没有要评分的客户"))
    if seed != PUBLIC_SEED:
        rng = _hidden_rng(seed)
        yield Case((int(rng.integers(1000, 5_000_000)), int(rng.integers(100, 2000)), int(rng.integers(50, 800)),
                    int(rng.integers(10, 300)), float(rng.integers(5, 500)) / 100, float(rng.integers(20, 2000)) / 100))


def _system_prompt_once(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_out):
    tokens_in = system_tokens + n_customers * input_tokens
    return (tokens_in * price_in + n_customers * output_tokens * price_out) / 1_000_000


def _per_thousand(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_out):
    return sol.scoring_cost(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_out) * 1000


def _output_at_input_price(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_out):
    return sol.scoring_cost(n_customers, system_tokens, input_tokens, output_tokens, price_in, price_in)


COST = FunctionQuestion(
    id="llm.scoring_cost",
    level="junior",
    follow_ups=[
        T("How would caching the system prompt or scoring only changed texts change the bill?",
          "缓存系统提示词，或只给有变化的文本评分，账单会怎样变化？"),
        T("What does the same job cost with a local embedding model?", "用本地嵌入模型做同样的事要花多少钱？"),
    ],
    title=T("What does it cost to score the customer base?", "给全部客户评分要花多少钱？"),
    prompt=T(
        "Scoring every customer with a hosted model takes one request per customer. Each request "
        "sends the system prompt (`system_tokens`) and the customer's own prompt (`input_tokens`) "
        "and receives `output_tokens`. Prices are per **million** tokens, input (`price_in`) and "
        "output (`price_out`) priced separately. Write `scoring_cost(n_customers, system_tokens, "
        "input_tokens, output_tokens, price_in, price_out)` returning the total cost.",
        "用托管模型给每位客户评分，需要每位客户一次请求。每次请求都会发送系统提示词（`system_tokens`）和该客户"
        "自己的提示词（`input_tokens`），并收到 `output_tokens`。价格按每**百万** token 计，输入（`price_in`）"
        "和输出（`price_out`）分开计价。请编写 `scoring_cost(n_customers, system_tokens, input_tokens, "
        "output_tokens, price_in, price_out)`，返回总费用。"),
    hints=[
        T("Input tokens: `n_customers * (system_tokens + input_tokens)`; output tokens: "
          "`n_customers * output_tokens`.",
          "输入 token：`n_customers * (system_tokens + input_tokens)`；输出 token："
          "`n_customers * output_tokens`。"),
        T("Multiply each by its price and divide by 1,000,000.", "各自乘以对应价格，再除以 1,000,000。"),
    ],
    points=1,
    reference=sol.scoring_cost,
    cases=_cost_cases,
    compare_options=CLOSE,
    rules=[Rule("system_every_request", T("the system prompt is sent with every request",
                                          "每次请求都会发送系统提示词"),
                _system_prompt_once, misconception="system_prompt_once")],
    misconceptions=[
        Misconception("system_prompt_once", fn=_system_prompt_once, message=T(
            "You counted the system prompt once for the whole job. It is sent with every request, "
            "so it is paid a million times for a million customers, and it is often the largest "
            "part of the bill (which is why prompt caching and short system prompts matter).",
            "你把系统提示词在整个任务中只算了一次。它随每次请求发送，一百万位客户就要付一百万次，而且常常是账单"
            "中最大的一块（这正是提示词缓存和精简系统提示词之所以重要的原因）。")),
        Misconception("per_thousand", fn=_per_thousand, message=T(
            "Your cost is 1,000 times too high: the prices are per million tokens, not per "
            "thousand. Divide the token counts times prices by 1,000,000.",
            "你的费用高了 1,000 倍：价格是按每百万 token 计的，不是每千 token。请把 token 数乘以价格后除以 "
            "1,000,000。")),
        Misconception("output_at_input_price", fn=_output_at_input_price, message=T(
            "You priced the output tokens at the input price. Output tokens usually cost several "
            "times more; a long generated explanation per customer can dominate the bill.",
            "你按输入价格计算了输出 token。输出 token 通常"
            "要贵好几倍；给每位客户生成一段长解释，可能会成为账单的大头。")),
    ],
)


# =========================================================================================
# 5. text_model (estimator)
# =========================================================================================
@lru_cache(maxsize=4)
def _text_frame(seed):
    """Texts with their segmented words and the value label, for the shipped shop or a variant."""
    if seed == PUBLIC_SEED:
        texts, table = read_texts(), read_customer_table()
    else:
        texts, table = generate_texts(seed, N_CUSTOMERS_MODEL), variant_table(seed, N_CUSTOMERS_MODEL)
    frame = texts.merge(table[["customer_id", LABEL]], on="customer_id")
    frame["tokens"] = [segment(t, lang) for t, lang in zip(frame["text"], frame["language"], strict=True)]
    return frame


def _model_cases(seed):
    frame = _text_frame(seed)
    train = frame["customer_id"] % 2 == 0
    X = frame[["tokens", "language"]]
    y = frame[LABEL]
    yield Case((X[train].reset_index(drop=True), y[train].reset_index(drop=True),
                X[~train].reset_index(drop=True), y[~train].reset_index(drop=True)), label=T(
        f"{'the shipped texts' if seed == PUBLIC_SEED else 'a fresh shop variant'}: customers with an even "
        f"id train, odd ids test ({int(train.sum())} / {int((~train).sum())})",
        f"{'随附的文本' if seed == PUBLIC_SEED else '一个新的商店变体'}：编号为偶数的客户用于训练，奇数的用于测试"
        f"（{int(train.sum())} / {int((~train).sum())}）"))


_VECTORIZERS = ("sklearn.TfidfVectorizer", "sklearn.CountVectorizer", "sklearn.HashingVectorizer")
_DEFAULT_PATTERN = r"(?u)\b\w\w+\b"


def _no_text_features(description, case):
    return not any(design.is_a(part, *_VECTORIZERS) for part in design.parts(description))


def _drops_one_char_words(description, case):
    for part in design.parts(description):
        if design.is_a(part, *_VECTORIZERS) and design.param(part, "analyzer") == "word" \
                and design.param(part, "tokenizer") is None and design.param(part, "token_pattern") == _DEFAULT_PATTERN:
            return True
    return False


def _language_only():
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    return make_pipeline(ColumnTransformer([("lang", OneHotEncoder(), ["language"])]), LogisticRegression())


def _vectorizes_language():
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(ColumnTransformer([("words", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b"), "language")]),
                         LogisticRegression(max_iter=1000))


def _default_pattern():
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(ColumnTransformer([("words", TfidfVectorizer(), "tokens")]),
                         LogisticRegression(max_iter=1000))


MODEL = EstimatorQuestion(
    id="llm.text_model",
    level="mid",
    follow_ups=[
        T("How much does the text add to the RFM features, and how would you measure it?",
          "文本在 RFM 特征之外能带来多少增益？你会如何度量？"),
        T("When would you switch from TF-IDF to embeddings or an LLM-extracted feature?",
          "什么时候你会从 TF-IDF 换成嵌入向量或由大模型抽取的特征？"),
    ],
    name="text_model",
    title=T("A text-feature pipeline: TF-IDF, then a classifier", "文本特征流水线：先 TF-IDF，再分类器"),
    prompt=T(
        "Build an unfitted pipeline that predicts `high_value` from a frame with the columns "
        "`tokens` (the text's words separated by spaces, made by `segment`) and `language`. Use a "
        "TF-IDF (or count) vectorizer on the `tokens` column (a `ColumnTransformer` with the column "
        "name as a plain string, so the vectorizer receives one text per row) that **keeps "
        "one-character words** (`token_pattern=r\"(?u)\\b\\w+\\b\"`: Chinese sentiment often sits in "
        "words like 好, 贵, 破, 坏), then a classifier. It is fitted on the training customers and "
        "judged by ROC-AUC on held-out customers, of this shop and of a fresh variant.",
        "构建一个未拟合的流水线，根据包含 `tokens`（文本的词，用空格分隔，由 `segment` 生成）和 `language` 两列"
        "的数据框预测 `high_value`。在 `tokens` 列上使用 TF-IDF（或计数）向量化器（用 `ColumnTransformer`，"
        "列名写成普通字符串，这样向量化器每行收到一段文本），并且**保留单字词**"
        "（`token_pattern=r\"(?u)\\b\\w+\\b\"`：中文的情感常常落在“好”“贵”“破”“坏”这样的单字词上），然后接一个分类器。"
        "它会在训练客户上拟合，并以留出客户上的 ROC-AUC 评判，既用本商店，也用一个新的商店变体。"),
    hints=[
        T("`ColumnTransformer([(\"words\", TfidfVectorizer(token_pattern=r\"(?u)\\b\\w+\\b\"), \"tokens\")])`: "
          "a string, not a list, as the column.",
          "`ColumnTransformer([(\"words\", TfidfVectorizer(token_pattern=r\"(?u)\\b\\w+\\b\"), \"tokens\")])`："
          "列要写成字符串，而不是列表。"),
        T("Then `make_pipeline(that_transformer, LogisticRegression(max_iter=1000))`.",
          "然后 `make_pipeline(that_transformer, LogisticRegression(max_iter=1000))`。"),
    ],
    points=2,
    reference=sol.text_model,
    cases=_model_cases,
    metric="roc_auc",
    tolerance=0.03,
    misconceptions=[
        Misconception("no_text_features", design=_no_text_features, message=T(
            "Your model has no text vectorizer, so it never reads the words: a TF-IDF or count "
            "vectorizer on the `tokens` column is the point of the exercise.",
            "你的模型里没有文本向量化器，所以它根本不读文字：本练习的重点就"
            "是在 `tokens` 列上使用 TF-IDF 或计数向量化器。")),
        Misconception("drops_one_char_words", design=_drops_one_char_words, message=T(
            "Your vectorizer keeps scikit-learn's default `token_pattern`, which only keeps words of "
            "two or more characters. After jieba, Chinese sentiment often sits in one-character "
            "words (好, 贵, 破, 坏), which are silently dropped. Pass `token_pattern=r\"(?u)\\b\\w+\\b\"`.",
            "你的向量化器沿用了 scikit-learn 默认的 `token_pattern`，它只保留两个字符及以上的词。经过 jieba 分词后，"
            "中文的情感常常落在单字词上（好、贵、破、坏），它们会被悄悄丢掉。请传入 "
            "`token_pattern=r\"(?u)\\b\\w+\\b\"`。")),
        Misconception("ignores_text", permute=("tokens",), flag_when="unchanged", message=T(
            "Shuffling the texts among the test customers leaves your scores unchanged: the model "
            "does not use the words at all (is the vectorizer reading another column?). Feed the "
            "`tokens` column to the vectorizer.",
            "把文本在测试客户之间打乱后，你的分数没有任何变化：模型根本没有用到文字（向量化器是不是读了别的列？）。"
            "请把 `tokens` 列交给向量化器。")),
    ],
    rules=[
        Rule("vectorizer", T("a TF-IDF (or count) vectorizer", "使用 TF-IDF（或计数）向量化器"), _language_only,
             misconception="no_text_features"),
        Rule("tokens_column", T("the vectorizer reads the `tokens` column", "向量化器读取 `tokens` 列"),
             _vectorizes_language, misconception="ignores_text"),
        Rule("one_char_words", T("one-character words are kept", "保留单字词"), _default_pattern,
             misconception="drops_one_char_words"),
    ],
)


# =========================================================================================
# 6-7. Choices
# =========================================================================================
LABELLING = ChoiceQuestion(
    id="llm.labelling_choice",
    level="mid",
    follow_ups=[
        T("How many human labels would you collect, and how would you sample them?",
          "你会收集多少条人工标签？如何抽样？"),
        T("When is zero-shot labelling the right tool after all?", "什么时候零样本标注反而是合适的工具？"),
    ],
    name="labelling_choice",
    title=T("Zero-shot labels or a trained classifier?", "零样本标注还是训练好的分类器？"),
    prompt=T(
        "Every week 200,000 new reviews need a sentiment label that feeds the value model. You "
        "have 3,000 reviews labelled by people. Which plan is best?",
        "每周有 200,000 条新评价需要情感标签，作为价值模型的输入。你有 3,000 条人工标注的评价。哪个方案最好？"),
    options={
        "a": T("Label every review zero-shot with a large hosted model: it needs no training data.",
               "每条评价都用大型托管模型做零样本标注：它不需要训练数据。"),
        "b": T("Keep people labelling every week: only human labels can be trusted for a model.",
               "每周继续由人工标注：只有人工标签才能放心地给模型用。"),
        "c": T("Train a small classifier on the 3,000 labels, check kappa against people, monitor it.",
               "用这 3,000 条标签训练一个小分类器，对照人工检查 kappa，并持续监控。"),
        "d": T("Use the star rating as the label and skip the text: stars and words always agree.",
               "直接用星级作标签、不看文本：星级和文字总是一致的。"),
    },
    answer=sol.LABELLING_CHOICE,
    hints=[T("Compare the plans on cost per week, stability over time and how you would know they work.",
             "从每周成本、随时间的稳定性，以及你如何知道它有效这几个方面比较这些方案。")],
    explanations={
        "a": T("Zero-shot labels are a fine start without labels, but at 200,000 texts a week they "
               "cost money and time every week, change when the provider updates the model, and send "
               "customer text outside; with 3,000 labels a trained classifier is cheaper and stable.",
               "没有标签时零样本标注是不错的起点，但每周 20 万条文本意味着每周都要花钱花时间，服务方更新模型时结果会"
               "变，客户文本还要发到外部；有了 3,000 条标签，训练的分类器更便宜也更稳定。"),
        "b": T("People are the reference, not the production labeller: 200,000 texts a week is "
               "far beyond a team, and a sample of human labels is enough to check a machine.",
               "人工是参照标准，而不是生产环境的标注器：每周 20 万条远超一个团队的能力，而用一个人工标注样本就足以"
               "检验机器。"),
        "c": T("A TF-IDF or embedding classifier trained on 3,000 labels scores 200,000 texts "
               "in seconds, on your own machines, reproducibly; kappa against a fresh human sample "
               "says whether it is good enough and catches drift.",
               "在 3,000 条标签上训练的 TF-IDF 或嵌入分类器几秒就能给 20 万条文本打分，在自己的机器上运行、"
               "结果可复现；与新的人工样本计算 kappa，可以判断它是否够好，并发现漂移。"),
        "d": T("Stars and words often disagree (five stars with a complaint about delivery), and "
               "many texts, such as service chats, have no stars at all.",
               "星级和文字经常不一致（给了五星却抱怨物流），而且很多文本（比如客服对话）根本没有星级。"),
    },
    points=1,
)

EXPLAIN = ChoiceQuestion(
    id="llm.explain_choice",
    level="senior",
    follow_ups=[
        T("Which numbers should the explanation quote, and where do they come from?",
          "解释里应当引用哪些数字？它们从哪里来？"),
        T("How would you check that the explanations stay faithful to the model?",
          "你会如何检查这些解释始终忠实于模型？"),
    ],
    name="explain_choice",
    title=T("Explaining scores to marketing with a language model", "用语言模型向市场部门解释分数"),
    prompt=T(
        "Marketing asks for a one-sentence reason next to each customer's value score. Which use "
        "of a language model is sound?",
        "市场部门希望在每位客户的价值分数旁边附上一句原因。以下哪种语言模型用法是可靠的？"),
    options={
        "a": T("Send the raw customer record and ask the model why the score is high or low.",
               "把原始客户记录发给模型，问它为什么分数高或低。"),
        "b": T("Pass the score's top feature contributions; the model only turns them into words.",
               "传入该分数贡献最大的几个特征；模型只负责把它们写成句子。"),
        "c": T("Let the model re-score each customer and explain its own score instead of ours.",
               "让模型给每位客户重新打分，并解释它自己的分数而不是我们的。"),
        "d": T("Skip explanations: a value score cannot be explained to non-specialists at all.",
               "不做解释：价值分数根本无法向非专业人士解释。"),
    },
    answer=sol.EXPLAIN_CHOICE,
    hints=[T("Where should the numbers in the sentence come from, and who can check them?",
             "句子里的数字应当从哪里来？谁能核查它们？")],
    explanations={
        "a": T("The model has never seen our value model: asked 'why', it invents a plausible story "
               "that need not match the real drivers, and the raw record sends personal data out.",
               "这个模型从未见过我们的价值模型：被问“为什么”时，它会编出一个听上去合理、却未必符合真实驱动因素的"
               "故事，而且原始记录会把个人信息发出去。"),
        "b": T("The numbers (feature contributions, e.g. from the model's coefficients or "
               "SHAP) come from the value model; the language model only phrases them, and the "
               "sentence can be checked against them.",
               "数字（特征贡献，例如来自模型系数或 SHAP）出自价值模型；语言模型只负责措辞，写出的句子也可以"
               "对照这些数字核查。"),
        "c": T("Then marketing reads a second, unvalidated score next to ours, and the explanation "
               "describes a model nobody evaluated.",
               "那样市场部门会在我们的分数旁边看到第二个未经验证的分数，而解释描述的是一个没人评估过的模型。"),
        "d": T("A score's main drivers (recent orders, falling visits, a complaint) are easy to "
               "state; marketing acts better on a score with a reason.",
               "分数的主要驱动因素（最近的订单、下降的访问量、一次投诉）很容易说清楚；有原因的分数，市场部门用起来"
               "效果更好。"),
    },
    points=1,
)


# =========================================================================================
# Interview (original part 2: the role of large models)
# =========================================================================================
ROLE = OpenQuestion(
    id="llm.role_interview",
    level="senior",
    follow_ups=[
        T("Which single text feature would you try first, and how would you prove it helps?",
          "你会先尝试哪一个文本特征？如何证明它有帮助？"),
        T("What would make you decide against a language model in this project?",
          "什么情况会让你决定在这个项目里不用语言模型？"),
    ],
    name="role_interview",
    title=T("Interview: the role of large models in customer value assessment",
            "面试题：大模型在客户价值评估中的作用"),
    prompt=T("What role can large (language) models play in assessing customer value? Where do they "
             "help, where do they not, and what are the risks?",
             "大（语言）模型在客户价值评估中能起什么作用？哪里有帮助，哪里没有？有哪些风险？"),
    model_answer=T(sol.LLM_ROLE_ANSWER,
                   "价值模型每周要根据结构化的历史数据给每位客户打分：RFM、在网时长、退货、浏览。这是表格数据问题，"
                   "在这些特征上的梯度提升或逻辑回归比大语言模型更便宜、更快、更稳定，也更容易审计；大模型替代不了它。"
                   "大模型的用处在它的周边。（1）非结构化文本——评价、客服对话、投诉——携带着订单日志里没有的满意度和流失"
                   "信号：把它们变成特征，可以用 TF-IDF 基线、句向"
                   "量，或由大模型抽取的字段（情感、投诉主题、意图），再加入"
                   "表格模型，并用交叉验证的提升度衡量增益。（2）标注："
                   "没有标签时，零样本或少样本标签可以启动一个文本分类器，"
                   "但要对照人工标注样本检验（Cohen's kappa），"
                   "一旦有了几百条标签，通常由训练好的分类器接手。（3）解释："
                   "把分数及其主要驱动因素写成市场部门看得懂的一句话，数"
                   "字由模型提供，绝不由大模型编造。局限在于：面对数百万"
                   "客户时的成本和延迟；隐私（个人信息必须脱敏，或留在公"
                   "司内部处理）；托管模型的不确定性和版本漂移；以及输出"
                   "在进入流水线之前必须按模式校验。"),
    rubric=[
        (T("The core value model stays tabular (cheaper, stabler, auditable); an LLM does not replace it",
           "核心价值模型仍是表格模型（更便宜、更稳定、可审计）；大模型不能取代它"), 1.0),
        (T("Text (reviews, chats) to features: TF-IDF, embeddings or extracted fields, gain measured by CV",
           "文本（评价、对话）变特征：TF-IDF、嵌入或抽取字段，并用交叉验证衡量增益"), 1.0),
        (T("Labelling: zero/few-shot to start, checked against people (kappa), trained classifier later",
           "标注：零样本/少样本起步，对照人工检验（kappa），之后换成训练的分类器"), 1.0),
        (T("Explanations phrased by the LLM from the model's own drivers",
           "由大模型根据模型自身的驱动因素组织解释的措辞"),
         1.0),
        (T("Risks: cost/latency, privacy, non-determinism/drift, validation of outputs",
           "风险：成本/延迟、隐私、不确定性/漂移、输出校验"), 1.0),
    ],
    hints=[T("Separate the model that scores customers from the tools that feed and explain it.",
             "把给客户打分的模型，与为它提供输入、替它做解释的工具分开来想。")],
    points=5,
)

COST_TALK = OpenQuestion(
    id="llm.cost_latency_privacy",
    level="senior",
    follow_ups=[
        T("Which of the three would stop the project first in your company?",
          "在你的公司，三者中哪一个会最先让项目停下来？"),
        T("What would you put in the contract with a model provider?", "你会在与模型服务商的合同里写些什么？"),
    ],
    name="cost_latency_privacy",
    title=T("Interview: cost, latency and privacy of scoring with a hosted model",
            "面试题：用托管模型评分的成本、延迟与隐私"),
    prompt=T("Your team proposes scoring all customers' reviews and chats every week with a hosted "
             "large language model. What do you check about cost, latency and privacy, and what would "
             "you do about each?",
             "你的团队提议每周用托管的大语言模型给所有客户的评价和对话打分。在成本、延迟和隐私方面你要检查什么？"
             "针对每一项你会怎么做？"),
    model_answer=T(sol.COST_LATENCY_PRIVACY_ANSWER,
                   "成本：按 token 计价，输入和输出分开算，系统提示"
                   "词每次请求都要计入；客户数达到几百万时，每周重新评分的"
                   "花费可能超过整个表格流水线，所以只给有变化的文本评"
                   "分、做缓存、批量处理，够用时就用小模型或嵌入向量。"
                   "延迟：一次 API 调用需要几百毫秒到几秒，还有速率"
                   "限制，适合夜间批处理，不适合结账时的实时决策；本地嵌入"
                   "模型或蒸馏出的分类器几毫秒就能给出结果。隐私：评价"
                   "和对话里有姓名、电话、地址和订单细节；只发送任务需要"
                   "的内容，在进入提示词之前脱敏个人信息（并测试脱敏效"
                   "果），优先选择部署在公司内部的模型，或签订禁止用数据"
                   "训练的合同，并遵守《个人信息保护法》/ GDPR 关于目的限制和保存期限的规定。可靠性：把每一个输出都当作"
                   "不可信的输入——按模式校验、拒绝并统计失败、固定模型版本，并持续监控与人工标注样本的一致性。"),
    rubric=[
        (T("Cost per token, input/output priced separately, system prompt per request; reduce by caching, "
           "changed texts only, smaller models", "按 token 计费，输入输出分开，系统提示词每次都计；通过缓存、只处理"
           "变化的文本、小模型来降低"), 1.0),
        (T("Latency and rate limits: batch is fine, real-time needs a local/distilled model",
           "延迟和速率限制：批处理可以，实时需要本地/蒸馏模型"), 1.0),
        (T("Privacy: minimise and redact PII, in-house deployment or contract, PIPL/GDPR",
           "隐私：最小化并脱敏个人信息，内部部署或合同约束，《个人信息保护法》/GDPR"), 1.0),
        (T("Outputs validated against a schema, version pinned, agreement monitored",
           "输出按模式校验、固定版本、监控一致性"), 1.0),
    ],
    hints=[T("Put numbers on the bill first: customers × tokens × price.",
             "先给账单算个数：客户数 × token 数 × 单价。")],
    points=4,
)


QUESTIONS = [REDACT, PARSE, KAPPA, COST, MODEL, LABELLING, EXPLAIN, ROLE, COST_TALK]
