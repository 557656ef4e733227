"""Export path: tiny random models -> ONNX bundles that match torch; clear errors for bad sources."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import ExportError

pytest.importorskip("onnxruntime_genai")
ort = pytest.importorskip("onnxruntime")

from onnx_checks import empty_cache_logits, session_of  # noqa: E402


def _op_types(bundle):
    import onnx

    return {n.op_type for n in onnx.load(str(bundle / "model.onnx"), load_external_data=False).graph.node}


@pytest.mark.parametrize("arch", ["qwen3", "llama", "qwen2"])
def test_fp32_bundle_matches_torch(arch, tiny_bundle, tiny_hf_model):
    import torch
    from transformers import AutoModelForCausalLM

    from terminus_edge.export.validate import FP32_ATOL

    bundle = tiny_bundle(arch, "fp32")
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["validation"]["status"] == "pass"
    assert manifest["validation"]["max_abs_logit_diff"] <= FP32_ATOL
    assert manifest["validation"]["next_token_agreement"] == 1.0

    ids = [5, 17, 42, 99, 3, 250, 7, 7, 120]
    model = AutoModelForCausalLM.from_pretrained(str(tiny_hf_model(arch)), attn_implementation="eager").eval()
    with torch.no_grad():
        expected = model(input_ids=torch.tensor([ids])).logits[0].numpy()
    got = empty_cache_logits(session_of(bundle), ids)
    np.testing.assert_allclose(got, expected, atol=FP32_ATOL, rtol=0)
    assert "GroupQueryAttention" in _op_types(bundle)


@pytest.mark.parametrize("precision,quant_op", [("int4", "MatMulNBits"), ("int8", "MatMulNBits")])
def test_quantized_bundles_load_and_produce_logits(precision, quant_op, tiny_bundle):
    bundle = tiny_bundle("qwen3", precision)
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["precision"] == precision
    assert manifest["quantization"]["block_size"] == 32
    assert manifest["validation"]["status"] == "drift reported"
    assert 0.0 <= manifest["validation"]["next_token_agreement"] <= 1.0
    logits = empty_cache_logits(session_of(bundle), [5, 6, 7, 8])
    assert logits.shape == (4, manifest["architecture"]["vocab_size"])
    assert np.isfinite(logits).all()
    assert quant_op in _op_types(bundle)
    assert "MatMul" not in _op_types(bundle)  # every projection quantized


def test_int4_tied_embedding_is_shared_and_quantized(tiny_bundle):
    int4, fp32 = tiny_bundle("qwen3", "int4"), tiny_bundle("qwen3", "fp32")
    assert "GatherBlockQuantized" in _op_types(int4)
    manifest = json.loads((int4 / "manifest.json").read_text())
    assert manifest["quantization"]["embedding"].startswith("int4")
    assert (int4 / "model.onnx.data").stat().st_size < 0.4 * (fp32 / "model.onnx.data").stat().st_size


def test_bundle_layout_and_manifest(tiny_bundle):
    import jinja2

    bundle = tiny_bundle("qwen3", "int4")
    for name in ("model.onnx", "model.onnx.data", "tokenizer.json", "tokenizer_config.json",
                 "chat_template.jinja", "generation_config.json", "manifest.json"):
        assert (bundle / name).is_file(), name
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["external_data"] == "model.onnx.data"
    assert manifest["architecture"]["head_dim"] == 32 and manifest["architecture"]["num_key_value_heads"] == 2
    names = [i["name"] for i in manifest["graph"]["inputs"]]
    assert names[:2] == ["input_ids", "attention_mask"] and "past_key_values.1.value" in names
    assert manifest["graph"]["outputs"][0]["name"] == "logits"
    assert manifest["source"]["kind"] == "hf" and len(manifest["source"]["sha256"]["model.safetensors"]) == 64
    assert {"torch", "transformers", "onnx", "onnxruntime", "onnxruntime-genai"} <= set(manifest["exporter"])
    gen = json.loads((bundle / "generation_config.json").read_text())
    assert gen["eos_token_id"] == [0, 2]  # <|endoftext|>, <|im_end|>; never <|im_start|> (1)
    text = jinja2.Template((bundle / "chat_template.jinja").read_text()).render(
        messages=[{"role": "user", "content": "hi"}], add_generation_prompt=True)
    assert text.endswith("<|im_start|>assistant\n")


def test_stop_ids_drop_im_start(tmp_path, tiny_hf_model):
    from tokenizers import Tokenizer

    from terminus_edge.export.bundle_writer import special_ids

    hf = tmp_path / "hf"
    shutil.copytree(tiny_hf_model("qwen3"), hf)
    (hf / "generation_config.json").write_text(json.dumps({"eos_token_id": [1, 2], "bos_token_id": 1}))
    tokenizer = Tokenizer.from_file(str(hf / "tokenizer.json"))
    ids = special_ids(hf, tokenizer, (hf / "chat_template.jinja").read_text())
    assert 1 not in ids["eos_token_id"] and 2 in ids["eos_token_id"]


def test_fp32_validation_fails_when_graph_differs(tiny_bundle, tiny_hf_model):
    from terminus_edge.export.validate import validate_export

    other = tiny_bundle("qwen2", "fp32")  # same vocab, different weights
    with pytest.raises(ExportError, match="fp32 export does not match torch"):
        validate_export(tiny_hf_model("qwen3"), other / "model.onnx", "fp32")


def test_unsupported_architecture_is_one_clear_line(tmp_path, tiny_hf_model):
    from terminus_edge.export import export_model

    src = tmp_path / "gpt2"
    shutil.copytree(tiny_hf_model("qwen3"), src)
    config = json.loads((src / "config.json").read_text())
    config["model_type"] = "gpt2"
    (src / "config.json").write_text(json.dumps(config))
    with pytest.raises(ExportError, match=r"unsupported architecture 'gpt2'.*supported: qwen3, llama, qwen2"):
        export_model(src, tmp_path / "out")


@pytest.mark.parametrize("missing,message", [
    ("model.safetensors", "model.safetensors .* is missing"),
    ("config.json", "config.json is missing"),
    ("tokenizer.json", "tokenizer.json is missing"),
])
def test_missing_file_names_what_is_missing(missing, message, tmp_path, tiny_hf_model):
    src = tmp_path / "src"
    shutil.copytree(tiny_hf_model("llama"), src)
    (src / missing).unlink()
    result = CliRunner().invoke(main, ["export", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and __import__("re").search(message, lines[0]), result.output
    assert not (tmp_path / "out").exists()


def test_export_refuses_to_overwrite_a_non_bundle(tmp_path, tiny_hf_model):
    from terminus_edge.export import export_model

    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="exists and is not a bundle"):
        export_model(tiny_hf_model("qwen3"), out)
    assert (out / "notes.txt").read_text() == "keep me"


def test_random_init_gets_placeholders_for_unknown_ids(tmp_path, tiny_hf_model):
    from tokenizers import Tokenizer

    from terminus_edge.export import export_model

    config = json.loads((tiny_hf_model("qwen3") / "config.json").read_text())
    config.update(vocab_size=448, eos_token_id=400)  # 64 more ids than the small tokenizer knows
    (tmp_path / "config.json").write_text(json.dumps(config))
    manifest = export_model(None, tmp_path / "rand", random_init=str(tmp_path / "config.json"), precision="int4")
    assert manifest["source"]["kind"] == "random"
    placeholders = manifest["tokenizer"]["placeholders"]
    assert placeholders == {"format": "<unk_{id}>", "first_id": 384, "count": 64}
    tok = Tokenizer.from_file(str(tmp_path / "rand" / "tokenizer.json"))
    assert tok.decode([447]) == "<unk_447>"
    assert "locally trained" in manifest["tokenizer"]["source"]
    assert manifest["generation"]["eos_token_id"] == [0, 2]  # the tokenizer's own stop ids, not the config's


def test_random_init_preset_keeps_the_layer_shape():
    from terminus_edge.export.sources import random_config

    config = random_config("qwen3-4b", 2)
    assert (config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"],
            config["num_key_value_heads"], config["head_dim"], config["vocab_size"]) == (2, 2560, 32, 8, 128, 151936)
    with pytest.raises(ExportError, match="no preset named 'qwen9'"):
        random_config("qwen9", None)


def test_cli_export_help_and_no_validate_warning(tmp_path, tiny_hf_model):
    runner = CliRunner()
    help_result = runner.invoke(main, ["export", "--help"])
    assert help_result.exit_code == 0 and "--precision" in help_result.output and "--random-init" in help_result.output
    out = tmp_path / "b"
    result = runner.invoke(main, ["export", str(tiny_hf_model("qwen3")), "--out", str(out), "--precision", "fp32",
                                  "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "NOT compared" in result.output
    assert json.loads((out / "manifest.json").read_text())["validation"] == {"status": "skipped"}


def test_int4_without_lm_head_quantization(tmp_path, tiny_hf_model):
    from terminus_edge.export import export_model

    manifest = export_model(tiny_hf_model("qwen3"), tmp_path / "b", precision="int4", quantize_lm_head=False)
    assert manifest["quantization"]["lm_head"] == "fp32" and manifest["quantization"]["embedding"] == "fp32"
    ops = _op_types(tmp_path / "b")
    assert "MatMulNBits" in ops and "MatMul" in ops and "GatherBlockQuantized" not in ops
    assert np.isfinite(empty_cache_logits(session_of(tmp_path / "b"), [5, 6, 7])).all()


def test_fp16_bundle_decodes_through_the_kv_cache(tiny_bundle):
    bundle = tiny_bundle("qwen3", "fp16")
    validation = json.loads((bundle / "manifest.json").read_text())["validation"]
    assert validation["status"] == "drift reported"
    assert validation["max_abs_logit_diff"] < 0.05 and validation["kv_cache_max_abs_diff"] < 0.05


def test_export_and_bundle_help_import_no_heavy_modules():
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from terminus_edge.cli import main\n"
            "for args in (['export', '--help'], ['bundle', '--help'], ['bundle', 'list']):\n"
            "    assert CliRunner().invoke(main, args).exit_code == 0\n"
            "print(sorted(m for m in ('torch', 'transformers', 'optimum', 'onnxruntime', 'onnx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
