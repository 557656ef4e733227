"""A cancel reaches a running model call: the runtime's generation loop (tiny bundle), FakeModel, the guards
around a model, the gist (deterministic summary, said so) and the subagent's planning turn."""

from __future__ import annotations

import json
import threading
import time

import pytest

from terminus_edge.integrations.runner import run_and_summarize
from terminus_edge.integrations.toolkit import Toolkit, _OneAtATime
from terminus_edge.logstore import LogStore
from terminus_edge.model import CancelGuard, FakeModel, ModelCancelled, guard_deadline, with_cancel
from terminus_edge.subagent.loop import execution_subagent

PROMPT = [{"role": "user", "content": "the quick brown fox jumps over the lazy dog"}]
WORDS = " ".join(f"word{i}" for i in range(200))  # 200 steps of a slow FakeModel: far longer than any test waits


def cancel_after(seconds: float) -> tuple[threading.Event, list[float]]:
    """An event set by a timer after `seconds`; the list receives the moment it was set (perf_counter)."""
    cancel, when = threading.Event(), []

    def fire() -> None:
        when.append(time.perf_counter())
        cancel.set()

    threading.Timer(seconds, fire).start()
    return cancel, when


# -- the runtime's generation loop (tiny random-weight bundle) ---------------------------------------------------

@pytest.fixture
def tiny_model(tiny_bundle):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    model = OnnxChatModel.load(tiny_bundle("qwen3", "int4", "builder"), ep="cpu", threads=1)
    model.generator.eos_token_ids = set()  # random weights: never end by themselves
    return model


def slow_steps(monkeypatch, model, step_s: float) -> None:
    decoder = model.generator.decoder
    real_forward = decoder.forward

    def slow_forward(*args, **kwargs):
        time.sleep(step_s)
        return real_forward(*args, **kwargs)

    monkeypatch.setattr(decoder, "forward", slow_forward)


def test_a_set_cancel_stops_generation_before_the_prompt_pass(tiny_model):
    from terminus_edge.runtime.generate import GenerationParams

    cancel = threading.Event()
    cancel.set()
    result = tiny_model.generate_ids(tiny_model.encode_chat(PROMPT), GenerationParams(max_new_tokens=50, cancel=cancel))
    assert result.stop_reason == "cancelled" and result.token_ids == [] and result.text == ""


def test_a_cancel_between_decode_steps_returns_within_one_step_with_the_text_so_far(tiny_model, monkeypatch):
    from terminus_edge.runtime.generate import GenerationParams

    step_s = 0.05
    slow_steps(monkeypatch, tiny_model, step_s)
    cancel, when = cancel_after(0.3)
    deltas = []
    result = tiny_model.generate_ids(tiny_model.encode_chat(PROMPT),
                                     GenerationParams(max_new_tokens=400, cancel=cancel), on_text=deltas.append)
    latency = time.perf_counter() - when[0]
    assert result.stop_reason == "cancelled" and 2 <= len(result.token_ids) <= 8
    assert "".join(deltas) == result.text
    assert latency < step_s + 0.1, latency  # the step under way ends, no further one starts
    # the kept cache stays usable: the next call decodes as usual
    assert len(tiny_model.generate_ids(tiny_model.encode_chat(PROMPT), GenerationParams(max_new_tokens=3)).token_ids) == 3


def test_a_cancel_during_the_prompt_pass_aborts_it(tiny_model, monkeypatch):
    """The watcher sets RunOptions.terminate when the cancel comes; onnxruntime then stops the pass (a real
    terminated run is tested in test_runtime: test_a_terminated_run_leaves_the_cache_as_it_was)."""
    from terminus_edge.runtime.generate import GenerationParams

    decoder = tiny_model.generator.decoder
    real_forward = decoder.forward
    seen = []

    def long_prompt_pass(ids, cache, run_options=None):
        if len(ids) > 1:  # the prompt: a pass that would take 30 s, unless terminated
            seen.append(run_options)
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 30:
                if run_options is not None and run_options.terminate:
                    raise RuntimeError("Exiting due to terminate flag being set to true.")
                time.sleep(0.001)
        return real_forward(ids, cache, run_options)

    monkeypatch.setattr(decoder, "forward", long_prompt_pass)
    cancel, when = cancel_after(0.2)
    result = tiny_model.generate_ids(tiny_model.encode_chat(PROMPT), GenerationParams(max_new_tokens=20, cancel=cancel))
    latency = time.perf_counter() - when[0]
    assert seen and seen[0] is not None
    assert result.stop_reason == "cancelled" and result.token_ids == []
    assert latency < 0.15, latency


