"""The runtime's GPU-only decisions, checked without a GPU: each was measured on an H100 (benchmarks/RESULTS.md,
"CUDA"), and the parts that do not need the device run here."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from terminus_edge.runtime.chat_model import gpu_fit_note, kv_layout_for
from terminus_edge.runtime.decoder import Decoder, KVCache


@pytest.fixture(scope="module")
def cpu_session(tiny_bundle):
    bundle = tiny_bundle("qwen3", "int4")
    return ort.InferenceSession(str(bundle / "model.onnx"), providers=["CPUExecutionProvider"])


def test_a_float32_cache_on_a_gpu_grows_instead_of_sharing(cpu_session):
    # float32 GroupQueryAttention falls back to the CPU provider on CUDA; in place it gave wrong logits, no error
    assert kv_layout_for(cpu_session, "cuda") == "grow"
    assert kv_layout_for(cpu_session, "cpu") == "shared"
    assert kv_layout_for(cpu_session, "cuda", "shared") == "shared"  # an explicit request is kept


def test_a_cpu_bundle_on_a_gpu_says_how_to_export_for_it(cpu_session, tmp_path):
    note = gpu_fit_note(cpu_session, "cuda")
    assert "--target cuda" in note and "float32 attention runs on the CPU" in note
    assert gpu_fit_note(cpu_session, "cpu") is None


def test_a_shared_gpu_cache_gets_a_mask_as_wide_as_its_buffer(cpu_session):
    decoder = Decoder(cpu_session, "shared", device="cuda")
    shared = KVCache("shared", {}, length=3, capacity=8)
    assert decoder._mask(shared, 5).tolist() == [[1, 1, 1, 1, 1, 0, 0, 0]]
    assert decoder._mask(KVCache("grow", {}), 5).tolist() == [[1] * 5]
    on_cpu = Decoder(cpu_session, "shared", device="cpu")
    assert on_cpu._mask(shared, 5).tolist() == [[1] * 5]  # the CPU kernel reads the valid positions only


def test_benchmark_children_import_the_installed_package_not_a_folder_in_the_working_directory(
        tiny_bundle, tmp_path, monkeypatch):
    """A clone without an editable install has terminus_edge/ (no benchmarks/ inside) in its root: `python -m`
    used to import that folder and the child died with "No module named terminus_edge.benchmarks"."""
    from terminus_edge.benchmarks.latency import EngineSpec, run_child

    (tmp_path / "terminus_edge").mkdir()
    (tmp_path / "terminus_edge" / "__init__.py").write_text('raise ImportError("the working directory\'s terminus_edge")')
    monkeypatch.chdir(tmp_path)
    record = run_child(EngineSpec("terminus-edge", str(tiny_bundle("qwen3", "int4")), "cpu", 1), 4, 0, 1, 0)
    assert record.status == "ok", record.note
    assert record.tokens_per_s_mean > 0
    assert np.isfinite(record.tokens_per_s_mean)
