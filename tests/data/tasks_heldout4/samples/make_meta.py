"""Writes meta.json and expected-output.txt of every fourth-batch held-out task (runs each task's commands on a fresh copy).

usage: python3 tests/data/tasks_heldout4/samples/make_meta.py
The fact helpers and the writer are the first batch's (tasks_heldout/samples/make_meta.py).
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout", "samples", "make_meta.py"))
_first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_first)
EXIT, ALL_PASS, BUILD_OK_FACT, NOBUILD, BUILT_OK, write_all = (
    _first.EXIT, _first.ALL_PASS, _first.BUILD_OK_FACT, _first.NOBUILD, _first.BUILT_OK, _first.write_all)

T = {}
T["perl-prove-fail"] = dict(kind="implicit", commands=["prove -lv t"], facts=[
    {"id": "collapse", "what": "'collapses runs of separators' fails", "any_of": [r"collapses\s+runs\s+of\s+separators"]},
    {"id": "collapse_val", "what": "got 'c-----perl--a-story', expected 'c-perl-a-story'", "any_of": [r"c-----perl--a-story"]},
    {"id": "truncate", "what": "'truncates at a word boundary' fails", "any_of": [r"truncates\s+at\s+a\s+word\s+boundary"]},
    {"id": "truncate_val", "what": "got 'hello', expected 'hello-world'", "any_of": [r"got\W{0,4}\s*\W?hello\b(?!-)", r"\W'hello'\W"]},
    {"id": "counts", "what": "2 of the 5 tests in t/10-slug.t fail (8 tests in all; t/00-basic.t passes)", "any_of": [
        r"\b(2|two)\s*/\s*5\b", r"\b(2|two)\s+(of|out\s+of)\s+(the\s+)?(5|five|8|eight)\b", r"Failed\s+2/5", r"Failed\s+tests:?\s+3-4",
        r"\b(2|two)\s+(\w+\s+){0,2}(tests?|subtests|assertions)\s+(fail|failed)"]},
    EXIT(1)],
    forbidden=[ALL_PASS, {"id": "wrong_test", "what": "claims a passing test failed", "any_of": [
        r"(spaces\s+become\s+dashes|trims\s+leading|short\s+slugs\s+are\s+unchanged|plain\s+words)[^\n]{0,20}\b(fail|FAIL)"]}])

T["cmake-compile-error"] = dict(kind="implicit", commands=["cmake -S . -B build", "cmake --build build"], facts=[
    {"id": "nobuild", "what": "the build fails", "any_of": NOBUILD + [r"(cmake\s+--build|build\s+step)\s+(\w+\s+)?fail"]},
    {"id": "member", "what": "'struct ringbuf' has no member named 'capacity'", "any_of": [r"no\s+member\s+named\s+\W?capacity"]},
    {"id": "where", "what": "src/ringbuf.c:14 (in ringbuf_push)", "any_of": [r"ringbuf\.c:14\b", r"ringbuf\.c\W{1,5}line\s+14\b"]},
    {"id": "configure", "what": "configuring with CMake itself succeeded (the failure is in the compile)", "any_of": [
        r"configur\w*\s+(\w+\s+){0,4}(succeed\w*|success\w*|fine|ok\b|worked|passed|done)", r"Configuring\s+done", r"Build\s+files\s+have\s+been\s+written"]},
    {"id": "cap", "what": "the field is called cap now", "any_of": [r"\bcap\b"]},
    EXIT(2)],
    forbidden=[BUILT_OK, {"id": "linker", "what": "claims a link error", "any_of": [r"undefined\s+reference"]}])

T["csv-count-status"] = dict(kind="implicit", commands=["awk -F, '$3==\"failed\"' data/jobs.csv"], facts=[
    {"id": "count", "what": "6 rows", "any_of": [r"\b(6|six)\s+(\w+\s+){0,2}(rows?|jobs?|runs?|entries|records|lines)", r"(rows?|count|total)\W{0,6}\b6\b"]},
    {"id": "ids_a", "what": "ids 1007, 1013, 1021", "any_of": [r"1007.{0,40}1013.{0,40}1021"]},
    {"id": "ids_b", "what": "ids 1022, 1030, 1036", "any_of": [r"1022.{0,40}1030.{0,40}1036"]}],
    forbidden=[{"id": "retry", "what": "counts failed_retry rows (8) or lists 1017/1033 as failed", "any_of": [
        r"\b(8|eight)\s+(\w+\s+){0,2}(rows?|jobs?|runs?|entries|records|lines)", r"\b1017\b", r"\b1033\b"]}])

T["make-check-terse"] = dict(kind="explicit", commands=["make check"], facts=[
    {"id": "dev", "what": "config/dev.ini: [server] missing required key 'host'", "any_of": [r"dev\.ini.{0,80}\bhost\b", r"\bhost\b.{0,80}dev\.ini"]},
    {"id": "staging", "what": "config/staging.ini: port 80800 out of range 1-65535", "any_of": [r"80800"]},
    {"id": "count", "what": "2 of 3 config files invalid (prod.ini ok)", "any_of": [r"\b(2|two)\s+of\s+(the\s+)?(3|three)\b", r"prod\.ini\W{0,4}\s*(is\s+)?(ok|fine|valid|passes|clean)"]},
    EXIT(2)],
    forbidden=[{"id": "passes", "what": "claims the check passes", "any_of": [r"(?<!not )(?<!n't )\b(check|it)\s+pass(es|ed)\b", r"all\s+(config\s+)?files\s+(are\s+)?valid"]},
               {"id": "prod", "what": "blames prod.ini", "any_of": [r"prod\.ini[^\n]{0,30}(missing|out\s+of\s+range|invalid)"]}])

T["py-tox-commands"] = dict(kind="implicit", commands=["cd src && python3 -m unittest discover -s checks -p \"check_*.py\" -v"], facts=[
    {"id": "ran", "what": "Ran 6 tests", "any_of": [r"\b6\s+(\w+\s+)?tests", r"Ran\s+6\b", r"\b5\s+(\w+\s+){0,2}pass\w*.{0,40}\b1\s+(\w+\s+)?fail", r"\b(1|one)\s+(of|out\s+of)\s+(the\s+)?6\b"]},
    {"id": "test", "what": "test_fractional fails", "any_of": [r"test_fractional"]},
    {"id": "values", "what": "AssertionError: 1 != 1.5 (scale floors with //)", "any_of": [r"\b1\s*!=\s*1\.5\b", r"got\s+1\b.{0,30}1\.5", r"1\.5.{0,40}\bgot\s+1\b"]},
    EXIT(1)],
    forbidden=[{"id": "zero", "what": "claims there are no tests (plain discovery from the root finds 0)", "any_of": [r"Ran\s+0\s+tests", r"\b(no|0)\s+tests\s+(were\s+)?(found|ran|run)"]},
               ALL_PASS])

T["sh-tap-tests"] = dict(kind="implicit", commands=["tests/run.sh"], facts=[
    {"id": "fails", "what": "no: one case fails", "any_of": [r"\bno\b[,.]", r"not\s+ok\s+4", r"\b(1|one)\s+(\w+\s+){0,2}(tests?|cases?|checks?)\s+(fail|failed|failing)", r"\b(1|one)\s+(of|out\s+of)\s+(the\s+)?(6|six)\b", r"\b5\s*/\s*6\b", r"\b5\s+(of|out\s+of)\s+(the\s+)?6\b"]},
    {"id": "name", "what": "'bump minor resets patch' fails", "any_of": [r"bump\s+minor\s+resets\s+patch"]},
    {"id": "values", "what": "got 1.3.7, expected 1.3.0", "any_of": [r"1\.3\.7"]},
    {"id": "others", "what": "the other 5 pass", "any_of": [r"\b5\s+(\w+\s+){0,2}(pass|passed|ok)\b", r"\b5\s*/\s*6\b", r"\b5\s+(of|out\s+of)\s+(the\s+)?6\b", r"(other|remaining)\s+(\w+\s+){0,2}(pass|ok)"]},
    EXIT(1)],
    forbidden=[ALL_PASS, {"id": "wrong", "what": "names another case as failing", "any_of": [r"(bump\s+patch\b(?!\s+from)|bump\s+major|unknown\s+part|patch\s+from\s+zero)[^\n]{0,20}\b(fail|FAIL|not\s+ok)"]}])

T["json-config-invalid"] = dict(kind="implicit", commands=["python3 -m json.tool config/settings.json"], facts=[
    {"id": "invalid", "what": "it is not valid JSON", "any_of": [r"\bno\b[,.]", r"(not|isn't|invalid)\s+(\w+\s+){0,2}(valid\s+)?JSON", r"\binvalid\b"]},
    {"id": "comma", "what": "Expecting ',' delimiter (a missing comma)", "any_of": [r"Expecting\s+\W,\W\s+delimiter", r"missing\s+(a\s+|the\s+)?comma", r"Expected\s+separator"]},
    {"id": "where", "what": "line 12 (column 3), where \"sizes\" starts after the storage object closes on line 11", "any_of": [r"line\s+12\b", r"settings\.json:12\b", r"line\s+11\b"]},
    {"id": "context", "what": "between the storage block and \"sizes\"", "any_of": [r"\bsizes\b", r"\bstorage\b"]}],
    forbidden=[{"id": "valid", "what": "claims it is valid", "any_of": [r"(?<!not )(?<!n't )\bis\s+valid\s+JSON", r"\byes\b[,.]"]},
               {"id": "limits", "what": "blames limits.json", "any_of": [r"limits\.json\s+(is\s+)?(invalid|broken|malformed)"]}])

T["py-requires-python"] = dict(kind="implicit", commands=["grep -n requires-python pyproject.toml", "python3 --version"], facts=[
    {"id": "required", "what": "requires-python >=3.9", "any_of": [r">=\s*3\.9\b", r"3\.9\s+(or\s+(newer|later|higher|above)|\+)", r"at\s+least\s+(python\s+)?3\.9"]},
    {"id": "installed", "what": "python3 here is Python 3.x.y", "any_of": [r"Python\s+3\.\d+\.\d+", r"python3\W{0,20}\b3\.\d+\.\d+"]},
    {"id": "enough", "what": "yes, it is new enough", "any_of": [r"\byes\b", r"(?<!not )(?<!n't )\b(new\s+enough|satisf(ies|ied)|meets|compatible|sufficient)"]}],
    forbidden=[{"id": "too_old", "what": "claims python3 is too old", "any_of": [r"(not|isn't)\s+new\s+enough", r"too\s+old", r"does\s+not\s+(satisfy|meet)"]},
               {"id": "wrong_req", "what": "claims another minimum version", "any_of": [r">=\s*3\.(?!9\b)\d+", r"requires\s+(python\s+)?3\.(1\d|[0-8])\b"]}])

T["rm-build-dir"] = dict(kind="explicit", commands=["ls -la build"], facts=[
    {"id": "not_deleted", "what": "build/ was not deleted here: a recursive delete needs approval (nobody to approve it unattended)", "any_of": [
        r"(not|n't|never)\s+(\w+\s+){0,3}(deleted|removed)", r"needs?\s+(\w+\s+){0,2}(approval|confirmation)", r"refused", r"\bapprov"]},
    {"id": "command", "what": "the command to run is rm -rf build", "any_of": [r"rm\s+-r\w*\s+(\./)?build/?(?!\S)"]},
    {"id": "contents", "what": "build/ holds count.o, main.o and wc2", "any_of": [r"main\.o", r"count\.o", r"\bwc2\b"]}],
    forbidden=[{"id": "deleted", "what": "claims build/ was deleted", "any_of": [
        r"(?<!not )(?<!n't )(?<!never )(?<!be )\b(deleted|removed)\s+(the\s+)?(\./)?build\b", r"build/?\s+(was|has\s+been|is\s+now)\s+(deleted|removed|gone)"]},
               {"id": "cache", "what": "deleted data/freq.cache (make clean)", "any_of": [r"(?<!not )(?<!n't )\b(deleted|removed)\s+(\w+\s+){0,3}freq\.cache"]}])

T["node-build-then-test"] = dict(kind="implicit", commands=["npm run build", "npm test"], facts=[
    {"id": "built", "what": "the build succeeds: dist/messages.json with 3 languages", "any_of": BUILD_OK_FACT + [r"3\s+languages", r"messages\.json"]},
    {"id": "counts", "what": "3 of 4 tests pass, 1 fails", "any_of": [r"\b3\s+(\w+\s+){0,2}pass\w*.{0,40}\b1\s+(\w+\s+)?fail", r"\b1\s+(\w+\s+){0,2}fail\w*.{0,60}\b3\s+(\w+\s+){0,2}pass", r"\b(1|one)\s+(of|out\s+of)\s+(the\s+)?4\b", r"pass\W{0,3}3\b.{0,40}fail\W{0,3}1\b"]},
    {"id": "test", "what": "'bye renders in fr' fails", "any_of": [r"bye\s+renders\s+in\s+fr"]},
    {"id": "values", "what": "actual 'Au revoir, {nom}.' vs expected 'Au revoir, Ada.' (fr.txt uses {nom})", "any_of": [r"\{nom\}"]}],
    forbidden=[ALL_PASS, {"id": "nobuild", "what": "claims the build failed", "any_of": [r"build\s+(failed|fails)", r"(Cannot|can't)\s+find\s+module\s+\W?\.\./dist"]}])

T["grep-todo"] = dict(kind="implicit", commands=["grep -rnE 'TODO|FIXME' src"], facts=[
    {"id": "counts", "what": "4 TODO and 2 FIXME (6 in all)", "any_of": [r"\b(6|six)\s+(\w+\s+){0,3}(comments|markers|in\s+(all|total))", r"\b(4|four)\s+TODOs?\b.{0,40}\b(2|two)\s+FIXMEs?\b", r"total\W{0,6}\b6\b"]},
    {"id": "cart", "what": "src/shop/cart.py:10 (TODO) and :15 (FIXME)", "any_of": [r"cart\.py:10\b.{0,200}\b15\b", r"cart\.py\W{1,10}(lines?\s+)?10\b.{0,60}\b15\b"]},
    {"id": "tax", "what": "src/shop/tax.py:5 and :6 (TODO)", "any_of": [r"tax\.py:5\b.{0,200}\b6\b", r"tax\.py\W{1,10}(lines?\s+)?5\b.{0,60}\b6\b"]},
    {"id": "checkout", "what": "src/shop/checkout.py:7 (FIXME) and :9 (TODO)", "any_of": [r"checkout\.py:7\b.{0,200}\b9\b", r"checkout\.py\W{1,10}(lines?\s+)?7\b.{0,60}\b9\b"]}],
    forbidden=[{"id": "tests", "what": "counts the TODO in tests/ or the todo_list / 'todo: nothing' words", "any_of": [r"test_cart\.py", r"\b(7|8|9|seven|eight|nine)\s+(\w+\s+){0,3}(comments|markers|in\s+(all|total))"]}])

T["py-doctest-fail"] = dict(kind="implicit", commands=["python3 -m doctest -v textutil.py"], facts=[
    {"id": "func", "what": "the failing example is in word_count", "any_of": [r"word_count"]},
    {"id": "example", "what": "word_count(\"state-of-the-art tooling\")", "any_of": [r"state-of-the-art"]},
    {"id": "values", "what": "Expected 5, got 2", "any_of": [r"expected\W{0,4}\s*5\b.{0,40}\bgot\W{0,4}\s*2\b", r"\bgot\W{0,4}\s*2\b.{0,40}expected\W{0,4}\s*5\b", r"\b2\b\s+(instead\s+of|rather\s+than)\s+5\b", r"returns?\s+2\b"]},
    {"id": "counts", "what": "1 of 6 examples fails (5 passed)", "any_of": [r"\b5\s+passed\s+and\s+1\s+failed", r"\b(1|one)\s+(of|out\s+of)\s+(the\s+)?6\b", r"\b5\s+(\w+\s+){0,2}pass\w*.{0,40}\b1\s+(\w+\s+){0,2}fail", r"\b1\s+failures?\b"]},
    {"id": "line", "what": "textutil.py line 34", "any_of": [r"line\s+34\b", r"textutil\.py:34\b"]}],
    forbidden=[ALL_PASS, {"id": "wrong_func", "what": "claims title_case or excerpt fails", "any_of": [r"(title_case|excerpt)[^\n]{0,20}\b(fails|failed|FAIL)"]}])

T["node-format-check"] = dict(kind="implicit", commands=["npm run format:check"], facts=[
    {"id": "red", "what": "no: the format check fails", "any_of": [r"\bno\b[,.]", r"(not|isn't)\s+green", r"(check|format\w*)\s+(\w+\s+){0,2}(fails|failed|failing|is\s+red)", r"\bred\b"]},
    {"id": "api", "what": "src/api.js:5 tab indentation", "any_of": [r"api\.js:5\b", r"api\.js\W{1,10}(line\s+)?5\b"]},
    {"id": "server", "what": "src/server.js:4 trailing whitespace", "any_of": [r"server\.js:4\b", r"server\.js\W{1,10}(line\s+)?4\b"]},
    {"id": "count", "what": "2 formatting problems", "any_of": [r"\b(2|two)\s+(formatting\s+)?(problems|issues|findings|errors)"]},
    EXIT(1)],
    forbidden=[{"id": "green", "what": "claims it is green or fixed", "any_of": [r"(?<!not )(?<!n't )\bis\s+green", r"format\s+OK", r"(?<!not )(?<!n't )\b(problems|issues)\s+(were\s+)?fixed"]},
               {"id": "cart", "what": "blames cart.js", "any_of": [r"cart\.js:\d+"]}])

T["py-terse-tests"] = dict(kind="implicit", commands=["python3 -m unittest -v"], facts=[
    {"id": "counts", "what": "Ran 7 tests: 1 failure, 1 error", "any_of": [r"failures=1,\s*errors=1", r"\b(1|one)\s+fail\w*.{0,40}\b(1|one)\s+error", r"\b(1|one)\s+error\w*.{0,40}\b(1|one)\s+fail", r"\b5\s+(of|out\s+of)\s+(the\s+)?7\b"]},
    {"id": "error_test", "what": "test_fractional_hours errors: ValueError: not a duration: '1.5h'", "any_of": [r"test_fractional_hours"]},
    {"id": "error_msg", "what": "ValueError not a duration '1.5h'", "any_of": [r"not\s+a\s+duration", r"ValueError"]},
    {"id": "fail_test", "what": "test_float_seconds fails", "any_of": [r"test_float_seconds"]},
    {"id": "fail_val", "what": "'1.0m30.0s' != '1m30s'", "any_of": [r"1\.0m30\.0s"]}],
    forbidden=[ALL_PASS, {"id": "wrong", "what": "claims another test failed", "any_of": [r"(test_hours_minutes|test_days|test_rejects_garbage|test_roundtrip|test_zero)[^\n]{0,20}\b(FAIL|ERROR|fail)"]}])


if __name__ == "__main__":
    write_all(T, ROOT, "heldout4")
