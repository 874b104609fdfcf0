"""A fresh machine really is fresh: the system check names what is missing, and one list is the
source of the README's apt-get lines, the Dockerfile's and what make install and .ci/run check."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "tools" / "check_system.py"
MAKE = shutil.which("make") or "make"


def _checker_module():
    spec = importlib.util.spec_from_file_location("check_system", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only what a shell has, so a CI=true of the machine running the tests does not leak in.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, str(CHECKER), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _install_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if "apt-get install" in line]
    assert lines, output
    return lines[-1]


@pytest.fixture
def package_list(tmp_path: Path) -> Path:
    path = tmp_path / "packages.txt"
    path.write_text(
        "# package group check for\n"
        "libpango-1.0-0  pdf  lib:libpango-1.0.so.0  tekstopmaak\n"
        "libswv-nope0    pdf  lib:libswv-nope.so.0   een bibliotheek die nergens bestaat\n"
        "swv-nope-tool   pdf  cmd:swv-nope-tool      een programma dat nergens bestaat\n",
        encoding="utf-8",
    )
    return path


def test_it_refuses_a_missing_library_and_prints_the_exact_apt_get_line(package_list):
    result = _check("pdf", "--list", str(package_list))
    assert result.returncode == 1
    line = _install_line(result.stderr)  # "sudo " before each apt-get unless run as root
    assert re.fullmatch(
        r"(sudo )?apt-get update && (sudo )?apt-get install -y --no-install-recommends "
        r"libswv-nope0 swv-nope-tool",
        line,
    ), line  # libpango-1.0-0 is present here, so it is not asked for


def test_it_refuses_when_chromium_is_not_on_the_path():
    result = _check("browser", PATH="/nonexistent-swv-path")
    assert result.returncode == 1
    assert _install_line(result.stderr).endswith("--no-install-recommends chromium")


def test_a_missing_browser_only_warns_on_a_developer_machine():
    result = _check("--warn", "browser", PATH="/nonexistent-swv-path")
    assert result.returncode == 0
    assert "waarschuwing" in result.stderr
    assert _install_line(result.stderr).endswith("chromium")


def test_it_refuses_a_missing_browser_in_ci():
    result = _check("--warn", "browser", PATH="/nonexistent-swv-path", CI="true")
    assert result.returncode == 1
    assert _install_line(result.stderr).endswith("chromium")


def test_missing_prints_only_the_names_for_ci_to_install(package_list):
    result = _check("--missing", "pdf", "--list", str(package_list))
    assert result.returncode == 0
    assert result.stdout.split() == ["libswv-nope0", "swv-nope-tool"]


def test_this_machine_has_what_make_test_needs():
    # The suite itself runs here, so the check make install runs must pass here too.
    result = _check("python", "pdf")
    assert result.returncode == 0, result.stderr


def _names(*groups: str) -> list[str]:
    checker = _checker_module()
    return [p.name for p in checker.read_packages(checker.DEFAULT_LIST) if p.group in groups]


@pytest.mark.parametrize(
    "groups", [("python", "pdf", "browser"), ("ci",), ("vertalen",)], ids=" ".join
)
def test_the_readme_quotes_the_checkers_apt_get_line(groups):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = f"apt-get install -y --no-install-recommends {' '.join(_names(*groups))}"
    assert re.search(rf"{re.escape(line)}\s*$", readme, re.MULTILINE), line


def test_the_dockerfile_installs_the_pdf_group():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    block = re.search(r"apt-get install -y --no-install-recommends(.*?)&&", dockerfile, re.DOTALL)
    assert block and block.group(1).replace("\\", " ").split() == _names("pdf")


def _make_dry_run(*args: str) -> str:
    result = subprocess.run(
        [MAKE, "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_install_checks_the_system_packages_first():
    assert "tools/check_system.py python pdf --warn browser" in _make_dry_run("install")


def test_ci_installs_what_is_missing_and_runs_the_readmes_check_before_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y" in script
    order = [
        "tools/check_system.py --missing python pdf browser ci",
        "apt_install $missing",
        "make check-system",
        "make install",
        "make test",
    ]
    position = 0
    for command in order:  # each one after the one before
        position = script.find(command, position)
        assert position >= 0, f"{command!r} missing or out of order"
