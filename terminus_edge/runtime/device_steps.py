"""Greedy decode steps with the token id, the attention mask and the logits kept in device buffers.

On a GPU the default step (Decoder.forward) copies the ids and a buffer-wide mask to the device, copies the logits
back and takes their argmax in numpy, and onnxruntime launches every kernel of every layer from the host: at the
Qwen3-4B shape on an H100 that is 4.7 ms a token for 0.7 ms of memory traffic (benchmarks/RESULTS.md, "CUDA").
Two modes, off unless asked (argument, or TERMINUS_EDGE_GPU_STEPS=bound|graph on a GPU):
- "bound": ids, mask, logits and the shared KV buffers are bound once; a one-node ArgMax graph on the device
  writes the next token straight into the ids buffer, so a step moves the mask (8 bytes a position) in and one
  token id out.
- "graph": the same on a second session of the graph with onnxruntime's CUDA graphs (enable_cuda_graph): after
  two ordinary runs the step is captured once and replayed, one launch instead of hundreds. Its shapes are static
  because the shared layout's mask is as wide as the buffer; a capture keeps the buffers' addresses, so the KV
  buffers of one capacity are reused by every cache this object makes (new_cache).
Only the shared KV layout (GroupQueryAttention graphs) qualifies: the grow layout's shapes change every step.
"""

from __future__ import annotations

import os

import numpy as np
import onnxruntime as ort

from terminus_edge.runtime.decoder import Decoder, KVCache
from terminus_edge.runtime.session import SessionConfig, session_options

MODES = ("off", "bound", "graph")
ENV = "TERMINUS_EDGE_GPU_STEPS"
_ONNX_TYPES = {np.dtype(np.float32): 1, np.dtype(np.float16): 10, np.dtype(np.int32): 6, np.dtype(np.int64): 7}


def requested_mode(device: str, mode: str | None = None) -> str:
    """The mode asked for (argument, else the environment), "off" on the CPU unless the argument names one."""
    wanted = (mode if mode is not None else os.environ.get(ENV, "off") if device != "cpu" else "off").strip().lower()
    if wanted not in MODES:
        raise ValueError(f"unknown device-steps mode {wanted!r}; use one of {', '.join(MODES)}")
    if wanted == "graph" and device != "cuda":
        raise ValueError("device-steps mode 'graph' needs CUDA (onnxruntime's CUDA graphs)")
    return wanted


