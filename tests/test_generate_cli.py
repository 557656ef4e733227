"""`terminus-edge generate` and `terminus-edge chat` on a tiny bundle."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.runtime.chat_model import OnnxChatModel
from terminus_edge.runtime.generate import GenerationParams
from terminus_edge.runtime.sampling import SamplingParams


@pytest.fixture
def bundle(tiny_bundle):
    return str(tiny_bundle())


def _run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def test_generate_streams_the_same_text_as_the_library(bundle):
    model = OnnxChatModel.load(bundle, ep="cpu", threads=1)
    params = GenerationParams(max_new_tokens=12, sampling=SamplingParams(temperature=1.0, seed=4))
    expected = model.generate_ids(model.encode_chat([{"role": "user", "content": "hello"}]), params).text
    result = _run(["generate", "--bundle", bundle, "--ep", "cpu", "--threads", "1", "--max-new-tokens", "12",
                   "--temperature", "1.0", "--seed", "4", "--stats", "hello"])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"
    assert "prefill" in result.stderr and "decode" in result.stderr and "tok/s" in result.stderr


def test_generate_raw_and_stdin_prompt(bundle):
    model = OnnxChatModel.load(bundle, ep="cpu", threads=1)
    expected = model.generate_ids(model.encode_raw("the build"), GenerationParams(max_new_tokens=5)).text
    result = _run(["generate", "--bundle", bundle, "--raw", "--max-new-tokens", "5", "-"], input="the build")
    assert result.exit_code == 0 and result.stdout == expected + "\n"
    assert "prefill" not in result.stderr


def test_generate_ignore_eos_makes_exactly_max_new_tokens(bundle):
    result = _run(["generate", "--bundle", bundle, "--raw", "--ignore-eos", "--max-new-tokens", "9", "--stats", "the"])
    assert result.exit_code == 0 and "9 new tok" in result.stderr and "stop: max_new_tokens" in result.stderr


def test_generate_stop_string_is_not_printed(bundle):
    args = ["generate", "--bundle", bundle, "--max-new-tokens", "30", "--temperature", "1", "--seed", "9", "hi"]
    full = _run(args).stdout.rstrip("\n")
    stop = full[10:13]
    assert stop.strip()
    cut = _run(args + ["--stop", stop]).stdout
    assert cut == full[: full.index(stop)] + "\n"


def test_generate_unknown_provider_warns_and_runs_on_cpu(bundle):
    result = _run(["generate", "--bundle", bundle, "--ep", "cuda", "--max-new-tokens", "2", "hi"])
    assert result.exit_code == 0
    assert "warning: execution provider 'cuda'" in result.stderr and "running on CPU" in result.stderr


def test_generate_without_a_bundle_is_one_clear_line():
    result = CliRunner().invoke(main, ["generate", "hi"])
    assert result.exit_code == 1
    assert "bundle build-default" in result.stderr and "Traceback" not in result.output


def test_chat_keeps_history_and_exits(bundle):
    model = OnnxChatModel.load(bundle, ep="cpu", threads=1)

    def reply(messages):  # sampled: a random model's greedy output ignores its input
        params = GenerationParams(max_new_tokens=8, sampling=SamplingParams(temperature=1.0, seed=3))
        return model.generate_ids(model.encode_chat(messages), params).text

    history = [{"role": "user", "content": "first question"}]
    first = reply(history)
    history += [{"role": "assistant", "content": first}, {"role": "user", "content": "second one"}]
    second = reply(history)
    assert second != reply(history[-1:])  # the history changes the answer, so the check below means something
    result = _run(["chat", "--bundle", bundle, "--max-new-tokens", "8", "--temperature", "1", "--seed", "3"],
                  input="first question\n\nsecond one\n/exit\nnever asked\n")
    assert result.exit_code == 0
    assert result.stdout == f"{first}\n{second}\n"


def test_console_script_help_lists_generate_and_chat():
    out = subprocess.run([sys.executable, "-m", "terminus_edge", "generate", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "--max-new-tokens" in out.stdout and "--stop" in out.stdout


@pytest.mark.parametrize("command", ["generate", "chat"])
def test_corrupt_bundle_is_refused_with_the_file_named(tiny_bundle, tmp_path, command):
    import shutil

    bundle = tmp_path / "copy"
    shutil.copytree(tiny_bundle(), bundle)
    data = next(p for p in sorted(bundle.iterdir()) if p.name.endswith(".onnx.data"))
    blob = bytearray(data.read_bytes())
    blob[len(blob) // 2] ^= 1
    data.write_bytes(bytes(blob))
    result = CliRunner().invoke(main, [command, "--bundle", str(bundle), "--max-new-tokens", "2",
                                        *(["hi"] if command == "generate" else [])], input="hi\n")
    assert result.exit_code == 1, result.output
    assert f"{data.name} does not match its manifest" in result.stderr and "Traceback" not in result.output
