"""A machine-local cache of a bundle's optimized graph with its prepacked weights (CPU only).

onnxruntime's MatMulNBits repacks every int4 weight at each session creation, into heap memory (for
accuracy_level 4 on AVX512 the packed form carries block sums, so it is ~20 % bigger than the file).
onnxruntime can save the optimized graph together with those packed weights in an external data file; a
session later opened from it with graph optimization off memory-maps the packed weights instead of repacking:
loading is faster and the weights are clean, shared page cache instead of private heap.

The packed layout depends on the onnxruntime version and the CPU's instruction set, so the cache is only
ever machine-local (user cache dir), never part of a bundle, and is keyed by both plus the bundle's identity.
It costs disk: about 2.2x the bundle (the original weights stay in the file next to the packed ones).

One slot per (bundle directory, graph file): a slot that exists means the user asked for the cache
(`terminus-edge bundle warm`), so a stale or broken one is rebuilt rather than dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import onnxruntime as ort

from terminus_edge.errors import TerminusError
from terminus_edge.paths import cache_dir
from terminus_edge.runtime.manifest import MANIFEST_NAME, external_data_files, sha256_file
from terminus_edge.runtime.session import CPU, SessionConfig, create_session, resolve_provider, session_options

FORMAT = 1
MODEL_NAME = "model.opt.onnx"
DATA_NAME = "model.opt.onnx.data"
KEY_NAME = "key.json"
MODES = ("off", "auto", "build")
ENV_MODE = "TERMINUS_EDGE_PREPACKED_CACHE"
# Initializers at least this big go to the data file (and can be memory-mapped); small ones stay inline.
MIN_EXTERNAL_BYTES = 1024


class PrepackedCacheError(TerminusError):
    """`bundle warm` (mode "build") cannot create the cache folder."""


class PrepackedCacheWarning(UserWarning):
    """The prepacked-weights cache could not be used; the session was opened from the bundle instead."""


@dataclass(frozen=True)
class Opened:
    session: ort.InferenceSession
    provider: str
    source: str  # "cache" (opened from the cache), "built" (cache written by this load), "bundle"
    cache_path: Path | None = None


def cache_root() -> Path:
    path = cache_dir() / "prepacked"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PrepackedCacheError(f"cannot create the prepacked-weights cache {path}: {error.strerror or error}") from None
    return path


def slot_dir(bundle_dir: Path, model_path: Path) -> Path:
    """Where the cache of `model_path` (a graph of the bundle at `bundle_dir`) lives."""
    ident = f"{Path(bundle_dir).resolve()}\n{Path(model_path).name}"
    return cache_root() / hashlib.sha256(ident.encode()).hexdigest()[:24]


def cpu_flags() -> list[str] | None:
    """The CPU's instruction-set flags, sorted (x86 `flags`, ARM `Features`); [] if it lists none; None without
    a readable /proc/cpuinfo."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return None
    return next((sorted(line.split(":", 1)[1].split()) for line in lines if line.startswith(("flags", "Features"))), [])


def cpu_signature() -> str:
    """What the packed layout can depend on: architecture and instruction-set flags (hashed: flags are long)."""
    flags = cpu_flags()
    text = " ".join(flags) if flags is not None else platform.processor()
    return f"{platform.machine()}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def cache_key(bundle_dir: Path, model_path: Path, manifest: dict) -> dict:
    """Everything the cached graph depends on; any change makes the cache stale."""
    bundle_dir = Path(bundle_dir).resolve()
    files = [Path(model_path).name, *external_data_files(manifest)]
    return {
        "format": FORMAT,
        "bundle": str(bundle_dir),
        "model_file": Path(model_path).name,
        "manifest_sha256": sha256_file(bundle_dir / MANIFEST_NAME),
        "files": {name: _stamp(bundle_dir / name) for name in files},
        "onnxruntime": ort.__version__,
        "cpu": cpu_signature(),
    }


