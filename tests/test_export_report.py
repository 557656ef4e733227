"""The export's last line: what a user reads to judge the bundle, so every number in it comes from the bundle."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("onnxruntime_genai")


def test_report_line_is_the_bundle_and_its_validation(tiny_bundle):
    from terminus_edge.cli.export_cmd import report_line

    bundle = tiny_bundle("qwen3", "int4")
    manifest = json.loads((bundle / "manifest.json").read_text())
    line = report_line(bundle, manifest)
    size = sum(p.stat().st_size for p in bundle.iterdir() if p.is_file())
    validation = manifest["validation"]
    assert line.startswith(f"bundle written: {bundle} (int4, builder, {size / 1e6:.1f} MB); vs torch fp32: ")
    assert f"max |logit diff| {validation['max_abs_logit_diff']:.3g}" in line
    assert f"next-token agreement {validation['next_token_agreement']:.1%}" in line
    assert f"KV-cache diff {validation['kv_cache_max_abs_diff']:.3g} (drift reported)" in line
    assert re.search(r"; peak RSS \d+\.\d GB$", line) and "\n" not in line


def test_report_line_says_what_the_reference_was_and_when_nothing_was_checked(tiny_bundle):
    from terminus_edge.cli.export_cmd import report_line

    bundle = tiny_bundle("qwen3", "int4")
    manifest = json.loads((bundle / "manifest.json").read_text())
    gguf = {**manifest, "source": {**manifest["source"], "kind": "gguf"},
            "validation": {**manifest["validation"], "reference": "torch bf16"}}
    assert "; vs torch bf16 of the dequantized GGUF: " in report_line(bundle, gguf)
    skipped = {**manifest, "validation": {"status": "skipped", "reason": "no torch source for a streamed random-init model"}}
    line = report_line(bundle, skipped)
    assert "; NOT validated (no torch source for a streamed random-init model); peak RSS" in line
    assert "agreement" not in line
    assert "NOT validated (--no-validate)" in report_line(bundle, {**manifest, "validation": {"status": "skipped"}})


def test_report_line_says_when_the_gguf_blocks_were_kept(tiny_bundle):
    from terminus_edge.cli.export_cmd import report_line

    bundle = tiny_bundle("qwen3", "int4")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert "GGUF blocks" not in report_line(bundle, manifest)
    carried = {**manifest, "quantization": {**manifest["quantization"], "matmuls": {"exact": 0, "fitted": 150, "requantized": 1}}}
    assert " MB, GGUF blocks kept in 150 of 151 MatMuls); " in report_line(bundle, carried)
