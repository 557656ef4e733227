"""A first user's pass over the command line (session 9): what it got wrong, held fixed.

Each test drives the CLI (click's runner) the way the README tells a new user to, on a fresh TERMINUS_EDGE_HOME.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main

CORPUS_CASE = {"command.txt": "make\n", "output.txt": "error: foo failed\n",
               "meta.json": json.dumps({"id": "make-error", "exit_code": 2, "forbidden": [],
                                        "facts": [{"id": "foo", "what": "foo failed", "any_of": ["foo failed"]}]})}


@pytest.fixture(autouse=True)
def fresh_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TERMINUS_EDGE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _corpus(tmp_path: Path) -> Path:
    case = tmp_path / "corpus" / "make-error"
    case.mkdir(parents=True)
    for name, text in CORPUS_CASE.items():
        (case / name).write_text(text)
    return case.parent


@pytest.mark.parametrize("command", [["bench", "fidelity", "--corpus", "{corpus}", "--no-model"],
                                     ["bench", "tasks", "--tasks", "{corpus}", "--no-model"]])
def test_bench_out_in_a_missing_folder_is_refused_before_any_work(tmp_path, command):
    """It used to run every case, then die with a FileNotFoundError traceback when writing the results."""
    corpus = _corpus(tmp_path)
    args = [part.replace("{corpus}", str(corpus)) for part in command] + ["--out", str(tmp_path / "no" / "such" / "x.jsonl")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "the folder" in result.output and "does not exist" in result.output
    assert isinstance(result.exception, SystemExit)  # click's usage error, not a FileNotFoundError


def test_bench_fidelity_out_relative_to_the_working_folder(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["bench", "fidelity", "--corpus", str(corpus), "--no-model", "--out", "rows.jsonl"])
    assert result.exit_code == 0, result.output
    row = json.loads((tmp_path / "rows.jsonl").read_text().splitlines()[0])
    assert row["id"] == "make-error" and "foo failed" in row["summary"]
    assert "make-error" in result.output and "mean_recall=1.000" in result.output


def test_bench_plot_in_a_missing_folder_is_refused_before_measuring(tmp_path):
    result = CliRunner().invoke(main, ["bench", "latency", "--bundle", str(tmp_path), "--plot", str(tmp_path / "no" / "p.png")])
    assert result.exit_code == 2 and "--plot" in result.output and "does not exist" in result.output


def _fake_builds(monkeypatch, gpu: bool) -> None:
    """Each peer's own way of saying whether it has a GPU path, answering `gpu`."""
    import sys
    import types

    fakes = {"llama_cpp": types.SimpleNamespace(llama_supports_gpu_offload=lambda: gpu),
             "onnxruntime": types.SimpleNamespace(get_available_providers=lambda: ["CUDAExecutionProvider"] * gpu
                                                  + ["CPUExecutionProvider"]),
             "onnxruntime_genai": types.SimpleNamespace(is_cuda_available=lambda: gpu),
             "torch": types.SimpleNamespace(cuda=types.SimpleNamespace(is_available=lambda: gpu))}
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)


@pytest.mark.parametrize("engine", ["llama.cpp", "optimum", "onnxruntime-genai", "transformers"])
def test_compare_peer_without_a_gpu_build_is_not_available_on_cuda(monkeypatch, engine):
    """`bench compare --ep cuda` on a CPU box ran llama.cpp and optimum on the CPU under an 'ep cuda' label (and
    transformers / onnxruntime-genai rows said 'error: AssertionError: Torch not compiled with CUDA enabled')."""
    from terminus_edge.benchmarks import compare, peers
    from terminus_edge.benchmarks.records import NOT_AVAILABLE

    monkeypatch.setattr(compare, "installed", lambda name: True)
    _fake_builds(monkeypatch, gpu=False)
    hint = peers.cuda_unavailable(engine)
    assert hint and hint.startswith("to enable: an NVIDIA GPU")
    specs, missing = compare.compare_specs("m.gguf", None, [], [engine], [2], "m", ep="cuda")
    assert specs == [] and missing == [(engine, NOT_AVAILABLE, hint)]
    _fake_builds(monkeypatch, gpu=True)
    assert peers.cuda_unavailable(engine) is None


