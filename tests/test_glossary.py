"""The bilingual glossary (docs/glossary.md) and a scan of every learner-facing text for its
rejected variants.

Learner-facing texts: both sides of every ``T(en, zh)`` in ``grader/`` (all modules, the question
declarations included), every cell of the notebooks, the reference solutions (``.solution()`` shows
their source), ``datasets/DATACARD.md`` and the README. A Chinese variant is searched in the
Chinese text, a Latin one case-insensitively as whole words in the English text.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
HEADER = ("English", "中文", "rejected variants", "note")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    rejected: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Hit:
    where: str  # "path:line" or "path cell N"
    phrase: str
    use: str  # the preferred term

    def __str__(self):
        return f"{self.where}: {self.phrase!r} (use {self.use})"


# ----------------------------------------------------------------------------------------------
# the glossary table
# ----------------------------------------------------------------------------------------------
def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_glossary(text: str) -> list[Term]:
    """The rows of the glossary's table (the one whose header is :data:`HEADER`)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("|") and tuple(_cells(line)) == HEADER),
                 None)
    if start is None:
        raise ValueError(f"no table with the columns {' | '.join(HEADER)}")
    terms = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = _cells(line)
        if len(cells) != len(HEADER):
            raise ValueError(f"a glossary row needs {len(HEADER)} cells: {line!r}")
        en, zh, rejected, note = cells
        terms.append(Term(en, zh, tuple(re.findall(r"`([^`]+)`", rejected)), note))
    return terms


def rejected_patterns(terms: list[Term]) -> list[tuple[str, re.Pattern, bool, str]]:
    """(phrase, pattern, is_chinese, preferred term) for every rejected variant."""
    out = []
    for term in terms:
        for phrase in term.rejected:
            chinese = bool(_CJK.search(phrase))
            pattern = (re.compile(re.escape(phrase)) if chinese
                       else re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE))
            out.append((phrase, pattern, chinese, term.zh if chinese else term.en))
    return out


# ----------------------------------------------------------------------------------------------
# learner-facing texts
# ----------------------------------------------------------------------------------------------
def _literal(node) -> str:
    """The literal text of an argument: strings, f-strings and sums of them; anything else
    (a name, a call) stands as ``{}``, so ``"（原题）" + SCRIPT`` still yields its literal part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left) + _literal(node.right)
    return "{}"


def t_texts(source: str):
    """(line, en, zh) of every ``T(en, zh)`` call in a module's source."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name != "T":
            continue
        args = list(node.args) + [kw.value for kw in node.keywords if kw.arg in ("en", "zh")]
        en = _literal(args[0]) if args else ""
        zh = _literal(args[1]) if len(args) > 1 else ""
        yield node.lineno, en, zh


def learner_texts(root: Path):
    """(where, text, languages) of every learner-facing text under ``root``.

    ``languages`` is ``{"zh"}``, ``{"en"}`` or both: which variants to look for in the text.
    """
    both = {"en", "zh"}
    for path in sorted((root / "grader").rglob("*.py")):
        rel = path.relative_to(root)
        for line, en, zh in t_texts(path.read_text(encoding="utf-8")):
            yield f"{rel}:{line}", en, {"en"}
            yield f"{rel}:{line}", zh, {"zh"}
    for path in sorted((root / "solutions").glob("*.py")):
        rel = path.relative_to(root)
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{rel}:{i}", line, both
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        rel = path.relative_to(root)
        for n, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            yield f"{rel} cell {n}", source, both
    for name in ("README.md", "datasets/DATACARD.md"):
        path = root / name
        if path.exists():
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield f"{name}:{i}", line, both


def scan(root: Path, terms: list[Term]) -> list[Hit]:
    """Every rejected variant in the learner-facing texts under ``root``."""
    patterns = rejected_patterns(terms)
    hits = []
    for where, text, languages in learner_texts(root):
        for phrase, pattern, chinese, use in patterns:
            if ("zh" if chinese else "en") in languages and pattern.search(text):
                hits.append(Hit(where, phrase, use))
    return hits


