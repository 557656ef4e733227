"""Writes meta.json and expected-output.txt of every second-batch held-out task (runs each task's commands on a fresh copy).

usage: python3 tests/data/tasks_heldout2/samples/make_meta.py
The fact helpers and the writer are the first batch's (tasks_heldout/samples/make_meta.py).
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout", "samples", "make_meta.py"))
_first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_first)
EXIT, ALL_PASS, BUILD_OK_FACT, write_all = _first.EXIT, _first.ALL_PASS, _first.BUILD_OK_FACT, _first.write_all

T = {}
T["py-unittest-import-error"] = dict(kind="implicit", commands=["python3 -m unittest -v"], facts=[
    {"id": "import", "what": "tests/test_clock.py fails to import: ImportError", "any_of": [r"ImportError", r"cannot\s+import\s+name", r"Failed\s+to\s+import"]},
    {"id": "name", "what": "cannot import name 'format_clock' from 'timeparse' (it does not exist)", "any_of": [r"format_clock"]},
    {"id": "module", "what": "the module is tests.test_clock", "any_of": [r"test_clock"]},
    {"id": "counts", "what": "Ran 4 tests, FAILED (errors=1)", "any_of": [r"errors\s*=\s*1", r"\b(1|one)\s+error", r"Ran\s+4\b", r"\b4\s+tests"]},
    {"id": "others", "what": "the 3 duration tests pass", "any_of": [r"\b(3|three)\s+(\w+\s+){0,2}(passed|pass|ok)\b", r"test_hours_minutes.{0,200}test_seconds.{0,100}(ok|pass)", r"\b3\s+passed"]},
    EXIT(1)], forbidden=[ALL_PASS,
    {"id": "assertion", "what": "claims an assertion failure", "any_of": [r"AssertionError"]},
    {"id": "roundtrip_failed", "what": "claims test_roundtrip ran and failed", "any_of": [r"test_roundtrip[^\n]{0,20}(FAIL|fail)"]}])

T["c-run-segfault"] = dict(kind="implicit", commands=["make run"], facts=[
    {"id": "segv", "what": "the demo dies with a segmentation fault", "any_of": [r"segmentation\s+fault", r"segfault", r"SIGSEGV", r"signal\s+11"]},
    {"id": "built", "what": "the build itself succeeds (with warnings)", "any_of": BUILD_OK_FACT + [r"build\s+succeed(s|ed)", r"compiled\b"]},
    {"id": "strdup", "what": "warning: implicit declaration of strdup (with -std=c11), pointer truncated to int", "any_of": [r"strdup"]},
    {"id": "words", "what": "words.txt does not exist, so wordlist_load returns NULL", "any_of": [r"words\.txt.{0,80}(missing|not\s+found|does\s+not\s+exist|doesn't\s+exist|no\s+such|absent)", r"(missing|no|absent|without)\s+(the\s+)?(input\s+)?(file\s+)?`?words\.txt"]},
    {"id": "where", "what": "the crash is in wordlist_longest dereferencing a NULL list", "any_of": [r"wordlist_longest", r"wordlist\.c:3\d\b", r"NULL\s+(pointer|list|head)"]},
    {"id": "exit", "what": "make exits 2 (the demo was killed: Segmentation fault)", "any_of": [r"exit(ed|s)?[\s_-]*(with\s+)?(code|status)?\s*(is|was|of|=|:)?\s*(2|139)\b", r"\(\s*exit\s*(2|139)\s*\)", r"Error\s+139"]}],
    forbidden=[{"id": "nobuild", "what": "claims it does not compile", "any_of": [r"(does not|doesn't|failed to|fails to)\s+(compile|build)", r"build\s+failed"]},
               {"id": "link", "what": "claims a link error", "any_of": [r"undefined\s+reference"]}])

T["node-test-typeerror"] = dict(kind="implicit", commands=["npm test"], facts=[
    {"id": "test", "what": "'empty cart checks out to zero' fails", "any_of": [r"empty\s+cart"]},
    {"id": "error", "what": "TypeError: Cannot read properties of undefined (reading 'map')", "any_of": [r"TypeError", r"Cannot\s+read\s+properties\s+of\s+undefined"]},
    {"id": "where", "what": "thrown in subtotal (src/cart.js:4), cart.items is undefined", "any_of": [r"cart\.js:4\b", r"\bsubtotal\b", r"cart\.items"]},
    {"id": "counts", "what": "5 tests: 4 pass, 1 fails", "any_of": [r"\b(1|one)\s+(of\s+(the\s+)?5\s+)?(tests?\s+)?(fail|failed|failing|failure)", r"fail\w*\W{0,3}1\b", r"\b4\s+(\w+\s+)?pass", r"\b4\s*/\s*5\b"]},
    {"id": "not_green", "what": "the suite is not green", "any_of": [r"not\s+green", r"(does not|doesn't|did not|didn't)\s+pass", r"\bno\b[,.]", r"tests?\s+failed", r"suite\s+(fails|failed|is failing|is red)", r"\bred\b", r"not\s+(safe|ready)\s+to\s+merge"]},
    EXIT(1)], forbidden=[ALL_PASS,
    {"id": "green", "what": "claims the suite is green", "any_of": [r"(?<!not )(?<!n't )\b(is|it's|suite is|are)\s+green"]},
    {"id": "wrong_test", "what": "claims a passing test failed", "any_of": [r"(subtotal adds|percent coupon|fixed coupon|unknown coupon kind)[^\n]{0,15}(fail|not ok)"]}])

T["py-argparse-bad-value"] = dict(kind="explicit", commands=["python3 topn.py people.csv --column city --limit three"], facts=[
    {"id": "error", "what": "argparse rejects it: argument --limit: invalid int value: 'three'", "any_of": [r"invalid\s+int\s+value.{0,5}three"]},
    {"id": "usage", "what": "it prints the usage line", "any_of": [r"usage:\s*topn\.py", r"\busage\b"]},
    {"id": "no_result", "what": "nothing is computed (no counts printed)", "any_of": [r"(no|nothing|without)\s+(\w+\s+){0,3}(output|result|count|rows|table)", r"(did not|didn't|does not|doesn't|never)\s+(print|produce|run|output|get|reach|compute|count)", r"before\s+(reading|opening|processing)", r"\bonly\s+(the\s+)?(usage|error)"]},
    EXIT(2)], forbidden=[{"id": "counts", "what": "claims counts were printed", "any_of": [r"\b\d+\s+Lyon", r"Lyon\W{1,3}\d"]},
                         {"id": "ok", "what": "claims it ran fine", "any_of": [r"(?<!not )(?<!n't )\bran\s+(fine|successfully)", r"exit(ed)?\s+(with\s+)?(code\s+)?0\b"]}])


if __name__ == "__main__":
    write_all(T, ROOT, "heldout2")
