"""Check the system packages SWV Portaal needs, and say the exact apt-get line for what is missing.

Runs without the virtualenv (standard library only, any Python 3.8+), so ``make install`` can call
it before ``.venv`` exists and ``.ci/run`` before anything else. The list is
``tools/system-packages.txt``; the README and the Dockerfile quote it (a test holds them equal).

    python3 tools/check_system.py python pdf --warn browser   # what make install checks
    python3 tools/check_system.py --missing python pdf browser ci   # names only, for .ci/run
    python3 tools/check_system.py --apt-line pdf               # the apt-get line of a group

Each package is checked by what the project really uses (a library loads, a program is on PATH),
not by asking dpkg, so a library built by hand or a Python from pyenv counts too. Groups after
``--warn`` only warn (the browser tests skip loudly without Chromium), except with ``CI=true``:
in CI nothing may be missing. Exit status: 0 when nothing required is missing, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

DEFAULT_LIST = Path(__file__).resolve().with_name("system-packages.txt")


class Package(NamedTuple):
    name: str
    group: str
    check: str
    purpose: str


def read_packages(path: Path) -> list[Package]:
    packages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, group, check, *purpose = line.split()
        packages.append(Package(name, group, check, " ".join(purpose)))
    return packages


def is_present(check: str) -> bool:
    kind, _, target = check.partition(":")
    if kind == "lib":
        try:
            ctypes.CDLL(target)  # the same lookup as WeasyPrint's dlopen
        except OSError:
            return False
        return True
    if kind == "cmd":
        return shutil.which(target) is not None
    if kind == "py":
        return importlib.util.find_spec(target) is not None
    if kind == "file":
        return Path(target).exists()
    raise ValueError(f"onbekende controle {check!r} in de pakketlijst")


def apt_line(names: list[str]) -> str:
    # A fresh image has no package lists yet, so the line starts with an update.
    sudo = "" if os.geteuid() == 0 else "sudo "
    packages = " ".join(names)
    return f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends {packages}"


def in_groups(packages: list[Package], groups: list[str]) -> list[Package]:
    known = {p.group for p in packages}
    unknown = [g for g in groups if g not in known]
    if unknown:
        raise SystemExit(
            f"onbekende groep: {', '.join(unknown)} (bekend: {', '.join(sorted(known))})"
        )
    return [p for p in packages if p.group in groups]


def report(missing: list[Package], *, required: bool) -> None:
    if not missing:
        return
    kind = "Ontbreekt" if required else "Ontbreekt (alleen een waarschuwing; met CI=true een fout)"
    print(f"{kind}:", file=sys.stderr)
    for p in missing:
        print(f"  {p.name:<22} {p.purpose}  [{p.check}]", file=sys.stderr)
    print("Installeer met:", file=sys.stderr)
    print(f"  {apt_line([p.name for p in missing])}", file=sys.stderr)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groepen die aanwezig moeten zijn")
    parser.add_argument("--warn", nargs="*", default=[], help="groepen die alleen waarschuwen")
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST, help="de pakketlijst")
    parser.add_argument("--missing", action="store_true", help="alleen de namen van wat ontbreekt")
    parser.add_argument("--apt-line", action="store_true", help="de apt-get-regel van de groepen")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    packages = read_packages(args.list)
    strict = os.environ.get("CI", "").lower() == "true"
    required = in_groups(packages, args.groups + (args.warn if strict else []))
    optional = [] if strict else in_groups(packages, args.warn)
    if args.apt_line:
        print(apt_line([p.name for p in required + optional]))
        return 0
    missing = [p for p in required if not is_present(p.check)]
    missing_optional = [p for p in optional if not is_present(p.check)]
    if args.missing:
        print(" ".join(p.name for p in missing + missing_optional))
        return 0
    report(missing, required=True)
    report(missing_optional, required=False)
    if missing:
        return 1
    print(f"Systeempakketten in orde ({', '.join(args.groups + args.warn)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
