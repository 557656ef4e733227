"""Create an onnxruntime InferenceSession: execution provider choice, threads, graph optimization.

`ep` is "auto" (best available accelerator, else CPU), "cpu", "cuda", or any onnxruntime provider
name ("DmlExecutionProvider", ...). An unavailable provider gives one warning and falls back to CPU.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort

from terminus_edge.errors import BundleError

CPU = "CPUExecutionProvider"
# Short names users type on the command line.
EP_ALIASES = {
    "cpu": CPU,
    "cuda": "CUDAExecutionProvider",
    "tensorrt": "TensorrtExecutionProvider",
    "dml": "DmlExecutionProvider",
    "directml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "openvino": "OpenVINOExecutionProvider",
    "rocm": "ROCMExecutionProvider",
    "webgpu": "WebGpuExecutionProvider",
}
# "auto" tries these in order; the rest (TensorRT, OpenVINO, ...) need per-model setup, so only on request.
AUTO_ORDER = ("CUDAExecutionProvider", "DmlExecutionProvider", "CoreMLExecutionProvider")

OPT_LEVELS = {
    "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}


class ProviderFallbackWarning(UserWarning):
    """The requested execution provider is not available; the session runs on CPU instead."""


@dataclass(frozen=True)
class SessionConfig:
    ep: str = "auto"
    threads: int | None = None  # intra-op threads; None lets onnxruntime decide (one per physical core)
    optimization: str = "all"  # disable | basic | extended | all
    optimized_model_path: Path | None = None  # where onnxruntime may save the optimized graph (offline reuse)
    # onnxruntime session config entries, e.g. (("session.intra_op.allow_spinning", "0"),)
    config_entries: tuple[tuple[str, str], ...] = ()
    kernels: bool = True  # on CPU, run 4-bit MatMulNBits on terminus_edge/kernels where it is built (kernel_graph.py)
    honour_kernels_check: bool = True  # a mismatch the bundle's manifest records keeps MatMulNBits (kernel_check.refusal)


def resolve_provider(ep: str, available: list[str] | None = None) -> str:
    """Map `ep` to an available onnxruntime provider name; warn once and return CPU if it is not available."""
    available = list(ort.get_available_providers() if available is None else available)
    wanted = (ep or "auto").strip()
    if wanted.lower() == "auto":
        return next((name for name in AUTO_ORDER if name in available), CPU)
    name = EP_ALIASES.get(wanted.lower(), wanted)
    if not name.endswith("ExecutionProvider"):
        name = f"{name}ExecutionProvider"
    if name in available:
        return name
    warnings.warn(
        f"execution provider {ep!r} ({name}) is not available in this onnxruntime build "
        f"(available: {', '.join(available)}); running on CPU",
        ProviderFallbackWarning,
        stacklevel=2,
    )
    return CPU


def session_options(config: SessionConfig) -> ort.SessionOptions:
    options = ort.SessionOptions()
    if config.optimization not in OPT_LEVELS:
        raise ValueError(f"unknown graph optimization level {config.optimization!r}; use one of {', '.join(OPT_LEVELS)}")
    options.graph_optimization_level = OPT_LEVELS[config.optimization]
    if config.threads:
        options.intra_op_num_threads = int(config.threads)
        options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: builder graphs trigger harmless warnings
    for key, value in config.config_entries:
        options.add_session_config_entry(key, str(value))
    if config.optimized_model_path is not None:
        options.optimized_model_filepath = str(config.optimized_model_path)
    return options


def create_session(model_path: Path, config: SessionConfig = SessionConfig()) -> tuple[ort.InferenceSession, str]:
    """Open `model_path`; return the session and the provider it actually runs on."""
    provider = resolve_provider(config.ep)
    providers = [provider] if provider == CPU else [provider, CPU]
    if provider == CPU and config.kernels and config.optimized_model_path is None:
        from terminus_edge.runtime.kernel_graph import open_with_kernels, plan

        graph = plan(model_path)
        session = open_with_kernels(graph, session_options(config), providers) if graph else None
        if session is not None:
            return session, CPU
    try:
        session = ort.InferenceSession(str(model_path), sess_options=session_options(config), providers=providers)
    except Exception as error:  # onnxruntime raises its own Fail/InvalidGraph/... types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BundleError(f"cannot load ONNX model {model_path}: {first_line}") from None
    return session, session.get_providers()[0]
