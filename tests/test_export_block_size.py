"""int4 block size (`--block-size`): both int4 backends (builder, --low-memory streaming) quantize with the block
size asked for, record it in the manifest, write fewer bytes for larger blocks, and the bundles load and decode."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from terminus_edge.cli import main

pytest.importorskip("onnxruntime_genai")
onnx = pytest.importorskip("onnx")

from onnx_checks import greedy_tokens  # noqa: E402

BLOCKS = (32, 64, 128)
PROMPTS = ([5, 17, 42, 99, 3, 250, 7, 7, 120], [300, 12, 77])
HIDDEN, INTERMEDIATE = 128, 256  # every MatMul's K (128, 256) is a multiple of the largest block tested


@pytest.fixture(scope="module")
def hf_128(tmp_path_factory):
    """A tiny tied Qwen3 (head_dim 32 != hidden/heads) whose input sizes divide by 128."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from conftest import make_tiny_hf_model

    return make_tiny_hf_model("qwen3", tmp_path_factory.mktemp("tiny-qwen3-h128"), hidden=HIDDEN, intermediate=INTERMEDIATE)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory, hf_128):
    """bundles(backend, block) -> bundle dir, exported once per module."""
    from terminus_edge.export import export_model

    made = {}

    def make(backend: str, block: int):
        if (backend, block) not in made:
            out = tmp_path_factory.mktemp("blocks") / f"tiny-{backend}-b{block}"
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("TERMINUS_EDGE_HOME", str(tmp_path_factory.mktemp("te-home-blocks")))
                export_model(hf_128, out, precision="int4", block_size=block, low_memory=backend == "streaming",
                             validate=backend == "builder")
            made[(backend, block)] = out
        return made[(backend, block)]

    return make


def _quantized_nodes(bundle):
    model = onnx.load(str(bundle / "model.onnx"), load_external_data=False)
    shapes = {t.name: tuple(t.dims) for t in model.graph.initializer}
    nodes = [n for n in model.graph.node if n.op_type in ("MatMulNBits", "GatherBlockQuantized")]
    return nodes, shapes


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("backend", ["builder", "streaming"])
def test_block_size_is_used_and_recorded(backend, block, bundles):
    bundle = bundles(backend, block)
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["backend"] == backend
    assert manifest["quantization"]["block_size"] == block
    assert f"int4_block_size={block}" in manifest["backend_options"]
    nodes, shapes = _quantized_nodes(bundle)
    assert {n.op_type for n in nodes} == {"MatMulNBits", "GatherBlockQuantized"}  # tied table quantized too
    for node in nodes:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        assert attrs["block_size"] == block, node.name
        if node.op_type == "MatMulNBits":
            assert shapes[node.input[1]] == (attrs["N"], attrs["K"] // block, block // 2), node.name
            assert shapes[node.input[2]] in ((attrs["N"] * attrs["K"] // block,), (attrs["N"], attrs["K"] // block))
    tokens = greedy_tokens(bundle, PROMPTS, 16)
    assert [len(t) for t in tokens] == [16] * len(PROMPTS)
    if backend == "builder":
        validation = manifest["validation"]
        assert validation["status"] == "drift reported" and 0.0 <= validation["next_token_agreement"] <= 1.0


@pytest.mark.parametrize("block", BLOCKS)
def test_streaming_decodes_like_the_builder_at_every_block_size(block, bundles):
    """The streaming exporter writes the builder's int4 blocks at any block size, so greedy tokens agree."""
    assert greedy_tokens(bundles("streaming", block), PROMPTS, 16) == greedy_tokens(bundles("builder", block), PROMPTS, 16)


def test_larger_blocks_store_fewer_bytes(bundles):
    """int4 + one fp32 scale per block: 4 + 32/block bits a weight (5, 4.5, 4.25), at either backend."""
    for backend in ("builder", "streaming"):
        stored = {}
        for block in BLOCKS:
            nodes, shapes = _quantized_nodes(bundles(backend, block))
            matmuls = {n.input[1]: n for n in nodes if n.op_type == "MatMulNBits"}  # the tied table once
            weights = bytes_ = 0
            for node in matmuls.values():
                attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                weights += attrs["N"] * attrs["K"]
                bytes_ += int(np.prod(shapes[node.input[1]])) + 4 * int(np.prod(shapes[node.input[2]]))
            assert bytes_ * 8 * block == weights * (4 * block + 32), (backend, block)
            stored[block] = bytes_
        assert stored[32] > stored[64] > stored[128]


def test_cli_block_size_for_low_memory_export_and_bundle_info(tmp_path, hf_128):
    out = tmp_path / "b64"
    result = CliRunner().invoke(main, ["export", "--random-init", str(hf_128 / "config.json"), "--layers", "1", "--low-memory",
                                       "--block-size", "64", "--tokenizer", str(hf_128), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["quantization"]["block_size"] == 64
    info = CliRunner().invoke(main, ["bundle", "info", str(out)])
    assert info.exit_code == 0, info.output
    assert "block 64" in info.output


@pytest.mark.parametrize("block,message", [(48, "power of two"), (8, "power of two"),
                                            (256, "does not divide the model's input sizes (hidden 128, attention 128): use --block-size 128")])
def test_bad_block_size_is_a_one_line_error(block, message, tmp_path, hf_128):
    result = CliRunner().invoke(main, ["export", "--random-init", str(hf_128 / "config.json"), "--layers", "1", "--low-memory",
                                       "--block-size", str(block), "--tokenizer", str(hf_128), "--out", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_blocks_bench_labels_each_bundle_with_its_block_size(bundles):
    from terminus_edge.benchmarks.same_weights_blocks import LoadSampler, bundle_specs

    specs = bundle_specs([str(bundles("streaming", 32)), str(bundles("streaming", 128))], [1, 2])
    assert [(s.precision, s.threads) for s in specs] == [("int4 b32", 1), ("int4 b32", 2), ("int4 b128", 1), ("int4 b128", 2)]
    assert {s.engine for s in specs} == {"terminus-edge"}
    with LoadSampler(every_s=0.01) as load:
        pass
    assert len(load.samples) >= 2 and load.summary().startswith("load average (1 min)")


def test_quality_drift_is_zero_for_fp32_and_grows_with_quantization(tmp_path, hf_128, bundles):
    """same_weights_quality scores teacher-forced text against torch: an fp32 bundle of the same weights agrees
    everywhere with ~0 KL; int4 bundles drift, and the metrics are the right way round."""
    from terminus_edge.benchmarks.same_weights_quality import drift
    from terminus_edge.export import export_model

    fp32 = tmp_path / "fp32"
    export_model(hf_128, fp32, precision="fp32", validate=False)
    corpus = tmp_path / "corpus"
    for i, text in enumerate(["error: 3 tests failed in module alpha\n" * 6, "warning: unused variable x at line 12\n" * 6]):
        (corpus / f"case{i}").mkdir(parents=True)
        (corpus / f"case{i}" / "output.txt").write_text(text)
    rows = drift(hf_128, [str(fp32), str(bundles("builder", 32)), str(bundles("builder", 128))], corpus, window=64,
                 limit=2, threads=1)
    exact, b32, b128 = rows
    assert exact["windows"] == 2 and exact["positions"] > 60
    assert exact["top1_agreement"] == 1.0 and exact["mean_kl"] < 1e-6
    assert abs(exact["nll"] - exact["torch_nll"]) < 1e-4
    assert (b32["block_size"], b128["block_size"]) == (32, 128)
    assert 0 < b32["mean_kl"] < b128["mean_kl"]
