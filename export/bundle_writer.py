"""Assemble a bundle directory: model.onnx (+ model.onnx.data), tokenizer.json, tokenizer_config.json,
chat_template.jinja, generation_config.json and manifest.json (written last, with every file's sha256)."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.quantize import external_data_files
from terminus_edge.export.tokenizer_tools import CHATML_TEMPLATE
from terminus_edge.runtime.manifest import MANIFEST_NAME, write_manifest

# End-of-turn markers that also stop generation when the vocabulary has them and the chat template uses them.
END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>")
# Never a stop id, whatever a config says (onnxruntime-genai's builder lists it as one for ChatML models).
NOT_STOPS = ("<|im_start|>",)
EXPORTER_PACKAGES = ("torch", "transformers", "onnx", "onnxruntime", "onnxruntime-genai", "optimum", "optimum-onnx", "tokenizers")


def _as_list(value) -> list[int]:
    if value is None:
        return []
    return [int(v) for v in (value if isinstance(value, list) else [value])]


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


def chat_template_text(hf_dir: Path) -> tuple[str, str]:
    """The model's chat template (jinja2 text) and where it came from."""
    path = hf_dir / "chat_template.jinja"
    if path.is_file():
        return path.read_text(), "chat_template.jinja"
    template = _read_json(hf_dir / "tokenizer_config.json").get("chat_template")
    if isinstance(template, list):  # named templates: [{"name": "default", "template": ...}, ...]
        template = next((t["template"] for t in template if t.get("name") == "default"), template[0]["template"])
    if template:
        return template, "tokenizer_config.json"
    return CHATML_TEMPLATE, "fallback ChatML (the source has no chat template)"


def special_ids(hf_dir: Path, tokenizer, template: str) -> dict:
    """eos (real stop ids only), bos and pad ids from generation_config, config and the tokenizer."""
    gen = _read_json(hf_dir / "generation_config.json")
    config = _read_json(hf_dir / "config.json")
    tok_config = _read_json(hf_dir / "tokenizer_config.json")

    def token_id(entry):
        text = entry.get("content") if isinstance(entry, dict) else entry
        return tokenizer.token_to_id(text) if text else None

    eos = _as_list(gen.get("eos_token_id")) or _as_list(config.get("eos_token_id"))
    eos.append(token_id(tok_config.get("eos_token")))
    eos += [tokenizer.token_to_id(t) for t in END_OF_TURN if t in template]
    eos.append(tokenizer.token_to_id("<|endoftext|>"))  # document end: a real stop wherever the vocab has it
    drop = {tokenizer.token_to_id(t) for t in NOT_STOPS}
    eos = sorted({i for i in eos if i is not None and i not in drop})
    if not eos:
        raise ExportError(f"no end-of-sequence token found in {hf_dir} (generation_config.json, config.json, tokenizer_config.json)")
    bos = gen.get("bos_token_id", config.get("bos_token_id"))
    if bos is None:
        bos = token_id(tok_config.get("bos_token"))
    pad = gen.get("pad_token_id", config.get("pad_token_id"))
    if pad is None:
        pad = token_id(tok_config.get("pad_token"))
    return {"eos_token_id": eos, "bos_token_id": bos, "pad_token_id": eos[0] if pad is None else pad}


def graph_io(model_path: Path) -> dict:
    import onnx

    model = onnx.load(str(model_path), load_external_data=False)

    def describe(values):
        return [{
            "name": v.name,
            "type": onnx.helper.tensor_dtype_to_np_dtype(v.type.tensor_type.elem_type).name,
            "shape": [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim],
        } for v in values]

    return {"inputs": describe(model.graph.input), "outputs": describe(model.graph.output),
            "opset": {o.domain or "ai.onnx": o.version for o in model.opset_import}}


def exporter_versions() -> dict:
    from terminus_edge import __version__

    versions = {"terminus_edge": __version__}
    for name in EXPORTER_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def write_bundle(bundle_dir: Path, onnx_dir: Path, hf_dir: Path, fields: dict) -> dict:
    """Fill `bundle_dir` (new, empty) from the exporter's output and the source HF dir; return the manifest."""
    from tokenizers import Tokenizer

    bundle_dir.mkdir(parents=True, exist_ok=False)
    model_path = onnx_dir / "model.onnx"
    data_files = external_data_files(model_path)
    shutil.move(str(model_path), bundle_dir / "model.onnx")
    for name in data_files:
        shutil.move(str(onnx_dir / name), bundle_dir / name)

    shutil.copy2(hf_dir / "tokenizer.json", bundle_dir / "tokenizer.json")
    tokenizer = Tokenizer.from_file(str(bundle_dir / "tokenizer.json"))
    template, template_source = chat_template_text(hf_dir)
    (bundle_dir / "chat_template.jinja").write_text(template)
    tok_config = _read_json(hf_dir / "tokenizer_config.json")
    tok_config.pop("chat_template", None)  # one source of truth: chat_template.jinja
    tok_config["model_max_length"] = int(fields["architecture"]["max_position_embeddings"])
    (bundle_dir / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2, ensure_ascii=False) + "\n")
    ids = special_ids(hf_dir, tokenizer, template)
    (bundle_dir / "generation_config.json").write_text(json.dumps(ids, indent=2) + "\n")

    tokenizer_info = dict(fields.pop("tokenizer_info", {}) or {})
    tokenizer_info.setdefault("source", "the model source")
    tokenizer_info.setdefault("vocab_size", tokenizer.get_vocab_size(with_added_tokens=True))
    tokenizer_info.setdefault("placeholders", None)
    tokenizer_info.update({
        "chat_template_source": template_source,
        "eos_tokens": [tokenizer.id_to_token(i) for i in ids["eos_token_id"]],
        "unknown_ids": "placeholders lists added <unk_N> tokens covering ids past the tokenizer's own vocabulary; null when the tokenizer covers the model's vocab",
    })
    manifest_fields = {
        **fields,
        "model_file": "model.onnx",
        "external_data": data_files[0] if len(data_files) == 1 else data_files,
        "graph": graph_io(bundle_dir / "model.onnx"),
        "tokenizer": tokenizer_info,
        "generation": ids,
        "exporter": exporter_versions(),
    }
    if (bundle_dir / MANIFEST_NAME).exists():
        raise ExportError(f"{bundle_dir} already has a manifest")
    return write_manifest(bundle_dir, manifest_fields)
