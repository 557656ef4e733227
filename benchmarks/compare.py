"""`bench compare`: the same prompt, new-token count and threads on the same weights across engines.

Engines: terminus-edge (one bundle per precision: given with --bundle, or exported from the source and
cached), llama.cpp on the GGUF, optimum's ORTModelForCausalLM and onnxruntime-genai's generator on each
bundle's own model.onnx, and transformers fp32 on the HF directory (or the GGUF, dequantized). Every engine runs in its own child
process through the same timing loop (benchmarks/latency.py). A peer that is not installed, or has no
file to read, is a row that says so, never a number.

A bundle-reading engine (terminus-edge, optimum, onnxruntime-genai) may be given bundles of its own (`--bundle optimum=DIR`,
e.g. optimum's own concat-KV export from `terminus-edge export --backend optimum`); it then runs those
instead of the shared ones. Its rows name the graph they ran in the model column ("… (optimum's own
export)", "… (terminus-edge graph)"), since the same engine on another exporter's graph is another measurement.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from terminus_edge.benchmarks.latency import ENGINE, EngineSpec, check_matrix, run_matrix
from terminus_edge.benchmarks.peers import (INSTALL_HINT, PEERS, cuda_unavailable, gguf_file_type, installed,
                                            transformers_precision)
from terminus_edge.benchmarks.records import NOT_AVAILABLE, NOT_INSTALLED, Record, label_for, unavailable
from terminus_edge.errors import TerminusError

ALL_ENGINES = (ENGINE, *PEERS)
BUNDLE_ENGINES = (ENGINE, "optimum", "onnxruntime-genai")  # the engines that read a bundle directory


class CompareError(TerminusError):
    """bench compare was given nothing to compare, or an unknown engine."""


def split_bundle_args(values: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """--bundle values -> (bundles every bundle engine runs, {engine: the bundles only it runs}).

    `DIR` is shared; `ENGINE=DIR` belongs to ENGINE alone (a path that merely contains "=" stays a path)."""
    shared: list[str] = []
    own: dict[str, list[str]] = {}
    for value in values:
        engine, sep, rest = value.partition("=")
        if sep and engine in ALL_ENGINES:
            if engine not in BUNDLE_ENGINES:
                raise CompareError(f"{engine} does not read a bundle ({value}): it runs the --gguf/--hf weights; "
                                   f"only {', '.join(BUNDLE_ENGINES)} take ENGINE=DIR")
            path = rest
        else:
            engine, path = None, value
        if not path or not Path(path).expanduser().is_dir():
            raise CompareError(f"--bundle {value}: no such bundle directory")
        (own.setdefault(engine, []) if engine else shared).append(path)
    return shared, own


def graph_label(engine: str, manifest: dict) -> str:
    """Which exporter made the graph `engine` runs, as the model column says it."""
    backend = manifest.get("backend") or "builder"
    if backend == "optimum":
        return "optimum's own export" if engine == "optimum" else "optimum export"
    if backend in ("builder", "streaming"):  # both make the GroupQueryAttention graph terminus-edge ships
        return "terminus-edge graph"
    return f"{backend} graph"


def _source_key(path: Path) -> str:
    """Short stable id of a source (file: size + head bytes; dir: its config and weight file sizes)."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.suffix in (".json", ".safetensors", ".bin"))
    for f in files:
        digest.update(f"{f.name}:{f.stat().st_size}".encode())
        with open(f, "rb") as handle:
            digest.update(handle.read(1 << 16))
    return digest.hexdigest()[:10]


def bundles_for(source: Path, precisions: list[str]) -> list[Path]:
    """Bundles of `source` for each precision, exported once into the bundle cache and reused after."""
    from terminus_edge.paths import bundles_dir
    from terminus_edge.runtime.manifest import MANIFEST_NAME

    out = []
    for precision in precisions:
        target = bundles_dir() / f"compare-{source.stem.lower()}-{_source_key(source)}-{precision}"
        if not (target / MANIFEST_NAME).is_file():
            from terminus_edge.export import export_model

            export_model(source, target, precision=precision)
        out.append(target)
    return out