def test_the_deadline_still_aborts_a_prompt_pass_when_a_cancel_is_given(tiny_model, monkeypatch):
    from terminus_edge.runtime.generate import GenerationParams

    decoder = tiny_model.generator.decoder

    def endless(ids, cache, run_options=None):
        while not run_options.terminate:
            time.sleep(0.001)
        raise RuntimeError("terminated")

    monkeypatch.setattr(decoder, "forward", endless)
    t0 = time.perf_counter()
    result = tiny_model.generate_ids([5, 6, 7], GenerationParams(max_new_tokens=5, deadline_s=0.15,
                                                                 cancel=threading.Event()))
    assert result.stop_reason == "deadline" and 0.14 < time.perf_counter() - t0 < 0.5


def test_chat_through_the_deadline_guard_passes_the_cancel_on(tiny_model, monkeypatch):
    slow_steps(monkeypatch, tiny_model, 0.05)
    guarded = guard_deadline(tiny_model)
    cancel, when = cancel_after(0.25)
    reply = guarded.chat(PROMPT, max_new_tokens=400, deadline_s=30, cancel=cancel)
    assert time.perf_counter() - when[0] < 0.2
    assert tiny_model.last_stats.stop_reason == "cancelled" and 0 < tiny_model.last_stats.new_tokens < 12
    assert isinstance(reply, str)
    assert guarded.chat_result(PROMPT, max_new_tokens=3, deadline_s=30).stop_reason == "max_new_tokens"


def test_a_call_waiting_for_the_models_lock_gives_up_on_cancel(tiny_model, monkeypatch):
    from terminus_edge.runtime.generate import GenerationParams

    slow_steps(monkeypatch, tiny_model, 0.05)
    busy = threading.Thread(target=tiny_model.chat, args=(PROMPT,), kwargs={"max_new_tokens": 12})
    busy.start()
    time.sleep(0.1)
    cancel, when = cancel_after(0.1)
    result = tiny_model.generate_ids([5, 6, 7], GenerationParams(max_new_tokens=5, cancel=cancel))
    assert result.stop_reason == "cancelled" and time.perf_counter() - when[0] < 0.15
    assert busy.is_alive()  # it was still generating: the cancelled call did not wait for it
    busy.join()


# -- FakeModel and the guards --------------------------------------------------------------------------------------

def test_fake_model_takes_time_per_word_and_stops_on_cancel():
    model = FakeModel([WORDS], token_delay_s=0.02)
    cancel, when = cancel_after(0.2)
    reply = model.chat(PROMPT, cancel=cancel)
    latency = time.perf_counter() - when[0]
    assert model.stop_reasons == ["cancelled"] and reply == WORDS[:len(reply)] and 3 < len(reply.split()) < 20
    assert latency < 0.02 + 0.08, latency


def test_fake_model_prefill_is_cut_short_by_a_cancel():
    model = FakeModel(["never said"], prefill_s=10)
    cancel, when = cancel_after(0.1)
    assert model.chat(PROMPT, cancel=cancel) == "" and model.stop_reasons == ["cancelled"]
    assert time.perf_counter() - when[0] < 0.1


def test_fake_model_keeps_its_old_behaviour_without_delays():
    model = FakeModel(["one. two"])
    assert model.chat(PROMPT, stop=(". ",), cancel=threading.Event()) == "one" and model.stop_reasons == ["stop"]


def test_cancel_guard_raises_instead_of_returning_a_cut_reply():
    model = FakeModel([WORDS, "fine"], token_delay_s=0.02)
    cancel, _ = cancel_after(0.15)
    guarded = with_cancel(model, cancel)
    assert isinstance(guarded, CancelGuard) and guarded.name == "fake"
    with pytest.raises(ModelCancelled, match=r"cancelled after 0\.\d\d s of generation"):
        guarded.chat(PROMPT)
    with pytest.raises(ModelCancelled, match="before the model was asked"):
        guarded.chat(PROMPT)
    assert len(model.calls) == 1
    assert with_cancel(model, None) is model and with_cancel(None, cancel) is None


def test_a_model_without_a_cancel_parameter_is_still_called():
    class OldModel:
        name = "old"

        def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None):
            return "reply"

    cancel = threading.Event()
    assert with_cancel(OldModel(), cancel).chat(PROMPT) == "reply"
    assert guard_deadline(OldModel()).chat(PROMPT, deadline_s=5, cancel=cancel) == "reply"


def test_a_call_waiting_for_the_toolkits_model_lock_gives_up_on_cancel():
    shared = _OneAtATime(FakeModel([" ".join(WORDS.split()[:30]), "second"], token_delay_s=0.02))
    busy = threading.Thread(target=shared.chat, args=(PROMPT,), kwargs={"cancel": threading.Event()})
    busy.start()
    time.sleep(0.05)
    cancel, when = cancel_after(0.1)
    with pytest.raises(ModelCancelled, match="another request"):
        shared.chat(PROMPT, cancel=cancel)
    assert time.perf_counter() - when[0] < 0.1 and busy.is_alive()
    busy.join()


# -- callers: the gist, the subagent -------------------------------------------------------------------------------

