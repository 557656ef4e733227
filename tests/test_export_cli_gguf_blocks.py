"""`terminus-edge export --gguf-blocks`: auto keeps a GGUF's 4-bit blocks wherever they can apply."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.cli.export_cmd import gguf_block_types

pytest.importorskip("onnx")
from terminus_edge.export.gguf_blocks import FOUR_BIT_BLOCK_TYPES, GGUF_BLOCK_TYPES  # noqa: E402


@pytest.mark.parametrize("choice,source,precision,backend,block,low_memory,expected", [
    ("auto", "m.Q4_1.gguf", "int4", "builder", 32, False, FOUR_BIT_BLOCK_TYPES),
    ("auto", "hf-dir", "int4", "builder", 32, False, ()),
    ("auto", "m.gguf", "int8", "builder", 32, False, ()),
    ("auto", "m.gguf", "int4", "optimum", 32, False, ()),
    ("auto", "m.gguf", "int4", "builder", 128, False, ()),
    ("auto", "m.gguf", "int4", "builder", 32, True, ()),
    ("off", "m.gguf", "int4", "builder", 32, False, ()),
    ("4bit", "m.gguf", "int4", "builder", 32, False, FOUR_BIT_BLOCK_TYPES),
    ("all", "m.gguf", "int4", "builder", 32, False, GGUF_BLOCK_TYPES),
])
def test_auto_picks_the_4bit_blocks_only_where_they_apply(choice, source, precision, backend, block, low_memory, expected):
    assert gguf_block_types(choice, source, precision, backend, block, low_memory) == expected


def test_explicit_blocks_with_low_memory_is_a_one_line_error(tmp_path):
    gguf = tmp_path / "m.Q4_0.gguf"
    gguf.write_bytes(b"GGUF")
    result = CliRunner().invoke(main, ["export", str(gguf), "--low-memory", "--gguf-blocks", "4bit",
                                       "--out", str(tmp_path / "b")])
    assert result.exit_code != 0
    assert "--gguf-blocks needs the builder export" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_export_of_a_gguf_keeps_its_blocks_by_default(tmp_path, tiny_hf_model, monkeypatch):
    from terminus_edge.benchmarks.same_weights import write_gguf

    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))
    gguf = write_gguf(tiny_hf_model("llama"), tmp_path / "tiny.Q4_0.gguf", "Q4_0")
    kept, plain = tmp_path / "kept", tmp_path / "plain"
    for out, extra in ((kept, []), (plain, ["--gguf-blocks", "off"])):
        result = CliRunner().invoke(main, ["export", str(gguf), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
    options = [json.loads((b / "manifest.json").read_text())["backend_options"] for b in (kept, plain)]
    assert any(o.startswith("gguf_blocks=Q4_0,Q4_1") for o in options[0])
    assert not any(o.startswith("gguf_blocks=") for o in options[1])