def compare_specs(gguf: str | None, hf: str | None, bundles: list[str], engines: list[str], threads: list[int | None],
                  model: str, ep: str = "cpu", engine_bundles: dict[str, list[str]] | None = None,
                  kernels: str = "on") -> tuple[list[EngineSpec], list[tuple[str, str, str]]]:
    """(specs to run, [(engine, status, note)] for engines that cannot run here).

    engine_bundles: bundles an engine runs instead of the shared `bundles`."""
    unknown = [e for e in engines if e not in ALL_ENGINES]
    if unknown:
        raise CompareError(f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ALL_ENGINES)}")
    engine_bundles = {e: list(b) for e, b in (engine_bundles or {}).items() if b}
    idle = [e for e in engine_bundles if e not in engines]
    if idle:
        raise CompareError(f"a bundle was given for {', '.join(idle)}, which --engines does not run")
    specs, missing = [], []
    for engine in engines:
        if engine != ENGINE and not installed(engine):
            missing.append((engine, NOT_INSTALLED, f"to install: {INSTALL_HINT[engine]}"))
            continue
        no_gpu = cuda_unavailable(engine) if ep == "cuda" and engine != ENGINE else None  # ENGINE: run_matrix asks onnxruntime
        if no_gpu:
            missing.append((engine, NOT_AVAILABLE, no_gpu))
            continue
        if engine in BUNDLE_ENGINES:
            chosen = engine_bundles.get(engine) or bundles
            if not chosen:
                missing.append((engine, NOT_AVAILABLE, "no bundle of these weights"))
            for bundle in chosen:
                from terminus_edge.runtime.bundle import load_bundle

                loaded = load_bundle(bundle)
                label = f"{model} ({graph_label(engine, loaded.manifest)})"
                settings = [{"kernels": on} for on in KERNEL_SETTINGS[kernels]] if engine == ENGINE else [{}]
                specs += [EngineSpec(engine, str(loaded.path), ep, t, label, loaded.precision, dict(options))
                          for options in settings for t in threads]
        elif engine == "llama.cpp":
            if not gguf:
                missing.append((engine, NOT_AVAILABLE, "llama.cpp reads a GGUF: pass --gguf"))
            else:
                specs += [EngineSpec(engine, gguf, ep, t, model, gguf_file_type(gguf)) for t in threads]
        elif engine == "transformers":
            source = hf or gguf
            if not source:
                missing.append((engine, NOT_AVAILABLE, "transformers reads the weights themselves: pass --hf DIR or --gguf FILE"))
            else:
                specs += [EngineSpec(engine, str(source), ep, t, model, transformers_precision(ep)) for t in threads]
    return specs, missing


# --kernels: whether terminus-edge rows run the int4 matmuls on terminus_edge/kernels (where built) or MatMulNBits
KERNEL_SETTINGS = {"on": (True,), "off": (False,), "both": (True, False)}


def _model_name(path: Path) -> str:
    path = path.expanduser().resolve()
    return path.stem if path.is_file() else path.name


def precision_known(engine: str, gguf: str | None, hf: str | None, ep: str) -> str:
    """The precision an engine that cannot run here would have run at, where its file says it (llama.cpp's GGUF
    file type) or the engine fixes it (transformers: fp32, fp16 on cuda); "" otherwise."""
    if engine == "llama.cpp" and gguf:
        return gguf_file_type(gguf)
    if engine == "transformers" and (hf or gguf):
        return transformers_precision(ep)
    return ""


def run_compare(*, gguf: str | None = None, hf: str | None = None, bundles: list[str] | None = None,
                engine_bundles: dict[str, list[str]] | None = None, precisions: list[str] = ("int4",),
                engines: list[str] = ALL_ENGINES, threads: list[int | None] = (2,),
                prompts: list[int] = (128,), gens: list[int] = (32,), reps: int = 3, warmup: int = 1,
                progress: bool = True, interleave: bool = False, ep: str = "cpu", depths: list[int] = (0,),
                kernels: str = "on") -> list[Record]:
    """ep: where every engine runs ("cpu" or "cuda"; llama.cpp offloads every layer, transformers runs fp16).
    depths: tg rows after a prompt of each length (llama-bench -d), tg<N>@d<D>."""
    engine_bundles = engine_bundles or {}
    if not gguf and not hf and not bundles and not any(engine_bundles.values()):
        raise CompareError("give the weights to compare on: --gguf FILE, --hf DIR and/or --bundle DIR")
    for path in (gguf, hf):
        if path and not Path(path).exists():
            raise CompareError(f"not found: {path}")
    if gguf and Path(gguf).suffix != ".gguf":
        raise CompareError(f"--gguf expects a .gguf file, got {gguf}")
    # Everything that can be refused is refused here, before a bundle export that may take minutes.
    unknown = [e for e in engines if e not in ALL_ENGINES]
    if unknown:
        raise CompareError(f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ALL_ENGINES)}")
    tests = check_matrix(list(prompts), list(gens), list(threads), list(depths))
    if gguf:
        try:
            gguf_file_type(gguf)
        except Exception as error:  # gguf's reader fails with IndexError/ValueError/... on a cut or foreign file
            raise CompareError(f"--gguf {gguf}: not a readable GGUF file ({type(error).__name__}: {error})") from None
    # Bundles alone run the bundle engines (llama.cpp and transformers then get a row saying what they read).
    source = Path(hf or gguf) if hf or gguf else None
    model = _model_name(source or Path([*(bundles or []), *(b for own in engine_bundles.values() for b in own)][0]))
    if source and not bundles and any(e in BUNDLE_ENGINES and not engine_bundles.get(e) for e in engines):
        bundles = [str(p) for p in bundles_for(source, list(precisions))]
    specs, missing = compare_specs(gguf, hf, list(bundles or []), list(engines), list(threads), model, ep=ep,
                                   engine_bundles=engine_bundles, kernels=kernels)
    records = run_matrix(specs, tests, reps, warmup, progress, interleave)
    for engine, status, note in missing:
        for t in threads:
            for n_prompt, n_gen in tests:
                records.append(unavailable(engine, model, precision_known(engine, gguf, hf, ep), ep, t, label_for(n_prompt, n_gen),
                                           n_prompt, n_gen, status, note))
    order = {name: i for i, name in enumerate(ALL_ENGINES)}
    return sorted(records, key=lambda r: (r.threads or 0, r.test[:2] != "pp", r.n_prompt if r.n_gen == 0 else r.n_gen,
                                          r.n_prompt, order.get(r.engine, 9)))
