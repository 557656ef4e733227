"""runtime/kernel_graph.py: the same-length domain rewrite, and a bundle run on the kernel library end to end."""
from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from terminus_edge.runtime.kernel_graph import rewrite  # noqa: E402


def two_matmuls(bits_second: int = 8) -> bytes:
    """A 4-bit MatMulNBits, then one of `bits_second` bits, then another com.microsoft op."""
    def matmul(name, inp, out, bits):
        per_byte = 8 // bits
        b = numpy_helper.from_array(np.zeros((8, 1, 32 // per_byte), np.uint8), f"{name}.B")
        s = numpy_helper.from_array(np.ones(8, np.float32), f"{name}.S")
        node = helper.make_node("MatMulNBits", [inp, b.name, s.name], [out], name=name, domain="com.microsoft",
                                K=32, N=8, bits=bits, block_size=32, accuracy_level=4)
        return node, [b, s]

    n1, i1 = matmul("m4", "x", "y1", 4)
    n2, i2 = matmul("m8", "x", "y2", bits_second)
    gelu = helper.make_node("QuickGelu", ["y1"], ["y3"], domain="com.microsoft", name="g")
    graph = helper.make_graph([n1, n2, gelu], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 32])],
                              [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 8]) for n in ("y2", "y3")], i1 + i2)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)])
    return model.SerializeToString()


def test_rewrite_moves_only_four_bit_matmuls():
    moved, count = rewrite(two_matmuls(bits_second=8))
    assert count == 1
    model = onnx.load_from_string(moved)
    domains = {node.name: node.domain for node in model.graph.node}
    assert domains == {"m4": "terminus.edge", "m8": "com.microsoft", "g": "com.microsoft"}
    assert {(o.domain, o.version) for o in model.opset_import} == {("", 21), ("com.microsoft", 1), ("terminus.edge", 1)}
    assert [a.name for a in model.graph.node[0].attribute] == [a.name for a in onnx.load_from_string(two_matmuls()).graph.node[0].attribute]


def test_rewrite_leaves_a_graph_without_four_bit_matmuls_alone():
    original = two_matmuls(bits_second=8)
    model = onnx.load_from_string(original)
    model.graph.node.remove(model.graph.node[0])
    plain = model.SerializeToString()
    assert rewrite(plain) == (plain, 0)


@pytest.fixture(scope="module")
def library_home(tmp_path_factory):
    from kernels_fixture import home_with_library

    return home_with_library(tmp_path_factory)[0]


@pytest.mark.parametrize("arch", ["qwen3", "llama"])
def test_bundle_runs_on_the_kernels_like_matmulnbits(tiny_bundle, library_home, monkeypatch, arch):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(library_home))
    bundle = tiny_bundle(arch)
    ours = OnnxChatModel.load(bundle, ep="cpu", threads=1)
    theirs = OnnxChatModel.load(bundle, ep="cpu", threads=1, kernels=False)
    assert ours.kernel_nodes > 0 and theirs.kernel_nodes == 0
    ids = list(range(5, 40))
    a, b = ours.generator.decoder, theirs.generator.decoder
    ca, cb = a.new_cache(64), b.new_cache(64)
    la, lb = a.forward(ids, ca), b.forward(ids, cb)
    scale = np.abs(lb).max()
    assert np.abs(la - lb).max() < 0.05 * scale  # both quantize activations to int8; ours keeps fp16 scales
    agree = int(np.argmax(la) == np.argmax(lb))
    for _ in range(8):  # teacher-forced steps: same next token fed to both
        token = int(np.argmax(lb))
        la, lb = a.forward([token], ca), b.forward([token], cb)
        assert np.abs(la - lb).max() < 0.05 * np.abs(lb).max()
        agree += int(np.argmax(la) == np.argmax(lb))
    assert agree >= 7


def test_disabled_kernels_load_the_bundle_graph(tiny_bundle, library_home, monkeypatch):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(library_home))
    monkeypatch.setenv("TERMINUS_EDGE_KERNELS", "0")
    assert OnnxChatModel.load(tiny_bundle("qwen3"), ep="cpu", threads=1).kernel_nodes == 0
