"""`bundle info` as a first user reads it: one screen, not 60 past_key_values names on each of two lines."""

from __future__ import annotations

import pytest

from terminus_edge.cli.bundle_cmd import _runs_folded


def test_kv_cache_inputs_fold_to_first_and_last():
    names = ["input_ids", "attention_mask", *(f"past_key_values.{i}.key" for i in range(30)),
             *(f"past_key_values.{i}.value" for i in range(30))]
    assert _runs_folded(names) == ["input_ids", "attention_mask", "past_key_values.0.key … past_key_values.29.key",
                                   "past_key_values.0.value … past_key_values.29.value"]


@pytest.mark.parametrize(("names", "shown"), [
    (["a.1", "a.2"], ["a.1", "a.2"]),  # two are shown as they are
    (["l.1.w", "l.2.w", "l.4.w", "l.5.w", "l.6.w"], ["l.1.w", "l.2.w", "l.4.w … l.6.w"]),  # a gap ends a run
    (["x.1", "y.2", "z.3"], ["x.1", "y.2", "z.3"]),  # different names
    (["?", "?", "?"], ["?", "?", "?"]),  # a manifest without names
    ([], []),
])
def test_only_runs_of_three_consecutive_numbers_fold(names, shown):
    assert _runs_folded(names) == shown


@pytest.mark.parametrize(("status", "hinted"), [("drift reported", True), ("pass", False)])
def test_info_says_why_quantized_drift_is_not_a_failure(tmp_path, status, hinted):
    from click.testing import CliRunner

    from terminus_edge.cli import main
    from terminus_edge.runtime.manifest import write_manifest

    for name in ("model.onnx", "model.onnx.data", "tokenizer.json"):
        (tmp_path / name).write_bytes(b"x")
    write_manifest(tmp_path, {"name": "b", "precision": "int4", "model_file": "model.onnx",
                              "external_data": "model.onnx.data",
                              "validation": {"status": status, "max_abs_logit_diff": 21.4, "next_token_agreement": 0.698,
                                             "prompts": 3, "continuation_tokens": 32}})
    result = CliRunner().invoke(main, ["bundle", "info", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"validation  {status}: max |logit diff| 21.4, next-token agreement 69.8%" in result.output
    assert ("only fp32 is held to a tolerance" in result.output) is hinted
