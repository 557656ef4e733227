"""What an export prints: one line per stage with its time; the exporters' own output in a log file, named when
the export fails or with --verbose; build-default falls back to the streaming writer when the builder does not fit."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import ExportError
from terminus_edge.export import memory_guard as guard
from terminus_edge.export.memory_guard import estimate
from terminus_edge.export.output_log import captured_output, log_path_for

pytest.importorskip("onnxruntime_genai")


def _between_streaming_and_builder(size) -> int:
    low = estimate(size, path="low-memory", precision="int4", validation="fp32").peak
    high = estimate(size, path="builder", precision="int4", validation="fp32").peak
    return int((low + high) / 2 / guard.HEADROOM)


def test_an_export_prints_one_line_per_stage_and_logs_the_builders_output(tiny_hf_model, tmp_path):
    result = CliRunner().invoke(main, ["export", str(tiny_hf_model("llama-tied")), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(line.startswith(("[export] ", "bundle written: ")) for line in lines), result.output
    stages = [m.group(1) for m in map(re.compile(r"\[export\] (\S.*?) +\d+\.\ds  ").match, lines) if m]
    assert stages == ["build graph", "validate", "check kernels", "write"], result.output
    assert "Reading layer" not in result.output and "onnx_ir" not in result.output
    log = log_path_for("b").read_text()
    assert "Reading layer 1" in log and "Saving ONNX model" in log  # the builder's prints, kept
    assert "third-party output" not in result.output  # a good run does not point at the log


def test_a_failed_stage_says_so_and_names_the_log_then_one_error_line(tiny_hf_model, tmp_path, monkeypatch):
    import onnxruntime_genai.models.builder as builder

    def failing_builder(*args, **kwargs):
        print("python-level chatter")
        os.write(2, b"fd-level chatter\n")  # as onnxruntime's C++ logger writes
        raise ExportError("the builder broke")

    monkeypatch.setattr(builder, "create_model", failing_builder)
    result = CliRunner().invoke(main, ["export", str(tiny_hf_model("llama-tied")), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line for line in lines if not line.startswith("[export] ")] == ["Error: the builder broke"]
    assert any(line.startswith("[export] build graph") and "failed after" in line for line in lines), result.output
    log = log_path_for("b")
    assert f"[export] third-party output of this run: {log}" in lines
    assert "python-level chatter" in log.read_text() and "fd-level chatter" in log.read_text()


def test_an_early_error_is_one_line_and_leaves_no_log(tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path / "missing"), "--out", str(tmp_path / "b")])
    assert result.exit_code == 1 and result.output.splitlines() == [f"Error: source not found: {tmp_path / 'missing'}"]
    assert not log_path_for("b").exists()


def test_verbose_shows_the_output_and_names_the_log(tmp_path, capfd):
    log = tmp_path / "x.log"
    with captured_output(log, verbose=True):
        print("python-level line", flush=True)
        os.write(1, b"fd-level line\n")
    err = capfd.readouterr().err
    assert "python-level line" in err and "fd-level line" in err and f"third-party output of this run: {log}" in err
    assert log.read_text().splitlines() == ["python-level line", "fd-level line"]


def test_quiet_capture_keeps_stage_lines_on_the_terminal(tmp_path, capfd):
    from terminus_edge.export.progress import stage

    log = tmp_path / "x.log"
    with captured_output(log):
        with stage("dequantize", "a.gguf"):
            print("tqdm-like noise")
    err = capfd.readouterr().err
    assert "tqdm-like noise" not in err and err.startswith("[export] dequantize") and err.rstrip().endswith("a.gguf")
    assert log.read_text() == "tqdm-like noise\n"


def test_the_tied_int4_builder_graph_defines_every_input_it_reads(tiny_bundle):
    """The onnx_ir "model is invalid" warning the builder prints (export/builder.py) is about an intermediate graph:
    the bundle's graphs read only defined values, and onnxruntime loads them."""
    import onnx
    import onnxruntime as ort

    bundle = tiny_bundle("llama-tied")
    for name in ("model.onnx", "model.last.onnx"):
        model = onnx.load(str(bundle / name), load_external_data=False)
        graph = model.graph
        defined = {v.name for v in graph.input} | {t.name for t in graph.initializer}
        defined |= {out for node in graph.node for out in node.output}
        undefined = {i for node in graph.node for i in node.input if i and i not in defined}
        assert not undefined, (name, undefined)
        assert "lm_head.MatMul.weight_Q4G32" in {t.name for t in graph.initializer}
        assert {v.name for v in graph.input} == {"input_ids", "attention_mask"} | {
            v.name for v in graph.input if v.name.startswith("past_key_values.")}
        ort.InferenceSession(str(bundle / name), providers=["CPUExecutionProvider"])


