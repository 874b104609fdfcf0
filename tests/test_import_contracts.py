"""The import contracts of ``.importlinter`` (``make lint``): kept by the tree as it is, and broken
by a deliberate wrong import in a copy of the tree, each by the contract that forbids it."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".importlinter"
# The console script beside this interpreter: the one `make lint` runs.
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def root_packages() -> list[str]:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return config["importlinter"]["root_packages"].split()


def contract_count() -> int:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return sum(1 for section in config.sections() if section.startswith("importlinter:contract:"))


def lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    # Wide columns: rich would otherwise wrap long contract names at 80 characters.
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "250", "NO_COLOR": "1"},
    )


def _all_but_python(directory: str, names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if name == "__pycache__" or not (name.endswith(".py") or (Path(directory) / name).is_dir())
    ]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python files of every root package and the contracts, without the rest."""
    copy = tmp_path_factory.mktemp("tree")
    for package in root_packages():
        shutil.copytree(ROOT / package, copy / package, ignore=_all_but_python)
    shutil.copy(CONFIG, copy / ".importlinter")
    return copy


def test_the_tree_keeps_every_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {contract_count()} kept, 0 broken." in result.stdout


def test_the_copied_tree_keeps_them_too(tree: Path):
    """So a broken contract below comes from the probe, not from the copying."""
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("probe", "code", "contract"),
    [
        # The platform may not import an app at all, not even its public face.
        (
            "swvportal/core/_probe.py",
            "from plans.models import Plan\n",
            "1. The platform (swvportal) never imports a domain app",
        ),
        (
            "swvportal/jobs/_probe.py",
            "from referrals.selectors import absence_list\n",
            "1. The platform (swvportal) never imports a domain app",
        ),
        # An app uses another only through its services and selectors.
        (
            "monitoring/_probe.py",
            "from referrals.models import Pupil\n",
            "2. Other apps use referrals only through referrals.services and referrals.selectors",
        ),
        (
            "plans/_probe.py",
            "from monitoring.display import status_label\n",
            "2. Other apps use monitoring only through monitoring.services and "
            "monitoring.selectors",
        ),
        (
            "referrals/_probe.py",
            "from pillars.models import Goal\n",
            "2. pillars (the plan's pijlers, doelen and stappen) is used only by plans",
        ),
        (
            "finance/_probe.py",
            "import plans.views\n",
            "2. Other apps use plans only through plans.services and plans.selectors",
        ),
        # The apps never import the developer tools.
        (
            "referrals/_probe.py",
            "from tools.scale import scale_generate\n",
            "3. The installed apps never import the developer tools (tools/)",
        ),
    ],
)
def test_a_wrong_import_breaks_the_contract_that_forbids_it(
    tree: Path, probe: str, code: str, contract: str
):
    path = tree / probe
    path.write_text(code)
    try:
        result = lint(tree)
    finally:
        path.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    broken = result.stdout.split("Broken contracts", 1)[1]
    importer = probe.removesuffix(".py").replace("/", ".")
    imported = code.split()[1]
    assert f"{contract} BROKEN" in result.stdout
    assert f"{importer} -> {imported}" in broken
    assert f"Contracts: {contract_count() - 1} kept, 1 broken." in result.stdout


def test_an_import_through_the_public_face_keeps_the_contracts(tree: Path):
    path = tree / "monitoring" / "_probe.py"
    path.write_text(
        "from plans.selectors import plan_goals\n"
        "from referrals.selectors import absence_list\n"
        "from referrals.services import REQUIRABLE_FIELDS\n"
    )
    try:
        result = lint(tree)
    finally:
        path.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
