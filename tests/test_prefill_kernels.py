"""benchmarks/prefill_kernels.py: every kernel computes the product it claims, and the per-tensor activation
scale of the int8 GEMM is what outlier channels hurt (the reason it is not used for prefill)."""

import pytest

pytest.importorskip("onnxruntime")

from terminus_edge.benchmarks.prefill_kernels import VARIANTS, run  # noqa: E402

SHAPES = ((2560, 64), (256, 96))  # K = 2560: Qwen3-4B's hidden size, where outlier channels are 1 in 512


def test_each_kernel_runs_and_matches_float_within_its_precision():
    rows = run(threads=1, reps=1, m=8, outlier=1.0, shapes=SHAPES)
    assert [r["variant"] for r in rows] == list(VARIANTS)
    for r in rows:
        assert r["layer_ms"] > 0 and r["gops"] > 0
        bound = 0.25 if r["variant"].startswith("int4") else 0.05
        assert r["max_rel_err"] < bound, r


def test_outlier_channels_hurt_the_per_tensor_int8_gemm_more_than_blockwise_kernels():
    plain = {r["variant"]: r["max_rel_err"] for r in run(1, 1, 16, 1.0, SHAPES)}
    outliers = {r["variant"]: r["max_rel_err"] for r in run(1, 1, 16, 30.0, SHAPES)}
    assert outliers["int8 gemm"] > 3 * plain["int8 gemm"]
    assert outliers["int8 gemm"] > outliers["int8 b128"]


def test_accuracy_level_variants_compute_the_same_product():
    from terminus_edge.benchmarks.prefill_kernels import parse_variant

    assert parse_variant("int4 b128") == (4, 128, 4)
    assert parse_variant("int4 b32 L1") == (4, 32, 1)
    with pytest.raises(ValueError):
        parse_variant("int4 b32 L9")
    rows = {r["variant"]: r for r in run(1, 1, 8, 1.0, SHAPES, variants=("int4 b128", "int4 b128 L1"))}
    assert rows["int4 b128 L1"]["max_rel_err"] < 0.25
    # fp32 compute skips the activations' int8 rounding, so its error is never much larger than level 4's
    assert rows["int4 b128 L1"]["max_rel_err"] <= rows["int4 b128"]["max_rel_err"] * 1.5
