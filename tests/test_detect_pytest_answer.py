"""The planner asks a child interpreter whether pytest imports; that answer is reused for a minute, not re-asked per plan."""
import subprocess

from terminus_edge.subagent import detect


def test_the_pytest_answer_is_asked_once_a_minute_per_interpreter(monkeypatch):
    calls = []

    def fake_run(argv, **kwargs):
        calls.append(argv[0])
        return subprocess.CompletedProcess(argv, 0 if argv[0] == "py-with" else 1)

    clock = [1000.0]
    monkeypatch.setattr(detect, "_pytest_answers", {})
    monkeypatch.setattr(detect.subprocess, "run", fake_run)
    monkeypatch.setattr(detect.time, "monotonic", lambda: clock[0])
    assert detect._has_pytest("py-with") and detect._has_pytest("py-with")
    assert not detect._has_pytest("py-without") and not detect._has_pytest("py-without")
    assert calls == ["py-with", "py-without"]
    clock[0] += detect.PYTEST_ANSWER_TTL_S + 1  # pytest installed (or removed) meanwhile is seen after the minute
    detect._has_pytest("py-with")
    assert calls == ["py-with", "py-without", "py-with"]


def test_an_interpreter_that_cannot_start_is_no_pytest(monkeypatch):
    monkeypatch.setattr(detect, "_pytest_answers", {})
    assert detect._has_pytest("/nonexistent/python") is False
