"""`export --target cuda`: float16 graphs for onnxruntime's CUDA kernels, checked here on the CPU provider (which
runs them too); the GPU measurements themselves are in benchmarks/RESULTS.md ("CUDA")."""

from __future__ import annotations

import json

import numpy as np
import pytest

from terminus_edge.errors import ExportError

pytest.importorskip("torch")
pytest.importorskip("onnx")


@pytest.fixture(scope="module")
def cuda_and_cpu(tiny_hf_model, tmp_path_factory):
    """The same tiny qwen3 exported for each target (int4, no --backend: what a user gets)."""
    from terminus_edge.export import export_model

    made = {}
    for target in ("cpu", "cuda"):
        out = tmp_path_factory.mktemp("target") / f"tiny-{target}"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TERMINUS_EDGE_HOME", str(tmp_path_factory.mktemp("te-home")))
            made[target] = (out, export_model(tiny_hf_model("qwen3"), out, precision="int4", target=target))
    return made


def _graph_types(bundle):
    import onnx

    model = onnx.load(str(bundle / "model.onnx"), load_external_data=False)
    types = {v.name: v.type.tensor_type.elem_type for v in [*model.graph.input, *model.graph.output]}
    return types, model


def test_cuda_target_is_float16_through_and_says_so(cuda_and_cpu):
    from onnx import TensorProto

    bundle, manifest = cuda_and_cpu["cuda"]
    assert manifest["target"] == "cuda"
    assert manifest["backend"] == "streaming"  # the writer whose graph matched the CPU on an H100
    types, model = _graph_types(bundle)
    assert types["logits"] == TensorProto.FLOAT16
    assert {t for name, t in types.items() if name.startswith(("past_key_values", "present"))} == {TensorProto.FLOAT16}
    scales = [i for i in model.graph.initializer if i.name.endswith("weight_scale")]
    assert scales and {i.data_type for i in scales} == {TensorProto.FLOAT16}
    assert cuda_and_cpu["cpu"][1]["target"] == "cpu"
    assert _graph_types(cuda_and_cpu["cpu"][0])[0]["logits"] == TensorProto.FLOAT


def test_cuda_target_validates_against_torch_like_the_cpu_bundle(cuda_and_cpu):
    cpu, cuda = cuda_and_cpu["cpu"][1]["validation"], cuda_and_cpu["cuda"][1]["validation"]
    assert cuda["status"] != "skipped"
    # float16 activations cost a little agreement on a random tiny model, not a different model
    assert cuda["next_token_agreement"] >= cpu["next_token_agreement"] - 0.1
    assert cuda["kv_cache_max_abs_diff"] < 0.05


def test_cuda_bundle_runs_on_cpu_with_a_float16_cache(cuda_and_cpu):
    from terminus_edge.runtime.chat_model import OnnxChatModel, gpu_fit_note
    from terminus_edge.runtime.generate import GenerationParams

    results = {}
    for target, (bundle, _) in cuda_and_cpu.items():
        model = OnnxChatModel.load(bundle, ep="cpu", prepacked_cache="off")
        decoder = model.generator.decoder
        assert decoder.kv_layout == "shared"
        assert {spec.dtype for spec in decoder.kv} == ({np.float16} if target == "cuda" else {np.float32})
        assert (gpu_fit_note(decoder.session, "cuda") is None) == (target == "cuda")
        cache = decoder.new_cache(64)
        prompt = [(1009 * i + 17) % 300 + 20 for i in range(24)]
        results[target] = decoder.forward(prompt, cache)
        assert model.generate_ids(prompt, GenerationParams(max_new_tokens=4)).stats.new_tokens == 4
    top_cpu = set(np.argsort(results["cpu"])[-5:])
    assert int(results["cuda"].argmax()) in top_cpu


@pytest.mark.parametrize("precision, backend, message", [
    ("int8", None, "int4 or fp16"),
    ("fp32", None, "int4 or fp16"),
    ("int4", "optimum", "builder export"),
])
def test_what_a_cuda_bundle_cannot_be_is_refused_before_any_work(tmp_path, precision, backend, message):
    from terminus_edge.export import export_model

    with pytest.raises(ExportError, match=message):
        export_model(tmp_path / "missing-source", tmp_path / "out", precision=precision, backend=backend, target="cuda")
    assert not (tmp_path / "out").exists()


def test_unknown_target_is_one_line(tmp_path):
    from terminus_edge.export import export_model

    with pytest.raises(ExportError, match="unknown target 'tpu'"):
        export_model(tmp_path / "src", tmp_path / "out", target="tpu")


def test_cli_names_the_cuda_bundle_and_reports_the_target(tiny_hf_model, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from terminus_edge.cli import main as cli

    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["export", str(tiny_hf_model("qwen3")), "--target", "cuda", "--no-validate"])
    assert result.exit_code == 0, result.output
    bundles = list((tmp_path / "home").rglob("manifest.json"))
    assert [p.parent.name for p in bundles] == [f"{tiny_hf_model('qwen3').name}-int4-cuda"]
    assert json.loads(bundles[0].read_text())["target"] == "cuda"
    assert "streaming writer" in result.output


def test_what_cuda_target_says_about_each_writer():
    """Session 12 (H200): the builder's int4 CUDA graph gave its CPU logits when both are fed the same tokens (max
    |diff| 0.26 at logits up to 11). Session 9's 12.7 was most likely each provider feeding its own greedy picks: on
    the tests' tiny llama that turns a 0.04 difference into 3.1 after the first different pick. fp16 was not run."""
    from terminus_edge.export.api import cuda_writer_note

    note, streaming = cuda_writer_note("int4", None)
    assert streaming and "streaming writer" in note and note.startswith("note:")
    note, streaming = cuda_writer_note("int4", "builder")
    assert not streaming and note.startswith("note:") and "checked on a GPU" in note
    note, streaming = cuda_writer_note("fp16", None)
    assert not streaming and note.startswith("warning:") and "fp16 CUDA graph is not verified" in note
