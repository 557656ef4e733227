"""MatMulQ4 (terminus_edge/kernels) against a float64 reference and onnxruntime's own MatMulNBits, same inputs.

The library is built once per test session; where it cannot be built the tests skip with the reason, unless
TERMINUS_EDGE_REQUIRE_KERNELS=1 (set by .ci/run), where that is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    from kernels_fixture import home_with_library

    return str(home_with_library(tmp_path_factory)[1])


def reported_variant(path: str) -> str:
    import ctypes

    function = ctypes.CDLL(path).TerminusEdgeKernelsVariant
    function.restype = ctypes.c_char_p
    return function().decode()


@pytest.fixture(scope="session", params=["avx512-vnni", "avx2-vnni", "avx2"])
def variant_library(request, tmp_path_factory):
    """The library built as each variant this CPU runs (TERMINUS_EDGE_KERNELS_ISA); the others skip."""
    from kernels_fixture import home_with_library

    from terminus_edge.kernels.build import supported_variants

    if request.param not in supported_variants():
        pytest.skip(f"this CPU does not run the {request.param} variant")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TERMINUS_EDGE_KERNELS_ISA", request.param)
        path = str(home_with_library(tmp_path_factory)[1])
    assert reported_variant(path) == request.param
    return path


def pack_nbits(q: np.ndarray, block: int) -> np.ndarray:
    """MatMulNBits' B layout: [N, blocks, block/2], element 2j in the low nibble of byte j."""
    n, padded = q.shape
    blocks = q.reshape(n, padded // block, block)
    return (blocks[:, :, 0::2] | (blocks[:, :, 1::2] << 4)).astype(np.uint8)


def pack_zero_points(zp: np.ndarray) -> np.ndarray:
    n, blocks = zp.shape
    padded = np.zeros((n, (blocks + 1) // 2 * 2), np.uint8)
    padded[:, :blocks] = zp
    return (padded[:, 0::2] | (padded[:, 1::2] << 4)).reshape(-1)


def model(op: str, domain: str, K: int, N: int, block: int, q, scales, zp=None, const=True) -> bytes:
    inits = [numpy_helper.from_array(pack_nbits(q, block), "B"), numpy_helper.from_array(scales.reshape(-1), "S")]
    inputs = ["A", "B", "S"]
    if zp is not None:
        inits.append(numpy_helper.from_array(pack_zero_points(zp), "Z"))
        inputs.append("Z")
    node = helper.make_node(op, inputs, ["Y"], domain=domain, K=K, N=N, bits=4, block_size=block, accuracy_level=4)
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("A", TensorProto.FLOAT, [None, None, K])],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, None, N])], inits)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid(domain, 1)])
    proto.ir_version = 10
    return proto.SerializeToString()


