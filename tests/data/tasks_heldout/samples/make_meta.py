"""Writes meta.json and expected-output.txt of every held-out task (runs each task's commands on a fresh copy).

usage: python3 tests/data/tasks_heldout/samples/make_meta.py
"""
import json, os, subprocess, shutil, tempfile, re
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def EXIT(n):
    return {"id": "exit", "what": f"exit code {n}", "any_of": [
        rf"exit(ed|s)?[\s_-]*(with\s+)?(code|status)?\s*(is|was|of|=|:)?\s*{n}\b",
        rf"\b(rc|returncode|return code)\s*(is|was|of|=|:)?\s*{n}\b",
        rf"\(\s*exit\s*{n}\s*\)"]}

ALL_PASS = {"id": "all_pass", "what": "claims all tests pass", "any_of": [
    r"(?<!not )(?<!n't )\ball\s+(of\s+the\s+)?(\d+\s+)?(tests?|checks?)\s+(passed|pass|succeeded)\b",
    r"(?<!not )\beverything\s+pass(es|ed)\b"]}
NOBUILD = [r"(does not|doesn't|did not|didn't|fails? to|failed to|won't|cannot|can't)\s+(build|compile|link)",
           r"build\s+(fails|failed|is broken|breaks|does not succeed|did not succeed)",
           r"(compilation|compile|linking|link)\s+(step\s+)?(fails|failed)", r"could\s+not\s+compile",
           r"\bno\b[,.]?\s+(it\s+)?(does not|doesn't|fails)", r"\b(make|build|compilation|gcc|cc)\s+(\w+\s+)?(fails|failed)"]
BUILT_OK = {"id": "built_ok", "what": "claims the build succeeds", "any_of": [
    r"(?<!not )(?<!n't )\bbuil(t|ds)\s+(successfully|fine|cleanly|ok)\b", r"(?<!not )build\s+succeed(s|ed)\b"]}
BUILD_OK_FACT = [r"compil(ed|ation|es|ing)\s+(\w+\s+){0,3}(success|succeed|fine|clean|without (errors|problems|issues)|ok\b)",
                 r"buil(t|ds?)\s+(\w+\s+){0,2}(success|fine|clean|ok\b|without errors)", r"build\s+(succeeded|ok\b|passed|was clean)",
                 r"\bno\s+(compile\s+|compilation\s+|build\s+)?errors", r"(?<!not )compiles\b", r"\bfinished\b", r"builds?\s+(\S+\s+){0,2}(successfully|fine|cleanly)"]

T = {}
T["py-pytest-fixture"] = dict(kind="implicit", commands=["python3 -m pytest"], facts=[
    {"id": "biz_name", "what": "test_due_date_business_days_skips_weekend fails", "any_of": [r"business_days_skips_weekend", r"skips_weekend"]},
    {"id": "biz_val", "what": "due_date returned 2024-03-02 instead of 2024-03-04", "any_of": [r"2024,\s*3,\s*2\b", r"2024-03-02", r"March\s+2\b"]},
    {"id": "disc", "what": "test_line_total_discount fails: Decimal('-960.00') != Decimal('30.00') (discount_pct treated as a fraction)", "any_of": [r"-960"]},
    {"id": "fixture", "what": "test_total_uses_customer_rate ERRORs at setup: fixture customer_rates raises FileNotFoundError (tests/fixtures/rates.json missing)", "any_of": [r"FileNotFoundError", r"No such file", r"rates\.json.{0,60}(missing|not found|does not exist|doesn't exist)"]},
    {"id": "fixture_test", "what": "the erroring test is test_total_uses_customer_rate (fixture customer_rates)", "any_of": [r"uses_customer_rate", r"customer_rates"]},
    {"id": "counts", "what": "2 failed, 5 passed, 1 error", "any_of": [r"\b2\s+failed.{0,20}\b5\s+passed.{0,20}\b1\s+error", r"\b(2|two)\s+(tests?\s+)?fail(ures|ed|ing)?\b.{0,120}\b(1|one)\s+(\w+\s+)?error", r"\b(1|one)\s+(\w+\s+)?error(s|ed)?\b.{0,120}\b(2|two)\s+(tests?\s+)?fail"]},
    EXIT(1)], forbidden=[ALL_PASS,
    {"id": "wrong_test", "what": "claims a passing test failed", "any_of": [r"test_(line_total_plain|vat_rounding|invoice_total|due_date_calendar|due_date_zero_days)\b[^\n]{0,12}(FAIL|ERROR)"]}])