def test_a_cancel_during_the_gist_falls_back_to_the_deterministic_summary_and_says_so(tmp_path):
    model = FakeModel(lambda messages: WORDS, token_delay_s=0.02)
    command = "for i in $(seq 1 60); do echo test_$i passed; done; echo 'FAILED test_x - assert 1 == 2'; exit 1"
    cancel = threading.Event()
    with LogStore(tmp_path / "logs.sqlite3") as store:
        # the command ends by itself; the cancel comes while the gist is generated
        starter = threading.Thread(target=lambda: (time.sleep(0.6), cancel.set()))
        starter.start()
        t0 = time.perf_counter()
        text, log_id, _ = run_and_summarize(command, cwd=str(tmp_path), timeout_s=30, store=store, model=model,
                                            deadline_s=30, cancel=cancel)
        elapsed = time.perf_counter() - t0
        record = store.get(log_id)
    starter.join()
    assert model.stop_reasons == ["cancelled"], "the gist was under way when the cancel came"
    assert elapsed < 0.6 + 0.02 + 0.5, elapsed
    assert "exit code 1" in text and "FAILED test_x" in text
    assert "cancelled after" in text and "deterministic summary" in text
    assert "word1" not in text  # none of the cut reply is used
    assert record.exit_code == 1 and not json.loads(record.facts_json).get("cancelled")


def planning_model(token_delay_s: float) -> FakeModel:
    call = ('<tool_call>\n{"name": "run_in_terminal", "arguments": {"command": "echo hi", "explanation": "x", '
            '"goal": "y", "timeout": 5000}}\n</tool_call>')
    return FakeModel(lambda messages: WORDS + " " + call, name="scripted-qwen3", token_delay_s=token_delay_s)


def test_a_cancel_during_a_planning_turn_ends_the_subagent_within_a_step(tmp_path):
    model = planning_model(0.02)
    cancel, when = cancel_after(0.3)
    with LogStore(tmp_path / "logs.sqlite3") as store:
        result = execution_subagent("say hi", cwd=tmp_path, model=model, store=store, cancel=cancel)
        assert store.list() == []
    latency = time.perf_counter() - when[0]
    assert latency < 0.2, latency
    assert model.stop_reasons == ["cancelled"] and result.commands == [] and len(model.calls) == 1


def test_the_toolkit_says_a_subagent_answer_was_cancelled(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, model=planning_model(0.02), store=store)
        cancel, _ = cancel_after(0.3)
        answer = toolkit.execution_subagent("say hi", cancel=cancel)
    assert answer.text.startswith("Cancelled after 0.") and "before any command ran." in answer.text
    assert "nothing in the request" not in answer.text


def test_a_cancelled_subagent_answers_with_the_commands_it_ran(tmp_path):
    turns = []

    def reply(messages):
        turns.append(1)
        if len(turns) == 1:
            return ('<tool_call>\n{"name": "run_in_terminal", "arguments": {"command": "echo first", "explanation": '
                    '"x", "goal": "y", "timeout": 5000}}\n</tool_call>')
        return WORDS  # the second planning turn is slow: the cancel comes during it

    cancel = threading.Event()
    model = FakeModel(reply, name="scripted-qwen3", token_delay_s=0.02)
    with LogStore(tmp_path / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, model=model, store=store)
        timer = threading.Thread(target=lambda: (time.sleep(0.8), cancel.set()))
        timer.start()
        answer = toolkit.execution_subagent("run `echo first`", cancel=cancel)
        timer.join()
    assert answer.text.startswith("Cancelled after ") and "covers only the 1 command run before it" in answer.text
    assert "Command: echo first" in answer.text
    assert model.stop_reasons[-1] == "cancelled"



def test_the_whole_model_stack_of_a_tool_call_stops_on_cancel(tiny_bundle, monkeypatch):
    """What a toolkit request's model calls go through: with_cancel -> the toolkit's lock -> load_model's deadline
    guard -> the runtime (tiny bundle, steps slowed to 20 ms)."""
    from terminus_edge.model import load_model

    loaded = load_model(str(tiny_bundle("qwen3", "int4", "builder")), ep="cpu", threads=1)
    runtime = loaded.model
    runtime.generator.eos_token_ids = set()
    slow_steps(monkeypatch, runtime, 0.02)  # 400 tokens: 8 s if let run
    cancel, when = cancel_after(0.4)
    model = with_cancel(_OneAtATime(loaded), cancel)
    # The timer starts before chat() does, so on a loaded box generation has run a little less than 0.4 s.
    with pytest.raises(ModelCancelled, match=r"cancelled after 0\.[2-4]\d s"):
        model.chat(PROMPT, max_new_tokens=400, deadline_s=60)
    assert time.perf_counter() - when[0] < 0.15
    assert runtime.last_stats.stop_reason == "cancelled" and 5 < runtime.last_stats.new_tokens < 30
