"""Peer engines for `bench compare`, each behind the same load/reset/prefill/step interface as
terminus-edge's own (benchmarks/latency.py), so every engine is timed by the same loop in its own process.

- llama.cpp: llama-cpp-python's low-level API (llama_decode + logits of the last position), like llama-bench.
- optimum: ORTModelForCausalLM.forward on a bundle's graph: on optimum's own export (`export --backend optimum`:
  concat KV, position_ids, every position's logits) its model.onnx as exported, which is what an optimum user runs;
  on another exporter's bundle the graph terminus-edge runs (its runtime graph), so only the Python loop differs.
- transformers: fp32 torch forward with a DynamicCache, from an HF directory or a GGUF file.
- onnxruntime-genai: its C++ generator on a bundle's own model.onnx (peer_genai.py), the same graph terminus-edge runs.
All greedy (argmax); eos is ignored so every engine makes the same number of tokens.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from terminus_edge.benchmarks.peer_genai import GenaiEngine

PEERS = ("llama.cpp", "optimum", "transformers", "onnxruntime-genai")
INSTALL_HINT = {
    "llama.cpp": 'pip install -e ".[bench]" in the clone (llama-cpp-python builds from source: ~8 min on 2 cores)',
    "optimum": 'pip install -e ".[export]" in the clone (optimum-onnx, torch)',
    "transformers": 'pip install -e ".[export]" in the clone (transformers, torch)',
    "onnxruntime-genai": 'pip install -e ".[export]" in the clone (onnxruntime-genai)',
}
_MODULES = {"llama.cpp": ("llama_cpp",), "optimum": ("optimum.onnxruntime", "torch"), "transformers": ("transformers", "torch"),
            "onnxruntime-genai": ("onnxruntime_genai",)}


# How to let a peer run on CUDA where this machine's build of it cannot.
CUDA_HINT = {
    "llama.cpp": 'an NVIDIA GPU and llama-cpp-python built with CUDA: CMAKE_ARGS="-DGGML_CUDA=on" pip install '
                 '--force-reinstall --no-cache-dir llama-cpp-python',
    "optimum": 'an NVIDIA GPU and onnxruntime-gpu: pip uninstall -y onnxruntime && pip install -e ".[gpu]" in the clone',
    "onnxruntime-genai": "an NVIDIA GPU and onnxruntime-genai's CUDA build (pip install onnxruntime-genai-cuda)",
    "transformers": "an NVIDIA GPU and a CUDA build of torch (torch.cuda.is_available() is False here)",
}


def transformers_precision(ep: str) -> str:
    """The transformers peer runs fp16 on a GPU, as people run it there; fp32 on CPU (no fast fp16 matmul there)."""
    return "fp16" if ep == "cuda" else "fp32"


def cuda_unavailable(engine: str) -> str | None:
    """Why peer `engine` cannot run on CUDA here (with how to enable it), or None when it can.

    Asked before a `--ep cuda` row runs, because these peers do not fail without a GPU build: llama.cpp ignores
    n_gpu_layers and onnxruntime falls back to its CPU provider, so the row would say cuda for a CPU run."""
    try:
        if engine == "llama.cpp":
            import llama_cpp

            usable = bool(llama_cpp.llama_supports_gpu_offload())
        elif engine == "optimum":
            import onnxruntime

            usable = "CUDAExecutionProvider" in onnxruntime.get_available_providers()
        elif engine == "onnxruntime-genai":
            import onnxruntime_genai

            usable = bool(onnxruntime_genai.is_cuda_available())
        elif engine == "transformers":
            import torch

            usable = bool(torch.cuda.is_available())
        else:
            return None
    except Exception:  # noqa: BLE001 - a build that cannot even say has no GPU path to run on
        usable = False
    return None if usable else f"to enable: {CUDA_HINT[engine]}"


def installed(engine: str) -> bool:
    for name in _MODULES[engine]:
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except ModuleNotFoundError:  # parent package missing
            return False
    return True


def gguf_file_type(path: str | Path) -> str:
    """The GGUF's quantization as llama.cpp names it (Q4_0, Q4_1, F16, …), from its metadata."""
    try:
        from gguf import GGUFReader, LlamaFileType
    except ImportError:
        return "gguf"
    reader = GGUFReader(str(path))
    field = reader.fields.get("general.file_type")
    if field is None:
        return "gguf"
    value = int(field.parts[field.data[0]][0])
    try:
        return LlamaFileType(value).name.removeprefix("MOSTLY_")
    except ValueError:
        return f"ftype{value}"


class _PeerEngine:
    """The interface latency_child.measure drives (load, reset, prefill, step); a peer's prefill and step are one forward
    of the new tokens returning the greedy next token."""

    def __init__(self, spec):
        self.spec = spec

    def prefill(self, ids: list[int]) -> int:
        return self._forward(ids)

    def step(self, token: int) -> int:
        return self._forward([token])