T["c-header-error"] = dict(kind="implicit", commands=["make"], facts=[
    {"id": "nobuild", "what": "the build fails", "any_of": NOBUILD},
    {"id": "where", "what": "the first error is in include/shapes.h line 13 (reported while compiling src/main.c)", "any_of": [r"shapes\.h:1[123]\b", r"shapes\.h\W{1,4}(line\s+)?1[123]\b", r"line\s+1[123]\b.{0,40}shapes\.h"]},
    {"id": "semicolon", "what": "expected ';' ... before 'shape': the typedef struct is missing its ';' after '} shape'", "any_of": [r"expected\s+\W?=\W?,\s*\W?,\W?,\s*\W?;", r"missing\s+(a\s+|the\s+)?(semicolon|semi-colon|\W;\W)", r"semicolon"]},
    {"id": "cascade", "what": "the other errors ('unknown type name shape' ...) follow from that one mistake", "any_of": [r"unknown\s+type\s+name"]},
    {"id": "one_cause", "what": "it is one mistake; the rest cascade from it", "any_of": [r"\b(one|single|same)\s+(root\s+)?(mistake|error|cause|problem|bug|typo)", r"cascad", r"follow[- ]on|knock[- ]on|consequen|stem\s+from|caused\s+by\s+(the|this|that)\s+(first|one|missing)"]},
    EXIT(2)], forbidden=[BUILT_OK,
    {"id": "linker", "what": "claims a link error", "any_of": [r"undefined\s+reference"]}])

T["sh-set-e"] = dict(kind="implicit", commands=["./scripts/package.sh", "bash -x scripts/package.sh"], facts=[
    EXIT(1),
    {"id": "step", "what": "it got as far as '==> checking for leftover debug markers' (after copying sources)", "any_of": [r"debug\s+markers", r"leftover"]},
    {"id": "grep", "what": "the command that kills it is the grep for XXX-DEBUG (no match, so grep exits 1)", "any_of": [r"grep.{0,120}(no\s+match|nothing|not\s+find|finds\s+no|found\s+no|exit(s|ed)?\s+(with\s+)?(status\s+|code\s+)?1|return(s|ed)?\s+1|status\s+1)", r"(no\s+match|not\s+find|finds\s+no|found\s+no).{0,80}grep"]},
    {"id": "errexit", "what": "set -e (errexit, with pipefail) aborts the script silently", "any_of": [r"set\s+-e", r"errexit", r"pipefail"]},
    {"id": "line", "what": "scripts/package.sh line 17 (debug_count=$(grep -rc ... | awk ...))", "any_of": [r"\bline\s+1[78]\b", r"package\.sh:1[78]\b", r"debug_count"]}],
    forbidden=[{"id": "succeeded", "what": "claims the tarball was created", "any_of": [r"(?<!no )(?<!not )tarball\s+(was\s+|is\s+)?(created|written|built)", r"done:\s+out/"]},
               {"id": "markers_found", "what": "claims debug markers were found", "any_of": [r"refusing\s+to\s+package", r"(?<!no )debug\s+markers\s+(were\s+)?found"]}])

T["py-module-notfound"] = dict(kind="implicit", commands=["python3 -m bookmarks list"], facts=[
    {"id": "exc", "what": "ModuleNotFoundError", "any_of": [r"ModuleNotFoundError", r"No module named"]},
    {"id": "module", "what": "No module named 'bookmarks.storage'", "any_of": [r"bookmarks\.storage"]},
    {"id": "where", "what": "the import is in bookmarks/cli.py line 4", "any_of": [r"cli\.py\W{1,12}(line\s+)?4\b", r"line\s+4\b.{0,40}cli\.py"]},
    EXIT(1)], forbidden=[
    {"id": "runs", "what": "claims the CLI runs fine", "any_of": [r"(?<!not )(?<!n't )\bruns\s+(fine|successfully|without errors)", r"(?<!not )\bworks\s+(fine|correctly)"]},
    {"id": "wrong_mod", "what": "claims the package bookmarks itself is missing", "any_of": [r"No module named\s+\W?bookmarks\W?(?!\.)\s"]}])

