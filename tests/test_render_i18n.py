"""Rendering every outcome in both languages, and the message catalogue's consistency."""

from __future__ import annotations

import json
import re
import string

import pytest

import grader
from grader import messages as M
from grader.i18n import T, get_language, set_language
from grader.outcomes import OUTCOME_TYPES
from grader.render import to_dict, to_html, to_text


def _catalogue():
    for name, value in vars(M).items():
        if isinstance(value, T):
            yield name, value
        elif isinstance(value, dict) and not name.startswith("_"):
            yield from ((f"{name}[{k}]", v) for k, v in value.items() if isinstance(v, T))


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize(("name", "message"), list(_catalogue()), ids=lambda x: x
                         if isinstance(x, str) else "")
def test_every_message_exists_in_both_languages_with_the_same_placeholders(name, message):
    assert message.en.strip() and message.zh.strip()
    assert _fields(message.en) == _fields(message.zh)
    words = re.sub(r"\{[^}]*\}|`[^`]*`", "", message.en)
    if re.search(r"[A-Za-z]{3,}", words):  # prose, not a bare format: must be translated
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)


def _outcome(cls):
    return cls(question_id="fe.rfm", title=T("RFM <table>", "RFM 表"),
               summary=T("Summary with `code` & <b>tags</b>", "摘要 `code`"),
               points=1.0, max_points=2.0, expected=T("a frame", "一个表"),
               received=T("a list", "一个列表"), case=T("one order", "一笔订单"),
               cause=T("recency from today", "从今天计算最近一次"),
               details=T("line 1\nline 2", "第一行\n第二行"), notes=[T("a note", "提示")])


@pytest.mark.parametrize("status", sorted(OUTCOME_TYPES))
def test_every_outcome_renders_as_text_html_and_json(status):
    outcome = _outcome(OUTCOME_TYPES[status])
    text = to_text(outcome, "en")
    points = "up to 2 points, scored by a person" if status == "uncheckable" else "1 / 2"
    assert M.STATUS[status].en in text and "fe.rfm" in text and points in text
    assert "Likely cause: recency from today" in text and "    line 2" in text
    html = to_html(outcome, "en")
    assert "<b>tags</b>" not in html and "&lt;b&gt;tags&lt;/b&gt;" in html
    assert "<code>code</code>" in html and f"workbook-{status}" in html
    data = to_dict(outcome, "zh")
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == status and data["cause"] == "从今天计算最近一次"
    assert M.STATUS[status].zh in to_text(outcome, "zh")


def test_language_from_setup_and_environment(monkeypatch):
    set_language(None)
    monkeypatch.setenv("WORKBOOK_LANG", "zh_CN.UTF-8")
    assert get_language() == "zh"
    monkeypatch.setenv("WORKBOOK_LANG", "klingon")
    assert get_language() == "en"
    grader.setup(lang="zh")
    assert get_language() == "zh" and "正确" in str(_outcome(grader.Correct))
    grader.setup(lang="en")
    assert get_language() == "en"
    with pytest.raises(ValueError, match="must be one of en, zh"):
        grader.setup(lang="fr")


def test_check_output_follows_the_language(spend_question, capsys):
    grader.setup(lang="zh")
    spend_question.check(spend_question.misconceptions[0].fn)
    assert "你对订单求了平均而不是求和" in capsys.readouterr().out


def test_an_open_answer_awaiting_a_person_does_not_show_zero_points(open_question):
    from grader.render import to_html, to_text

    outcome = open_question.evaluate("Recency counts days since the last order, frequency the orders "
                                     "and monetary the spend, all before the snapshot date.")
    assert outcome.status == "uncheckable"
    for lang, words in (("en", "scored by a person"), ("zh", "人工评分")):
        for shown in (to_text(outcome, lang), to_html(outcome, lang)):
            assert words in shown and f"0 / {outcome.max_points:g}" not in shown
    wrong = open_question.evaluate(None)
    assert f"0 / {wrong.max_points:g}" in to_text(wrong, "en")
