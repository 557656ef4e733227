"""Run a bundle's int4 graph on this machine's kernel library (terminus_edge/kernels) instead of MatMulNBits.

The library's op is MatMulNBits itself in another domain, "terminus.edge", exactly as long as "com.microsoft". So the
switch needs no onnx package and no second graph file: in the serialized graph each 4-bit MatMulNBits node's domain
field is overwritten in place (same length, so no protobuf length changes), one opset import for the new domain is
appended (a repeated field may appear anywhere in a message), and the session is created from those bytes with its
external data read from the bundle directory as before. Any failure falls back to the bundle's graph, with one warning.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from terminus_edge import kernels

# NodeProto: op_type (field 4) "MatMulNBits", then its attributes, then domain (field 7) "com.microsoft".
_NODE = re.compile(rb"\x22\x0bMatMulNBits(.{0,2048}?)\x3a\x0dcom\.microsoft", re.S)
_FOUR_BITS = b"\x0a\x04bits\x18\x04"  # AttributeProto name "bits", i = 4
_OUR_DOMAIN = b"\x3a\x0dterminus.edge"
# ModelProto field 8 (opset_import): OperatorSetIdProto {domain: "terminus.edge", version: 1}
_OPSET = b"\x42\x11\x0a\x0dterminus.edge\x10\x01"
EXTERNAL_FOLDER = "session.model_external_initializers_file_folder_path"
assert len(kernels.DOMAIN) == len("com.microsoft") == 13


class KernelGraphWarning(UserWarning):
    """The kernel library could not run this graph; the session uses onnxruntime's MatMulNBits instead."""


@dataclass(frozen=True)
class KernelGraph:
    model: bytes  # the rewritten graph
    folder: Path  # where its external data lives
    library: Path
    nodes: int  # MatMulNBits nodes that run on the library


def rewrite(graph: bytes) -> tuple[bytes, int]:
    """The graph with every 4-bit MatMulNBits node moved to the library's domain, and how many moved."""
    count = 0

    def move(match: re.Match) -> bytes:
        nonlocal count
        if _FOUR_BITS not in match.group(1):
            return match.group(0)
        count += 1
        return match.group(0)[: -len(_OUR_DOMAIN)] + _OUR_DOMAIN

    rewritten = _NODE.sub(move, graph)
    return (rewritten + _OPSET, count) if count else (graph, 0)


def plan(model_path: Path) -> KernelGraph | None:
    """The kernel-library version of `model_path`, or None: library not built/disabled, or no 4-bit MatMulNBits."""
    library = kernels.library_path()
    if library is None:
        return None
    try:
        model, nodes = rewrite(Path(model_path).read_bytes())
    except OSError:
        return None  # the caller's own load reports an unreadable file
    return KernelGraph(model, Path(model_path).parent, library, nodes) if nodes else None


def open_with_kernels(graph: KernelGraph, options, providers: list[str]):
    """An InferenceSession on the rewritten graph, or None (after one warning) if onnxruntime refuses it."""
    import onnxruntime as ort

    try:
        options.register_custom_ops_library(str(graph.library))
        options.add_session_config_entry(EXTERNAL_FOLDER, str(graph.folder))
        session = ort.InferenceSession(graph.model, sess_options=options, providers=providers)
    except Exception as error:  # onnxruntime's own Fail/InvalidGraph types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        warnings.warn(f"the kernel library could not run this graph ({first}); using onnxruntime's MatMulNBits",
                      KernelGraphWarning, stacklevel=3)
        return None
    session.terminus_kernels = graph.nodes
    return session
