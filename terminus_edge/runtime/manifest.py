"""A bundle's manifest.json: what the bundle holds, how it was made, and the sha256 of every file.

A bundle is a self-contained directory: model.onnx (+ external data), tokenizer.json (+ its config),
chat_template.jinja, generation_config.json and manifest.json. Everything the runtime needs to know
is read from the manifest, never guessed from file names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.errors import BundleError

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def external_data_files(manifest: dict) -> list[str]:
    """The names of the bundle's external-data files (the weights next to the graph), as the manifest lists them."""
    external = manifest.get("external_data")
    return [external] if isinstance(external, str) else [name for name in external or [] if isinstance(name, str)]


def bundle_files(bundle_dir: Path) -> list[str]:
    """Every file in the bundle except the manifest, as sorted POSIX paths relative to the bundle."""
    return sorted(
        p.relative_to(bundle_dir).as_posix()
        for p in bundle_dir.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME
    )


def write_manifest(bundle_dir: Path, fields: dict) -> dict:
    """Write manifest.json with `fields` plus format_version and the sha256 of every other file."""
    bundle_dir = Path(bundle_dir)
    manifest = {"format_version": FORMAT_VERSION, **fields}
    manifest["files"] = {name: sha256_file(bundle_dir / name) for name in bundle_files(bundle_dir)}
    (bundle_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    return manifest


# Sections the runtime and `bundle info` read as JSON objects; anything else there is a corrupt manifest.
_OBJECT_SECTIONS = ("architecture", "quantization", "source", "validation", "generation", "graph", "exporter",
                    "tokenizer", "runtime_model", "kernels_check")


def check_manifest_shape(manifest, path: Path) -> None:
    """BundleError (one line) unless `manifest` is a format-1 manifest whose fields have the types the
    runtime reads: a file list of name -> sha256 inside the bundle, object sections, string file names."""
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else "?"
        raise BundleError(f"unsupported bundle format in {path}: format_version={found}, expected {FORMAT_VERSION} "
                          "(rebuild the bundle with this version of terminus-edge)")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise BundleError(f"corrupt bundle manifest {path}: 'files' must map each file name to its sha256")
    for name in files:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts or name == MANIFEST_NAME:
            raise BundleError(f"corrupt bundle manifest {path}: file name {name!r} is not a file inside the bundle")
    for key in _OBJECT_SECTIONS:
        if manifest.get(key) is not None and not isinstance(manifest[key], dict):
            raise BundleError(f"corrupt bundle manifest {path}: '{key}' must be a JSON object")
    for key in ("model_file", "name", "precision", "backend"):
        if manifest.get(key) is not None and not isinstance(manifest[key], str):
            raise BundleError(f"corrupt bundle manifest {path}: '{key}' must be a string")
    external = manifest.get("external_data")
    if external is not None and not isinstance(external, str) and not (
            isinstance(external, list) and all(isinstance(n, str) for n in external)):
        raise BundleError(f"corrupt bundle manifest {path}: 'external_data' must be a file name or a list of them")


def _load_manifest(bundle_dir: Path) -> dict:
    """The manifest's JSON, checked for shape; BundleError with one clear line when it is missing or corrupt."""
    path = bundle_dir / MANIFEST_NAME
    if not path.is_file():
        raise BundleError(f"not a bundle: {path} is missing")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BundleError(f"corrupt bundle manifest {path}: {error}") from None
    check_manifest_shape(manifest, path)
    return manifest


def read_manifest(bundle_dir: Path) -> dict:
    """Load and sanity-check a manifest; raise BundleError with one clear line otherwise."""
    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise BundleError(f"bundle not found: {bundle_dir} (build one with `terminus-edge bundle build-default`)")
    manifest = _load_manifest(bundle_dir)
    missing = [name for name in manifest["files"] if not (bundle_dir / name).is_file()]
    if missing:
        raise BundleError(f"incomplete bundle {bundle_dir}: missing {', '.join(missing)}")
    return manifest


@dataclass
class VerifyReport:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    def describe(self) -> str:
        if self.ok:
            return "ok"
        parts = []
        for label, names in (("changed", self.changed), ("missing", self.missing), ("extra", self.extra)):
            if names:
                parts.append(f"{label}: {', '.join(names)}")
        return "; ".join(parts)


def verify_bundle(bundle_dir: Path) -> VerifyReport:
    """Compare every file against the manifest's sha256 list (full read of each file)."""
    bundle_dir = Path(bundle_dir)
    manifest = _load_manifest(bundle_dir)
    expected = manifest["files"]
    present = set(bundle_files(bundle_dir))
    report = VerifyReport()
    for name, digest in sorted(expected.items()):
        if name not in present:
            report.missing.append(name)
        elif sha256_file(bundle_dir / name) != digest:
            report.changed.append(name)
    report.extra = sorted(present - set(expected))
    return report