def _field(number: int, value: bytes | int | str) -> bytes:
    """One protobuf field: a varint (int) or a length-delimited one (bytes, str)."""
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    data = value.encode() if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        out.append(value & 0x7F | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def _tensor_value(name: str, elem_type: int, dims: list[int | str]) -> bytes:
    shape = b"".join(_field(1, _field(2 if isinstance(d, str) else 1, d)) for d in dims)  # dim_param / dim_value
    return _field(1, name) + _field(2, _field(1, _field(1, elem_type) + _field(2, shape)))  # type.tensor_type


def argmax_model(logits_dtype, ids_dtype) -> bytes:
    """A serialized ONNX model: logits [1, 1, vocab] -> ids [1, 1] (ArgMax over the vocabulary, cast to the ids'
    type). Written out by hand: the runtime has no `onnx` package."""
    int_attr = lambda name, value: _field(5, _field(1, name) + _field(3, value) + _field(20, 2))  # noqa: E731 AttributeProto INT
    argmax_out = "next" if np.dtype(ids_dtype) == np.int64 else "next_int64"
    nodes = _field(1, _field(1, "logits") + _field(2, argmax_out) + _field(4, "ArgMax") + int_attr("axis", 2)
                   + int_attr("keepdims", 0))
    if argmax_out != "next":
        nodes += _field(1, _field(1, argmax_out) + _field(2, "next") + _field(4, "Cast") + int_attr("to", _ONNX_TYPES[np.dtype(ids_dtype)]))
    graph = (nodes + _field(2, "argmax") + _field(11, _tensor_value("logits", _ONNX_TYPES[np.dtype(logits_dtype)], [1, 1, "vocab"]))
             + _field(12, _tensor_value("next", _ONNX_TYPES[np.dtype(ids_dtype)], [1, 1])))
    return _field(1, 8) + _field(8, _field(2, 13)) + _field(7, graph)  # ir_version 8, opset 13


class DeviceSteps:
    """Greedy steps of `decoder` (shared KV layout) with ids, mask and logits in device buffers; see the module doc."""

    def __init__(self, decoder: Decoder, mode: str = "bound", step_session: ort.InferenceSession | None = None):
        if mode not in ("bound", "graph"):
            raise ValueError(f"DeviceSteps runs mode 'bound' or 'graph', not {mode!r}")
        if (decoder.kv_layout != "shared" or decoder.vocab_size is None or not decoder.last_position_logits
                or decoder.mask_dtype is None or decoder.input_names - {"input_ids", "attention_mask"} - {s.past_name for s in decoder.kv}):
            raise ValueError("device steps need a GroupQueryAttention graph (ids, mask and KV inputs only) with a shared "
                             "KV layout, returning the last position's logits")
        self.decoder, self.mode, self.device = decoder, mode, decoder.device
        self.session = step_session or decoder.session
        self._argmax = ort.InferenceSession(argmax_model(decoder.logits_dtype, decoder.ids_dtype),
                                            providers=decoder.session.get_providers())
        self._ids = ort.OrtValue.ortvalue_from_numpy(np.zeros((1, 1), decoder.ids_dtype), self.device)
        self._ids_holds: int | None = None  # the token already in the device ids buffer (the last step's argmax)
        self._logits = ort.OrtValue.ortvalue_from_numpy(np.zeros((1, 1, decoder.vocab_size), decoder.logits_dtype), self.device)
        self._argmax_binding = self._argmax.io_binding()
        self._argmax_binding.bind_ortvalue_input("logits", self._logits)
        self._argmax_binding.bind_ortvalue_output("next", self._ids)
        self._capacity: int | None = None
        self._buffers: dict[str, ort.OrtValue] = {}
        self._binding: ort.IOBinding | None = None
        self._mask_host = np.zeros((1, 0), np.int64)
        self._mask: ort.OrtValue | None = None
        self._graph_id = 0
        self._run = ort.RunOptions()

    def new_cache(self, capacity: int) -> KVCache:
        """An empty shared cache for `capacity` tokens; the buffers of the last capacity asked for are reused (a
        captured CUDA graph reads them at their addresses), so one cache of this object is in use at a time."""
        if capacity != self._capacity:
            fresh = self.decoder.new_cache(capacity)
            self._buffers, self._capacity = dict(fresh.values), capacity
            self._mask_host = np.zeros((1, capacity), self.decoder.mask_dtype)
            self._mask = ort.OrtValue.ortvalue_from_numpy(self._mask_host, self.device)
            self._bind()
        return KVCache("shared", dict(self._buffers), 0, capacity)

    def _bind(self) -> None:
        binding = self.session.io_binding()
        binding.bind_ortvalue_input("input_ids", self._ids)
        binding.bind_ortvalue_input("attention_mask", self._mask)
        binding.bind_ortvalue_output("logits", self._logits)
        for spec in self.decoder.kv:
            binding.bind_ortvalue_input(spec.past_name, self._buffers[spec.past_name])
            binding.bind_ortvalue_output(spec.present_name, self._buffers[spec.past_name])
        self._binding = binding
        if self.mode == "graph":  # the new buffers' addresses need a capture of their own
            self._graph_id += 1
            self._run = ort.RunOptions()
            self._run.add_run_config_entry("gpu_graph_id", str(self._graph_id))

    def step(self, token: int, cache: KVCache) -> int:
        """Run `token` after the cached positions (a cache from new_cache, prompt already run); the next token."""
        if cache.capacity != self._capacity or any(cache.values[n] is not v for n, v in self._buffers.items()):
            raise ValueError("device steps run on a cache from their own new_cache (the bound buffers)")
        total = cache.length + 1
        if total > cache.capacity:
            raise ValueError(f"KV cache capacity {cache.capacity} exceeded ({total} tokens)")
        if token != self._ids_holds:
            self._ids.update_inplace(np.asarray([[token]], dtype=self.decoder.ids_dtype))
        self._mask_host[0, :total] = 1
        self._mask_host[0, total:] = 0
        self._mask.update_inplace(self._mask_host)
        self.session.run_with_iobinding(self._binding, self._run)
        self._argmax.run_with_iobinding(self._argmax_binding)
        following = int(self._ids.numpy()[0, 0])
        self._ids_holds = following
        cache.length = total
        cache.token_ids.append(token)
        return following


def cuda_graph_session(model_path, threads: int | None = None) -> ort.InferenceSession:
    """A second session of the graph at `model_path` whose runs are captured as CUDA graphs (device 0)."""
    options = session_options(SessionConfig(ep="cuda", threads=threads))
    return ort.InferenceSession(str(model_path), sess_options=options,
                                providers=[("CUDAExecutionProvider", {"enable_cuda_graph": "1"}), "CPUExecutionProvider"])


def device_steps_for(model, mode: str | None = None) -> DeviceSteps | None:
    """DeviceSteps for an OnnxChatModel where the mode (argument or TERMINUS_EDGE_GPU_STEPS) asks for them; None
    where it is off (always on the CPU unless `mode` names one) or the model's KV layout is not shared."""
    decoder = model.generator.decoder
    wanted = requested_mode(decoder.device, mode)
    if wanted == "off" or decoder.kv_layout != "shared":
        return None
    session = cuda_graph_session(model.bundle.model_path) if wanted == "graph" else None
    return DeviceSteps(decoder, wanted, session)
