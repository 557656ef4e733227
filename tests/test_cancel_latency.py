"""Cancel latency with the real default bundle (SmolLM2-135M int4): how long after the cancel event is set a
prompt pass, a decode loop, a gist and a command have stopped. Slow (loads the model; builds it if needed).
`pytest -m slow tests/test_cancel_latency.py -s` prints the measured numbers."""

from __future__ import annotations

import statistics
import threading
import time

import pytest

from terminus_edge.runtime.generate import GenerationParams

pytestmark = pytest.mark.slow
REPS = 5


@pytest.fixture(scope="module")
def model(default_bundle):
    from terminus_edge.runtime.chat_model import OnnxChatModel

    return OnnxChatModel.load(default_bundle, ep="cpu", threads=2)


def cancelled_after(seconds: float, run) -> tuple[float, object]:
    """(seconds from the cancel being set to run(cancel) returning, what it returned)."""
    cancel, fired = threading.Event(), []
    timer = threading.Timer(seconds, lambda: (fired.append(time.perf_counter()), cancel.set()))
    timer.start()
    result = run(cancel)
    done = time.perf_counter()
    timer.join()
    assert fired, "it ended before the cancel came: lengthen the work"
    return done - fired[0], result


def report(what: str, latencies: list[float], extra: str = "") -> None:
    print(f"\ncancel latency, {what}: median {statistics.median(latencies) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms over {len(latencies)}{extra}")


def test_a_cancel_stops_decoding_within_one_step(model):
    ids = model.encode_chat([{"role": "user", "content": "Write a long story about a lighthouse keeper."}])
    latencies, steps = [], []
    for _ in range(REPS):
        model.generator.reset()
        params = lambda cancel: GenerationParams(max_new_tokens=1000, ignore_eos=True, cancel=cancel)  # noqa: E731
        latency, result = cancelled_after(1.0, lambda cancel: model.generate_ids(ids, params(cancel)))
        assert result.stop_reason == "cancelled" and result.stats.new_tokens > 5
        latencies.append(latency)
        steps += result.stats.decode_s
    step = statistics.median(steps)
    report("decode", latencies, f"; one decode step: median {step * 1000:.1f} ms, max {max(steps) * 1000:.1f} ms")
    assert statistics.median(latencies) < step + 0.05 and max(latencies) < 0.5


def test_a_cancel_aborts_the_prompt_pass(model):
    text = " ".join(f"line {i}: the build step {i} finished without errors" for i in range(70))
    ids = model.encode_chat([{"role": "user", "content": text}])
    model.generator.reset()
    t0 = time.perf_counter()
    full = model.generate_ids(ids, GenerationParams(max_new_tokens=1))
    whole = full.stats.prefill_s
    assert time.perf_counter() - t0 > 0.4, "the prompt pass is too short to cancel in the middle"
    latencies = []
    for _ in range(REPS):
        model.generator.reset()  # no reused KV cache: the whole prompt is computed again
        latency, result = cancelled_after(0.15, lambda cancel: model.generate_ids(
            ids, GenerationParams(max_new_tokens=20, cancel=cancel)))
        assert result.stop_reason == "cancelled" and result.token_ids == []
        latencies.append(latency)
    report("prefill", latencies, f"; the whole prompt pass ({len(ids)} tokens) takes {whole * 1000:.0f} ms")
    assert max(latencies) < 0.5
    model.generator.reset()
    assert model.generate_ids(ids, GenerationParams(max_new_tokens=3)).stats.new_tokens == 3  # still usable


class CancelInside:
    """The model, with the cancel set `delay_s` after the gist's model call began (the command's own time, on a
    loaded machine, must not decide whether the cancel lands in the gist)."""

    def __init__(self, model, cancel: threading.Event, delay_s: float):
        self.model, self.cancel, self.delay_s, self.fired, self.returned = model, cancel, delay_s, [], []
        self.started: list[float] = []

    def __getattr__(self, name):
        return getattr(self.model, name)

    def chat_result(self, messages, **kwargs):
        timer = threading.Timer(self.delay_s, lambda: (self.fired.append(time.perf_counter()), self.cancel.set()))
        self.started.append(time.perf_counter())
        timer.start()
        try:
            return self.model.chat_result(messages, **kwargs)
        finally:
            self.returned.append(time.perf_counter())
            timer.cancel()


@pytest.mark.parametrize("delay_s", [0.05, None], ids=["early", "midway"])
def test_a_cancelled_gist_with_the_real_model_falls_back_and_says_so(model, tmp_path, delay_s):
    from terminus_edge.integrations.runner import run_and_summarize
    from terminus_edge.logstore import LogStore
    from terminus_edge.model import guard_deadline

    command = "for i in $(seq 1 200); do echo \"test_$i ... ok\"; done; echo 'FAILED test_x: assert 1 == 2'; exit 1"
    in_model, whole, reasons = [], [], []
    with LogStore(tmp_path / "logs.sqlite3") as store:
        if delay_s is None:  # halfway through this machine's own uncancelled gist, however fast it is
            model.generator.reset()
            timed = CancelInside(guard_deadline(model), threading.Event(), 3600)
            run_and_summarize(command, cwd=str(tmp_path), timeout_s=30, store=store, model=timed, deadline_s=30)
            assert timed.returned, "the summary never asked the model for a gist"
            delay_s = (timed.returned[0] - timed.started[0]) / 2
        for _ in range(3):
            model.generator.reset()
            cancel = threading.Event()
            inside = CancelInside(guard_deadline(model), cancel, delay_s)
            text, _, _ = run_and_summarize(command, cwd=str(tmp_path), timeout_s=30, store=store, model=inside,
                                           deadline_s=30, cancel=cancel)
            if not inside.fired:
                continue  # the gist was done before the cancel came (a fast machine, late cancel)
            whole.append(time.perf_counter() - inside.fired[0])
            in_model.append(inside.returned[0] - inside.fired[0])
            reasons.append(model.last_stats.stop_reason)
            assert "deterministic summary" in text and "cancelled after" in text and "exit code 1" in text, text
            assert "FAILED test_x" in text
    assert reasons and set(reasons) == {"cancelled"}
    report(f"gist model call, cancel {delay_s:g} s in", in_model,
           f"; to the summary stored: median {statistics.median(whole) * 1000:.1f} ms")
    assert max(in_model) < 0.5


def test_a_cancelled_command_stops_at_once(tmp_path):
    from terminus_edge.capture import run_command

    latencies = []
    for _ in range(REPS):
        latency, capture = cancelled_after(0.3, lambda cancel: run_command("echo go; sleep 30", cwd=str(tmp_path),
                                                                            timeout_s=60, cancel=cancel))
        assert capture.cancelled and capture.exit_code == 143
        capture.close()
        latencies.append(latency)
    report("command (process group)", latencies)
    assert max(latencies) < 0.5
