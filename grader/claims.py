"""Claims: a number the prose states, computed by a cell and checked where it is shown.

A notebook's text says things like "about a fifth of customers ordered once" or "the forest
loses about two points". Stored without outputs, such a sentence silently turns false when
the generator or a library changes. So the cell that computes the figure states the claim
with :func:`claim`::

    share_once = (rfm["frequency"] == 1).mean()
    claim(share_once, says=T("about a fifth of customers ordered once", "约五分之一的客户只下过一单"),
          low=0.15, high=0.25)

In a notebook the call prints the computed figure next to what the text says. In strict
mode (pytest, nbval, CI) a claim outside its bounds raises :class:`ClaimFailed`, so the test
that runs every answer key strictly also proves every claim of the prose.
"""

from __future__ import annotations

import math
import numbers

from .i18n import T
from .mode import is_strict

__all__ = ["ClaimFailed", "claim"]

_SAYS = T("The text says", "正文写道")
_COMPUTED = T("computed here", "本次计算")
_RANGE = T("expected between {low} and {high}", "应在 {low} 到 {high} 之间")
_AT_LEAST = T("expected at least {low}", "应不小于 {low}")
_AT_MOST = T("expected at most {high}", "应不大于 {high}")
_TRUE = T("expected to hold", "应当成立")
_BROKEN = T("This claim of the text does not hold on this run: the data, a library or the "
            "code above changed. Tell the workbook's maintainers.",
            "正文的这一说法在本次运行中不成立：数据、库版本或上面的代码有了变化。请告知本工作簿的维护者。")


class ClaimFailed(AssertionError):
    """Raised in strict mode when a figure the prose states is outside its stated bounds."""


def _fmt(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{float(value):.4g}"
    return repr(value)


def claim(value, *, says, low=None, high=None):
    """State that a computed figure agrees with what the notebook's text says.

    Parameters
    ----------
    value : real number or bool
        The figure computed by the cell (a share, a gap between two scores, a count), or a
        truth value for a claim that is not a number ("the forest ranks last").
    says : T or str
        The words of the text being checked, in both languages when given as a :class:`T`.
    low, high : real, optional
        Inclusive bounds the figure must lie in. Without either, ``value`` must be true.

    Returns
    -------
    object
        ``value`` itself, so a cell can keep using it.

    Raises
    ------
    ClaimFailed
        In strict mode, when the figure is outside the bounds (or not true).
    TypeError
        When bounds are given for a value that is not a real number, or ``low > high``.
    """
    if low is None and high is None:
        holds = bool(value)
        wanted = str(_TRUE)
    else:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"claim() with bounds needs a real number, got {type(value).__name__}.")
        if low is not None and high is not None and low > high:
            raise TypeError(f"claim() got low={low!r} above high={high!r}.")
        number = float(value)
        holds = not math.isnan(number)
        holds = holds and (low is None or number >= low) and (high is None or number <= high)
        if low is not None and high is not None:
            wanted = str(_RANGE).format(low=_fmt(low), high=_fmt(high))
        elif low is not None:
            wanted = str(_AT_LEAST).format(low=_fmt(low))
        else:
            wanted = str(_AT_MOST).format(high=_fmt(high))
    said = str(says)
    line = f"{str(_SAYS)} “{said}” — {str(_COMPUTED)}: {_fmt(value)} ({wanted})"
    if holds:
        print(f"✓ {line}")
        return value
    message = f"{line}\n{str(_BROKEN)}"
    if is_strict():
        raise ClaimFailed(message)
    print(f"✗ {message}")
    return value
