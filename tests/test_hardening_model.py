"""A model that is missing, corrupt, crashes, runs out of memory or hangs never costs the summary:
`run`, `summarize`, `subagent` and MCP `run_in_terminal` answer with the deterministic summary and a
note, keep the exit code, and print no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.errors import BundleError
from terminus_edge.model import DeadlineGuard, FakeModel, ModelHung, check_bundle_integrity
from terminus_edge.runtime import manifest as manifest_mod
from terminus_edge.runtime.manifest import write_manifest

TE = [sys.executable, "-m", "terminus_edge"]
RELEASE = threading.Event()  # lets the hanging fake model's threads end when the module's tests are done


@pytest.fixture(scope="module", autouse=True)
def _release_hung_threads():
    yield
    RELEASE.set()


def _oom(messages):
    raise MemoryError("cannot allocate 2147483648 bytes")


def _crash(messages):
    raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code")


def _hang(messages):
    RELEASE.wait(120)  # ignores its deadline, like a wedged session
    return "too late"


FAILURES = {"oom": (_oom, "MemoryError"), "crash": (_crash, "RuntimeError"), "hang": (_hang, "deadline")}


@pytest.fixture
def fake_bundle(tmp_path, monkeypatch):
    """A bundle directory with a valid manifest whose 'model' is the FakeModel the test installs."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "model.onnx").write_bytes(b"graph")
    (bundle / "model.onnx.data").write_bytes(bytes(range(256)) * 64)
    write_manifest(bundle, {"name": "fake-bundle"})
    from terminus_edge.runtime.chat_model import OnnxChatModel

    installed = {}

    def install(replies):
        installed["model"] = FakeModel(replies=replies)
        monkeypatch.setattr(OnnxChatModel, "load", classmethod(lambda cls, *a, **k: installed["model"]))
        return bundle

    return install


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_run_falls_back_keeps_exit_code(fake_bundle, tmp_path, monkeypatch, failure):
    replies, said = FAILURES[failure]
    bundle = fake_bundle(replies)
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["run", "--bundle", str(bundle), "--model-deadline", "0.5", "--",
                                       "for i in $(seq 1 40); do echo \"compiling module_$i.c\"; done; "
                                       "echo 'error: disk quota exceeded'; exit 3"])
    assert time.monotonic() - started < 15
    assert result.exit_code == 3, result.output
    _no_traceback(result.output)
    assert "disk quota exceeded" in result.stdout and "Log: 1" in result.stdout
    assert "deterministic summary" in result.output and said in result.output


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_summarize_falls_back(fake_bundle, failure):
    replies, said = FAILURES[failure]
    bundle = fake_bundle(replies)
    result = CliRunner().invoke(main, ["summarize", "--bundle", str(bundle), "--model-deadline", "0.5", "--command",
                                       "make", "--exit-code", "2"],
                                input="".join(f"cc -c src/unit_{i}.c -o build/unit_{i}.o\n" for i in range(40))
                                + "a.c:3: error: expected ';'\n")
    assert result.exit_code == 0, result.output
    _no_traceback(result.output)
    assert "expected ';'" in result.stdout and "deterministic summary" in result.output and said in result.output


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_subagent_falls_back(fake_bundle, tmp_path, failure):
    replies, said = FAILURES[failure]
    bundle = fake_bundle(replies)
    result = CliRunner().invoke(main, ["subagent", "--bundle", str(bundle), "--cwd", str(tmp_path), "--budget-s", "8",
                                       "run `sh -c 'seq 1 80; echo error: no such table users; exit 5'`"])
    assert result.exit_code == 0, result.output
    _no_traceback(result.output)
    assert "no such table users" in result.stdout and "5" in result.stdout
    assert "deterministic summary" in result.stdout


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_mcp_run_in_terminal_falls_back(fake_bundle, tmp_path, failure):
    from terminus_edge.integrations.toolkit import Toolkit

    replies, said = FAILURES[failure]
    toolkit = Toolkit(cwd=tmp_path, bundle=str(fake_bundle(replies)), gist_deadline_s=0.5)
    answer = toolkit.run_in_terminal("for i in $(seq 1 40); do echo \"test_case_$i PASSED\"; done; "
                                     "echo 'FAILED test_login - KeyError: user'; exit 4")
    assert "exit code 4" in answer.text and "KeyError" in answer.text
    assert "deterministic summary" in answer.text and said in answer.text