def session(data: bytes, threads: int = 1, library: str | None = None):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    if library:
        options.register_custom_ops_library(library)
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def weights(rng, K, N, block, scale_dtype, with_zp):
    blocks = -(-K // block)
    q = rng.integers(0, 16, (N, blocks * block)).astype(np.uint8)
    q[:, K:] = 0
    scales = (rng.random((N, blocks)) * 0.02 + 0.001).astype(scale_dtype)
    zp = rng.integers(0, 16, (N, blocks)).astype(np.uint8) if with_zp else None
    zfull = (zp if with_zp else np.full((N, blocks), 8)).astype(np.float64)
    w = (q[:, :K] - np.repeat(zfull, block, 1)[:, :K]) * np.repeat(scales.astype(np.float64), block, 1)[:, :K]
    return q, scales, zp, w


# Odd N: a last group of 1, 5, 8 or 13 rows (its second 8-row half empty or part-filled on AVX2); N = 4109 has
# enough groups (257: tasks of 4) for the decode paths that take 4 and 2 groups at once.
CASES = [(64, 17, 32), (576, 576, 64), (576, 40, 128), (2560, 48, 32), (96, 5, 64), (512, 33, 256), (64, 4109, 32),
         (256, 29, 128)]


@pytest.mark.parametrize("K,N,block", CASES)
@pytest.mark.parametrize("scale_dtype", [np.float32, np.float16])
@pytest.mark.parametrize("with_zp", [False, True])
def test_matches_reference_and_matmulnbits(variant_library, K, N, block, scale_dtype, with_zp):
    rng = np.random.default_rng(K * 7 + N + block)
    q, scales, zp, w = weights(rng, K, N, block, scale_dtype, with_zp)
    ours = {t: session(model("MatMulNBits", "terminus.edge", K, N, block, q, scales, zp), t, variant_library)
            for t in (1, 2)}
    nbits = session(model("MatMulNBits", "com.microsoft", K, N, block, q, scales.astype(np.float32), zp))
    for m in (1, 3, 5, 7, 130):  # decode, prefill tiles of every remainder
        a = rng.standard_normal((1, m, K)).astype(np.float32)
        a[0, :, K // 3] *= 40  # an outlier channel, as real activations have
        reference = a[0].astype(np.float64) @ w.T
        y1 = ours[1].run(None, {"A": a})[0]
        assert y1.shape == (1, m, N)
        assert np.array_equal(y1, ours[2].run(None, {"A": a})[0]), "results depend on the thread count"
        # The scheme's own bound: each activation rounds to int8 within half its 32-block's step (max|a|/127),
        # and float32 scales are kept as float16 (relative 2^-11), plus float32 accumulation.
        blocks = np.abs(a[0].astype(np.float64)).reshape(m, K // 32, 32).max(axis=2) / 127
        step = np.repeat(blocks, 32, axis=1) / 2
        magnitude = np.abs(a[0].astype(np.float64)) @ np.abs(w).T
        bound = step @ np.abs(w).T + magnitude * (2.0**-11 if scale_dtype == np.float32 else 0) + magnitude * 1e-6
        assert np.all(np.abs(y1[0] - reference) <= bound), (m, np.abs(y1[0] - reference).max(), bound.min())
        scale = np.abs(reference).max()
        ours_err = np.abs(y1[0] - reference).max() / scale
        theirs_err = np.abs(nbits.run(None, {"A": a})[0][0] - reference).max() / scale
        assert ours_err < 4 * theirs_err + 5e-3, (m, ours_err, theirs_err)  # the same int8-activation scheme


def test_every_variant_agrees_with_the_best_one(variant_library, library):
    """Same integer dot products and the same float steps per block: the variants differ by float rounding at most
    (the check above bounds each against float64; this one catches a layout slip the bound is too loose for)."""
    rng = np.random.default_rng(11)
    for K, N, block, with_zp in [(1024, 45, 32, True), (768, 64, 256, False)]:
        q, scales, zp, _ = weights(rng, K, N, block, np.float16, with_zp)
        data = model("MatMulNBits", "terminus.edge", K, N, block, q, scales, zp)
        mine, best = session(data, 1, variant_library), session(data, 1, library)
        for m in (1, 9):
            a = rng.standard_normal((1, m, K)).astype(np.float32)
            expected = best.run(None, {"A": a})[0]
            assert np.abs(mine.run(None, {"A": a})[0] - expected).max() <= 1e-5 * np.abs(expected).max()


def test_portable_path_matches_the_reference(tmp_path, library, monkeypatch):
    """The scalar reference code (no AVX2): built here with a baseline x86-64 target."""
    from kernels_fixture import real_cache_headers

    from terminus_edge.kernels.build import compile_library

    built_with = Path(library).parent.parent / "include"
    headers = real_cache_headers() or (built_with if built_with.is_dir() else None)
    if headers and not os.environ.get("TERMINUS_EDGE_ORT_INCLUDE"):
        monkeypatch.setenv("TERMINUS_EDGE_ORT_INCLUDE", str(headers))
    portable = compile_library(tmp_path, flags=("-march=x86-64",))
    assert reported_variant(str(portable)) == "scalar"
    rng = np.random.default_rng(5)
    for K, N, block, scale_dtype, with_zp in [(576, 24, 64, np.float16, True), (128, 17, 32, np.float32, False)]:
        q, scales, zp, w = weights(rng, K, N, block, scale_dtype, with_zp)
        fast = session(model("MatMulNBits", "terminus.edge", K, N, block, q, scales, zp), 1, library)
        slow = session(model("MatMulNBits", "terminus.edge", K, N, block, q, scales, zp), 2, str(portable))
        a = rng.standard_normal((1, 5, K)).astype(np.float32)
        reference = a[0].astype(np.float64) @ w.T
        got = slow.run(None, {"A": a})[0][0]
        assert np.abs(got - reference).max() < 0.02 * np.abs(reference).max()
        assert np.abs(got - fast.run(None, {"A": a})[0][0]).max() < 1e-4 * np.abs(reference).max()


def test_empty_rows_and_leading_dims(library):
    rng = np.random.default_rng(1)
    q, scales, _, w = weights(rng, 64, 8, 32, np.float32, False)
    s = session(model("MatMulNBits", "terminus.edge", 64, 8, 32, q, scales), 1, library)
    assert s.run(None, {"A": np.zeros((2, 0, 64), np.float32)})[0].shape == (2, 0, 8)
    a = rng.standard_normal((2, 3, 64)).astype(np.float32)
    y = s.run(None, {"A": a})[0]
    assert y.shape == (2, 3, 8)
    assert np.abs(y - a.astype(np.float64) @ w.T).max() < 0.02 * np.abs(a @ w.T).max()


@pytest.mark.parametrize("attr,value,message", [("block_size", 16, "block_size must be"), ("bits", 8, "bits must be 4")])
def test_bad_attributes_fail_at_load(library, attr, value, message):
    rng = np.random.default_rng(2)
    q, scales, _, _ = weights(rng, 64, 4, 32, np.float32, False)
    proto = onnx.load_from_string(model("MatMulNBits", "terminus.edge", 64, 4, 32, q, scales))
    for a in proto.graph.node[0].attribute:
        if a.name == attr:
            a.i = value
    with pytest.raises(Exception, match=message):
        session(proto.SerializeToString(), 1, library)


def test_disabled_by_environment(monkeypatch):
    from terminus_edge import kernels

    monkeypatch.setenv("TERMINUS_EDGE_KERNELS", "0")
    assert kernels.library_path() is None
    assert "TERMINUS_EDGE_KERNELS=0" in kernels.why_unavailable()


def test_headers_from_a_debian_package(tmp_path):
    """The .deb reader on a package built here the way dpkg-deb lays one out (ar: debian-binary, control, data)."""
    import io
    import tarfile

    from terminus_edge.kernels.headers import unpack

    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:xz") as tar:
        for name, text in {"./usr/include/onnxruntime/onnxruntime_cxx_api.h": b"// api\n",
                           "./usr/include/onnxruntime/core/providers/resource.h": b"// r\n",
                           "./usr/share/doc/x/copyright": b"c\n"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(text)
            tar.addfile(info, io.BytesIO(text))
    members = [(b"debian-binary", b"2.0\n"), (b"control.tar.xz", b""), (b"data.tar.xz", data.getvalue())]
    deb = b"!<arch>\n"
    for name, body in members:
        deb += name.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6) + b"100644".ljust(8)
        deb += str(len(body)).encode().ljust(10) + b"`\n" + body + (b"\n" if len(body) % 2 else b"")
    out = unpack(deb, tmp_path / "include")
    assert (out / "onnxruntime_cxx_api.h").read_bytes() == b"// api\n"
    assert (out / "core" / "providers" / "resource.h").is_file()
    assert not (out / "copyright").exists()
