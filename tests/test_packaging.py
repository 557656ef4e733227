"""Packaging and CLI start-up: a plain (non-editable) install works and `--help` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Folders that install inside the terminus_edge namespace, and where they are in the repository.
NAMESPACE_DIRS = {"terminus_edge": "terminus_edge", "terminus_edge.export": "export",
                  "terminus_edge.tui": "tui", "terminus_edge.benchmarks": "benchmarks"}


def _listed_packages() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_listed_in_pyproject():
    listed = _listed_packages()
    found = set()
    for package, folder in NAMESPACE_DIRS.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            rel = init.parent.relative_to(root).parts
            found.add(".".join((package, *rel)))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "pyproject lists packages that have no __init__.py"


@pytest.mark.timeout(300)
def test_plain_install_puts_export_and_tui_inside_the_namespace(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    assert not (target / "export").exists() and not (target / "tui").exists()
    probe = (
        "import json, terminus_edge, terminus_edge.export, terminus_edge.tui, terminus_edge.benchmarks;"
        "print(json.dumps([terminus_edge.__file__, terminus_edge.export.__file__]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                         check=True, capture_output=True, text=True).stdout
    for path in json.loads(out):
        assert path.startswith(str(target))
    assert list((target / "terminus_edge" / "tui").rglob("*.tcss")) or not list((REPO / "tui").rglob("*.tcss"))


def test_help_is_fast_and_imports_nothing_heavy():
    probe = (
        "import sys, time; t=time.perf_counter();"
        "from click.testing import CliRunner; from terminus_edge.cli import main;"
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output;"
        "heavy = [m for m in ('onnxruntime', 'torch', 'transformers', 'optimum', 'textual', 'numpy') if m in sys.modules];"
        "print(heavy); print(r.output)"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    first, _, help_text = out.partition("\n")
    assert first == "[]", f"--help imported heavy modules: {first}"
    assert "Models and bundles:" in help_text and "export" in help_text


def test_console_script_help_runs():
    exe = Path(sys.executable).with_name("terminus-edge")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "terminus-edge" in result.stdout
