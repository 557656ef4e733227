"""The model gist, session 8: a facts-only prompt with fixed examples, and a guard that keeps a restatement of the facts
and removes the rest. Each rule is checked both ways: the unsupported sentence goes, a supported one on the same
output stays."""

from __future__ import annotations

import pytest

from terminus_edge.model import FakeModel
from terminus_edge.summarize.claims import wrong_other_counts
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.gist import EXAMPLES, FACT_LINES, SYSTEM_PROMPT, build_messages
from terminus_edge.summarize.grounding import ungrounded_words
from terminus_edge.summarize.guard import guard, off_topic, program_name, unsupported_terms
from terminus_edge.summarize.pipeline import facts_text, summarize

ASSETS = ("syncing 5 assets\nicons.zip ok\nfonts.tar.gz: checksum mismatch\nhero.mp4: connection reset, retrying (1/3)\n"
          "1 of 5 assets failed; 4 synced\n")


def test_a_program_name_may_begin_a_sentence_in_its_own_lowercase():
    assert not off_topic("pytest failed because test_total asserts 3 == 2.", program="pytest")
    assert off_topic("pytest failed because test_total asserts 3 == 2.")  # no program known: a fragment
    assert off_topic("test the `test` function in the cart.", program="pytest")  # another lowercase start
    assert off_topic("pytest.ini was read by the runner.", program="pytest")  # a file named after it is no subject
    assert program_name("FOO=1 /usr/bin/make -j4") == "make" and program_name("") == ""


def test_a_signed_number_must_occur_with_its_sign():
    assert unsupported_terms("The linker returned -1 exit status.", "ld returned 1 exit status") == ["-1"]
    assert unsupported_terms("The test expected -1.", "expected: -1\nreceived: 6") == []
    assert unsupported_terms("Pages 1-3 were read.", "read pages 1-3") == []  # a range is no sign


@pytest.mark.parametrize("sentence, wrong", [
    ("The 1 asset failed and 5 synced.", ["5 synced"]),  # 4 synced
    ("Cargo built 5 times.", ["5 times"]),
    ("4 assets synced and 1 failed.", []),  # "4 synced", "1 of 5 assets failed"
    ("Syncing 5 assets took a while.", []),
])
def test_a_number_must_be_said_with_the_word_it_counts(sentence, wrong):
    assert wrong_other_counts(sentence, ASSETS.lower()) == wrong


def test_a_number_that_is_a_label_is_no_count():
    haystack = "module 4 › case 2\nexpected: -1\nreceived: 6\n"
    assert wrong_other_counts("Case 2 received 6 instead of -1.", haystack) == []
    assert wrong_other_counts("Case 3 received 6.", haystack) == ["3 received"]


def _failed_merge():
    output = ("Auto-merging app.py\nCONFLICT (content): Merge conflict in app.py\n"
              "Automatic merge failed; fix conflicts and then commit the result.\n")
    return output, extract_facts("git merge topic", output, 1)


@pytest.mark.parametrize("sentence, kept", [
    ("Git merged app.py.", False),
    ("git merge topic failed and committed the result.", False),
    ("git failed because of a merge conflict in app.py; fix conflicts and then commit the result.", True),
    ("Git merged nothing: app.py has a conflict.", True),
])
def test_a_task_said_done_after_a_failure_is_removed(sentence, kept):
    output, facts = _failed_merge()
    assert (guard(sentence, output, facts, "", command="git merge topic").text == sentence) is kept


def test_a_count_of_what_was_done_beside_a_failure_stays():
    facts = extract_facts("./sync.sh", ASSETS, 3)
    kept = "4 assets synced and 1 failed."
    assert guard(kept, ASSETS, facts, "", command="./sync.sh").text == kept


def test_an_error_claimed_on_a_clean_run_is_removed():
    output = "src/crc.c: In function 'crc':\nsrc/crc.c:13:5: warning: unused variable 'x' [-Wunused-variable]\n"
    facts = extract_facts("gcc -Wall -c src/crc.c", output, 0)
    known = facts_text(facts)
    assert guard("gcc reported a fatal error in src/crc.c.", output, facts, known, command="gcc -Wall -c src/crc.c").text == ""
    kept = "gcc compiled src/crc.c with no errors and 1 warning."
    assert guard(kept, output, facts, known, command="gcc -Wall -c src/crc.c").text == kept


def test_a_command_said_to_fail_on_a_clean_run_is_removed():
    output = "".join(f"GET /api/{i} 200\n" for i in range(20)) + "GET /api/x 500 failed upstream\n"
    facts = extract_facts("cat server.log", output, 0)
    assert not facts.failed
    removed = guard("cat failed because GET /api/x failed upstream.", output, facts, "", command="cat server.log")
    assert removed.text == "" and removed.reasons == ["failure claimed on a clean run"]
    kept = "GET /api/x failed upstream with 500."
    assert guard(kept, output, facts, "", command="cat server.log").text == kept