def test_mcp_answers_say_when_the_bundle_could_not_load(tmp_path, capsys):
    """The client of the MCP server sees no stderr: each summary that would have asked the model says why it did not,
    and the subagent still answers by its rules."""
    from terminus_edge.integrations.toolkit import Toolkit

    toolkit = Toolkit(cwd=tmp_path, bundle=str(tmp_path / "no-such-bundle"))
    noisy = "for i in $(seq 1 40); do echo \"test_case_$i PASSED\"; done; echo 'FAILED test_login - KeyError: user'; exit 4"
    answer = toolkit.run_in_terminal(noisy)
    assert "exit code 4" in answer.text and "KeyError" in answer.text
    assert "model unavailable: the bundle could not be loaded (bundle not found" in answer.text
    assert "deterministic summary" in answer.text
    subagent = toolkit.execution_subagent(f"Run `{noisy}` and say what failed.")
    assert "KeyError" in subagent.text and "model unavailable" in subagent.text
    assert capsys.readouterr().err.count("model not loaded") == 1  # said once on stderr, not per call


def test_deadline_guard_gives_up_once_then_fails_fast():
    guard = DeadlineGuard(FakeModel(replies=_hang), grace_s=0.2)
    started = time.monotonic()
    with pytest.raises(ModelHung):
        guard.chat([{"role": "user", "content": "hi"}], deadline_s=0.2)
    assert time.monotonic() - started < 2
    started = time.monotonic()
    with pytest.raises(ModelHung):
        guard.chat([{"role": "user", "content": "hi"}], deadline_s=5)
    assert time.monotonic() - started < 0.5
    assert guard.name == "fake"  # everything else comes from the model


def test_missing_bundle_is_one_clear_line(tmp_path):
    missing = tmp_path / "no-such-bundle"
    proc = subprocess.run([*TE, "run", "--bundle", str(missing), "--", "echo hi; exit 7"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 7
    _no_traceback(proc.stderr)
    notes = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and "bundle not found" in notes[0] and "deterministic summary" in notes[0]
    assert proc.stdout.startswith("Command: echo hi; exit 7")


def test_integrity_check_hashes_once_then_trusts_size_and_mtime(fake_bundle, monkeypatch):
    bundle = fake_bundle(lambda m: "ok")
    calls = []
    real = manifest_mod.sha256_file
    monkeypatch.setattr(manifest_mod, "sha256_file", lambda path: calls.append(path) or real(path))
    check_bundle_integrity(bundle)
    assert len(calls) == 2
    check_bundle_integrity(bundle)
    assert len(calls) == 2  # cached by (size, mtime)
    data = bundle / "model.onnx.data"
    raw = bytearray(data.read_bytes())
    raw[1000] ^= 0x01
    data.write_bytes(bytes(raw))
    with pytest.raises(BundleError, match=r"corrupt: model\.onnx\.data"):
        check_bundle_integrity(bundle)


def test_corrupt_real_bundle_falls_back_with_a_note(tiny_bundle, tmp_path):
    good = tmp_path / "good"
    shutil.copytree(tiny_bundle("qwen3", "int4"), good)
    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    data = bad / "model.onnx.data"
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data.write_bytes(bytes(raw))

    text = "".join(f"step {i}: migrating table_{i}\n" for i in range(40)) + "ERROR: connection refused on port 5432\n"
    for bundle, corrupt in ((bad, True), (good, False)):
        proc = subprocess.run([*TE, "summarize", "--bundle", str(bundle), "--command", "psql", "--exit-code", "2"],
                              input=text, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        _no_traceback(proc.stderr)
        assert "connection refused" in proc.stdout
        if corrupt:
            assert "corrupt" in proc.stderr and "model.onnx.data" in proc.stderr
            assert "deterministic summary" in proc.stderr
        else:
            assert "corrupt" not in proc.stderr and "failed to load" not in proc.stderr


def test_chat_result_is_guarded_too():
    from terminus_edge.model import guard_deadline

    class ResultModel(FakeModel):
        def chat_result(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None):
            RELEASE.wait(120)

    plain = guard_deadline(FakeModel(replies=["ok"]))
    assert getattr(type(plain), "chat_result", None) is None and plain.chat([], deadline_s=1) == "ok"
    guarded = guard_deadline(ResultModel(), grace_s=0.2)
    started = time.monotonic()
    with pytest.raises(ModelHung):
        guarded.chat_result([{"role": "user", "content": "hi"}], deadline_s=0.2)
    assert time.monotonic() - started < 2
