"""The toolkit behind the MCP server and the bridge: lazy single model load, locked model, read_log ranges."""

from __future__ import annotations

import threading

import pytest

from terminus_edge.integrations import toolkit as toolkit_module
from terminus_edge.integrations.toolkit import Toolkit, ToolInputError, _parse_range
from terminus_edge.logstore import LogStore
from terminus_edge.model import FakeModel


def test_the_model_loads_once_on_first_use_even_under_concurrent_calls(tmp_path, monkeypatch):
    loads = []

    def fake_load(bundle):
        loads.append(bundle)
        return FakeModel(lambda messages: "Tests ran.")

    monkeypatch.setattr("terminus_edge.model.load_model", fake_load)
    kit = Toolkit(cwd=tmp_path, bundle="/some/bundle")
    assert loads == []  # nothing loaded at start
    models = []
    threads = [threading.Thread(target=lambda: models.append(kit.model())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["/some/bundle"] and len({id(m) for m in models}) == 1


def test_a_model_that_cannot_load_means_deterministic_summaries(tmp_path, monkeypatch, capsys):
    def broken(bundle):
        raise RuntimeError("bundle is corrupt")

    monkeypatch.setattr("terminus_edge.model.load_model", broken)
    kit = Toolkit(cwd=tmp_path)
    model = kit.model()
    assert model is kit.model() and model.reason == "the bundle could not be loaded (bundle is corrupt)"
    assert capsys.readouterr().err.count("model not loaded (bundle is corrupt)") == 1
    answer = kit.run_in_terminal("echo hi; exit 4")
    assert "Command:" in answer.text and "4" in answer.text


def test_concurrent_chats_reach_the_model_one_at_a_time(tmp_path):
    inside, overlaps = [0], []
    lock = threading.Lock()

    def reply(messages):
        with lock:
            inside[0] += 1
            overlaps.append(inside[0])
        threading.Event().wait(0.02)
        with lock:
            inside[0] -= 1
        return "ok"

    kit = Toolkit(cwd=tmp_path, model=FakeModel(reply))
    threads = [threading.Thread(target=kit.model().chat, args=([{"role": "user", "content": "x"}],)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps and max(overlaps) == 1


@pytest.mark.parametrize("text,expected", [(None, (1, 0, 0)), ("5-9", (5, 9, 0)), ("5-", (5, 0, 0)),
                                           (" 3 - 3 ", (3, 3, 0)), ("-20", (1, 0, 20)),
                                           ("-99999", (1, 0, toolkit_module.MAX_LINES))])
def test_line_ranges(text, expected):
    assert _parse_range(text) == expected


@pytest.mark.parametrize("text", ["0-3", "9-3", "abc", "1-2-3", "-0", "1,5"])
def test_bad_line_ranges(text):
    with pytest.raises(ToolInputError):
        _parse_range(text)


def test_read_log_caps_long_answers_and_says_so(tmp_path):
    with LogStore() as store:
        log_id = store.add("seq 1 1000", "".join(f"{i}\n" for i in range(1, 1001)).encode(), exit_code=0)
    kit = Toolkit(cwd=tmp_path, use_model=False)
    answer = kit.read_log(log_id).text.splitlines()
    assert "1000 lines" in answer[0] and f"showing {toolkit_module.MAX_LINES}" in answer[0]
    assert answer[1] == "1: 1" and len(answer) == toolkit_module.MAX_LINES + 1
    assert kit.read_log(log_id, "999-").text.splitlines()[1:] == ["999: 999", "1000: 1000"]


def test_read_log_of_the_last_lines_says_so_without_asking_to_narrow(tmp_path):
    with LogStore() as store:
        log_id = store.add("seq 1 1000", "".join(f"{i}\n" for i in range(1, 1001)).encode(), exit_code=0)
    answer = Toolkit(cwd=tmp_path, use_model=False).read_log(log_id, "-2").text.splitlines()
    assert answer[0].endswith("1000 lines; showing the last 2") and answer[1:] == ["999: 999", "1000: 1000"]
