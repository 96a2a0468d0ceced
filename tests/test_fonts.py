"""Chinese plot labels render with real glyphs once ``grader.setup(lang="zh")`` has run."""

from __future__ import annotations

import warnings

import matplotlib
import pytest

import grader
from grader.fonts import available_cjk_fonts

matplotlib.use("Agg")
LABEL = "每位客户的订单数（头部消费者）−1"


def _draw() -> list[str]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(LABEL)
    ax.set_xlabel("最近一次消费（天）")
    ax.plot([-1, 0, 1], [1, -2, 3])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


@pytest.fixture
def _fresh_rc():
    with matplotlib.rc_context():
        yield
    grader.set_language(None)


def test_the_project_set_up_installed_a_cjk_font():
    assert available_cjk_fonts(), "no CJK font: `make fonts` installs fonts-wqy-microhei"


def test_chinese_labels_render_without_missing_glyphs_after_setup_zh(_fresh_rc):
    grader.setup(lang="zh", blas_threads=None)
    assert matplotlib.rcParams["font.sans-serif"][0] == available_cjk_fonts()[0]
    assert _draw() == []


def test_without_the_setup_the_default_font_misses_the_glyphs(_fresh_rc):
    """The check above can fail: matplotlib's default font has no Chinese glyphs."""
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    assert any("missing from font" in m for m in _draw())


def test_english_setup_leaves_the_fonts_alone(_fresh_rc):
    before = list(matplotlib.rcParams["font.sans-serif"])
    grader.setup(lang="en", blas_threads=None)
    assert matplotlib.rcParams["font.sans-serif"] == before
