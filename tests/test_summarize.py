"""The summarize() pipeline: block format, budget, verbatim short outputs, the model gist and the fact guard."""

from __future__ import annotations

import time

from terminus_edge.model import FakeModel
from terminus_edge.summarize import Summary, summarize
from terminus_edge.summarize.guard import guard
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.select import select_excerpt
from terminus_edge.summarize.tokens import count_tokens

PYTEST_FAIL = b"""============================= test session starts ==============================
collected 7 items

tests/test_cart.py ...F.F.                                               [100%]

=================================== FAILURES ===================================
______________________________ test_count_unique _______________________________

    def test_count_unique():
>       assert make().count() == 2
E       assert 3 == 2

tests/test_cart.py:19: AssertionError
=========================== short test summary info ============================
FAILED tests/test_cart.py::test_count_unique - assert 3 == 2
FAILED tests/test_cart.py::test_line_items - AssertionError: lists differ
========================= 2 failed, 5 passed in 0.06s ==========================
"""


def test_block_format_states_exit_code_counts_and_failures():
    s = summarize("pytest -q", PYTEST_FAIL, 1, log_id="L42")
    assert isinstance(s, Summary)
    lines = s.text.splitlines()
    assert lines[0] == "Command: pytest -q" and lines[1].startswith("Summary: exit code 1; tests: 2 failed, 5 passed")
    assert lines[-1] == "Log: L42"
    assert "tests/test_cart.py::test_count_unique: assert 3 == 2" in s.body
    assert "test_line_items" in s.body
    assert not s.model_used and s.model_note is None
    assert s.tokens_summary == count_tokens(s.text) and s.tokens_raw > s.tokens_summary
    assert s.facts.to_dict()["counts"] == {"failed": 2, "passed": 5, "collected": 7}


def test_success_and_timeout_phrases():
    assert "succeeded (exit code 0)" in summarize("make", b"nothing to be done\n", 0).body
    timed = summarize("sleep 99", b"", 124, timed_out=True)
    assert timed.body.startswith("timed out (exit code 124)")
    assert summarize("x", b"", None).body.startswith("exit code unknown")


def test_short_output_passes_verbatim():
    s = summarize("npm install", b"added 51 packages in 3s\n", 0)
    assert "added 51 packages in 3s" in s.body and s.tokens_summary < 40


def test_binary_output():
    s = summarize("cat logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, 0)
    assert "binary output, 1040 bytes" in s.body


def test_budget_is_kept_and_overflow_is_announced():
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"]
    lines = [f"src/{words[i % 7]}_{i}.c:{i}:1: error: {words[(i * 3) % 7]} {'x' * (i % 5)} unknown {words[i % 5]}" for i in range(1, 120)]
    raw = ("\n".join(lines) + "\n").encode()
    s = summarize("gcc -c src/*.c", raw, 1, budget_tokens=200)
    assert "119 errors" in s.body
    assert "more errors not shown (see the log)" in s.body
    assert count_tokens(s.body) <= 230


def test_good_model_gist_is_kept():
    model = FakeModel(["Two cart tests fail: test_count_unique asserts 3 == 2 and test_line_items lists differ."])
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=model)
    assert s.model_used and s.body.endswith("Two cart tests fail: test_count_unique asserts 3 == 2 and test_line_items lists differ.")
    sent = model.calls[0][-1]["content"]
    assert "test_count_unique" in sent and "Command: pytest -q" in sent


def test_hallucinated_names_and_numbers_are_removed():
    model = FakeModel(["The failure is in tests/test_payment.py line 88."])
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=model)
    assert "test_payment" not in s.text and "88" not in s.body and not s.model_used
    # the whole gist went: said in the summary itself, and the note says it in the same words; the guard's reasons
    # are for machines (the log store's note_detail)
    assert s.model_note == "the local model's sentence was left out: it could not be checked against the output"
    assert s.model_detail["fact_guard"]["removed_sentences"] == 1
    assert s.model_detail["fact_guard"]["reasons"][0].startswith("unsupported terms: ")
    assert s.body.endswith("(the local model's sentence was left out: it could not be checked against the output)")
    facts = extract_facts("pytest -q", PYTEST_FAIL.decode(), 1)
    result = guard("The failure is in tests/test_payment.py line 88. Two tests failed in the cart suite.", PYTEST_FAIL.decode(), facts, "")
    assert result.text == "Two tests failed in the cart suite." and len(result.removed) == 1


