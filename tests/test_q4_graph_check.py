"""The kernel library checked against MatMulNBits on whole bundles: export records it in the manifest
(export/kernel_validation.py), `bundle verify` runs it again (runtime/kernel_check.py)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.runtime import kernel_check


def test_export_without_the_library_records_why_it_was_not_checked(tiny_bundle):
    manifest = json.loads((tiny_bundle("qwen3") / "manifest.json").read_text())
    check = manifest["kernels_check"]  # tiny_bundle exports in a fresh home: no library there
    assert check["status"] == "skipped" and "not built" in check["reason"]
    assert "kernels_check" not in manifest["files"]


def test_export_with_the_library_records_the_comparison(tiny_hf_model, with_library, tmp_path):
    from terminus_edge.export import export_model

    out = tmp_path / "tiny-llama"
    export_model(tiny_hf_model("llama"), out, precision="int4")
    check = json.loads((out / "manifest.json").read_text())["kernels_check"]
    assert check["status"] == "ok", check
    assert check["matmul_nodes"] > 0 and check["greedy_agreement"] >= 0.8 * check["positions"]
    result = CliRunner().invoke(main, ["bundle", "verify", str(out)])  # the field did not break the sha256 list
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("arch", ["qwen3", "llama"])
def test_check_compares_the_logits_of_both_paths(tiny_bundle, with_library, arch):
    check = kernel_check.check_kernels(tiny_bundle(arch))
    assert check["status"] == "ok", check
    assert 0 < check["relative_diff"] <= kernel_check.MAX_RELATIVE_DIFF  # int8 activations: never bit-identical
    assert check["positions"] == kernel_check.STEPS + 1


def test_verify_fails_when_the_paths_disagree(tiny_bundle, with_library, monkeypatch):
    monkeypatch.setattr(kernel_check, "MAX_RELATIVE_DIFF", 0.0)  # any difference is now too much
    result = CliRunner().invoke(main, ["bundle", "verify", str(tiny_bundle("qwen3"))])
    assert result.exit_code != 0
    assert "kernels: mismatch" in result.output and "disagrees with MatMulNBits" in result.output


def test_verify_says_why_the_kernels_were_not_checked(tiny_bundle, with_library, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_KERNELS", "0")
    result = CliRunner().invoke(main, ["bundle", "verify", str(tiny_bundle("qwen3"))])
    assert result.exit_code == 0, result.output
    assert "kernels: not checked (kernel library unavailable: turned off by TERMINUS_EDGE_KERNELS=0)" in result.output
    result = CliRunner().invoke(main, ["bundle", "verify", "--no-kernels", str(tiny_bundle("qwen3"))])
    assert result.exit_code == 0 and "kernels:" not in result.output


def test_non_int4_bundles_are_skipped(tiny_bundle, with_library):
    check = kernel_check.check_kernels(tiny_bundle("qwen3", precision="fp32"))
    assert check == {"status": "skipped", "reason": "not an int4 bundle: no 4-bit MatMulNBits to move"}
