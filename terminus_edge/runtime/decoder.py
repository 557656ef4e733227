"""One forward step of a decoder-only ONNX graph with its KV cache, read entirely from the session's inputs.

Works on both graph kinds the exporter makes:
- onnxruntime-genai builder graphs (GroupQueryAttention): input_ids, attention_mask, past_key_values.N.key/value
  (positions come from the attention mask inside the graph);
- optimum graphs: the same plus position_ids (and use_cache_branch in merged graphs).

KV cache layouts:
- "grow": each step's present.* OrtValues become the next step's past inputs (no copy through numpy). Works
  for every graph; the graph itself copies past into present each step.
- "shared": one pre-allocated [batch, kv_heads, capacity, head_dim] buffer per past input, bound as both the
  past input and the present output, so GroupQueryAttention appends in place (no per-step copy). Only for
  GroupQueryAttention graphs (builder backend): other attention ops would misread the padded buffer.
Both keep earlier positions untouched, so a cache snapshot (e.g. of a fixed system prompt) can be reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import onnxruntime as ort

from terminus_edge.errors import BundleError

_PAST = re.compile(r"^past_key_values\.(\d+)\.(key|value)$|^past\.(\d+)\.(key|value)$")
_PRESENT = re.compile(r"^present(?:_key_values)?\.(\d+)\.(key|value)$")
_DTYPES = {
    "tensor(float)": np.float32,
    "tensor(float16)": np.float16,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(bool)": np.bool_,
}
KNOWN_INPUTS = {"input_ids", "attention_mask", "position_ids", "use_cache_branch"}


def _dtype(type_name: str, what: str):
    if type_name not in _DTYPES:
        raise BundleError(f"unsupported element type {type_name} for graph input {what}")
    return _DTYPES[type_name]


@dataclass(frozen=True)
class KVSpec:
    past_name: str
    present_name: str
    kv_heads: int
    head_dim: int
    dtype: type


@dataclass
class KVCache:
    """Past keys/values for one sequence. `length` tokens are valid; `values` maps past input name to OrtValue."""

    layout: str  # "grow" | "shared"
    values: dict[str, ort.OrtValue]
    length: int = 0
    capacity: int | None = None  # shared layout only
    token_ids: list[int] = field(default_factory=list)  # the tokens whose keys/values are cached
    # Shared layout: the IO binding with every KV buffer bound once (rebinding 2 x layers names costs ~0.6 ms
    # a step, several % of a small model's decode step); each step rebinds only ids, mask and logits.
    binding: ort.IOBinding | None = None
    arrays: dict[str, np.ndarray] | None = None  # shared layout on CPU: numpy arrays backing `values`

    def truncate(self, length: int) -> None:
        """Forget every position from `length` on (shared layout: later steps overwrite them)."""
        if self.layout != "shared":
            raise ValueError("only a shared-layout cache can be truncated in place")
        self.length = min(self.length, length)
        del self.token_ids[self.length :]

    def snapshot(self) -> KVCache:
        """A cheap copy that later steps of this cache do not disturb (positions < length are never rewritten).

        In the shared layout the copy writes into the same buffers beyond `length`: use one at a time.
        """
        return KVCache(self.layout, dict(self.values), self.length, self.capacity, list(self.token_ids), self.binding, self.arrays)


class Decoder:
    def __init__(self, session: ort.InferenceSession, kv_layout: str = "grow", device: str = "cpu"):
        if kv_layout not in ("grow", "shared"):
            raise ValueError(f"unknown kv layout {kv_layout!r}")
        self.session = session
        self.kv_layout = kv_layout
        self.device = device
        inputs = {i.name: i for i in session.get_inputs()}
        outputs = {o.name for o in session.get_outputs()}
        if "input_ids" not in inputs or "logits" not in outputs:
            raise BundleError("graph is not a decoder: it needs an input_ids input and a logits output")
        unknown = [n for n in inputs if n not in KNOWN_INPUTS and not _PAST.match(n)]
        if unknown:
            raise BundleError(f"graph has inputs this runtime does not know how to feed: {', '.join(unknown)}")
        self.input_names = set(inputs)
        self.ids_dtype = _dtype(inputs["input_ids"].type, "input_ids")
        self.mask_dtype = _dtype(inputs["attention_mask"].type, "attention_mask") if "attention_mask" in inputs else None
        self.pos_dtype = _dtype(inputs["position_ids"].type, "position_ids") if "position_ids" in inputs else None
        present_by_key = {}
        for name in outputs:
            if m := _PRESENT.match(name):
                present_by_key[(int(m.group(1)), m.group(2))] = name
        self.kv: list[KVSpec] = []
        for name, meta in inputs.items():
            m = _PAST.match(name)
            if not m:
                continue
            layer, kind = int(m.group(1) or m.group(3)), m.group(2) or m.group(4)
            if (layer, kind) not in present_by_key:
                raise BundleError(f"graph has past input {name} but no matching present output")
            shape = meta.shape
            if len(shape) != 4 or not isinstance(shape[1], int) or not isinstance(shape[3], int):
                raise BundleError(f"unexpected KV cache shape {shape} for {name}: expected [batch, kv_heads, seq, head_dim]")
            self.kv.append(KVSpec(name, present_by_key[(layer, kind)], shape[1], shape[3], _dtype(meta.type, name)))
        self.kv.sort(key=lambda spec: spec.past_name)
        logits_meta = next(o for o in session.get_outputs() if o.name == "logits")
        self.logits_dtype = _dtype(logits_meta.type, "logits")
        self.vocab_size = logits_meta.shape[-1] if isinstance(logits_meta.shape[-1], int) else None
        # A graph made by export/graph_passes.py returns the last position's logits only: [batch, 1, vocab].
        self.last_position_logits = len(logits_meta.shape) == 3 and logits_meta.shape[1] == 1
        self._step_logits: np.ndarray | None = None  # reused [1, 1, vocab] output buffer of decode steps

    def new_cache(self, capacity: int | None = None) -> KVCache:
        if self.kv_layout == "shared":
            if not capacity:
                raise ValueError("the shared KV layout needs a capacity (maximum total tokens)")
            if self.device != "cpu":
                # Zero-filled: CUDA GroupQueryAttention reads the unwritten tail too (weighted 0, but stale NaNs
                # from the allocator's earlier use gave NaN logits on an H100); zeros cost one copy per cache.
                values = {
                    spec.past_name: ort.OrtValue.ortvalue_from_numpy(
                        np.zeros((1, spec.kv_heads, capacity, spec.head_dim), spec.dtype), self.device
                    )
                    for spec in self.kv
                }
                return KVCache("shared", values, 0, capacity)
            # On CPU an OrtValue made from a numpy array shares its memory: the arrays let a cache grow.
            arrays = {spec.past_name: np.empty((1, spec.kv_heads, capacity, spec.head_dim), spec.dtype) for spec in self.kv}
            values = {name: ort.OrtValue.ortvalue_from_numpy(array) for name, array in arrays.items()}
            return KVCache("shared", values, 0, capacity, arrays=arrays)
        values = {
            spec.past_name: ort.OrtValue.ortvalue_from_numpy(
                np.zeros((1, spec.kv_heads, 0, spec.head_dim), dtype=spec.dtype), self.device
            )
            for spec in self.kv
        }
        return KVCache("grow", values, 0)

    def grown(self, cache: KVCache, capacity: int) -> KVCache | None:
        """A bigger shared cache holding the same positions; None where the buffers are not numpy-backed."""
        if cache.arrays is None:
            return None
        bigger = self.new_cache(capacity)
        for name, array in cache.arrays.items():
            bigger.arrays[name][:, :, : cache.length] = array[:, :, : cache.length]
        bigger.length, bigger.token_ids = cache.length, list(cache.token_ids)
        return bigger

    def forward(self, token_ids: list[int], cache: KVCache, run_options: ort.RunOptions | None = None) -> np.ndarray:
        """Run `token_ids` after the cached ones; update `cache` in place; return the last position's logits.

        If `run_options.terminate` is set meanwhile (another thread), onnxruntime stops and this raises; the
        cache is then left as it was before the call.
        """
        n, past = len(token_ids), cache.length
        total = past + n
        if cache.layout == "shared" and total > cache.capacity:
            raise ValueError(f"KV cache capacity {cache.capacity} exceeded ({total} tokens)")
        binding = cache.binding if cache.binding is not None else self._bind_cache(cache)
        binding.bind_cpu_input("input_ids", np.asarray([token_ids], dtype=self.ids_dtype))
        if self.mask_dtype is not None:
            binding.bind_cpu_input("attention_mask", self._mask(cache, total))
        if self.pos_dtype is not None:
            binding.bind_cpu_input("position_ids", np.arange(past, total, dtype=self.pos_dtype)[None, :])
        if "use_cache_branch" in self.input_names:
            binding.bind_cpu_input("use_cache_branch", np.asarray([past > 0]))
        logits = self._bind_logits(binding, n)
        self.session.run_with_iobinding(binding, run_options)
        if cache.layout == "grow":
            outputs = binding.get_outputs()  # in binding order: logits, then the presents
            for spec, value in zip(self.kv, outputs[1:]):
                cache.values[spec.past_name] = value
        if logits is None:
            logits = binding.get_outputs()[0].numpy()
        cache.length = total
        cache.token_ids.extend(token_ids)
        return logits[0, -1].astype(np.float32, copy=True)

    def _mask(self, cache: KVCache, total: int) -> np.ndarray:
        """Ones over the `total` valid positions. A shared cache on a GPU gets a mask as wide as the buffer (zeros
        past `total`), as onnxruntime-genai feeds it: CUDA GroupQueryAttention then knows the buffer's length; with
        a mask only `total` wide it read the unwritten tail (NaN logits on an H100, benchmarks/RESULTS.md)."""
        if cache.layout == "shared" and self.device != "cpu":
            mask = np.zeros((1, cache.capacity), dtype=self.mask_dtype)
            mask[0, :total] = 1
            return mask
        return np.ones((1, total), dtype=self.mask_dtype)

    def _bind_logits(self, binding: ort.IOBinding, n: int) -> np.ndarray | None:
        """Bind a numpy buffer as the logits output, so reading them copies nothing; None if vocab is unknown."""
        if self.vocab_size is None:
            binding.bind_output("logits", "cpu")
            return None
        if n == 1 or self.last_position_logits:
            if self._step_logits is None:
                self._step_logits = np.empty((1, 1, self.vocab_size), dtype=self.logits_dtype)
            buffer = self._step_logits
        else:
            buffer = np.empty((1, n, self.vocab_size), dtype=self.logits_dtype)
        binding.bind_ortvalue_output("logits", ort.OrtValue.ortvalue_from_numpy(buffer))
        return buffer

    def _bind_cache(self, cache: KVCache) -> ort.IOBinding:
        binding = self.session.io_binding()
        binding.bind_output("logits", "cpu")  # first, so it is get_outputs()[0]; rebound each step
        for spec in self.kv:
            value = cache.values[spec.past_name]
            binding.bind_ortvalue_input(spec.past_name, value)
            if cache.layout == "shared":
                binding.bind_ortvalue_output(spec.present_name, value)
            else:
                binding.bind_output(spec.present_name, self.device)
        if cache.layout == "shared" and self.vocab_size is not None:  # else logits must stay output 0: rebind all
            cache.binding = binding
        return binding