def test_success_claims_on_failure_are_removed():
    for claim in ("All tests passed successfully.", "The tests ran without any issues.", "The user was able to run the suite."):
        s = summarize("pytest -q", PYTEST_FAIL, 1, model=FakeModel([claim]))
        assert claim not in s.text and not s.model_used
        assert "2 failed" in s.body  # the facts are never at the model's mercy
    facts = extract_facts("pytest -q", PYTEST_FAIL.decode(), 1)
    assert guard("All tests passed. The cart count is off by one.", PYTEST_FAIL.decode(), facts, "").text == "The cart count is off by one."


def test_failure_claims_on_clean_success_are_removed():
    model = FakeModel(["The build failed with a crash. Compiling finished."])
    s = summarize("cargo build", b"   Compiling demo v0.1.0 (/w/demo)\n    Finished `dev` profile in 0.5s\n", 0, model=model)
    assert "failed" not in s.body.lower()


def test_model_failure_falls_back_with_a_note():
    class Broken:
        name = "broken"

        def chat(self, messages, **kwargs):
            raise RuntimeError("onnx session died")

    s = summarize("pytest -q", PYTEST_FAIL, 1, model=Broken())
    assert not s.model_used
    assert s.model_note.startswith("model unavailable: RuntimeError: onnx session died; deterministic summary")
    assert "2 failed" in s.body and "deterministic summary" in s.body


def test_slow_model_past_deadline_falls_back():
    class Slow:
        name = "slow"

        def chat(self, messages, **kwargs):
            time.sleep(0.3)
            return "It ran."

    s = summarize("pytest -q", PYTEST_FAIL, 1, model=Slow(), deadline_s=0.1)
    assert not s.model_used and "too slow" in s.model_note


def test_guard_reports_error_facts_the_gist_left_out():
    facts = extract_facts("pytest -q", PYTEST_FAIL.decode(), 1)
    result = guard("Something broke in the cart.", PYTEST_FAIL.decode(), facts, "", ["FAILED tests/test_cart.py::test_count_unique"])
    assert result.restored == ["FAILED tests/test_cart.py::test_count_unique"]


def test_excerpt_is_bounded_for_huge_outputs():
    lines = [f"INFO request {i} served in {i % 50} ms" for i in range(60000)]
    lines[31000] = "ERROR worker 7 crashed: segmentation fault"
    text = "\n".join(lines)
    excerpt = select_excerpt(text, 1500)
    assert count_tokens(excerpt) <= 1600
    assert "segmentation fault" in excerpt and "request 59999" in excerpt


def test_model_input_and_overhead_do_not_grow_with_output_size():
    def run(raw):
        model = FakeModel(["Ran the job; it ended with RuntimeError: boom."])
        started = time.perf_counter()
        s = summarize("python job.py", raw, 1, model=model)
        return time.perf_counter() - started, len(model.calls[0][-1]["content"]), s

    small = b"".join(b"step %d ok\n" % i for i in range(60)) + b"RuntimeError: boom\n"
    big = b"".join(b"step %d ok, processed batch of records\n" % i for i in range(25000)) + b"RuntimeError: boom\n"
    assert len(big) > 1_000_000
    _, small_prompt, _ = run(small)
    big_seconds, big_prompt, summary = run(big)
    assert big_prompt < 2 * small_prompt + 2000  # the model reads a bounded excerpt, never the whole log
    assert big_seconds < 2.0  # deterministic work on 1 MB stays well under a model call
    assert "RuntimeError: boom" in summary.body and summary.model_used


def test_redaction_runs_on_the_summary():
    s = summarize("login", b"Error: bad login, DB_PASSWORD=Zq8rT3vLm9XwP2kd rejected\n", 1)
    assert "Zq8rT3vLm9XwP2kd" not in s.text and "[REDACTED" in s.text


def test_a_secret_the_model_quotes_without_its_key_is_still_masked():
    output = "".join(f"connecting to db-{i}.internal:5432 ... retry {i}\n" for i in range(12))
    output += "DB_PASSWORD=Zq8rT3vLm9XwP2kd\nError: authentication failed for user deploy\n"
    model = FakeModel(["The login with Zq8rT3vLm9XwP2kd failed for user deploy."])
    s = summarize("./migrate", output.encode(), 1, model=model)
    assert model.calls, "a long output is worth a gist"
    assert "Zq8rT3vLm9XwP2kd" not in s.text


def test_a_few_lines_of_output_are_not_sent_to_the_model():
    model = FakeModel(["unused"])
    s = summarize("ls /nonexistent", b"ls: cannot access '/nonexistent': No such file or directory\n", 2, model=model)
    assert not model.calls and "exit code 2" in s.text and "No such file or directory" in s.text


