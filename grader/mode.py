"""Interactive vs strict mode.

Interactive (the default in a notebook): ``check`` shows feedback and never raises,
so "Run All" goes through an unfinished notebook. Strict (CI): ``check`` raises on an
answer that is not correct, so every check cell is a test. Strict mode is on when
``WORKBOOK_STRICT`` is ``1``/``true``/``yes``; the pytest plugin shipped with the
package sets it for pytest runs (and so for the kernels nbval starts) unless the
variable is already set.
"""

from __future__ import annotations

import os

__all__ = ["is_strict", "set_strict"]

_state = {"strict": None}


def is_strict() -> bool:
    """Return whether ``check`` raises on answers that are not correct."""
    if _state["strict"] is not None:
        return _state["strict"]
    return os.environ.get("WORKBOOK_STRICT", "").strip().lower() in ("1", "true", "yes", "on")


def set_strict(strict: bool | None) -> None:
    """Force strict (True) or interactive (False) mode; ``None`` follows ``WORKBOOK_STRICT``."""
    _state["strict"] = strict