def test_words_from_beyond_the_facts_are_a_story():
    shown = "- exit code 1\n- 2 errors\n- ringbuf.c:19:40: expected ';' before 'return'\n- control reaches end of non-void function"
    # "returned" is the facts' own 'return' inflected; "type" is nowhere (a story made only of the facts' words, rearranged,
    # is beyond a word check: see grounding.py)
    assert ungrounded_words("The build failed because the function returned a non-void return type.", shown) == ["type"]
    assert ungrounded_words("The server crashed because hero.mp4 was reset.", "hero.mp4: connection reset") == ["server", "crashed"]
    # restatements: stems, the facts' own words, camelCase parts, the words that frame a restatement
    assert ungrounded_words("gcc failed because a ';' is expected before 'return' in ringbuf.c.", shown) == []
    assert ungrounded_words("Failing tests: 2 errors.", shown) == []
    assert ungrounded_words("The input is not a number in parsePort.", "NumberFormatException: For input string at App.parsePort") == []
    assert ungrounded_words('esbuild failed because "b" is not resolved.', '- Could not resolve "b"\nesbuild app.js') == []
    assert ungrounded_words("The host was not resolved.", "- resolution of the host timed out") == ["resolved"]


def test_a_sentence_with_versions_and_paths_is_still_a_sentence():
    assert not off_topic("npm failed because express@9.9.9 doesn't exist.", program="npm")
    assert not off_topic("Ruff found 3 errors in src/app/models/user.py:12 and src/app/db.py:4.")
    assert off_topic("Failed: 1.2.3 4.5.6 7.8.9 ; 0.1 : 2.2 = 3.3 !")  # mostly numbers and marks


def test_the_guard_says_why_it_removed_each_sentence():
    output, facts = _failed_merge()
    result = guard("Git merged app.py. You should rerun it.", output, facts, "", command="git merge topic")
    assert result.removed == ["Git merged app.py.", "You should rerun it."]
    assert result.reasons == ["success claimed after a failure: merged", "off-topic"]


def test_the_guard_grounds_words_in_what_the_model_was_shown():
    output, facts = _failed_merge()
    story = "git failed because a dependency module is missing."
    assert guard(story, output, facts, "", command="git merge topic").text == story  # every word is in the vocabulary
    grounded = guard(story, output, facts, "", command="git merge topic", shown="- exit code 1\n- conflict: app.py")
    assert grounded.text == "" and grounded.reasons == ["words not in the facts shown: dependency, module, missing"]


def test_the_prompt_begins_with_the_same_text_for_every_command():
    a = build_messages("pytest -q", "- exit code 1\n- tests: 2 failed, 5 passed")
    b = build_messages("cargo build", "- exit code 101\n- 5 errors\n- a\n- b\n- c\n- d\n- e")
    assert a[:-1] == b[:-1] and a[0]["content"] == SYSTEM_PROMPT and len(a) == 2 + 2 * len(EXAMPLES)
    assert b[-1]["content"].count("\n- ") == FACT_LINES  # the first FACT_LINES fact lines only
    assert "Output:" not in b[-1]["content"]


def test_the_examples_are_restatements_the_guard_would_keep():
    for command, facts_text, answer in EXAMPLES:
        assert ungrounded_words(answer, facts_text + "\n" + command) == [], answer


def test_an_excerpt_goes_with_the_facts_only_when_they_say_little():
    sparse = b"".join(b"processing record %d of the nightly batch\n" % i for i in range(40)) + b"done\n"
    model = FakeModel(["unused"])
    summarize("./batch.sh", sparse, 0, model=model)
    assert "Output:\n" in model.calls[0][-1]["content"]
    pytest_fail = (b"".join(b"tests/test_a.py::test_%d PASSED\n" % i for i in range(30))
                   + b"FAILED tests/test_a.py::test_x - assert 1 == 2\n========= 1 failed, 30 passed in 0.1s =========\n")
    model = FakeModel(["unused"])
    summarize("pytest -v", pytest_fail, 1, model=model)
    assert "Output:\n" not in model.calls[0][-1]["content"]


def test_a_left_out_model_sentence_is_said_plainly_not_as_an_error():
    raw = b"".join(b"tests/test_a.py::test_%d PASSED\n" % i for i in range(30)) + b"========= 30 passed in 0.1s =========\n"
    s = summarize("pytest -v", raw, 0, model=FakeModel(["The server crashed while deploying the cluster."]))
    assert not s.model_used and "30 passed" in s.body
    assert s.body.endswith("(the local model's sentence was left out: it could not be checked against the output)")
    assert "error" not in s.body.lower() and "deterministic" not in s.body
    kept = summarize("pytest -v", raw, 0, model=FakeModel(["pytest ran 30 tests and all passed."]))
    assert kept.model_used and kept.body.endswith("pytest ran 30 tests and all passed.") and "left out" not in kept.body


GCC = ("ring.c: In function 'rb_push':\nring.c:19:40: error: expected ';' before 'return'\n"
       "ring.c:35:5: warning: implicit declaration of function 'rb_free' [-Wimplicit-function-declaration]\n")