def _read_key(slot: Path) -> dict | None:
    try:
        key = json.loads((slot / KEY_NAME).read_text())
    except (OSError, ValueError):
        return None
    return key if isinstance(key, dict) else None


def check_slot(slot: Path, key: dict) -> str | None:
    """None when `slot` holds a complete cache for `key`; else why not (one phrase)."""
    stored = _read_key(slot)
    if stored is None:
        return "its key file is missing or unreadable"
    outputs = stored.pop("outputs", None)
    if stored != key:
        changed = sorted(name for name in set(stored) | set(key) if stored.get(name) != key.get(name))
        return f"stale ({', '.join(changed)} changed)"
    for name in (MODEL_NAME, DATA_NAME):
        path = slot / name
        if not path.is_file() or not isinstance(outputs, dict) or outputs.get(name) != _stamp(path):
            return f"{name} is missing or was modified"
    return None


def build(model_path: Path, slot: Path, key: dict, config: SessionConfig) -> ort.InferenceSession:
    """Write the cache for `key` into `slot` (temp dir + rename); return the session that wrote it.

    The returned session is an ordinary one (opened from the bundle, weights packed on the heap) and can
    be used right away, so a first load pays only the writing."""
    root = slot.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{slot.name}.tmp-", dir=root))
    try:
        options = session_options(SessionConfig(ep=CPU, threads=config.threads, optimization="all"))
        options.optimized_model_filepath = str(tmp / MODEL_NAME)
        options.add_session_config_entry("session.optimized_model_external_initializers_file_name", DATA_NAME)
        options.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes", str(MIN_EXTERNAL_BYTES))
        options.add_session_config_entry("session.save_external_prepacked_constant_initializers", "1")
        session = ort.InferenceSession(str(model_path), sess_options=options, providers=[CPU])
        if not (tmp / DATA_NAME).is_file():  # nothing big enough to map: the cache would buy nothing
            raise OSError("onnxruntime wrote no external data file")
        for name in (MODEL_NAME, DATA_NAME):
            with open(tmp / name, "rb+") as handle:
                os.fsync(handle.fileno())
        record = dict(key, outputs={name: _stamp(tmp / name) for name in (MODEL_NAME, DATA_NAME)})
        (tmp / KEY_NAME).write_text(json.dumps(record, indent=1) + "\n")
        _swap_in(tmp, slot)
        return session
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, slot: Path) -> None:
    old = None
    if slot.exists():
        old = slot.with_name(f".{slot.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(slot, old)
    try:
        os.replace(tmp, slot)
    except OSError:  # another process put a fresh cache there meanwhile: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove(bundle_dir: Path, model_path: Path) -> bool:
    slot = slot_dir(bundle_dir, model_path)
    if not slot.exists():
        return False
    shutil.rmtree(slot)
    return True


def _open_cached(slot: Path, config: SessionConfig) -> ort.InferenceSession:
    # The graph in the cache is already optimized (and its constants folded): optimizing again would redo
    # the work this cache exists to skip.
    options = session_options(SessionConfig(ep=CPU, threads=config.threads, optimization="disable"))
    return ort.InferenceSession(str(slot / MODEL_NAME), sess_options=options, providers=[CPU])


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _kernels_apply(config: SessionConfig) -> bool:
    """The kernel library packs the weights itself (runtime/kernel_graph.py): MatMulNBits' packs are not wanted."""
    from terminus_edge import kernels

    return config.kernels and kernels.library_path() is not None


def _kernels_refused(manifest: dict) -> bool:
    """The manifest records a mismatch on this machine's kernel library: one warning, and MatMulNBits runs it."""
    from terminus_edge import kernels
    from terminus_edge.runtime.kernel_check import KernelCheckWarning, refusal

    why = refusal(manifest, kernels.library_path())
    if why:
        warnings.warn(why, KernelCheckWarning, stacklevel=3)
    return why is not None


def resolve_mode(mode: str | None) -> str:
    mode = (mode or os.environ.get(ENV_MODE) or "auto").strip().lower()
    if mode not in MODES:
        raise ValueError(f"unknown prepacked cache mode {mode!r}; use one of {', '.join(MODES)}")
    return mode


def open_session(bundle_dir: Path, model_path: Path, manifest: dict, config: SessionConfig = SessionConfig(),
                 mode: str | None = None) -> Opened:
    """Open `model_path` like session.create_session, through the prepacked cache where it applies.

    mode: "off" never uses it; "auto" (default; env TERMINUS_EDGE_PREPACKED_CACHE) uses a valid cache and
    rebuilds a stale or broken one, but creates none; "build" also creates a missing one. Only the CPU
    provider at full graph optimization, with no optimized_model_path or config entries of its own, takes part.
    The packed layout does not depend on the thread count (checked: identical logits at 1 and 2 threads).
    """
    mode = resolve_mode(mode)
    config = replace(config, ep=resolve_provider(config.ep))  # once: an unavailable provider warns once
    if config.ep == CPU and config.kernels and config.honour_kernels_check and _kernels_refused(manifest):
        config = replace(config, kernels=False)
    # Extra session config entries may change the graph or the packing; the cache is for the default session.
    applies = (mode != "off" and config.ep == CPU and config.optimization == "all" and config.optimized_model_path is None
               and not config.config_entries and not _kernels_apply(config))
    if not applies:
        session, provider = create_session(model_path, config)
        return Opened(session, provider, "bundle")
    try:
        slot = slot_dir(bundle_dir, model_path)
    except TerminusError:  # no cache folder (a read-only disk): the bundle still loads; `bundle warm` says why
        if mode == "build":
            raise
        session, provider = create_session(model_path, config)
        return Opened(session, provider, "bundle")
    if mode == "auto" and not slot.exists():
        session, provider = create_session(model_path, config)
        return Opened(session, provider, "bundle")
    key = cache_key(bundle_dir, model_path, manifest)
    problem = check_slot(slot, key) if slot.exists() else "missing"
    if problem is None:
        try:
            return Opened(_open_cached(slot, config), CPU, "cache", slot)
        except Exception as error:  # onnxruntime's own exception types; a damaged file
            problem = f"unreadable ({_first_line(error)})"
    if problem != "missing" and not problem.startswith("stale"):
        warnings.warn(f"prepacked-weights cache {slot} is {problem}; loading from the bundle and rebuilding it",
                      PrepackedCacheWarning, stacklevel=2)
    try:
        session = build(model_path, slot, key, config)
    except Exception as error:
        session, provider = create_session(model_path, config)  # a broken bundle raises its BundleError here
        warnings.warn(f"cannot write the prepacked-weights cache {slot}: {_first_line(error)}; loading from the bundle",
                      PrepackedCacheWarning, stacklevel=2)
        return Opened(session, provider, "bundle")
    return Opened(session, CPU, "built", slot)


@dataclass(frozen=True)
class Warmed:
    slot: Path
    status: str  # "built" or "already" (a valid cache was there)
    seconds: float
    cache_bytes: int
    bundle_bytes: int


def warm(bundle_dir: Path, *, full_logits: bool = False, threads: int | None = None) -> Warmed:
    """Make sure the bundle's runtime graph (or model_file with full_logits) has a valid cache on this machine."""
    from terminus_edge.runtime.bundle import load_bundle

    start = time.perf_counter()
    bundle = load_bundle(bundle_dir, full_logits=full_logits)
    opened = open_session(bundle.path, bundle.model_path, bundle.manifest, SessionConfig(ep="cpu", threads=threads), "build")
    status = "already" if opened.source == "cache" else "built"
    if opened.cache_path is None:
        raise PrepackedCacheError(f"no prepacked-weights cache could be written for {bundle.path} (see the warning above)")
    used = [bundle.model_path.name, *external_data_files(bundle.manifest)]
    return Warmed(opened.cache_path, status, time.perf_counter() - start,
                  sum(p.stat().st_size for p in opened.cache_path.iterdir() if p.is_file()),
                  sum((bundle.path / name).stat().st_size for name in used))
