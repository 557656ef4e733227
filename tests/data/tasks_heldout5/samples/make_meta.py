"""Writes meta.json and expected-output.txt of every fifth-batch held-out task (runs each task's commands on a fresh
copy, after the task's setup.sh when it has one: the git tasks build their history there).

usage: python3 tests/data/tasks_heldout5/samples/make_meta.py
The fact helpers are the first batch's (tasks_heldout/samples/make_meta.py).
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout", "samples", "make_meta.py"))
_first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_first)
EXIT, ALL_PASS, NOBUILD, BUILT_OK = _first.EXIT, _first.ALL_PASS, _first.NOBUILD, _first.BUILT_OK


def near(a, b, gap=60):
    """Patterns for a then b on one line, or b then a (the later batches' facts use it)."""
    return [rf"{a}[^\n]{{0,{gap}}}{b}", rf"{b}[^\n]{{0,{gap}}}{a}"]


NOT_CLEAN_CLAIMS = [r"(?<!not )(?<!n't )\b(working\s+tree|tree|it)\s+is\s+clean\b", r"nothing\s+to\s+commit"]

T = {}
T["py-slow-tests"] = dict(kind="implicit", commands=["python3 -m pytest --durations=3"], facts=[
    {"id": "first", "what": "test_rebuild_index is the slowest (~0.9 s)", "any_of": [r"test_rebuild_index"]},
    {"id": "first_time", "what": "about 0.9 s", "any_of": [r"\b0\.9\d*\s*s", r"\b9\d\d(\.\d+)?\s*ms"]},
    {"id": "second", "what": "test_warm_cache_copies (~0.5 s)", "any_of": [r"test_warm_cache_copies"]},
    {"id": "third", "what": "test_export_large (~0.3 s)", "any_of": [r"test_export_large"]},
    {"id": "pass", "what": "all 8 tests pass", "any_of": [r"\b8\s+passed", r"\b8\s+(\w+\s+)?tests?\b.{0,40}pass", r"all\s+8\b"]}],
    forbidden=[{"id": "fast_named_slow", "what": "names a fast test among the slowest",
                "any_of": [r"(test_normalize_title\w*|test_empty_title|test_tabs_are_spaces|test_unicode_title)[^\n]{0,30}\b0\.[1-9]\d*\s*s"]},
               {"id": "fails", "what": "claims a test fails", "any_of": [r"\b[1-9]\d*\s+failed", r"tests?\s+failed"]}])

T["node-slow-test"] = dict(kind="implicit", commands=["npm test"], facts=[
    {"id": "name", "what": "'reindexes all documents' is the slowest", "any_of": [r"reindexes\s+all\s+documents"]},
    {"id": "time", "what": "about 800 ms", "any_of": [r"\b8\d\d(\.\d+)?\s*ms", r"\b0\.8\d*\s*s\b", r"duration_ms:?\s*8\d\d"]},
    {"id": "pass", "what": "all 5 tests pass", "any_of": [r"\b5\s+pass", r"pass\W{0,3}5\b", r"\b5\s+(\w+\s+)?tests?\b.{0,40}pass", r"all\s+5\b",
                                                        r"\b5\s+of\s+5\b"]}],
    forbidden=[{"id": "snapshot_slowest", "what": "calls the snapshot test (150 ms) the slowest",
                "any_of": [r"slowest[^\n]{0,40}takes\s+a\s+snapshot"]}, {"id": "fails", "what": "claims a test fails",
                "any_of": [r"\b[1-9]\d*\s+(tests?\s+)?failed", r"fail\W{0,3}[1-9]"]}])

T["c-build-warns"] = dict(kind="implicit", commands=["make"], facts=[
    {"id": "builds", "what": "the build succeeds (warnings only, exit 0)", "any_of": [
        r"build\s+succeeded", r"exit(ed|s)?\s+(with\s+)?(code\s+)?0\b", r"(only\s+)?warnings?,?\s+(but\s+)?no\s+errors", r"builds?\s+(fine|successfully)"]},
    {"id": "format", "what": "main.c:8: format '%d' expects int but argument is long int (-Wformat)", "any_of": [
        r"main\.c:8\b", r"-Wformat\b", r"format\s+\W?%d\W?\s+expects"]},
    {"id": "sign", "what": "csvline.c:9: comparison of different signedness int vs size_t (-Wsign-compare)", "any_of": [
        r"csvline\.c:9\b", r"-Wsign-compare", r"different\s+signedness"]},
    {"id": "unused", "what": "csvline.c:5: unused parameter 'flags' (-Wunused-parameter)", "any_of": [
        r"csvline\.c:5\b", r"-Wunused-parameter", r"unused\s+parameter"]},
    {"id": "count", "what": "3 warnings", "any_of": [r"\b(3|three)\s+warnings"]}],
    forbidden=[{"id": "fails", "what": "claims the build fails", "any_of": [r"build\s+failed", r"(?<!no )\b[1-9]\s+errors?\b"]}])

T["c-werror"] = dict(kind="implicit", commands=["make CFLAGS='-Wall -O2 -Werror'"], facts=[
    {"id": "no", "what": "no: with -Werror the build fails", "any_of": NOBUILD + [r"\bno\b[,.:]"]},
    {"id": "var", "what": "unused variable 'len'", "any_of": [r"unused\s+variable\s+\W?len\b"]},
    {"id": "where", "what": "src/kv.c:20 (in kv_value)", "any_of": [r"kv\.c:20\b", r"kv\.c\W{1,5}line\s+20\b"]},
    {"id": "flag", "what": "-Werror=unused-variable (the only warning)", "any_of": [r"-Werror=unused-variable", r"-Wunused-variable",
                                                                                  r"all\s+warnings\s+being\s+treated\s+as\s+errors"]}],
    forbidden=[{"id": "compiles", "what": "claims it compiles with -Werror", "any_of": [
        r"(?<!not )(?<!n't )\bcompiles\s+(cleanly\s+|fine\s+)?with\s+-Werror", r"(?<!not )build\s+succeeded[^\n]{0,40}-Werror"]}])

T["py-pinned-version"] = dict(kind="implicit", commands=["grep -n click requirements.txt"], facts=[
    {"id": "version", "what": "click==8.1.7 (requirements.txt)", "any_of": [r"8\.1\.7"]},
    {"id": "file", "what": "pinned in requirements.txt", "any_of": [r"requirements\.txt"]}],
    forbidden=[{"id": "installed_as_pinned", "what": "gives the installed version as the pinned one",
                "any_of": [r"pinned\s+(to\s+|at\s+|as\s+)?(version\s+)?\W?(8\.[02-9]|8\.1\.[0-689])", r"click==(?!8\.1\.7)\d"]}])

T["go-pinned-version"] = dict(kind="implicit", commands=["grep -n google/uuid go.mod"], facts=[
    {"id": "version", "what": "v1.3.1", "any_of": [r"v?1\.3\.1\b"]},
    {"id": "direct", "what": "a direct dependency (in the first require block, no // indirect)", "any_of": [
        r"(?<!in)(?<!not a )direct(ly)?\b(?!\s*=)", r"not\s+(marked\s+)?(as\s+)?(//\s*)?indirect", r"no\s+//\s*indirect"]}],
    forbidden=[{"id": "wrong", "what": "gives x/text's or chi's version for uuid", "any_of": [r"uuid[^\n]{0,30}v(0\.14\.0|5\.0\.10)"]},
               {"id": "indirect", "what": "calls uuid indirect", "any_of": [r"uuid[^\n]{0,40}(is|as)\s+(an\s+)?indirect"]}])

T["sh-lint-rules"] = dict(kind="explicit", commands=["make lint"], facts=[
    {"id": "sc2086", "what": "SC2086 (double quote to prevent globbing) fires 3 times", "any_of": [
        r"SC2086\D{0,40}\b(3|three)\b", r"\b(3|three)\D{0,20}SC2086"]},
    {"id": "sc2034", "what": "SC2034 (unused_retention appears unused) once", "any_of": [r"SC2034"]},
    {"id": "sc2012", "what": "SC2012 (use find instead of ls) once", "any_of": [r"SC2012"]},
    {"id": "total", "what": "5 findings in 2 files (backup.sh, rotate.sh); selftest.sh is clean", "any_of": [
        r"\b(5|five)\s+(findings|warnings|issues|problems|diagnostics|hits)", r"selftest\.sh\W{0,20}(is\s+)?(clean|no\s+findings)",
        r"No\s+findings\s+in\s+[^\n]{0,30}selftest"]},
    EXIT(2)],
    forbidden=[{"id": "sc2164", "what": "names a rule that does not fire", "any_of": [r"SC2164", r"SC2006", r"SC2046"]},
               {"id": "clean", "what": "claims lint passes", "any_of": [r"(?<!not )\blint\s+pass(es|ed)\b", r"reported\s+no\s+problems"]}])

T["loc-per-language"] = dict(kind="implicit", commands=["find . -path ./vendor -prune -o -type f -name '*.py' -print | xargs wc -l"], facts=[
    {"id": "python", "what": "Python: 63 lines (51 non-blank) in 3 files", "any_of": [r"Python\W[^\n]{0,40}\b(63|51)\b", r"\b(63|51)\b[^\n]{0,30}Python", r"\.py\W[^\n]{0,40}\b(63|51)\b"]},
    {"id": "js", "what": "JavaScript: 49 lines (38 non-blank) in 2 files, vendor/ not counted", "any_of": [
        r"(JavaScript|\bJS\b)\W[^\n]{0,40}\b(49|38)\b", r"\b(49|38)\b[^\n]{0,30}(JavaScript|\bJS\b)", r"\.js\W[^\n]{0,40}\b(49|38)\b"]},
    {"id": "c", "what": "C: 35 lines (.c 27 + .h 8; 29 non-blank)", "any_of": [
        r"\bC\b(/C\+\+)?(\s+header)?\W[^\n]{0,40}\b(35|29|27)\b", r"\b(35|29|27)\b[^\n]{0,30}\bC\b", r"\.c\W[^\n]{0,40}\b(35|29|27)\b"]},
    {"id": "shell", "what": "Shell: 5 lines", "any_of": [r"(Shell|\bsh\b|Bash)\W[^\n]{0,40}\b5\b", r"\b5\b[^\n]{0,30}(Shell|Bash)", r"\.sh\W[^\n]{0,40}\b5\b"]}],
    forbidden=[{"id": "vendor", "what": "counts vendor/chart.min.js (JavaScript 449 / 438)", "any_of": [
        r"(JavaScript|\bJS\b|\.js)\W[^\n]{0,40}\b(449|438|400)\b"]}])

T["rust-lockfile-sync"] = dict(kind="implicit", commands=["cargo metadata --locked --offline --format-version 1 > /dev/null"], facts=[
    {"id": "no", "what": "no: Cargo.lock is out of date", "any_of": [
        r"\bno\b[,.:]", r"(not|isn't)\s+(\w+\s+){0,2}in\s+sync", r"out\s+of\s+(date|sync)", r"needs?\s+(to\s+be\s+)?updat", r"stale"]},
    {"id": "message", "what": "cargo: cannot update the lock file because --locked was passed", "any_of": [
        r"--locked\s+was\s+passed", r"cannot\s+update\s+the\s+lock\s*file", r"lock\s+file\s+needs\s+to\s+be\s+updated"]},
    {"id": "which", "what": "tallyfmt is in Cargo.toml but missing from Cargo.lock", "any_of": [r"tallyfmt"]}],
    forbidden=[{"id": "in_sync", "what": "claims the lock file is in sync", "any_of": [
        r"(?<!not )(?<!n't )\b(is|are)\s+in\s+sync", r"\byes\b[,.]", r"up\s+to\s+date"]}])

T["py-migrate-rerun"] = dict(kind="explicit", commands=["make migrate"], facts=[
    {"id": "applied", "what": "0001_create_customers and 0002_create_orders applied", "any_of": [
        r"0001\w*.{0,120}0002", r"applied\s+0002"]},
    {"id": "failed", "what": "0003_orders_by_customer failed", "any_of": [r"0003_orders_by_customer[^\n]{0,80}fail|FAILED\s+0003", r"0003\w*\s+failed"]},
    {"id": "why", "what": "no such column: customer (the column is customer_id)", "any_of": [r"no\s+such\s+column\W{0,3}\s*customer\b"]},
    {"id": "pending", "what": "0004_add_refunds was not applied", "any_of": [r"0004\w*[^\n]{0,60}(not\s+(yet\s+)?(applied|run)|pending|PENDING|skipped)",
                                                                          r"(PENDING|pending)\s+0004", r"stopped\s+(at|on)\s+0003"]},
    EXIT(2)],
    forbidden=[{"id": "all_applied", "what": "claims every migration was applied", "any_of": [
        r"(?<!not )all\s+(\w+\s+)?migrations\s+(were\s+|are\s+)?applied", r"(?<!not )\bup\s+to\s+date"]},
               {"id": "refunds", "what": "claims 0004 was applied", "any_of": [r"applied\s+0004"]}])

T["csv-valid"] = dict(kind="implicit", commands=["python3 -c 'import csv,sys; [print(i, len(r)) for i, r in enumerate(csv.reader(open(sys.argv[1])), 1)]' data/inventory.csv"], facts=[
    {"id": "no", "what": "no: two rows do not have the header's 4 fields", "any_of": [r"\bno\b[,.:]", r"not\s+(\w+\s+)?valid", r"\binvalid\b", r"malformed"]},
    {"id": "line5", "what": "line 5 (BLT-M6) has 5 fields: the unquoted comma in 'Bolt, M6 x 30'", "any_of": [
        r"line\s+5\b", r"BLT-M6", r"inventory\.csv:5\b", r"row\s+4\b"]},
    {"id": "line9", "what": "line 9 (ANC-8) has 3 fields: unit_price missing", "any_of": [r"line\s+9\b", r"ANC-8", r"inventory\.csv:9\b", r"row\s+8\b"]},
    {"id": "counts", "what": "5 fields vs 4 and 3 fields vs 4", "any_of": [r"\b5\s+fields", r"\b3\s+fields"]}],
    forbidden=[{"id": "valid", "what": "claims it is valid", "any_of": [r"(?<!not )(?<!n't )\bis\s+valid\b", r"\byes\b[,.]"]},
               {"id": "bracket", "what": "blames the correctly quoted 'L bracket, steel' row", "any_of": [r"line\s+11\b", r"BRK-L"]}])

T["jsonl-bad-lines"] = dict(kind="implicit", commands=["python3 -c 'import json,sys\nfor n, l in enumerate(open(sys.argv[1]), 1):\n  try: json.loads(l)\n  except ValueError as e: print(n, e)' logs/events.jsonl"], facts=[
    {"id": "l17", "what": "line 17 (truncated object)", "any_of": [r"\b(line|lines)\s+17\b", r"events\.jsonl:17\b", r"\b17\b[^\n]{0,10}(and|,)\s*(line\s+)?29\b"]},
    {"id": "l29", "what": "line 29 (single-quoted keys)", "any_of": [r"\b(line|lines|and)\s+29\b", r"events\.jsonl:29\b"]},
    {"id": "count", "what": "2 of 40 lines are invalid", "any_of": [r"\b(2|two)\s+(of|out\s+of)\s+(the\s+)?40\b", r"\b(2|two)\s+(\w+\s+){0,2}lines?\s+(are\s+)?(not\s+valid|invalid|fail)", r"\b38\s+(of\s+40\s+)?(\w+\s+)?(are\s+)?valid"]}],
    forbidden=[{"id": "all_valid", "what": "claims every line is valid", "any_of": [r"all\s+(\d+\s+)?lines\s+(are\s+)?valid", r"\bis\s+valid\s+JSON"]}])

T["git-since-tag"] = dict(kind="implicit", commands=["git describe --tags --abbrev=0", "git log --oneline v1.2.0..HEAD", "git diff --stat v1.2.0..HEAD"], facts=[
    {"id": "tag", "what": "the last tag is v1.2.0", "any_of": [r"v1\.2\.0"]},
    {"id": "count", "what": "3 commits since it", "any_of": [r"\b(3|three)\s+commits"]},
    {"id": "dry_run", "what": "'Add dry_run option to plan()'", "any_of": [r"dry_run"]},
    {"id": "pager", "what": "'Reject page size 0 in pages()'", "any_of": [r"page\s+size\s+0"]},
    {"id": "test", "what": "'Add pager test' (tests/test_pager.py added)", "any_of": [r"Add\s+pager\s+test", r"tests/test_pager\.py"]}],
    forbidden=[{"id": "old_tag", "what": "calls v1.1.0 the last tag", "any_of": [r"(last|latest|most\s+recent)\s+(release\s+)?tag\W{0,10}(is\s+)?\W?v1\.1\.0"]},
               {"id": "release_commit", "what": "counts 'Release 1.2.0' as a change since the tag", "any_of": [r"\b(4|four)\s+commits"]}])

T["git-uncommitted"] = dict(kind="implicit", commands=["git status --short"], facts=[
    {"id": "not_clean", "what": "no, it is not clean", "any_of": [r"\bno\b[,.:]", r"not\s+clean", r"(uncommitted|unstaged|staged)\s+changes", r"\bdirty\b"]},
    {"id": "config", "what": "config.py modified, not staged", "any_of": [r"config\.py"]},
    {"id": "readme", "what": "README.md staged", "any_of": [r"README\.md"]},
    {"id": "todo", "what": "TODO.txt untracked", "any_of": [r"TODO\.txt"]},
    {"id": "staged", "what": "which is staged vs not", "any_of": [r"README\.md[^\n]{0,60}\bstaged", r"\bstaged[^\n]{0,60}README\.md", r"^M\s+README\.md", r"Changes\s+to\s+be\s+committed"]}],
    forbidden=[{"id": "clean", "what": "claims the tree is clean", "any_of": NOT_CLEAN_CLAIMS},
               {"id": "log", "what": "lists the ignored run.log as uncommitted", "any_of": [r"run\.log[^\n]{0,40}(untracked|modified|uncommitted)", r"\?\?\s+run\.log"]}])

T["make-targets"] = dict(kind="implicit", commands=["grep -nE '^[A-Za-z0-9_.%-]+:' Makefile"], facts=[
    {"id": "core", "what": "all, wordfreq (the program), test", "any_of": [r"\ball\b[^\n]{0,200}\btest\b|\btest\b[^\n]{0,200}\ball\b"]},
    {"id": "lint", "what": "lint (cppcheck)", "any_of": [r"\blint\b"]},
    {"id": "dist", "what": "dist (a wordfreq-2.0.1.tar.gz)", "any_of": [r"\bdist\b"]},
    {"id": "install", "what": "install (into $(PREFIX)/bin, /usr/local by default)", "any_of": [r"\binstall\b"]},
    {"id": "clean", "what": "clean (removes the program, objects and tarballs)", "any_of": [r"\bclean\b"]},
    {"id": "wordfreq", "what": "wordfreq builds the program", "any_of": [r"\bwordfreq\s*:", r"wordfreq\b[^\n]{0,40}(link|build|program|binary)"]}],
    forbidden=[{"id": "help", "what": "claims a help target", "any_of": [r"\bhelp\s*:\s", r"make\s+help\b"]}])


def run(cmds, task_dir):
    tmp = tempfile.mkdtemp()
    dst = os.path.join(tmp, "repo")
    shutil.copytree(os.path.join(task_dir, "repo"), dst, symlinks=True)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    if os.path.isfile(os.path.join(task_dir, "setup.sh")):
        subprocess.run(["bash", os.path.join(task_dir, "setup.sh")], cwd=dst, check=True, env=env)
    parts, codes = [], []
    for c in cmds:
        p = subprocess.run(["bash", "-c", c], cwd=dst, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        codes.append(p.returncode)
        parts.append((c, p.stdout.replace(dst, "/tmp/repo"), p.returncode))
    shutil.rmtree(tmp)
    if len(cmds) == 1:
        return parts[0][1], codes
    return "".join(f"$ {c}\n{o}[exit {rc}]\n" for c, o, rc in parts), codes


def write_all(tasks, root, group):
    for tid, t in tasks.items():
        d = os.path.join(root, tid)
        out, codes = run(t["commands"], d)
        for f in t["facts"] + t["forbidden"]:
            for rx in f["any_of"]:
                re.compile(rx)
        meta = {"id": tid, "kind": t["kind"], "commands": t["commands"], "exit_codes": codes,
                "facts": t["facts"], "forbidden": t["forbidden"], "group": group}
        with open(os.path.join(d, "meta.json"), "w") as fh:
            json.dump(meta, fh, indent=2)
        with open(os.path.join(d, "expected-output.txt"), "w") as fh:
            fh.write(out)
        print(tid, codes, len(out.splitlines()))


if __name__ == "__main__":
    write_all(T, ROOT, "heldout5")