def test_guard_drops_loops_prompt_echo_and_code():
    facts = extract_facts("python report.py", "loaded 3 rows\nKeyError: 'west'\n", 1)
    reply = (
        "The script crashed on a missing key. The script crashed on a missing key. "
        "The following are the extracted facts. ```python print(1)``` The code was executed correctly."
    )
    result = guard(reply, "loaded 3 rows\nKeyError: 'west'\n", facts, "")
    assert result.text == "The script crashed on a missing key."
    assert len(result.removed) == 3 and "print(1)" not in result.text


def test_guard_drops_echoes_and_numbers_found_only_inside_other_numbers():
    output = "ERROR: No matching distribution found for requests==99.0.0 (latest 2.34.2)\n"
    facts = extract_facts("pip install requests==99.0.0", output, 1)
    reply = (
        "Summary: exit code 1; missing requests. "
        "ERROR: No matching distribution found for requests==99.0.0 (latest 2.34.2). "
        "Only 34 versions exist. Version 99.0.0 of requests does not exist."
    )
    result = guard(reply, output, facts, "")
    assert result.text == "Version 99.0.0 of requests does not exist."


def test_a_short_output_line_is_kept_whatever_the_exit_code():
    # "1" occurs in "exit code 1": a short line is only "already said" when the summary says it as a whole.
    for code in (0, 1, 11):
        s = summarize("seq 1 5; false", b"1\r\n2\r\n3\r\n4\r\n5\r\n", code)
        assert s.body.splitlines()[-5:] == ["1", "2", "3", "4", "5"], (code, s.body)


def test_dot_progress_lines_are_output_not_separators():
    raw = b"....F.\n......\n=====\nFAILED (failures=1)\nRan 12 tests in 0.01s\n"
    s = summarize("python -m unittest", raw, 1)
    assert "....F." in s.body and "\n......\n" in s.body + "\n"
    assert "=====" not in s.body  # a rule still is a separator


class RecordingModel:
    """A plain ChatModel (chat() only) that records how it was asked."""

    name = "recording"

    def __init__(self, text: str):
        self.text, self.calls = text, []

    def chat(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None):
        self.calls.append({"messages": messages, "max_new_tokens": max_new_tokens, "stop": stop})
        return self.text


class RecordingRuntimeModel(RecordingModel):
    """Like the ONNX runtime's model: chat_result() also says why generation ended."""

    def __init__(self, text: str, stop_reason: str):
        super().__init__(text)
        self.stop_reason = stop_reason

    def chat_result(self, messages, *, max_new_tokens=256, stop=(), deadline_s=None):
        from types import SimpleNamespace

        self.chat(messages, max_new_tokens=max_new_tokens, stop=stop)
        return SimpleNamespace(text=self.text, stop_reason=self.stop_reason)


def test_gist_is_one_short_sentence_from_a_compact_prompt():
    model = RecordingRuntimeModel("Two cart tests fail because test_count_unique asserts 3 == 2", stop_reason="stop")
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=model)
    (call,) = model.calls
    assert call["max_new_tokens"] <= 40 and ". " in call["stop"] and "\n" in call["stop"]
    prompt = "\n".join(m["content"] for m in call["messages"])
    assert count_tokens(prompt) < 400 + 250  # excerpt budget plus facts and instructions
    assert prompt.count("FAILED tests/test_cart.py::test_count_unique") == 1  # output lines the facts state are not repeated
    # Generation ended at the sentence's end (the stop text is not returned): the full stop is put back.
    assert s.model_used and s.body.endswith("Two cart tests fail because test_count_unique asserts 3 == 2.")


def test_a_reply_cut_by_the_token_limit_is_not_used():
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=RecordingRuntimeModel("Two cart tests fail because the", stop_reason="max_new_tokens"))
    assert not s.model_used and "(the local model's sentence was left out: it was not a complete sentence)" in s.body


def test_plain_chat_models_get_the_same_stop_strings():
    model = RecordingModel("Two cart tests fail because test_count_unique asserts 3 == 2")
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=model)
    assert ". " in model.calls[0]["stop"] and s.body.endswith("asserts 3 == 2.")


def test_a_wrapping_model_keeps_its_chat_between_gist_and_model():
    from terminus_edge.model import DeadlineGuard

    inner = RecordingRuntimeModel("Two cart tests fail because test_count_unique asserts 3 == 2", stop_reason="stop")
    inner_calls = []
    inner.chat_result = lambda *a, **k: inner_calls.append(1)  # must not be reached around the guard
    s = summarize("pytest -q", PYTEST_FAIL, 1, model=DeadlineGuard(inner), deadline_s=5)
    assert not inner_calls and len(inner.calls) == 1
    assert s.model_used and s.body.endswith("asserts 3 == 2.")


