"""Does a bundle run the same on this machine's kernel library (terminus_edge/kernels) as on MatMulNBits?

A fixed prompt, then greedy decoding on MatMulNBits; the kernel graph is fed the same tokens (teacher forcing, so
one early difference does not derail the rest) and its logits are compared step by step: the largest |difference|,
that relative to the largest |logit|, and how often both pick the same next token. One session at a time, so the
check needs the memory of running the bundle, not twice that. Export records the result in the manifest
("kernels_check"); `bundle verify` runs it again on the machine at hand. A recorded mismatch keeps the runtime on
MatMulNBits for that bundle (refusal).
"""
from __future__ import annotations

from pathlib import Path

# Both graphs quantize activations to int8 per 32; the library keeps float16 scales where MatMulNBits keeps
# float32, so logits differ by a few percent of their range at most (tests/test_kernel_graph.py pins 5 %).
MAX_RELATIVE_DIFF = 0.05
MIN_AGREEMENT = 0.8
PROMPT_TOKENS = 16
STEPS = 16
FIELD = "kernels_check"  # the manifest's key


class KernelCheckWarning(UserWarning):
    """The bundle's manifest records that this machine's kernel library disagrees with MatMulNBits on it."""


def _logits(bundle_dir: Path, kernels: bool, ids: list[int], forced: list[int] | None, steps: int, threads: int):
    """(logits per step, tokens fed after the prompt, matmuls on the library): greedy unless `forced` is given."""
    import gc

    import numpy as np

    from terminus_edge.runtime.chat_model import OnnxChatModel

    model = OnnxChatModel.load(bundle_dir, ep="cpu", threads=threads, kernels=kernels, prepacked_cache="off",
                               honour_kernels_check=False)  # the check compares the library whatever was recorded
    decoder = model.generator.decoder
    cache = decoder.new_cache(len(ids) + steps + 1)
    rows, fed = [decoder.forward(ids, cache)], []
    for step in range(steps):
        token = forced[step] if forced is not None else int(np.argmax(rows[-1]))
        fed.append(token)
        rows.append(decoder.forward([token], cache))
    nodes = getattr(model, "kernel_nodes", 0)
    del model, decoder, cache
    gc.collect()  # the 4B shape: the first session's memory goes before the second one loads
    return np.stack(rows), fed, nodes


def check_kernels(bundle_dir: str | Path, steps: int = STEPS, threads: int = 1) -> dict:
    """{"status": "ok" | "mismatch" | "skipped", ...}: "skipped" carries "reason"; the others the measurements."""
    import numpy as np

    from terminus_edge import kernels
    from terminus_edge.runtime.bundle import load_bundle

    bundle_dir = Path(bundle_dir)
    library = kernels.library_path()
    if library is None:
        return {"status": "skipped", "reason": f"kernel library unavailable: {kernels.why_unavailable()}"}
    bundle = load_bundle(bundle_dir)
    if bundle.precision != "int4":
        return {"status": "skipped", "reason": "not an int4 bundle: no 4-bit MatMulNBits to move"}
    from terminus_edge.benchmarks.latency import prompt_ids  # the benchmarks' fixed prompt, the same ids

    vocab = (bundle.manifest.get("architecture") or {}).get("vocab_size") or bundle.tokenizer.get_vocab_size()
    ids = prompt_ids(PROMPT_TOKENS, int(vocab))
    theirs, tokens, _ = _logits(bundle_dir, False, ids, None, steps, threads)
    ours, _, nodes = _logits(bundle_dir, True, ids, tokens, steps, threads)
    if not nodes:
        return {"status": "skipped", "reason": "the library did not take this graph's matmuls (see the warning)"}
    diff = float(np.abs(ours - theirs).max())
    relative = diff / max(float(np.abs(theirs).max()), 1e-30)
    agree = int((ours.argmax(axis=-1) == theirs.argmax(axis=-1)).sum())
    ok = relative <= MAX_RELATIVE_DIFF and agree >= MIN_AGREEMENT * len(theirs)
    return {"status": "ok" if ok else "mismatch", "matmul_nodes": nodes, "positions": len(theirs),
            "greedy_agreement": agree, "max_abs_logit_diff": round(diff, 5), "relative_diff": round(relative, 5),
            "library": library.parent.name}


def describe(result: dict) -> str:
    """One line for people."""
    if result.get("status") == "skipped":
        return f"kernels: not checked ({result.get('reason')})"
    return (f"kernels: {result['status']}: {result['matmul_nodes']} matmuls on the library, next token agrees at "
            f"{result['greedy_agreement']}/{result['positions']} positions, max |Δlogit| {result['max_abs_logit_diff']:g} "
            f"({100 * result['relative_diff']:.1f} % of the largest logit)")


def refusal(manifest: dict, library: Path | None) -> str | None:
    """Why the runtime keeps MatMulNBits for this bundle although `library` is here (one line), or None.

    A check speaks for the library build it ran on, recorded as the build's folder name (build.build_key:
    "<variant>-<hash of the sources, compiler and flags>"). A mismatch recorded for this very build refuses it. One
    recorded for another build (changed sources, another CPU's variant) says nothing about this one, which then runs
    (`bundle verify` compares it here). One that names no build (an older or hand-edited manifest) refuses: nothing
    shows it was another build, and a wrong answer costs more than a slower one."""
    check = manifest.get(FIELD)
    if library is None or not isinstance(check, dict) or check.get("status") != "mismatch":
        return None
    checked = check.get("library")
    if isinstance(checked, str) and checked and checked != library.parent.name:
        return None
    measured = ""
    if isinstance(check.get("greedy_agreement"), int) and isinstance(check.get("positions"), int):
        measured = f" (next token agrees at {check['greedy_agreement']}/{check['positions']} positions)"
    return (f"the manifest of {manifest.get('name') or 'this bundle'} records that the kernel library "
            f"{checked or library.parent.name} disagrees with MatMulNBits on it{measured}; "
            "running its matmuls on onnxruntime's MatMulNBits")


def recorded_state(manifest: dict, library: Path | None) -> str:
    """`bundle info`'s line: the recorded check, and whether the runtime switches the library in for this bundle."""
    check = manifest.get(FIELD) if isinstance(manifest.get(FIELD), dict) else {}
    status = check.get("status")
    if not check:
        said = "not checked at export"
    elif status in ("skipped", "error"):
        said = f"not checked at export ({check.get('reason')})" if status == "skipped" else \
            f"the check failed at export ({check.get('reason')})"
    else:
        said = f"{status} at export with library {check.get('library') or '(not named)'}"
    if library is None:
        return f"{said}; no kernel library in use here: MatMulNBits runs it"
    if refusal(manifest, library):
        return f"{said}; MatMulNBits runs this bundle here, not the library {library.parent.name}"
    if status == "mismatch":
        return f"{said}; this machine's library is {library.parent.name}, another build: the library runs it " \
               "(`terminus-edge bundle verify` compares them here)"
    return f"{said}; the library {library.parent.name} runs it"
