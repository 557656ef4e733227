"""The kernel library for tests: built once per session, with the headers `terminus-edge kernels build` cached."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def real_cache_headers() -> Path | None:
    """The onnxruntime headers in the user's real cache (each test gets its own TERMINUS_EDGE_HOME)."""
    import platformdirs

    from terminus_edge.paths import APP

    include = Path(platformdirs.user_cache_dir(APP)) / "kernels" / "include"
    return include if (include / "onnxruntime_cxx_api.h").is_file() else None


def build_or_skip() -> Path:
    from terminus_edge.kernels import KernelBuildError, build

    headers = real_cache_headers()
    try:
        with pytest.MonkeyPatch.context() as mp:
            if headers and not os.environ.get("TERMINUS_EDGE_ORT_INCLUDE"):
                mp.setenv("TERMINUS_EDGE_ORT_INCLUDE", str(headers))
            return build()
    except KernelBuildError as error:
        if os.environ.get("TERMINUS_EDGE_REQUIRE_KERNELS") == "1":
            pytest.fail(f"kernel library required but not built: {error}")
        pytest.skip(f"kernel library not built here: {error}")


def home_with_library(tmp_path_factory) -> tuple[Path, Path]:
    """(a TERMINUS_EDGE_HOME whose cache holds the built library, the library): each test gets its own home, so a
    module or session fixture builds one here (skipping or failing as build_or_skip does)."""
    home = tmp_path_factory.mktemp("kernels-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TERMINUS_EDGE_HOME", str(home))
        return home, build_or_skip()