class CharTokenModel(RecordingRuntimeModel):
    """A model whose tokenizer is expensive: one token per character (a dense BPE on code, exaggerated)."""

    def count_text_tokens(self, text: str) -> int:
        return len(text)


def test_the_excerpt_budget_is_in_the_models_own_tokens():
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"]
    raw = "".join(f"{words[i % 8]} {words[i // 8 % 8]} {words[i // 64 % 8]} step finished in {words[i // 512 % 8]} mode\n"
                  for i in range(3000)).encode()
    plain, dense = RecordingRuntimeModel("x.", stop_reason="stop"), CharTokenModel("x.", stop_reason="stop")
    summarize("cargo build", raw, 0, model=plain)
    summarize("cargo build", raw, 0, model=dense)
    # facts that say little beyond the exit code: an excerpt goes with them
    excerpt_of = lambda model: model.calls[0]["messages"][-1]["content"].split("Output:\n", 1)[1].split("\nSentence:")[0]
    # The words-and-marks budget lets through far more characters than a 1-token-per-character model may read.
    assert len(excerpt_of(plain)) > 400
    assert len(excerpt_of(dense)) <= 250 < len(excerpt_of(plain)) / 2  # the budget and two omission markers


def test_a_story_the_output_does_not_support_is_removed():
    facts = extract_facts("pytest -q", PYTEST_FAIL.decode(), 1)
    story = "The user was served a shipment of packages handled by the remote server."
    assert guard(story, PYTEST_FAIL.decode(), facts, "").text == ""
    # A hyphenated name the output never mentions is an identifier like any other.
    assert guard("The cart-service suite has two failing tests.", PYTEST_FAIL.decode(), facts, "").text == ""
    # Talk about the prompt's own instruction ("in one sentence") says nothing about the output.
    assert guard("The output of the command `pytest -q` is a single sentence.", PYTEST_FAIL.decode(), facts, "command: pytest -q").text == ""
    # Plain paraphrase in a summary's own words stays: stems count ("failing" for "failed").
    kept = "Two cart tests are failing because count returned the wrong value."
    assert guard(kept, PYTEST_FAIL.decode(), facts, "").text == kept


def test_the_command_line_supports_the_gist():
    raw = b"".join(b"step %d done\n" % i for i in range(40)) + b"all steps done\n"
    s = summarize("flask-migrate upgrade", raw, 0, model=FakeModel(["The flask-migrate upgrade finished."]))
    assert s.model_used and s.body.endswith("The flask-migrate upgrade finished.")


GCC_WARNINGS = """make[1]: Entering directory '/w/app'
cc -Wall -O2 -c src/net.c -o build/net.o
src/net.c: In function 'open_socket':
src/net.c:9:12: warning: unused variable 'buf' [-Wunused-variable]
src/net.c:14:1: warning: control reaches end of non-void function [-Wreturn-type]
src/net.c:91:5: warning: 'len' may be used uninitialized, invalid read possible [-Wmaybe-uninitialized]
"""


def test_a_failure_from_warnings_alone_does_not_list_them_twice():
    # the tool exits 1 because of warnings (a lint wrapper, --max-warnings): the fallback must not restate them
    facts = extract_facts("make lint", GCC_WARNINGS, 1)
    assert [d.line for d in facts.diagnostics] == [9, 14, 91]
    assert not [line for line in facts.highlights + facts.errors if "src/net.c:" in line]
    s = summarize("make lint", GCC_WARNINGS.encode(), 1)
    assert s.body.count("unused variable 'buf'") == 1 and s.body.count("may be used uninitialized") == 1


def test_a_crash_after_warnings_is_still_found():
    facts = extract_facts("make lint && ./build/app", GCC_WARNINGS + "Segmentation fault (core dumped)\n", 139)
    assert facts.errors == ["Segmentation fault (core dumped)"]
    assert "Segmentation fault (core dumped)" in summarize("make lint && ./build/app", (GCC_WARNINGS + "Segmentation fault (core dumped)\n").encode(), 139).body


def test_the_no_gist_note_is_not_glued_to_a_quoted_output_line():
    output = b"".join(b"step %d: copying files\n" % i for i in range(400)) + b"Traceback (most recent call last):\n" \
        b'  File "/app/run.py", line 3, in <module>\n    main()\nRuntimeError: disk full\n'
    s = summarize("python3 run.py", output, 1, model=FakeModel(["Everything went fine and 12 files were copied."]))
    assert not s.model_used
    assert s.body.splitlines()[-1] == "(the local model's sentence was left out: it could not be checked against the output)"