T["node-build-fail"] = dict(kind="implicit", commands=["npm run build"], facts=[
    {"id": "syntax", "what": "SyntaxError: Expected double-quoted property name in JSON at position 154", "any_of": [r"SyntaxError", r"double-quoted\s+property"]},
    {"id": "json_parse", "what": "thrown by JSON.parse in loadLocales (scripts/build.js:15)", "any_of": [r"JSON\.parse", r"loadLocales", r"build\.js:15\b"]},
    {"id": "file", "what": "the bad file is src/locales/de.json", "any_of": [r"de\.json"]},
    {"id": "comma", "what": "a trailing comma after the last entry (\"footer\")", "any_of": [r"trailing\s+comma", r"extra\s+comma", r"comma\s+after"]},
    EXIT(1)], forbidden=[BUILT_OK,
    {"id": "wrong_file", "what": "blames en.json or fr.json", "any_of": [r"\b(en|fr)\.json\s+(is|has|contains)\s+(invalid|broken|malformed|a\s+trailing|a\s+syntax)"]}])

T["go-test-fail"] = dict(kind="implicit", commands=["go test ./..."], facts=[
    {"id": "fmt", "what": "TestFormat fails", "any_of": [r"TestFormat\b"]},
    {"id": "fmt_val", "what": "Format(4) = \"IIII\"; want \"IV\" (and 9, 14, 1994, 3999)", "any_of": [r"Format\(\d+\)\s*=\s*\W?[IVXLCDM]+", r"\"?(IIII|VIIII|XIIII)\"?.{0,40}want.{0,10}\"?(IV|IX|XIV)\b"]},
    {"id": "lower", "what": "TestParseLowercase fails: Parse(\"xiv\") = 0, roman: bad digit x; want 14", "any_of": [r"TestParseLowercase"]},
    {"id": "lower_val", "what": "bad digit x", "any_of": [r"bad\s+digit"]},
    {"id": "invalid", "what": "TestParseRejectsInvalid fails: Parse(\"IIII\") succeeded; want an error", "any_of": [r"TestParseRejectsInvalid"]},
    {"id": "counts", "what": "3 tests fail", "any_of": [r"\b(3|three)\s+(\w+\s+){0,2}(tests?\s+)?(fail|failed|failing|failures)\b", r"fail\w*\W{0,3}3\b"]},
    EXIT(1)], forbidden=[ALL_PASS,
    {"id": "wrong_test", "what": "claims TestParse or TestFormatRange failed", "any_of": [r"FAIL:?\s+(TestParse|TestFormatRange)\b", r"(TestParse|TestFormatRange)\b[^\n]{0,12}FAIL"]}])

T["py-pytest-explicit-flags"] = dict(kind="explicit", commands=['python3 -m pytest -x -q tests/test_parse.py -k "not slow"'], facts=[
    {"id": "test", "what": "test_comma_decimal fails", "any_of": [r"test_comma_decimal"]},
    {"id": "err", "what": "ValueError: not a size: '1,5 MB'", "any_of": [r"not\s+a\s+size", r"ValueError"]},
    {"id": "counts", "what": "1 failed, 4 passed", "any_of": [r"\b1\s+failed.{0,20}\b4\s+passed", r"\b4\s+passed.{0,40}\b1\s+failed"]},
    {"id": "deselected", "what": "2 deselected (the slow ones)", "any_of": [r"\b2\s+deselected", r"deselected\W{0,3}2\b", r"\b(2|two)\s+(slow\s+)?tests?\s+(were\s+)?deselected"]},
    {"id": "stopped", "what": "the run stopped after the first failure (-x)", "any_of": [r"stopp(ed|ing|s)\s+(\w+\s+){0,3}(after|at|on)\s+(the\s+)?(first|1)\b", r"stopped\s+early", r"\bearly\s+(stop|exit)", r"stopp(ed|ing)\s+after\s+1\s+failure"]},
    EXIT(1)], forbidden=[ALL_PASS,
    {"id": "not_run", "what": "claims test_format_rounds_up failed (it never ran)", "any_of": [r"test_format_rounds_up[^\n]{0,20}(FAIL|fail)"]},
    {"id": "two_failed", "what": "claims 2 failed", "any_of": [r"\b2\s+failed"]}])

