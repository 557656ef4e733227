"""The export memory guard: model sizes from headers, the estimate, and the plan it picks for fake amounts of
available memory (no test needs the memory it pretends is missing), plus one real small export it reroutes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import ExportError
from terminus_edge.export import memory_guard as guard
from terminus_edge.export.memory_guard import ModelSize, Request, decide, estimate
from terminus_edge.export.model_size import size_from_config

from terminus_edge.export.sources import PRESETS

# Qwen3-4B's shape as an HF directory of bf16 safetensors would report it (4.02e9 weights, tied 151936 x 2560 table).
Q4B = size_from_config(PRESETS["qwen3-4b"], "hf")
GB = 1e9


def _request(precision="int4", backend=None, low_memory=False, validate=True, streamable=True) -> Request:
    return Request(precision, backend, low_memory, validate, streamable)


def _peak(size, path, precision="int4", validation="fp32") -> int:
    return estimate(size, path=path, precision=precision, validation=validation).peak


def _fitting(peak: int) -> int:
    """Available memory in which a plan of `peak` bytes just fits."""
    return int(peak / guard.HEADROOM) + 1


def test_the_4b_preset_has_qwen3_4b_weights():
    assert 4.0e9 < Q4B.parameters < 4.05e9
    assert Q4B.embedding == 151936 * 2560 and Q4B.largest == 151936 * 2560 and Q4B.streamable


def test_hf_dir_size_is_the_checkpoint_weight_count(tiny_hf_model):
    from transformers import AutoModelForCausalLM

    source = tiny_hf_model("llama")
    size = guard.model_size(source)
    model = AutoModelForCausalLM.from_pretrained(str(source))
    norms = sum(p.numel() for n, p in model.named_parameters() if p.dim() == 1)
    assert size.parameters == sum(p.numel() for p in model.parameters())
    assert size.embedding == model.get_input_embeddings().weight.numel() * (1 if model.config.tie_word_embeddings else 2)
    assert size.rest == size.parameters - size.embedding and norms < size.rest
    assert size.source_kind == "hf" and size.weight_bytes > 4 * size.parameters * 0.9


def test_gguf_size_reads_tensor_infos(tiny_hf_model, tmp_path):
    from terminus_edge.benchmarks.same_weights import write_gguf

    source = write_gguf(tiny_hf_model("llama"), tmp_path / "tiny.Q8_0.gguf", "Q8_0")
    size = guard.model_size(source)
    assert size == guard.ModelSize(size.embedding, size.rest, size.largest, "gguf", True, source.stat().st_size)
    hf = guard.model_size(tiny_hf_model("llama"))
    assert (size.parameters, size.embedding, size.largest) == (hf.parameters, hf.embedding, hf.largest)


def test_unreadable_sources_are_left_to_the_source_checks(tmp_path):
    (tmp_path / "bad.gguf").write_bytes(b"not a gguf")
    assert guard.model_size(tmp_path / "bad.gguf") is None
    assert guard.model_size(tmp_path / "missing") is None
    with pytest.raises(ExportError, match="no preset named"):
        guard.model_size(None, random_init="qwen9-000b")


def test_estimate_grows_with_layers_and_validation():
    small = size_from_config({**_preset(), "num_hidden_layers": 1}, "random")
    big = size_from_config({**_preset(), "num_hidden_layers": 3}, "random")
    assert _peak(big, "builder") > _peak(small, "builder")
    assert _peak(small, "builder", validation=None) <= _peak(small, "builder")
    # the streaming writer's peak is set by the largest tensor, not the depth
    assert _peak(small, "low-memory", validation=None) == _peak(big, "low-memory", validation=None)
    bf16 = estimate(Q4B, path="low-memory", precision="int4", validation="bf16").stages
    fp32 = estimate(Q4B, path="low-memory", precision="int4", validation="fp32").stages
    assert max(bf16.values()) < max(fp32.values())


def _preset() -> dict:
    return dict(PRESETS["qwen3-4b"])


def test_plenty_of_memory_keeps_the_request():
    decision = decide(Q4B, _request(), 100 * GB)
    assert not decision.low_memory and decision.validation == "fp32" and decision.note is None
    assert decision.estimate.path == "builder int4"


def test_4b_builder_on_a_24gb_machine_switches_to_the_streaming_writer():
    decision = decide(Q4B, _request(), 22 * GB)
    assert decision.low_memory and decision.estimate.path == "low-memory int4"
    assert "using the low-memory streaming writer" in decision.note and "22.0 GB is available" in decision.note
    assert "\n" not in decision.note
    # a 4B HF source: the fp32 reference (16 GB + the bundle) does not fit in 90% of 22 GB, the bf16 one does
    assert decision.validation == "bf16" and "bf16 torch reference" in decision.note


def test_streaming_without_validation_when_no_reference_fits():
    decision = decide(Q4B, _request(), 6 * GB)
    assert decision.low_memory and decision.validation is None
    assert "skipping validation" in decision.note and decision.skipped


def test_a_named_backend_is_not_switched_but_refused_with_the_fixes():
    with pytest.raises(ExportError) as error:
        decide(Q4B, _request(backend="builder"), 22 * GB)
    message = str(error.value)
    assert message.startswith("not enough memory: the builder int4 export") and "\n" not in message
    assert "--low-memory" in message and "--force" in message and guard.FORCE_ENV in message


def test_other_precisions_are_pointed_at_int4_low_memory():
    with pytest.raises(ExportError, match=r"use --precision int4 --low-memory, or --force"):
        decide(Q4B, _request(precision="fp16", streamable=False), 22 * GB)


def test_validation_alone_too_big_offers_no_validate():
    size = ModelSize(embedding=0, rest=10**9, largest=10**7, source_kind="hf", streamable=False)
    without = _peak(size, "builder", validation=None)
    with pytest.raises(ExportError, match="--no-validate"):
        decide(size, _request(precision="fp32", streamable=False), _fitting(without))


def test_bf16_reference_when_only_the_fp32_one_is_too_big():
    size = ModelSize(embedding=10**6, rest=10**9, largest=10**6, source_kind="hf", streamable=True, weight_bytes=2 * 10**9)
    available = _fitting(_peak(size, "low-memory", validation="bf16"))
    decision = decide(size, _request(low_memory=True), available)
    assert decision.low_memory and decision.validation == "bf16" and "bf16 torch reference" in decision.note
    assert _peak(size, "low-memory", validation="fp32") > guard.HEADROOM * available


def test_a_low_memory_export_that_cannot_fit_is_refused():
    with pytest.raises(ExportError, match=r"low-memory int4 export needs about 2\.\d GB .* use --force"):
        decide(Q4B, _request(low_memory=True, validate=False), int(1.5 * GB))


def test_force_and_its_env_var_keep_the_request(monkeypatch):
    decision = decide(Q4B, _request(backend="builder"), 2 * GB, force=True)
    assert not decision.low_memory and decision.estimate.path == "builder int4" and decision.note is None
    monkeypatch.setattr(guard, "available_memory", lambda: 2 * GB)
    with pytest.raises(ExportError):
        guard.plan_export(None, random_init="qwen3-4b", precision="int4", backend="builder", low_memory=False,
                          validate=True, streamable=True)
    monkeypatch.setenv(guard.FORCE_ENV, "1")
    assert guard.plan_export(None, random_init="qwen3-4b", precision="int4", backend="builder", low_memory=False,
                             validate=True, streamable=True).estimate.path == "builder int4"


def test_forced_low_memory_keeps_the_streaming_writers_own_validation_rule():
    import dataclasses

    decision = decide(dataclasses.replace(Q4B, weight_bytes=8 * 10**9), _request(low_memory=True), 2 * GB, force=True)
    assert decision.validation == "auto"  # export_low_memory's VALIDATE_MAX_BYTES rule decides, as before the guard


def test_available_memory_is_positive_and_bounded():
    import psutil

    assert 0 < guard.available_memory() <= psutil.virtual_memory().total


def _between(low, high) -> int:
    """Available memory in which the `low` plan fits and the `high` one does not."""
    assert low < high
    return int((low + high) / 2 / guard.HEADROOM)


def test_a_real_export_is_rerouted_to_the_streaming_writer(tiny_hf_model, tmp_path, monkeypatch):
    source = tiny_hf_model("qwen3")
    size = guard.model_size(source)
    monkeypatch.setattr(guard, "available_memory",
                        lambda: _between(_peak(size, "low-memory"), _peak(size, "builder")))
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["backend"] == "streaming" and manifest["validation"]["status"] == "drift reported"
    assert manifest["validation"]["reference"] == "torch fp32"
    notes = [line for line in result.output.splitlines() if "using the low-memory streaming writer" in line]
    assert len(notes) == 1 and notes[0].startswith("[export] note: ")
    assert "bundle written:" in result.output and "(int4, streaming, " in result.output


def test_a_real_export_with_a_named_backend_is_refused_before_any_work(tiny_hf_model, tmp_path, monkeypatch):
    source = tiny_hf_model("qwen3")
    size = guard.model_size(source)
    monkeypatch.setattr(guard, "available_memory",
                        lambda: _between(_peak(size, "low-memory"), _peak(size, "builder")))
    result = CliRunner().invoke(main, ["export", str(source), "--backend", "builder", "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "not enough memory" in errors[0] and "--low-memory" in errors[0]
    assert not any(line.startswith("[export] ") for line in result.output.splitlines())  # no stage ran
    assert not (tmp_path / "b").exists()


def test_a_gguf_export_moved_to_the_streaming_writer_says_its_blocks_are_requantized(tiny_hf_model, tmp_path, monkeypatch):
    from terminus_edge.benchmarks.same_weights import write_gguf

    source = write_gguf(tiny_hf_model("llama"), tmp_path / "tiny.Q4_0.gguf", "Q4_0")
    size = guard.model_size(source)
    monkeypatch.setattr(guard, "available_memory",
                        lambda: _between(_peak(size, "low-memory"), _peak(size, "builder")))
    result = CliRunner().invoke(main, ["export", str(source), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "[export] note: the streaming writer re-quantizes the GGUF's Q4_0/Q4_1 blocks" in result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["backend"] == "streaming" and manifest["validation"]["reference"] == "torch fp32"
    assert "; vs torch fp32 of the dequantized GGUF: " in result.output


@pytest.mark.parametrize("files,expected", [
    ({"memory.max": "4000000000\n", "memory.current": "3000000000\n", "memory.stat": "anon 1\ninactive_file 500000000\n"},
     1_500_000_000),
    ({"memory.max": "max\n"}, None),
    ({"memory/memory.limit_in_bytes": "8000000000\n", "memory/memory.usage_in_bytes": "7000000000\n",
      "memory/memory.stat": "inactive_file 1\ntotal_inactive_file 2000000000\n"}, 3_000_000_000),
    ({}, None),
])
def test_a_cgroup_limit_is_read_with_its_reclaimable_cache(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert guard.cgroup_available(tmp_path) == expected


def test_available_memory_is_bounded_by_a_cgroup_limit(monkeypatch):
    import psutil

    monkeypatch.setattr(guard, "cgroup_available", lambda: 10**9)
    assert guard.available_memory() == min(psutil.virtual_memory().available, 10**9)


def _sparse_qwen3_4b_dir(path):
    """A Qwen3-4B-shaped HF folder of bf16 safetensors whose data is a hole in a sparse file: real headers, real
    file size (8 GB), no disk used. The guard reads headers only."""
    import struct

    config = dict(PRESETS["qwen3-4b"])
    hidden, inter, heads, kv, dim = (config[k] for k in ("hidden_size", "intermediate_size", "num_attention_heads",
                                                          "num_key_value_heads", "head_dim"))
    shapes = {"model.embed_tokens.weight": [config["vocab_size"], hidden], "model.norm.weight": [hidden]}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        shapes.update({p + "self_attn.q_proj.weight": [heads * dim, hidden], p + "self_attn.k_proj.weight": [kv * dim, hidden],
                       p + "self_attn.v_proj.weight": [kv * dim, hidden], p + "self_attn.o_proj.weight": [hidden, heads * dim],
                       p + "self_attn.q_norm.weight": [dim], p + "self_attn.k_norm.weight": [dim],
                       p + "mlp.gate_proj.weight": [inter, hidden], p + "mlp.up_proj.weight": [inter, hidden],
                       p + "mlp.down_proj.weight": [hidden, inter], p + "input_layernorm.weight": [hidden],
                       p + "post_attention_layernorm.weight": [hidden]})
    header, offset = {}, 0
    for name, shape in shapes.items():
        size = 2 * int(np.prod(shape))
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    path.mkdir()
    with open(path / "model.safetensors", "wb") as handle:
        handle.write(struct.pack("<Q", len(text)) + text)
        handle.truncate(8 + len(text) + offset)
    (path / "config.json").write_text(json.dumps(config))
    (path / "tokenizer.json").write_text("{}")
    return path


def test_a_4b_hf_folder_on_a_24gb_machine(tmp_path, monkeypatch):
    """The issue's case: `export <Qwen3-4B HF folder>` without --low-memory on this 24 GiB box."""
    source = _sparse_qwen3_4b_dir(tmp_path / "qwen3-4b")
    size = guard.model_size(source)
    assert 4.0e9 < size.parameters < 4.05e9 and size.weight_bytes > 8e9 and size.source_kind == "hf"
    plan = guard.plan_export(source, precision="int4", backend=None, low_memory=False, validate=True, streamable=True,
                             available=22 * 10**9)
    assert plan.low_memory and plan.validation == "bf16" and plan.estimate.peak < 0.9 * 22e9
    assert "builder int4 export with fp32 validation needs about 4" in plan.note  # ~45 GB
    scarce = guard.plan_export(source, precision="int4", backend=None, low_memory=False, validate=True,
                               streamable=True, available=8 * 10**9)
    assert scarce.low_memory and scarce.validation is None and "skipping validation" in scarce.note
    monkeypatch.setattr(guard, "available_memory", lambda: 22 * 10**9)
    result = CliRunner().invoke(main, ["export", str(source), "--backend", "builder", "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: not enough memory: the builder int4 export")
    assert "use --low-memory, or --force" in result.output


def test_force_skips_the_plan_and_keeps_the_streaming_writers_own_rule(tiny_hf_model, tmp_path, monkeypatch):
    monkeypatch.setattr(guard, "available_memory", lambda: 1)  # nothing fits: only --force gets through
    args = ["export", str(tiny_hf_model("qwen3")), "--low-memory", "--out", str(tmp_path / "b")]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "not enough memory" in refused.output
    monkeypatch.setenv(guard.FORCE_ENV, "1")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["backend"] == "streaming" and manifest["validation"]["reference"] == "torch fp32"  # < 2 GiB source
    assert "note:" not in result.output
