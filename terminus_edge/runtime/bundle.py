"""Open a bundle directory: manifest, tokenizer, chat template, generation config, model path.

Only tokenizers, jinja2 and the standard library here; the ONNX session is opened by the caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tokenizers import Tokenizer

from terminus_edge.errors import BundleError
from terminus_edge.runtime.chat_template import ChatTemplate
from terminus_edge.runtime.manifest import external_data_files, read_manifest

SPECIAL_TOKEN_KEYS = ("bos_token", "eos_token", "pad_token", "unk_token")


@dataclass
class Bundle:
    path: Path
    manifest: dict
    model_path: Path
    tokenizer: Tokenizer
    template: ChatTemplate | None
    eos_token_ids: list[int]
    special_tokens: dict[str, str] = field(default_factory=dict)
    generation_config: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.manifest.get("name") or self.path.name)

    @property
    def precision(self) -> str:
        return str(self.manifest.get("precision", "?"))

    @property
    def context_length(self) -> int | None:
        """Longest sequence the graph supports (rotary tables are this long), if the manifest says."""
        arch = self.manifest.get("architecture") or {}
        for key in ("context_length", "max_position_embeddings"):
            if isinstance(arch.get(key), int):
                return arch[key]
        return None


def _read_json(path: Path, required: bool) -> dict:
    if not path.is_file():
        if required:
            raise BundleError(f"incomplete bundle: {path} is missing")
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BundleError(f"corrupt bundle file {path}: {error}") from None
    if not isinstance(data, dict):
        raise BundleError(f"corrupt bundle file {path}: expected a JSON object")
    return data


def _token_text(value) -> str | None:
    # tokenizer_config.json stores special tokens as plain strings or as AddedToken dicts.
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) else None


def _as_id_list(value) -> list[int]:
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int)]
    return []


def _model_path(bundle_dir: Path, manifest: dict, full_logits: bool = False) -> Path:
    name = manifest.get("model_file") or manifest.get("model") or "model.onnx"
    runtime_model = manifest.get("runtime_model")
    # The runtime graph (export/graph_passes.py) computes the last position's logits only: same weights.
    if not full_logits and isinstance(runtime_model, dict) and isinstance(runtime_model.get("file"), str):
        name = runtime_model["file"]
    path = bundle_dir / str(name)
    if not path.is_file():
        raise BundleError(f"incomplete bundle {bundle_dir}: model file {name} is missing")
    for extra in external_data_files(manifest):
        if not (bundle_dir / extra).is_file():
            raise BundleError(f"incomplete bundle {bundle_dir}: external data {extra} is missing")
    return path


def load_bundle(bundle_dir: str | Path, full_logits: bool = False) -> Bundle:
    """Read everything but the ONNX graph; BundleError with one clear line on anything missing or corrupt.

    full_logits: open the graph that returns logits for every position (model_file) even where the bundle
    has a last-position runtime graph.
    """
    bundle_dir = Path(bundle_dir).expanduser()
    manifest = read_manifest(bundle_dir)
    model_path = _model_path(bundle_dir, manifest, full_logits)

    tokenizer_path = bundle_dir / "tokenizer.json"
    if not tokenizer_path.is_file():
        raise BundleError(f"incomplete bundle {bundle_dir}: tokenizer.json is missing")
    try:
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
    except Exception as error:  # tokenizers raises a bare Exception on bad JSON
        raise BundleError(f"corrupt tokenizer {tokenizer_path}: {error}") from None

    vocab = (manifest.get("architecture") or {}).get("vocab_size")
    if isinstance(vocab, int) and tokenizer.get_vocab_size(with_added_tokens=True) > vocab:
        # ids past the embedding table: onnxruntime's Gather reads garbage (or fails) instead of saying so
        raise BundleError(f"bundle {bundle_dir}: tokenizer.json has {tokenizer.get_vocab_size(with_added_tokens=True)} "
                          f"ids but the model's vocabulary is {vocab} (a tokenizer from another model?)")
    tokenizer_config = _read_json(bundle_dir / "tokenizer_config.json", required=False)
    special = {key: text for key in SPECIAL_TOKEN_KEYS if (text := _token_text(tokenizer_config.get(key)))}

    template_path = bundle_dir / "chat_template.jinja"
    if template_path.is_file():
        try:
            source = template_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BundleError(f"corrupt bundle file {template_path}: {error}") from None
    else:
        source = tokenizer_config.get("chat_template") if isinstance(tokenizer_config.get("chat_template"), str) else None
    template = ChatTemplate(source, special) if source else None

    generation_config = _read_json(bundle_dir / "generation_config.json", required=False)
    eos_ids = _as_id_list(generation_config.get("eos_token_id"))
    if not eos_ids and "eos_token" in special:
        eos_id = tokenizer.token_to_id(special["eos_token"])
        eos_ids = [eos_id] if eos_id is not None else []
    return Bundle(
        path=bundle_dir,
        manifest=manifest,
        model_path=model_path,
        tokenizer=tokenizer,
        template=template,
        eos_token_ids=eos_ids,
        special_tokens=special,
        generation_config=generation_config,
    )
