"""terminus_edge/kernels/build.py: which variant a CPU gets, what TERMINUS_EDGE_KERNELS_ISA may force, and the
one-line refusals. CPU flags are given, not read, so every case runs on any machine (nothing is compiled: the
one compiler run is a stand-in script)."""
from __future__ import annotations

import importlib

import pytest

build = importlib.import_module("terminus_edge.kernels.build")  # `kernels.build` the attribute is build()

SAPPHIRE_RAPIDS = ["avx", "avx2", "avx512bw", "avx512f", "avx512_vnni", "avx_vnni", "f16c", "fma", "sse4_2"]
ALDER_LAKE = ["avx", "avx2", "avx_vnni", "f16c", "fma", "sse4_2"]
ZEN3 = ["avx", "avx2", "f16c", "fma", "sse4_2"]
SANDY_BRIDGE = ["avx", "sse4_2"]


@pytest.fixture
def cpu(monkeypatch):
    monkeypatch.delenv(build.ISA_VARIABLE, raising=False)

    def have(flags):
        monkeypatch.setattr("terminus_edge.runtime.prepacked_cache.cpu_flags", lambda: sorted(flags))
    return have


@pytest.mark.parametrize("flags,expected", [(SAPPHIRE_RAPIDS, ["avx512-vnni", "avx2-vnni", "avx2"]),
                                            (ALDER_LAKE, ["avx2-vnni", "avx2"]), (ZEN3, ["avx2"])])
def test_best_variant_first(cpu, flags, expected):
    cpu(flags)
    assert build.chosen_variants() == expected


def test_no_avx2_is_refused_in_one_line(cpu, tmp_path):
    cpu(SANDY_BRIDGE)
    with pytest.raises(build.KernelBuildError, match="neither AVX-512 VNNI nor AVX2") as error:
        build.compile_library(tmp_path)
    assert "\n" not in str(error.value)
    assert not any(tmp_path.iterdir())


def test_a_lower_variant_can_be_forced(cpu, monkeypatch):
    cpu(SAPPHIRE_RAPIDS)
    monkeypatch.setenv(build.ISA_VARIABLE, " AVX2 ")
    assert build.chosen_variants() == ["avx2"]


@pytest.mark.parametrize("flags,forced,message", [(ZEN3, "avx2-vnni", "this CPU lacks avx_vnni"),
                                                  (ALDER_LAKE, "avx512-vnni", "lacks avx512_vnni, avx512bw, avx512f"),
                                                  (ZEN3, "avx512", "is not a variant: use one of avx512-vnni")])
def test_a_variant_this_cpu_cannot_run_is_refused(cpu, monkeypatch, flags, forced, message):
    cpu(flags)
    monkeypatch.setenv(build.ISA_VARIABLE, forced)
    with pytest.raises(build.KernelBuildError, match=message):
        build.chosen_variants()


def test_each_variant_has_its_own_cache_folder(cpu, tmp_path):
    cpu(SAPPHIRE_RAPIDS)
    targets = {build.library_target(tmp_path, "g++", name, flags).parent.name
               for name, (_, flags) in build.VARIANTS.items()}
    assert len(targets) == 3 and all(t.startswith(tuple(build.VARIANTS)) for t in targets)


def test_stale_libraries_of_the_same_variant_go_others_stay(tmp_path):
    for name in ("avx2-vnni-old", "avx2-vnni-new", "avx2-other", "0123abcd", "include"):
        (tmp_path / name).mkdir()
        if name != "include":
            (tmp_path / name / build.LIBRARY).write_bytes(b"")
    build._remove_stale(tmp_path, "avx2-vnni", keep=tmp_path / "avx2-vnni-new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avx2-other", "avx2-vnni-new", "include"]


def test_the_status_names_why_there_is_no_library(cpu, monkeypatch, tmp_path):
    from terminus_edge import kernels

    cpu(SANDY_BRIDGE)
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path))
    kernels._built.cache_clear()
    try:
        assert kernels.library_path() is None
        assert "neither AVX-512 VNNI nor AVX2" in kernels.why_unavailable()
    finally:
        kernels._built.cache_clear()


def test_a_compiler_without_avx_vnni_builds_the_plain_avx2_variant(cpu, monkeypatch, tmp_path):
    """An older g++ (no -mavxvnni) on an AVX-VNNI CPU: the next variant down is built, and found again."""
    cpu(ALDER_LAKE)
    include = tmp_path / "include"
    include.mkdir()
    (include / "onnxruntime_cxx_api.h").write_text("")
    monkeypatch.setenv("TERMINUS_EDGE_ORT_INCLUDE", str(include))
    old = tmp_path / "old-g++"  # refuses -mavxvnni as g++ 10 does; otherwise writes an empty "library"
    old.write_text('#!/bin/sh\nfor a; do [ "$a" = -mavxvnni ] && { echo "g++: error: unrecognized command-line '
                   'option \'-mavxvnni\'" >&2; exit 1; }; done\nwhile [ "$1" != -o ]; do shift; done\n: > "$2"\n')
    old.chmod(0o755)
    monkeypatch.setenv("CXX", str(old))
    built = build.compile_library(tmp_path / "cache")
    assert built.parent.name.rsplit("-", 1)[0] == "avx2"
    assert build.existing_library(tmp_path / "cache") == built
    monkeypatch.setenv(build.ISA_VARIABLE, "avx2-vnni")
    with pytest.raises(build.KernelBuildError, match=r"\(avx2-vnni\) failed: g\+\+: error: unrecognized"):
        build.compile_library(tmp_path / "cache")