def test_a_warning_is_not_called_an_error():
    from terminus_edge.summarize.claims import warnings_called_errors

    facts = extract_facts("gcc -Wall ring.c", GCC, 1)
    assert warnings_called_errors("gcc failed because of -Wimplicit-function-declaration error.", facts) == [
        "-Wimplicit-function-declaration (a warning)"]
    assert warnings_called_errors("gcc warned with -Wimplicit-function-declaration and stopped on 1 error.", facts) == []
    assert guard("gcc failed because of -Wimplicit-function-declaration error.", GCC, facts, "", command="gcc -Wall ring.c").text == ""


def test_a_command_that_exited_0_is_not_said_to_fail():
    output = "".join(f"GET /api/{i} 200\n" for i in range(20)) + "ERROR GET /api/x 500 upstream timeout\n"
    facts = extract_facts("cat server.log", output, 0)
    for claim in ("cat server.log failed because of an upstream timeout.", "cat server.log failed."):
        assert guard(claim, output, facts, "", command="cat server.log").text == ""
    kept = "GET /api/x got a 500 because of an upstream timeout."
    assert guard(kept, output, facts, "", command="cat server.log").text == kept


def test_a_kept_gist_never_takes_a_fact_or_output_line_out_of_the_summary():
    from real_captures import load
    from terminus_edge.summarize.compose import then

    case = load("make-k-several-failures")  # its summary fills the budget: the last output line is the first to go
    plain = summarize(case.command, case.output, case.meta["exit_code"])
    gist = "make failed because of a ValueError in scripts/clean.py and a missing command, pandoc."
    with_gist = summarize(case.command, case.output, case.meta["exit_code"], model=FakeModel([gist]))
    assert with_gist.model_used and with_gist.body in (f"{plain.body}\n{gist}", then(plain.body, gist))
    assert "not remade because of errors" in with_gist.body


def test_a_reply_that_stopped_mid_clause_is_no_sentence():
    from terminus_edge.summarize.gist import clean_reply

    assert clean_reply("pytest failed because the.") == ""  # an end-of-text token after "the"; the full stop put back
    assert clean_reply("make failed because of.") == ""
    assert clean_reply("make failed because of a missing header.") == "make failed because of a missing header."
    assert clean_reply("Ruff found 3 errors in app.py.") == "Ruff found 3 errors in app.py."


def test_missing_and_installed_must_come_from_the_facts():
    shown = "- exit code 1\n- npm error code E404: 'left-padz@*' is not in this registry\nnpm ci"
    assert ungrounded_words("npm failed because 'npm' is not installed.", shown) == ["installed"]
    assert ungrounded_words("npm failed because left-padz is missing.", shown) == ["missing"]
    assert ungrounded_words("npm failed because left-padz is missing.", shown + "\n- missing left-padz") == []


def test_a_reason_must_be_told_in_the_outputs_own_words_not_an_identifiers_parts():
    from terminus_edge.summarize.grounding import ungrounded_reason

    shown = "- exit code 1\n- tests: 1 failed, 3 passed\n- FAIL TestCountMissing (0.00s)"
    assert ungrounded_reason("go failed because the test count is missing: 1 failed.", shown) == ["count", "missing"]
    assert ungrounded_reason("go test failed: TestCountMissing, 1 of 4 tests.", shown) == []  # no reason given
    errors = "- exit code 2\n- src/lexer.c:57:12: 'buf_len' undeclared (first use in this function)"
    assert ungrounded_reason("make failed because 'buf_len' is undeclared in src/lexer.c.", errors) == []
    assert ungrounded_reason("pip failed because foo==9.9 is missing: there is no such version.",
                             "- exit code 1\n- missing foo==9.9 (no such version)") == []


def test_a_reason_may_not_add_an_outcome_or_a_negation_to_the_fact_it_restates():
    from terminus_edge.summarize.grounding import distorted_reason

    hint = "- exit code 1\n- linker: undefined reference to pow, sqrt (in stddev)\n- math functions undefined: link with -lm (libm)"
    assert distorted_reason("clang failed because math functions undefined: link failed with -lm (libm).", hint) == ["failed"]
    assert distorted_reason("clang failed because math functions are undefined: link with -lm.", hint) == []
    make = "- exit code 2\n- ValueError: invalid literal in scripts/clean.py\n- missing command: pandoc"
    assert distorted_reason("make failed because of a ValueError in scripts/clean.py and a missing command, pandoc.",
                            make) == []  # two facts, each restated as its line gives it
    assert distorted_reason("make failed because pandoc was not installed and scripts/clean.py failed.", make) == ["failed"]
    dns = "- exit code 4\n- unable to resolve host address 'example.invalid'"
    assert distorted_reason("wget failed because the host address was not resolved.", dns) == []
    pip = "- exit code 1\n- missing foo==9.9 (no such version)"
    assert distorted_reason("pip failed because foo==9.9 is missing: there is no such version.", pip) == []
    tests = "- exit code 1\n- tests: 1 failed, 3 passed"
    assert distorted_reason("mvn failed because 1 test failed.", tests) == []
    assert distorted_reason("All 14 tests passed.", tests) == []  # no reason given
