"""Writes meta.json and expected-output.txt of every second-batch held-out task (runs each task's commands on a fresh copy).

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

for tid, t in T.items():
    d = os.path.join(ROOT, tid)
    out, codes = run(t["commands"], os.path.join(d, "repo"))
    for f in t["facts"] + t["forbidden"]:
        for rx in f["any_of"]:
            re.compile(rx)
    meta = {"id": tid, "kind": t["kind"], "commands": t["commands"], "exit_codes": codes,
            "facts": t["facts"], "forbidden": t["forbidden"], "group": "heldout2"}
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