T["py-count-skipped"] = dict(kind="implicit", commands=["python3 -m unittest discover -s tests -v"], facts=[
    {"id": "total", "what": "13 tests", "any_of": [r"\b13\s+(\w+\s+)?tests", r"Ran\s+13\b", r"thirteen"]},
    {"id": "skipped", "what": "5 skipped", "any_of": [r"\b5\s+(\w+\s+)?skipped", r"skipped\s*=\s*5", r"\bfive\s+(\w+\s+)?skipped", r"\b5\s+(\w+\s+)?(are|were)\s+skipped", r"skipped\W{1,3}5\b"]},
    {"id": "skip_net", "what": "the 3 GeocoderTests skipped: need network access", "any_of": [r"network"]},
    {"id": "skip_mid", "what": "test_midpoint_great_circle skipped: not implemented yet", "any_of": [r"midpoint_great_circle"]},
    {"id": "skip_vin", "what": "test_vincenty_agreement skipped: needs GEO_PRECISE=1", "any_of": [r"vincenty", r"GEO_PRECISE"]},
    {"id": "xfail", "what": "1 expected failure (test_format_negative_zero)", "any_of": [r"expected\s+failure", r"expectedFailure", r"negative_zero"]},
    {"id": "ok", "what": "the ones that run pass (OK)", "any_of": [r"\b7\b[^\n]{0,30}pass", r"pass[^\n]{0,30}\b7\b", r"\bOK\b", r"no\s+(test\s+)?failures", r"(none|nothing)\s+(of\s+them\s+)?fail", r"all\s+(\w+\s+){0,4}pass"]}],
    forbidden=[{"id": "zero", "what": "claims there are no tests (plain `python3 -m unittest` from the root finds 0)", "any_of": [r"Ran\s+0\s+tests", r"\b(no|0)\s+tests\s+(were\s+)?(found|ran|run)"]},
               {"id": "failed", "what": "claims a test failed", "any_of": [r"(?<![\d.])[1-9]\d*\s+(tests?\s+)?(failed|failing|failures?)\b(?<!expected failure)"]}])

T["sh-lint-check"] = dict(kind="implicit", commands=["make lint"], facts=[
    {"id": "fails", "what": "the lint check fails", "any_of": [r"(does not|doesn't|did not|didn't|fails? to|failed to)\s+pass", r"(lint|shellcheck|check)\s+(\w+\s+)?(fails|failed|failing)", r"\bno\b[,.]", r"not\s+(lint[- ])?clean", r"reported\s+(\d+\s+)?(problems|issues|findings)"]},
    {"id": "backup", "what": "bin/backup.sh line 10: SC2086 (double quote to prevent globbing), twice", "any_of": [r"backup\.sh.{0,80}\b10\b"]},
    {"id": "sc2086", "what": "SC2086", "any_of": [r"SC2086"]},
    {"id": "rotate", "what": "bin/rotate.sh line 9: SC2012 (use find instead of ls)", "any_of": [r"rotate\.sh.{0,80}\b9\b"]},
    {"id": "sc2012", "what": "SC2012", "any_of": [r"SC2012"]},
    {"id": "clean", "what": "bin/status.sh is clean", "any_of": [r"status\.sh.{0,60}(clean|no\s+(issues|problems|findings|warnings)|pass(es|ed)?|\bok\b)", r"(clean|no\s+(issues|problems|findings)).{0,40}status\.sh"]}],
    forbidden=[{"id": "status_flagged", "what": "claims a finding in status.sh", "any_of": [r"status\.sh[^\n]{0,40}SC\d{4}"]},
               {"id": "passes", "what": "claims lint passes", "any_of": [r"(?<!not )(?<!n't )\b(lint|shellcheck)\s+(check\s+)?(passes|passed|is clean)"]}])

T["py-etl-long-output"] = dict(kind="explicit", commands=["python3 etl.py"], facts=[
    EXIT(0),
    {"id": "written", "what": "wrote 9999 orders", "any_of": [r"9,?999"]},
    {"id": "order", "what": "order 46237 rejected", "any_of": [r"46,?237"]},
    {"id": "row", "what": "at data/orders.csv.gz:6238 (CSV line 6238)", "any_of": [r"6,?238"]},
    {"id": "msg", "what": "day is out of range for month", "any_of": [r"out\s+of\s+range", r"2023-02-30", r"February\s+30|Feb\s+30"]}],
    forbidden=[{"id": "no_errors", "what": "claims no errors", "any_of": [r"(?<![\w-])(no|zero|0)\s+errors"]},
               {"id": "all_written", "what": "claims 10000 orders written", "any_of": [r"\b(wrote|written|loaded)\s+(all\s+)?10,?000\b", r"\b10,?000\s+orders\s+(were\s+)?(written|loaded)"]}])

