"""onnxruntime-genai as a `bench compare` peer: its C++ generator loop on a bundle's own model.onnx.

onnxruntime-genai reads a model directory with a genai_config.json; a terminus-edge bundle has none, so one is
written (with links to the bundle's graph and data) in a scratch directory from the bundle's manifest. The graph is
the same GroupQueryAttention graph terminus-edge runs (every position's logits, as the builder emits it), so a
difference between the two rows is the runtime around the graph: KV buffers, the decode loop, logits handling.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def genai_config(manifest: dict, threads: int, context_length: int, model_file: str = "model.onnx") -> dict:
    """A genai_config.json for a bundle's decoder graph (input_ids, attention_mask, past_key_values.N.*)."""
    arch = manifest["architecture"]
    generation = manifest.get("generation") or {}
    eos = generation.get("eos_token_id", 0)
    eos = eos if isinstance(eos, list) else [eos]
    return {
        "model": {
            "type": arch["model_type"],
            "vocab_size": arch["vocab_size"],
            "context_length": context_length,
            "bos_token_id": generation.get("bos_token_id", eos[0]),
            "eos_token_id": eos if len(eos) > 1 else eos[0],
            "pad_token_id": generation.get("pad_token_id", eos[0]),
            "decoder": {
                "filename": model_file,
                "session_options": {"log_id": "onnxruntime-genai", "intra_op_num_threads": threads, "provider_options": []},
                "hidden_size": arch["hidden_size"],
                "head_size": arch["head_dim"],
                "num_attention_heads": arch["num_attention_heads"],
                "num_key_value_heads": arch["num_key_value_heads"],
                "num_hidden_layers": arch["num_layers"],
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask",
                           "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key",
                            "present_value_names": "present.%d.value"},
            },
        },
        "search": {"do_sample": False, "num_beams": 1, "num_return_sequences": 1, "max_length": context_length,
                   "min_length": 0, "past_present_share_buffer": True, "early_stopping": True,
                   "length_penalty": 1.0, "repetition_penalty": 1.0, "temperature": 1.0, "top_k": 1, "top_p": 1.0},
    }


def model_dir_for(bundle_dir: str | Path, threads: int, context_length: int) -> tempfile.TemporaryDirectory:
    """A scratch directory holding genai_config.json and links to the bundle's graph and weights."""
    from terminus_edge.runtime.manifest import read_manifest

    bundle_dir = Path(bundle_dir).resolve()
    manifest = read_manifest(bundle_dir)
    scratch = tempfile.TemporaryDirectory(prefix="terminus-edge-genai-")
    model_file = manifest.get("model_file", "model.onnx")
    for name in (model_file, manifest.get("external_data", "model.onnx.data")):
        if (bundle_dir / name).exists():
            os.symlink(bundle_dir / name, Path(scratch.name) / name)
    config = genai_config(manifest, threads, context_length, model_file)
    (Path(scratch.name) / "genai_config.json").write_text(json.dumps(config, indent=1))
    return scratch


class GenaiEngine:
    """The load/reset/prefill/step interface latency_child.measure drives. prefill runs the prompt's forward pass and
    takes its greedy token; each step is one generate_next_token() (a forward of the last token, then argmax)."""

    def __init__(self, spec):
        self.spec = spec

    def load(self) -> None:
        import onnxruntime_genai as og

        from terminus_edge.runtime.bundle import load_bundle

        bundle = load_bundle(self.spec.path)
        self._og = og
        self._context = int(self.spec.options.get("n_ctx", 2048))
        self._scratch = model_dir_for(bundle.path, self.spec.threads, self._context)
        config = og.Config(self._scratch.name)
        config.clear_providers()
        if self.spec.ep == "cuda":
            config.append_provider("cuda")
        self.model = og.Model(config)
        self.vocab_size = bundle.manifest["architecture"]["vocab_size"]
        self.ep, self.model_name, self.precision = self.spec.ep, self.spec.model or bundle.name, bundle.precision
        self.generator = None

    def reset(self, capacity: int) -> None:
        og = self._og
        params = og.GeneratorParams(self.model)
        params.set_search_options(max_length=min(max(capacity, 16), self._context), do_sample=False)
        self.generator = None  # free the last KV buffer before the next one is allocated
        self.generator = og.Generator(self.model, params)

    def prefill(self, ids: list[int]) -> int:
        self.generator.append_tokens(ids)
        self.generator.generate_next_token()  # logits are already there: only the greedy pick
        return int(self.generator.get_next_tokens()[0])

    def step(self, token: int) -> int:
        self.generator.generate_next_token()  # forward of the token it picked last, then argmax
        return int(self.generator.get_next_tokens()[0])
