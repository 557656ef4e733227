"""The hint printed after an offline `make run` could not install from its wheelhouse (air-gapped drill, session 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from terminus_edge.wheelhouse_check import diagnosis, other_python_wheels, wheelhouse_dirs

REPO = Path(__file__).resolve().parents[1]
# names as `pip download` wrote them in the drill (Python 3.11 and 3.12 wheelhouses)
OWN = ["numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
       "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
       "tokenizers-0.22.1-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
       "click-8.3.1-py3-none-any.whl"]
OTHER = ["numpy-2.4.6-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
         "onnxruntime-1.32.0-cp312-cp312-manylinux_2_28_x86_64.whl",
         "PyYAML-6.0.4-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl",
         "tokenizers-0.22.1-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
         "click-8.3.1-py3-none-any.whl"]


def _wheelhouse(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"")
    return folder


def test_a_wheelhouse_of_another_python_is_named_with_its_wheels(tmp_path):
    wheels = _wheelhouse(tmp_path / "wheels", OTHER)
    assert other_python_wheels(wheels, (3, 11)) == {"numpy": "cp312", "onnxruntime": "cp312", "pyyaml": "cp312"}
    lines = diagnosis({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels)}, (3, 11))
    assert len(lines) == 1
    assert "another Python" in lines[0] and "cp312" in lines[0] and "Python 3.11" in lines[0]
    assert "numpy, onnxruntime, pyyaml" in lines[0]


def test_a_stable_abi_wheel_fits_later_pythons_but_not_earlier_ones(tmp_path):
    wheels = _wheelhouse(tmp_path / "wheels", ["cryptography-46.0.3-cp311-abi3-manylinux_2_34_x86_64.whl"])
    assert other_python_wheels(wheels, (3, 12)) == {}
    assert other_python_wheels(wheels, (3, 10)) == {"cryptography": "cp311"}


def test_a_wheelhouse_of_this_python_that_failed_lacks_a_package(tmp_path):
    wheels = _wheelhouse(tmp_path / "wheels", OWN)
    assert other_python_wheels(wheels, (3, 11)) == {}
    lines = diagnosis({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": f"file://{wheels}"}, (3, 11))
    assert len(lines) == 1 and "lacks the package pip named above" in lines[0] and "pip download -d wheels" in lines[0]


def test_nothing_is_added_to_pips_message_without_a_local_wheelhouse(tmp_path):
    assert diagnosis({}, (3, 11)) == []
    assert diagnosis({"PIP_FIND_LINKS": "https://example.org/wheels"}, (3, 11)) == []
    assert diagnosis({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path / "missing")}, (3, 11)) == []
    assert wheelhouse_dirs({"PIP_FIND_LINKS": f"{tmp_path} https://example.org/w"}) == [tmp_path]


def test_the_makefile_prints_the_hint_when_pip_install_fails(tmp_path):
    makefile = (REPO / "Makefile").read_text()
    assert "-m terminus_edge.wheelhouse_check; exit 1;" in makefile
    wheels = _wheelhouse(tmp_path / "wheels", [n.replace("cp311", "cp399") for n in OWN])
    env = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "terminus_edge.wheelhouse_check"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "another Python" in done.stderr and "numpy, torch" in done.stderr