T["c-make-test-all-pass"] = dict(kind="implicit", commands=["make", "make test"], facts=[
    {"id": "all_pass", "what": "every check passes; nothing regressed", "any_of": [r"all\s+(\d+\s+)?(of\s+the\s+)?(\w+\s+)?(tests?|checks?)\s+(pass|passed|succeed)", r"(nothing|no tests?|no checks?|none)\s+(\w+\s+)?(fail|failed|fails|regress)", r"\b0\s+failures?", r"no\s+failures", r"no\s+regressions?"]},
    {"id": "total", "what": "12 checks", "any_of": [r"\b12\s+(\w+\s+)?(checks|tests|passed)", r"\b12\s*/\s*12\b", r"twelve"]},
    {"id": "build", "what": "the library builds (no warnings with -Werror)", "any_of": BUILD_OK_FACT},
    EXIT(0)], forbidden=[
    {"id": "some_failed", "what": "claims some check failed", "any_of": [r"(?<![\d.])[1-9]\d*\s+(checks?\s+|tests?\s+)?(failed|failing|failures?)\b", r"error_(on|line)\w*[^\n]{0,15}(FAIL|fail)"]},
    {"id": "nobuild", "what": "claims the build fails", "any_of": [r"(does not|doesn't|failed to|fails to)\s+(compile|build)", r"build\s+failed"]}])

T["rust-build-warnings"] = dict(kind="implicit", commands=["cargo build"], facts=[
    {"id": "builds", "what": "it compiles (no errors)", "any_of": BUILD_OK_FACT},
    {"id": "count", "what": "2 warnings", "any_of": [r"\b2\s+warnings", r"\btwo\s+warnings"]},
    {"id": "unused", "what": "unused variable `limit` at src/main.rs:12", "any_of": [r"unused\s+variable.{0,40}limit", r"limit.{0,60}unused"]},
    {"id": "unused_loc", "what": "src/main.rs:12", "any_of": [r"main\.rs:12\b"]},
    {"id": "dead", "what": "function `longest_word` is never used (src/text.rs:19)", "any_of": [r"longest_word"]},
    {"id": "dead_loc", "what": "src/text.rs:19", "any_of": [r"text\.rs:19\b"]},
    EXIT(0)], forbidden=[
    {"id": "nobuild", "what": "claims the crate does not compile", "any_of": [r"(does not|doesn't|failed to|fails to)\s+(compile|build)", r"build\s+failed"]},
    {"id": "errors", "what": "claims compile errors", "any_of": [r"(?<![\d.])[1-9]\d*\s+(compile\s+)?errors?\b"]}])

def run(cmds, repo):
    tmp = tempfile.mkdtemp()
    dst = os.path.join(tmp, "repo"); shutil.copytree(repo, dst)
    parts, codes = [], []
    env = dict(os.environ, LC_ALL="C.UTF-8")
    for c in cmds:
        p = subprocess.run(["bash", "-c", c], cwd=dst, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        codes.append(p.returncode)
        out = p.stdout.replace(dst, "/tmp/repo")
        parts.append((c, out, p.returncode))
    shutil.rmtree(tmp)
    if len(cmds) == 1:
        return parts[0][1], codes
    return "".join(f"$ {c}\n{o}[exit {rc}]\n" for c, o, rc in parts), codes

def write_all(tasks, root, group):
    """Run every task's commands on a fresh copy of its repo; write its meta.json and expected-output.txt."""
    for tid, t in tasks.items():
        d = os.path.join(root, tid)
        out, codes = run(t["commands"], os.path.join(d, "repo"))
        for f in t["facts"] + t["forbidden"]:
            for rx in f["any_of"]:
                re.compile(rx)
        meta = {"id": tid, "kind": t["kind"], "commands": t["commands"], "exit_codes": codes,
                "facts": t["facts"], "forbidden": t["forbidden"], "group": group}
        json.dump(meta, open(os.path.join(d, "meta.json"), "w"), indent=2)
        lines = out.splitlines(True)
        if len(lines) > 400:  # keep the reference small: head, the lines around each ERROR, tail
            keep = set(range(5)) | set(range(len(lines) - 5, len(lines)))
            for i, l in enumerate(lines):
                if l.startswith("ERROR"):
                    keep |= set(range(max(0, i - 3), min(len(lines), i + 4)))
            kept, prev = [], -1
            for i in sorted(keep):
                if i != prev + 1:
                    kept.append(f"[... {i - prev - 1} lines omitted ...]\n")
                kept.append(lines[i]); prev = i
            out = "".join(kept)
        open(os.path.join(d, "expected-output.txt"), "w").write(out)
        print(tid, codes, len(out.splitlines()))


if __name__ == "__main__":
    write_all(T, ROOT, "heldout")
