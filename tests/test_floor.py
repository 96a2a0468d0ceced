"""constraints/floor.txt pins every direct dependency at the floor pyproject.toml states.

``make test-floor`` installs those pins into ``.venv-floor`` and runs the tests there; this test
keeps the two files in step, so a floor raised in one place only is caught by ``make test``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT / "constraints" / "floor.txt"


def _checker():
    spec = importlib.util.spec_from_file_location("check_floor", ROOT / "constraints" / "check_floor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_direct_dependency_is_pinned_at_its_floor():
    check = _checker()
    assert check.problems(FLOOR, installed=False) == []
    pinned = check.pins(FLOOR)
    assert pinned["scikit-learn"] == "1.6.0" and pinned["imbalanced-learn"] == "0.13.0"


def test_the_check_catches_a_missing_a_wrong_and_a_stray_pin(tmp_path):
    check = _checker()
    lines = [line for line in FLOOR.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("pandas==", "numpy=="))]
    lines += ["numpy==1.26.0", "requests==2.0.0"]
    planted = tmp_path / "floor.txt"
    planted.write_text("\n".join(lines), encoding="utf-8")
    found = "\n".join(check.problems(planted, installed=False))
    floors = check.direct_floors()
    assert f"pandas: pyproject.toml says >={floors['pandas']} but floor.txt has no pin" in found
    assert f"numpy: pyproject.toml says >={floors['numpy']}, floor.txt pins 1.26.0" in found
    assert "requests==2.0.0 is pinned but is not a direct dependency" in found


def test_versions_compare_up_to_trailing_zeros():
    check = _checker()
    assert check._same("4.0", "4.0.0") and check._same("6.0", "6.0")
    assert not check._same("6.0", "6.0.1") and not check._same("1.6.0", "1.5.2")
