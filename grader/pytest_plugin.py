"""pytest plugin (entry point ``pytest11: workbook``): strict checking under pytest.

Under pytest, ``check`` must fail a cell rather than print feedback, so that
``pytest --nbval-lax notebooks/`` turns every check cell into a test. The plugin sets
``WORKBOOK_STRICT=1`` before collection, so kernels that nbval starts inherit it. A value
already in the environment wins (``WORKBOOK_STRICT=0 pytest ...`` runs interactively).
"""

from __future__ import annotations

import os


def pytest_configure(config) -> None:
    os.environ.setdefault("WORKBOOK_STRICT", "1")


def pytest_report_header(config) -> str:
    return f"workbook: WORKBOOK_STRICT={os.environ.get('WORKBOOK_STRICT', '')}"
