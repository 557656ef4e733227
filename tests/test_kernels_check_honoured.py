"""A bundle whose manifest records that this machine's kernel library disagrees with MatMulNBits runs on
MatMulNBits (runtime/kernel_check.refusal), says so in one warning line, and `bundle info` shows it."""
from __future__ import annotations

import json
import shutil
import warnings

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.runtime import kernel_check


@pytest.fixture
def library(with_library):
    from terminus_edge import kernels

    return kernels.library_path()


@pytest.fixture
def recorded(tiny_bundle, tmp_path):
    """recorded(check) -> a copy of the tiny int4 bundle whose manifest records `check` (outside its sha256 list)."""
    def make(check: dict | None):
        out = tmp_path / f"bundle-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(tiny_bundle("qwen3"), out)
        manifest = json.loads((out / "manifest.json").read_text())
        manifest.pop("kernels_check", None)
        if check is not None:
            manifest["kernels_check"] = check
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
        return out

    return make


def mismatch(library_key: str | None) -> dict:
    check = {"status": "mismatch", "matmul_nodes": 8, "positions": 17, "greedy_agreement": 9,
             "max_abs_logit_diff": 3.1, "relative_diff": 0.4}
    return check if library_key is None else {**check, "library": library_key}


def load(bundle):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = OnnxChatModel.load(bundle, ep="cpu", threads=1, prepacked_cache="off")
    return model, [w for w in caught if issubclass(w.category, kernel_check.KernelCheckWarning)]


def test_a_mismatch_recorded_for_this_library_keeps_matmulnbits(recorded, library):
    model, said = load(recorded(mismatch(library.parent.name)))
    assert model.kernel_nodes == 0
    assert len(said) == 1
    line = str(said[0].message)
    assert "\n" not in line and library.parent.name in line and "9/17 positions" in line
    assert "disagrees with MatMulNBits" in line and "onnxruntime's MatMulNBits" in line


def test_a_mismatch_recorded_for_another_build_does_not_refuse_this_one(recorded, library):
    model, said = load(recorded(mismatch("avx2-0123456789abcdef0123")))
    assert model.kernel_nodes > 0 and said == []


def test_a_mismatch_naming_no_build_refuses(recorded, library):
    model, said = load(recorded(mismatch(None)))
    assert model.kernel_nodes == 0 and len(said) == 1


@pytest.mark.parametrize("check", [None, {"status": "ok", "library": "x"}, {"status": "skipped", "reason": "r"},
                                   {"status": "error", "reason": "r"}])
def test_other_records_switch_the_library_in(recorded, library, check):
    model, said = load(recorded(check))
    assert model.kernel_nodes > 0 and said == []


def test_the_check_itself_still_compares_the_library(recorded, library):
    check = kernel_check.check_kernels(recorded(mismatch(library.parent.name)), steps=2)
    assert check["status"] == "ok" and check["matmul_nodes"] > 0, check


def test_bundle_info_shows_what_the_runtime_does(recorded, library):
    refused = CliRunner().invoke(main, ["bundle", "info", str(recorded(mismatch(library.parent.name)))])
    assert refused.exit_code == 0, refused.output
    line = next(row for row in refused.output.splitlines() if row.startswith("kernels "))
    assert f"mismatch at export with library {library.parent.name}" in line and "MatMulNBits runs this bundle here" in line
    other = CliRunner().invoke(main, ["bundle", "info", str(recorded(mismatch("avx2-0123456789abcdef0123")))])
    assert "another build: the library runs it" in other.output
    fine = CliRunner().invoke(main, ["bundle", "info", str(recorded({"status": "ok", "library": library.parent.name}))])
    assert f"the library {library.parent.name} runs it" in fine.output


def test_without_the_library_nothing_is_refused(tmp_path):
    manifest = {"name": "b", "kernels_check": mismatch("avx2-0123456789abcdef0123")}
    assert kernel_check.refusal(manifest, None) is None
    assert "no kernel library in use here" in kernel_check.recorded_state(manifest, None)
    assert kernel_check.refusal(manifest, tmp_path / "avx2-0123456789abcdef0123" / "lib.so") is not None


def test_run_says_it_once_in_one_line(recorded, library):
    import os
    import subprocess
    import sys

    bundle = recorded(mismatch(library.parent.name))
    done = subprocess.run([sys.executable, "-m", "terminus_edge", "run", "--bundle", str(bundle), "--",
                           "sh", "-c", "seq 1 3000; echo 'error: boom'; exit 3"],
                          capture_output=True, text=True, env=os.environ, timeout=300, check=False)
    assert done.returncode == 3, done.stderr
    said = [line for line in done.stderr.splitlines() if "disagrees with MatMulNBits" in line]
    assert len(said) == 1 and said[0].startswith("terminus-edge: warning: the manifest of "), done.stderr
    assert "KernelCheckWarning" not in done.stderr and "open_session(" not in done.stderr
