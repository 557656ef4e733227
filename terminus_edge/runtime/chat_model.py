"""OnnxChatModel: a bundle behind the ChatModel interface (terminus_edge.model), plus raw-prompt generation."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import onnxruntime as ort

from terminus_edge.errors import BundleError
from terminus_edge.paths import default_bundle_dir
from terminus_edge.runtime import huge_pages, mapped_pages
from terminus_edge.runtime.bundle import Bundle, load_bundle
from terminus_edge.runtime.decoder import Decoder
from terminus_edge.runtime.generate import Generation, GenerationParams, GenerationResult, GenerationStats, Generator
from terminus_edge.runtime.manifest import external_data_files
from terminus_edge.runtime.prepacked_cache import open_session
from terminus_edge.runtime.sampling import SamplingParams
from terminus_edge.runtime.session import SessionConfig

EP_SHORT = {"CPUExecutionProvider": "cpu", "CUDAExecutionProvider": "cuda"}


def kv_layout_for(session, device: str, requested: str = "auto") -> str:
    """"shared" (in-place KV buffer) works only where attention writes into the past buffer, as
    GroupQueryAttention does. Any other attention concatenates past and new keys, so its present output
    can never match the bound buffer and onnxruntime refuses the run: one probe step tells them apart
    (and warms the session up). Builder graphs are GQA for int4/fp32 but not always (fp16 on CPU)."""
    if requested != "auto":
        return requested
    if device != "cpu" and _float32_cache(session):
        # A cpu bundle on a GPU: its float32 GroupQueryAttention falls back to the CPU provider, whose in-place
        # writes do not reach the bound GPU buffer (wrong logits on an H100, no error): only "grow" is right there.
        return "grow"
    probe = Decoder(session, "shared", device=device)
    quiet = ort.RunOptions()
    quiet.log_severity_level = 4  # the expected failure is not worth an error line on the terminal
    try:
        probe.forward([0], probe.new_cache(2), quiet)
    except Exception:  # onnxruntime's INVALID_ARGUMENT about the present.* output shape
        return "grow"
    return "shared"


class CpuBundleOnGpuWarning(UserWarning):
    """A bundle exported for CPU runs on a GPU provider: it works, but its attention runs on the CPU."""


def _float32_cache(session) -> bool:
    return any(i.type == "tensor(float)" for i in session.get_inputs() if i.name.startswith("past"))


def gpu_fit_note(session, device: str) -> str | None:
    """Why a CPU bundle is slow on a GPU, and what to do; None where the bundle fits the device."""
    if device == "cpu" or not _float32_cache(session):
        return None
    return ("this bundle was exported for CPU: on the GPU its float32 attention runs on the CPU (prefill 48x slower "
            "than a --target cuda bundle on an H100); export it with `terminus-edge export ... --target cuda`")


class OnnxChatModel:
    def __init__(self, bundle: Bundle, generator: Generator, ep: str, load_s: float, weights_from: str = "bundle"):
        self.bundle = bundle
        self.generator = generator
        self.name = bundle.name
        self.precision = bundle.precision
        self.ep = ep  # provider actually in use, short form ("cpu", "cuda", ...)
        self.load_s = load_s
        self.weights_from = weights_from  # "bundle", "cache" (prepacked-weights cache) or "built" (cache written now)
        self.last_stats: GenerationStats | None = None
        # Weight-file pages given back after loading (runtime.mapped_pages); given back again after each generation.
        self.released_pages = mapped_pages.Released(0, 0, 0)
        self.huge_pages = huge_pages.Collapse(note="not loaded here")  # packed weights moving to 2 MiB pages
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        bundle: str | Path | None = None,
        ep: str = "auto",
        threads: int | None = None,
        *,
        optimization: str = "all",
        kv_layout: str = "auto",
        full_logits: bool = False,
        config_entries: tuple[tuple[str, str], ...] = (),
        prepacked_cache: str | None = None,
        kernels: bool = True,
        honour_kernels_check: bool = True,
    ) -> OnnxChatModel:
        """full_logits: run the graph with every position's logits (model_file) instead of the bundle's
        last-position runtime graph, where it has one (for comparisons).
        prepacked_cache: "off" | "auto" | "build" (runtime.prepacked_cache.open_session; None: env or "auto").
        kernels: on CPU, run 4-bit matmuls on terminus_edge/kernels where it is built (runtime/kernel_graph.py).
        honour_kernels_check: False runs the library even where the manifest records a mismatch (the check itself)."""
        start = time.perf_counter()
        if bundle is None:
            path = default_bundle_dir()
            if not path.is_dir():
                raise BundleError(
                    f"the default bundle is not built yet ({path}); run `terminus-edge bundle build-default` first"
                )
        else:
            path = Path(bundle)
        loaded = load_bundle(path, full_logits=full_logits)
        config = SessionConfig(ep=ep, threads=threads, optimization=optimization, config_entries=tuple(config_entries),
                               kernels=kernels, honour_kernels_check=honour_kernels_check)
        anonymous_before = huge_pages.snapshot()
        opened = open_session(loaded.path, loaded.model_path, loaded.manifest, config, prepacked_cache)
        session, provider = opened.session, opened.provider
        device = "cuda" if provider == "CUDAExecutionProvider" else "cpu"
        if note := gpu_fit_note(session, device):
            warnings.warn(note, CpuBundleOnGpuWarning, stacklevel=2)
        decoder = Decoder(session, kv_layout_for(session, device, kv_layout), device=device)
        generator = Generator(decoder, loaded.tokenizer, loaded.eos_token_ids, loaded.context_length)
        ep_name = EP_SHORT.get(provider, provider.removesuffix("ExecutionProvider").lower())
        released = mapped_pages.Released(0, 0, 0)
        if opened.source == "bundle":  # the weights now live in onnxruntime's buffers (prepacked, or on the device)
            released = mapped_pages.release([loaded.path / name for name in external_data_files(loaded.manifest)])
        collapsed = huge_pages.Collapse(note=f"weights on {ep_name}")
        if device == "cpu":
            collapsed = huge_pages.collapse_growth(anonymous_before)
        model = cls(loaded, generator, ep_name, time.perf_counter() - start, opened.source)  # load_s counts the release
        model.released_pages = released
        model.huge_pages = collapsed
        model.kernel_nodes = getattr(session, "terminus_kernels", 0)  # matmuls on terminus_edge/kernels (0: none)
        return model

    # --- prompts -------------------------------------------------------------------------------------
    def encode_chat(self, messages: Sequence[dict], tools: Sequence[dict] | None = None) -> list[int]:
        if self.bundle.template is None:
            raise BundleError(f"bundle {self.bundle.path} has no chat template (chat_template.jinja)")
        prompt = self.bundle.template.render(messages, add_generation_prompt=True, tools=tools)
        # The template already writes every special token (bos included), as transformers assumes.
        return self.bundle.tokenizer.encode(prompt, add_special_tokens=False).ids

    def encode_raw(self, text: str) -> list[int]:
        return self.bundle.tokenizer.encode(text, add_special_tokens=True).ids

    def count_text_tokens(self, text: str) -> int:
        """What `text` costs this model inside a prompt (its own tokenizer, no special tokens)."""
        return len(self.bundle.tokenizer.encode(text, add_special_tokens=False).ids)

    # --- generation ----------------------------------------------------------------------------------
    def stream_ids(self, prompt_ids: Sequence[int], params: GenerationParams = GenerationParams()) -> Generation:
        """Iterate for text deltas; single-threaded use only (generate_ids/chat are the thread-safe calls)."""
        return Generation(self._release_pages_after(self.generator.stream(prompt_ids, params)))

    def _release_pages_after(self, generation: Generation) -> Iterator[str]:
        """The deltas of `generation`, then (ended or abandoned) the embedding rows it read leave RSS."""
        try:
            yield from generation
        finally:
            mapped_pages.release_again(self.released_pages)
        self.last_stats = generation.result.stats
        return generation.result

    def generate_ids(
        self, prompt_ids: Sequence[int], params: GenerationParams = GenerationParams(), on_text: Callable[[str], None] | None = None
    ) -> GenerationResult:
        if not _acquire(self._lock, params.cancel):  # cancelled while another thread's generation ran
            return GenerationResult("", [], GenerationStats(prompt_tokens=len(prompt_ids), stop_reason="cancelled"))
        try:  # one generation at a time: the generator keeps its KV cache between calls
            result = self.generator.generate(prompt_ids, params, on_text=on_text)
            self.last_stats = result.stats
            mapped_pages.release_again(self.released_pages)  # embedding rows read by this generation
        finally:
            self._lock.release()
        return result

    def _chat_request(self, messages: Sequence[dict], tools: Sequence[dict] | None, max_new_tokens: int,
                      stop: Sequence[str], deadline_s: float | None, sampling: SamplingParams,
                      cancel: threading.Event | None = None) -> tuple[list[int], GenerationParams]:
        """Prompt ids and generation settings of one chat turn (chat_result and stream_chat)."""
        params = GenerationParams(max_new_tokens=max_new_tokens, sampling=sampling, stop=tuple(stop), deadline_s=deadline_s,
                                  cancel=cancel)
        return self.encode_chat(messages, tools), params

    def chat_result(
        self,
        messages: Sequence[dict],
        *,
        max_new_tokens: int = 256,
        stop: Sequence[str] = (),
        deadline_s: float | None = None,
        sampling: SamplingParams = SamplingParams(),
        tools: Sequence[dict] | None = None,
        on_text: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> GenerationResult:
        """cancel: once set (another thread), generation stops within one decode step, stop_reason "cancelled"."""
        prompt_ids, params = self._chat_request(messages, tools, max_new_tokens, stop, deadline_s, sampling, cancel)
        return self.generate_ids(prompt_ids, params, on_text=on_text)

    def stream_chat(
        self,
        messages: Sequence[dict],
        *,
        max_new_tokens: int = 256,
        stop: Sequence[str] = (),
        deadline_s: float | None = None,
        sampling: SamplingParams = SamplingParams(),
        cancel: threading.Event | None = None,
    ) -> Generation:
        """Iterate for text deltas of the reply; `.result` is set when iteration ends (single-threaded use)."""
        return self.stream_ids(*self._chat_request(messages, None, max_new_tokens, stop, deadline_s, sampling, cancel))

    def chat(
        self,
        messages: Sequence[dict],
        *,
        max_new_tokens: int = 256,
        stop: Sequence[str] = (),
        deadline_s: float | None = None,
        cancel: threading.Event | None = None,
    ) -> str:
        """ChatModel: greedy reply. `deadline_s` is a time budget in seconds from this call; past it, or once `cancel`
        is set, the text so far is returned."""
        return self.chat_result(messages, max_new_tokens=max_new_tokens, stop=stop, deadline_s=deadline_s,
                                cancel=cancel).text


LOCK_POLL_S = 0.01


def _acquire(lock: threading.Lock, cancel: threading.Event | None) -> bool:
    """Take `lock`; False (not taken) once `cancel` is set while waiting for it."""
    if cancel is None:
        return lock.acquire()
    while not lock.acquire(timeout=LOCK_POLL_S):
        if cancel.is_set():
            return False
    return True
