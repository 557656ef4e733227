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


def read_manifest(bundle_dir: Path) -> dict:
    """Load and sanity-check a manifest; raise BundleError with one clear line otherwise."""
    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise BundleError(f"bundle not found: {bundle_dir} (build one with `terminus-edge bundle build-default`)")
    path = bundle_dir / MANIFEST_NAME
    if not path.is_file():
        raise BundleError(f"not a bundle: {path} is missing")
    try:
        manifest = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BundleError(f"corrupt bundle manifest {path}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            f"unsupported bundle format in {path}: format_version={manifest.get('format_version') if isinstance(manifest, dict) else '?'}, expected {FORMAT_VERSION}"
        )
    missing = [name for name in manifest.get("files", {}) if not (bundle_dir / name).is_file()]
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
    path = bundle_dir / MANIFEST_NAME
    if not path.is_file():
        raise BundleError(f"not a bundle: {path} is missing")
    try:
        expected = json.loads(path.read_text()).get("files", {})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
        raise BundleError(f"corrupt bundle manifest {path}: {error}") from None
    present = set(bundle_files(bundle_dir))
    report = VerifyReport()
    for name, digest in sorted(expected.items()):
        if name not in present:
            report.missing.append(name)
        elif sha256_file(bundle_dir / name) != digest:
            report.changed.append(name)
    report.extra = sorted(present - set(expected))
    return report
