"""Export's check of the kernel library on the new bundle (runtime/kernel_check.py), recorded in the manifest.

The CPU runtime runs an int4 bundle's 4-bit matmuls on terminus_edge/kernels where that library is built, so an
int4 CPU export compares that path with onnxruntime's MatMulNBits on the finished bundle and records the result (or
why it was skipped) as manifest["kernels_check"]. manifest.json is outside its own sha256 list, so the field is
added without hashing the weights again.
"""
from __future__ import annotations

import json
from pathlib import Path

from terminus_edge.export.progress import say, stage
from terminus_edge.runtime.manifest import MANIFEST_NAME

FIELD = "kernels_check"


def record_kernel_check(bundle_dir: Path, manifest: dict) -> dict:
    """The manifest with FIELD added, for int4 CPU bundles (others are returned unchanged)."""
    from terminus_edge.runtime.kernel_check import check_kernels, describe

    if manifest.get("precision") != "int4" or manifest.get("target", "cpu") != "cpu":
        return manifest
    with stage("check kernels", "the kernel library against MatMulNBits on a fixed prompt"):
        try:
            result = check_kernels(bundle_dir)
        except Exception as error:  # onnxruntime's own error types; the export itself is done and valid
            lines = str(error).strip().splitlines()
            result = {"status": "error", "reason": lines[0] if lines else type(error).__name__}
    say(describe(result) if result["status"] != "error" else f"warning: kernels: the check failed: {result['reason']}")
    if result["status"] == "mismatch":
        say("warning: this machine's kernel library disagrees with MatMulNBits on this bundle: the runtime runs it "
            "on MatMulNBits while this library build is the one here (recorded in the manifest)")
    manifest = {**manifest, FIELD: result}
    (Path(bundle_dir) / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    return manifest