# ----------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def terms():
    return parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_has_the_project_terms(terms):
    by_zh = " ".join(t.zh for t in terms)
    for zh in ("订单明细", "毛额（未扣除退货）", "挽回优惠券", "注册客户表", "客户宽表", "数据泄漏", "目标泄漏",
               "原题第 N 问", "完全随机缺失（MCAR）", "随机缺失（MAR）", "非随机缺失（MNAR）", "填充器",
               "平均精确率（AP）", "随附的客户表", "正类", "正样本", "头部消费者", "客户层级", "过拟合", "留出法",
               "自助法", "分层 k 折", "嵌套交叉验证", "提升度", "累计增益", "阈值", "独热编码", "估计器",
               "流水线", "左闭右开", "触达", "时间外验证（OOT）", "校准曲线", "Brier 分数", "增量（uplift）",
               "最近一次消费", "消费频次", "消费金额", "快照", "标签窗口", "交叉验证", "精确率", "召回率",
               "ROC-AUC"):
        assert zh in by_zh, f"docs/glossary.md lacks {zh}"
    rejected = {p for t in terms for p in t.rejected}
    for phrase in ("毛值", "召回优惠券", "种子问题", "种子文章", "插补器", "填补器", "平均精度", "出厂客户表",
                   "发布的客户表", "正例", "顶级消费者", "seed question", "seed article"):
        assert phrase in rejected, f"docs/glossary.md does not reject {phrase}"


def test_every_row_has_both_languages_and_no_preferred_term_is_rejected(terms):
    patterns = rejected_patterns(terms)
    for term in terms:
        assert term.en and term.zh and _CJK.search(term.zh), term
        for phrase, pattern, chinese, _ in patterns:
            assert not pattern.search(term.zh if chinese else term.en), (
                f"the preferred term {term.zh if chinese else term.en!r} contains the rejected {phrase!r}")


def test_the_scanner_finds_planted_variants_in_every_kind_of_text(tmp_path, terms):
    (tmp_path / "grader" / "exercises").mkdir(parents=True)
    (tmp_path / "solutions").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "datasets").mkdir()
    (tmp_path / "grader" / "exercises" / "99_planted.py").write_text(
        'from grader.i18n import T\n'
        'OK = T("gross amount", "毛额（未扣除退货）")\n'
        'BAD = T("Answer the seed question " + "again.",\n'
        '        f"你的金额是毛值（{1}）")\n'
        'SCRIPT = "x = 1"\n'
        'ALSO = T("Review it. " + SCRIPT, "（种子编程题 2）" + SCRIPT)\n'
        'CODE = "毛值 outside T() is not learner-facing"\n', encoding="utf-8")
    (tmp_path / "solutions" / "99_planted.py").write_text('"""Docstring."""\nANSWER = "给顶级消费者发券"\n',
                                                          encoding="utf-8")
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# 标题\n", "正类与正例\n"]},
                          {"cell_type": "code", "source": "x = 1  # the Seed Article's grid"}]}
    (tmp_path / "notebooks" / "99_planted.ipynb").write_text(json.dumps(notebook, ensure_ascii=False),
                                                             encoding="utf-8")
    (tmp_path / "datasets" / "DATACARD.md").write_text("ok\n用迭代插补器填充\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("seeds and seed questionnaires are fine\n", encoding="utf-8")

    found = {(h.where, h.phrase) for h in scan(tmp_path, terms)}
    assert found == {
        ("grader/exercises/99_planted.py:3", "seed question"),
        ("grader/exercises/99_planted.py:3", "毛值"),
        ("grader/exercises/99_planted.py:6", "种子编程题"),
        ("solutions/99_planted.py:2", "顶级消费者"),
        ("notebooks/99_planted.ipynb cell 0", "正例"),
        ("notebooks/99_planted.ipynb cell 1", "seed article"),
        ("datasets/DATACARD.md:2", "插补器"),
    }


def test_the_scanner_reads_the_real_declarations():
    """Guards against a scan that silently sees nothing: the declarations hold hundreds of T()."""
    pairs = [(en, zh) for path in (ROOT / "grader").rglob("*.py")
             for _, en, zh in t_texts(path.read_text(encoding="utf-8"))]
    assert len(pairs) > 500
    assert sum(bool(_CJK.search(zh)) for _, zh in pairs) > 500
    assert any(w == "notebooks/02_feature_engineering.ipynb cell 0"
               for w, _, _ in learner_texts(ROOT))


def test_no_learner_facing_text_uses_a_rejected_variant(terms):
    hits = scan(ROOT, terms)
    assert not hits, "rejected variants (docs/glossary.md) in learner-facing text:\n" + "\n".join(
        map(str, hits))