def test_build_default_falls_back_to_the_streaming_writer_when_the_builder_does_not_fit(tiny_hf_model, tmp_path,
                                                                                     monkeypatch):
    from terminus_edge.benchmarks.same_weights import write_gguf
    from terminus_edge.export.default_model import default_bundle_path

    gguf = write_gguf(tiny_hf_model("llama-tied"), tmp_path / "tiny.Q4_0.gguf", "Q4_0")
    size = guard.model_size(gguf)
    monkeypatch.setattr(guard, "available_memory", lambda: _between_streaming_and_builder(size))
    result = CliRunner().invoke(main, ["bundle", "build-default", "--from", str(gguf)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "using the low-memory streaming writer" in line]
    assert len(notes) == 1 and notes[0].startswith("[export] note: the builder int4 export")
    assert "[export] note: the streaming writer re-quantizes the GGUF's Q4_0/Q4_1 blocks" in result.output
    assert "--low-memory" not in result.output
    manifest = json.loads((default_bundle_path() / "manifest.json").read_text())
    assert manifest["backend"] == "streaming" and manifest["validation"]["reference"] == "torch fp32"
    assert result.output.splitlines()[-1] == str(default_bundle_path())


def test_build_default_keeps_the_builder_and_the_gguf_blocks_when_memory_allows(tiny_hf_model, tmp_path, monkeypatch):
    from terminus_edge.benchmarks.same_weights import write_gguf
    from terminus_edge.export.default_model import default_bundle_path

    gguf = write_gguf(tiny_hf_model("llama-tied"), tmp_path / "tiny.Q4_0.gguf", "Q4_0")
    monkeypatch.setattr(guard, "available_memory", lambda: 64 * 10**9)
    result = CliRunner().invoke(main, ["bundle", "build-default", "--from", str(gguf)])
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output
    assert "[export] carry GGUF blocks" in result.output
    manifest = json.loads((default_bundle_path() / "manifest.json").read_text())
    assert manifest["backend"] == "builder" and manifest["quantization"]["matmuls"]["exact"] > 0


def test_build_default_refused_for_memory_names_its_own_flag_not_exports(tiny_hf_model, tmp_path, monkeypatch):
    """build-default's --force means rebuild: --skip-memory-check (or the variable) is what `export --force` does."""
    from terminus_edge.benchmarks.same_weights import write_gguf
    from terminus_edge.export.default_model import default_bundle_path

    gguf = write_gguf(tiny_hf_model("llama-tied"), tmp_path / "tiny.Q4_0.gguf", "Q4_0")
    monkeypatch.setattr(guard, "available_memory", lambda: 1)  # not even the streaming writer fits
    refused = CliRunner().invoke(main, ["bundle", "build-default", "--from", str(gguf)])
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert refused.output.startswith("Error: not enough memory: ") and refused.output.endswith(
        f"use --skip-memory-check (or {guard.FORCE_ENV}=1) to try anyway\n")
    assert "--force" not in refused.output and "--low-memory" not in refused.output
    forced = CliRunner().invoke(main, ["bundle", "build-default", "--from", str(gguf), "--skip-memory-check"])
    assert forced.exit_code == 0, forced.output
    manifest = default_bundle_path() / "manifest.json"
    assert json.loads(manifest.read_text())["backend"] == "builder"
    manifest.write_text(manifest.read_text().replace('"builder"', '"rebuild me"'))
    monkeypatch.setenv(guard.FORCE_ENV, "1")  # the variable still skips the check; --force rebuilds
    forced = CliRunner().invoke(main, ["bundle", "build-default", "--from", str(gguf), "--force"])
    assert forced.exit_code == 0, forced.output
    assert json.loads(manifest.read_text())["backend"] == "builder"


def test_build_default_help_names_the_memory_flag():
    result = CliRunner().invoke(main, ["bundle", "build-default", "--help"])
    text = " ".join(result.output.split())
    assert "--skip-memory-check Build as asked even when the estimated peak exceeds the available memory" in text
    assert "--force Rebuild even if the bundle is already cached." in text


def test_an_unwritable_log_shows_the_output_instead(tmp_path, capfd):
    (tmp_path / "logs").write_text("a file where the log folder would go")
    with captured_output(tmp_path / "logs" / "x.log"):
        print("builder line", flush=True)
    out, err = capfd.readouterr()
    assert "cannot write the export log" in err and "the exporters' output is shown" in err
    assert out == "builder line\n"