class LlamaCppEngine(_PeerEngine):
    def load(self) -> None:
        import llama_cpp
        import numpy as np

        self._np, self._lc = np, llama_cpp
        n_ctx = int(self.spec.options.get("n_ctx", 2048))  # the child raises it to fit a longer prompt + generation
        self.llm = llama_cpp.Llama(
            model_path=self.spec.path, n_ctx=n_ctx, n_batch=512, n_ubatch=512, n_threads=self.spec.threads,
            n_threads_batch=self.spec.threads, n_gpu_layers=-1 if self.spec.ep == "cuda" else 0, verbose=False,
        )
        self.ctx = self.llm._ctx.ctx
        self.vocab_size = self.llm.n_vocab()
        self.ep = self.spec.ep
        self.model_name = self.spec.model
        self.precision = self.spec.precision or gguf_file_type(self.spec.path)

    def reset(self, capacity: int) -> None:
        lc = self._lc
        if hasattr(lc, "llama_memory_clear"):
            lc.llama_memory_clear(lc.llama_get_memory(self.ctx), True)
        else:  # older llama-cpp-python
            lc.llama_kv_cache_clear(self.ctx)

    def _forward(self, ids: list[int]) -> int:
        lc = self._lc
        for start in range(0, len(ids), 512):
            chunk = ids[start : start + 512]
            tokens = (lc.llama_token * len(chunk))(*chunk)
            rc = lc.llama_decode(self.ctx, lc.llama_batch_get_one(tokens, len(chunk)))
            if rc != 0:
                raise RuntimeError(f"llama_decode returned {rc}")
        logits = self._np.ctypeslib.as_array(lc.llama_get_logits_ith(self.ctx, -1), shape=(self.vocab_size,))
        return int(self._np.argmax(logits))


def _kv_shape_from_session(session) -> tuple[int, int]:
    """(kv_heads, head_dim) as the graph declares them; optimum computes head_dim as hidden/heads, which is
    wrong for Qwen3-4B (128 vs 80): "Got invalid dimensions for input: past_key_values.1.key"."""
    for meta in session.get_inputs():
        if meta.name.startswith("past_key_values.") and meta.name.endswith(".key"):
            return int(meta.shape[1]), int(meta.shape[3])
    raise ValueError("the graph has no past_key_values inputs")


def _is_optimum_export(bundle_dir: str | Path) -> bool:
    from terminus_edge.runtime.manifest import read_manifest

    return read_manifest(Path(bundle_dir)).get("backend") == "optimum"


class OptimumEngine(_PeerEngine):
    def load(self) -> None:
        import onnxruntime as ort
        import torch
        from optimum.onnxruntime import ORTModelForCausalLM
        from transformers import AutoConfig, GenerationConfig

        from terminus_edge.runtime.bundle import load_bundle
        from terminus_edge.runtime.session import SessionConfig, session_options

        self._torch = torch
        bundle = load_bundle(self.spec.path, full_logits=_is_optimum_export(self.spec.path))
        arch = bundle.manifest.get("architecture") or {}
        config = AutoConfig.for_model(
            arch["model_type"], hidden_size=arch["hidden_size"], intermediate_size=arch.get("intermediate_size"),
            num_hidden_layers=arch["num_layers"], num_attention_heads=arch["num_attention_heads"],
            num_key_value_heads=arch["num_key_value_heads"], head_dim=arch["head_dim"], vocab_size=arch["vocab_size"],
            tie_word_embeddings=arch.get("tie_word_embeddings", False),
        )
        config.use_cache = True
        generation = GenerationConfig.from_model_config(config)  # as from_pretrained makes it, so generate() works too
        generation.use_cache, generation.cache_implementation = True, None
        session = ort.InferenceSession(str(bundle.model_path), sess_options=session_options(SessionConfig(threads=self.spec.threads)),
                                       providers=["CUDAExecutionProvider" if self.spec.ep == "cuda" else "CPUExecutionProvider"])
        self.model = ORTModelForCausalLM(config=config, session=session, generation_config=generation)
        self.model.num_key_value_heads, self.model.embed_size_per_head = _kv_shape_from_session(session)
        self.vocab_size = arch["vocab_size"]
        self.ep, self.model_name, self.precision = self.spec.ep, self.spec.model or bundle.name, bundle.precision

    def reset(self, capacity: int) -> None:
        self.past, self.length = None, 0

    def _forward(self, ids: list[int]) -> int:
        torch = self._torch
        self.length += len(ids)
        with torch.no_grad():
            out = self.model(input_ids=torch.tensor([ids], dtype=torch.long),
                             attention_mask=torch.ones((1, self.length), dtype=torch.long),
                             past_key_values=self.past, use_cache=True)
        self.past = out.past_key_values
        return int(out.logits[0, -1].argmax())


class TransformersEngine(_PeerEngine):
    def load(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, DynamicCache

        self._torch, self._cache_cls = torch, DynamicCache
        if self.spec.threads:
            torch.set_num_threads(self.spec.threads)
        path = Path(self.spec.path)
        precision = transformers_precision(self.spec.ep)
        dtype = getattr(torch, {"fp16": "float16", "fp32": "float32"}[precision])
        if path.suffix == ".gguf":  # dequantized by transformers (needs accelerate)
            self.model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=dtype)
        else:
            self.model = AutoModelForCausalLM.from_pretrained(str(path), dtype=dtype)
        self.model.eval()
        if self.spec.ep == "cuda":
            self.model.to("cuda")
        self.device = "cuda" if self.spec.ep == "cuda" else "cpu"
        self.vocab_size = self.model.config.vocab_size
        self.ep, self.model_name, self.precision = self.spec.ep, self.spec.model, precision

    def reset(self, capacity: int) -> None:
        self.cache = self._cache_cls()

    def _forward(self, ids: list[int]) -> int:
        torch = self._torch
        with torch.inference_mode():
            out = self.model(input_ids=torch.tensor([ids], device=self.device), past_key_values=self.cache, use_cache=True)
        return int(out.logits[0, -1].argmax())


ENGINES = {"llama.cpp": LlamaCppEngine, "optimum": OptimumEngine, "transformers": TransformersEngine,
           "onnxruntime-genai": GenaiEngine}


def make_engine(spec):
    if spec.engine not in ENGINES:
        raise ValueError(f"unknown engine {spec.engine!r} (known: terminus-edge, {', '.join(ENGINES)})")
    return ENGINES[spec.engine](spec)