def test_compare_on_cpu_does_not_ask_for_a_gpu(monkeypatch):
    from terminus_edge.benchmarks import compare

    monkeypatch.setattr(compare, "installed", lambda name: True)
    monkeypatch.setattr(compare, "cuda_unavailable", lambda name: pytest.fail("asked about CUDA for a cpu run"))
    monkeypatch.setattr(compare, "gguf_file_type", lambda path: "Q4_1")
    specs, missing = compare.compare_specs("m.gguf", None, [], ["llama.cpp"], [2], "m", ep="cpu")
    assert [(s.engine, s.ep) for s in specs] == [("llama.cpp", "cpu")] and missing == []


def test_subagent_budget_too_small_to_run_anything_says_so(tmp_path):
    """`subagent --budget-s 3 'run \\`sleep 5\\`'` answered "nothing in the request or the project said what to run"."""
    result = CliRunner().invoke(main, ["subagent", "--no-model", "--cwd", str(tmp_path), "--budget-s", "2", "--json",
                                       "run `echo hi`"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["commands"] == []
    assert answer["answer"].startswith("No command was run: the 2 s budget ran out before one could start")
    assert "nothing in the request" not in answer["answer"]


def test_subagent_timeout_cut_by_the_budget_is_said_in_round_seconds(tmp_path):
    """The command's limit is what was left of the budget: it was said as 'within 2.97302 s'."""
    from terminus_edge.subagent.loop import execution_subagent

    result = execution_subagent("run `sleep 30`", cwd=tmp_path, budget_s=4.5)
    [record] = result.records
    assert record.timed_out and record.timeout_s == round(record.timeout_s, 1)
    assert f"did not finish within {record.timeout_s:g} s" in result.answer


def _bundle_with_target(tmp_path: Path, target: str | None) -> Path:
    from terminus_edge.runtime.manifest import MANIFEST_NAME

    bundle = tmp_path / "home" / "cache" / "bundles" / f"b-{target}"
    bundle.mkdir(parents=True)
    manifest = {"format_version": 1, "name": bundle.name, "precision": "int4", "backend": "streaming", "files": {},
                "architecture": {"model_type": "qwen3", "num_layers": 2}}
    if target:
        manifest["target"] = target
    (bundle / MANIFEST_NAME).write_text(json.dumps(manifest))
    return bundle


def test_bundle_list_and_info_say_a_cuda_bundle(tmp_path):
    """A `export --target cuda` bundle looked like any cpu bundle in `bundle list` and `bundle info`."""
    cuda, cpu = _bundle_with_target(tmp_path, "cuda"), _bundle_with_target(tmp_path, None)
    listing = CliRunner().invoke(main, ["bundle", "list"])
    assert listing.exit_code == 0, listing.output
    rows = {line.split()[0]: line for line in listing.output.splitlines()[1:]}
    assert "int4 (cuda)" in rows[cuda.name] and "(cuda)" not in rows[cpu.name]
    info = CliRunner().invoke(main, ["bundle", "info", str(cuda)])
    assert info.exit_code == 0, info.output
    assert "target      cuda (float16 activations and KV cache" in info.output
    assert "target      cpu" in CliRunner().invoke(main, ["bundle", "info", str(cpu)]).output


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_logs_list_limit_below_one_is_refused(limit):
    """`logs list -n 0` said "no logs yet" over a store holding logs; -n -3 listed them all."""
    result = CliRunner().invoke(main, ["logs", "list", "-n", limit])
    assert result.exit_code == 2 and "x>=1" in result.output


def test_run_timeout_that_is_not_a_number_reads_as_english():
    result = CliRunner().invoke(main, ["run", "--timeout", "abc", "--", "true"])
    assert result.exit_code == 2 and "'abc' is not a number of seconds" in result.output


def test_agent_empty_task_is_refused_before_the_endpoint_is_called(monkeypatch):
    from terminus_edge.integrations import openai_client

    monkeypatch.setattr(openai_client.ChatClient, "__init__", lambda *a, **k: pytest.fail("endpoint contacted"))
    result = CliRunner().invoke(main, ["agent", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "  "])
    assert result.exit_code == 1 and "the task is empty" in result.output


def test_agent_bad_url_is_said_before_the_approval_warning():
    result = CliRunner().invoke(main, ["agent", "--endpoint", "notaurl", "--model", "m", "run the tests"])
    assert result.exit_code == 1 and "endpoint must be an http(s) URL" in result.output
    assert "every command will be refused" not in result.output


def test_bench_machine_block_names_python_m_not_main_py():
    from terminus_edge.benchmarks.machine import command_line

    line = command_line(["/work/main/terminus_edge/__main__.py", "bench", "latency", "-p", "a b"])
    assert line == "python -m terminus_edge bench latency -p 'a b'"


@pytest.mark.parametrize("args", [["subagent", "--no-model", "run `echo hi`"], ["mcp", "--no-model"],
                                  ["agent", "--endpoint", "http://127.0.0.1:9/v1", "--model", "m", "--approve", "never", "x"]])
def test_commands_started_in_a_deleted_folder_say_so_in_one_line(tmp_path, monkeypatch, args):
    """They died with a FileNotFoundError traceback from os.getcwd()."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code == 1, result.output
    assert "the current directory no longer exists" in result.output
    assert not isinstance(result.exception, FileNotFoundError)


@pytest.mark.parametrize("sub", ["install", "status", "uninstall"])
def test_hooks_two_scopes_are_a_usage_error(tmp_path, monkeypatch, sub):
    """`hooks install claude-code --project --local` wrote only the local file, saying nothing of --project."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["hooks", sub, "claude-code", "--project", "--local"])
    assert result.exit_code == 2 and "give one of --user, --project, --local (got --project, --local)" in result.output
    assert not (tmp_path / ".claude").exists()


def test_hooks_one_scope_still_picks_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home-dir"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["hooks", "install", "claude-code", "--local"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".claude" / "settings.local.json").is_file() and not (tmp_path / "home-dir" / ".claude").exists()
    status = CliRunner().invoke(main, ["hooks", "status", "claude-code"])  # --user, the default
    assert status.exit_code == 0 and "not installed" in status.output


def _stored(command: str) -> int:
    result = CliRunner().invoke(main, ["run", "--no-model", "--json", "--", command])
    return json.loads(result.output)["id"]


def test_logs_show_of_binary_output_says_what_it_is_not_a_wall_of_escapes():
    log_id = _stored("""python3 -c "import sys; sys.stdout.buffer.write(b'\\\\x7fELF' + bytes(range(256)) * 12)" """)
    result = CliRunner().invoke(main, ["logs", "show", str(log_id)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (f"# binary output (probably an ELF executable or library): "
                                              f"`terminus-edge logs show {log_id} --raw > FILE` writes its bytes")
    assert "^@" not in result.output
    raw = CliRunner().invoke(main, ["logs", "show", str(log_id), "--raw"])
    assert raw.stdout_bytes.startswith(b"\x7fELF\x00\x01\x02")
    asked = CliRunner().invoke(main, ["logs", "show", str(log_id), "--lines", "1"])  # asked for lines: gets them
    assert "     1: ^?ELF^@^A^B" in asked.output


def test_logs_show_of_text_output_is_unchanged():
    log_id = _stored("printf 'one\\ntwo\\n'")
    result = CliRunner().invoke(main, ["logs", "show", str(log_id)])
    assert result.output.splitlines()[-2:] == ["     1: one", "     2: two"]


def test_agent_live_view_names_a_malformed_tool_call_before_its_error():
    """`agent` printed 'Error: arguments are not valid JSON' with no '→ read_log …' line above it."""
    from terminus_edge.integrations.bridge import Bridge

    events = []
    bridge = Bridge(client=None, toolkit=None, on_event=lambda kind, text: events.append((kind, text)))
    text, _ = bridge._serve({"id": "c2", "type": "function", "function": {"name": "read_log", "arguments": "{not json"}})
    assert text.startswith("Error: arguments are not valid JSON")
    assert events == [("tool", "read_log {not json"), ("result", text)]


def test_model_too_slow_note_shows_the_difference():
    """`run --model-deadline 0.1` said "model too slow (0.1 s > 0.1 s deadline)"."""
    import time

    from terminus_edge.summarize.gist import GistError, ask_gist

    class Slow:
        def chat(self, messages, max_new_tokens=64, stop=(), deadline_s=None):
            time.sleep(0.2)
            return "The tests failed."

    with pytest.raises(GistError) as raised:
        ask_gist(Slow(), "pytest", "exit code 1", deadline_s=0.1)
    elapsed = float(str(raised.value).split("(")[1].split(" s")[0])
    assert elapsed >= 0.2 and str(raised.value).endswith(" s > 0.1 s deadline)")
