"""Writes meta.json and expected-output.txt of every sixth-batch held-out task (runs each task's commands on a fresh
copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout6/samples/make_meta.py
The copy-run-write helpers are the fifth batch's (tasks_heldout5/samples/make_meta.py).
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout5_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout5", "samples", "make_meta.py"))
_fifth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fifth)
EXIT = _fifth.EXIT
_near = _fifth.near


NOT = r"(not|isn't|aren't|never|no\s+longer|missing|absent|lacks?|unused|without)"

T = {}
T["py-flaky-which"] = dict(kind="implicit", commands=["python3 -m pytest -q", "python3 -m pytest -q"], facts=[
    {"id": "name", "what": "test_export_creates_report is flaky", "any_of": [r"test_export_creates_report"]},
    {"id": "pattern", "what": "it passes on a fresh run and fails on the next one", "any_of": [
        r"fail(s|ed|ing)?\s+(only\s+)?(on\s+|in\s+)?(the\s+)?(second|2nd|next|re-?run|repeat)", r"(second|2nd)\s+run[^\n]{0,80}fail",
        r"pass(es|ed)\s+(only\s+)?(on\s+|in\s+)?(the\s+)?(first|1st|fresh|clean)", r"run\s+1[^\n]{0,60}pass[^\n]{0,80}run\s+2[^\n]{0,60}fail",
        r"pass(es|ed)\s+in\s+run\s+1\b[^\n]{0,60}fail(s|ed)\s+in\s+runs?\s+2\b"]},
    {"id": "cause", "what": "FileExistsError: refusing to overwrite out/report.csv (left by the first run)", "any_of": [
        r"FileExistsError", r"out/report\.csv", r"refusing\s+to\s+overwrite"]},
    {"id": "stable", "what": "the other 4 tests pass both times", "any_of": [
        r"\b4\s+passed", r"(other|remaining)\s+(4|four)\b", r"(4|four)\s+(other\s+)?tests?\s+(\w+\s+)?pass", r"only\s+(one|1)\s+(\w+\s+)?(test\s+)?(is\s+)?flaky"]}],
    forbidden=[{"id": "stable_named", "what": "names a stable test flaky", "any_of": [
        r"(test_totals_\w+|test_export_writes_totals)\W{0,10}(is\s+|are\s+)?(also\s+)?flaky"]},
               {"id": "none", "what": "claims no test is flaky", "any_of": [
        r"\bno\s+flaky\s+tests", r"(none|no)\s+(of\s+the\s+)?tests\s+(are|is|were)\s+flaky"]}])

T["npm-lock-diff"] = dict(kind="implicit", commands=["git log -1 --oneline", "git diff HEAD~1 -- package-lock.json"], facts=[
    {"id": "express", "what": "express 4.18.2 -> 4.19.2", "any_of": [r"express\W[^\n]{0,60}4\.19\.2"]},
    {"id": "cookie", "what": "cookie 0.5.0 -> 0.6.0", "any_of": [r"cookie\W[^\n]{0,60}0\.6\.0"]},
    {"id": "qs", "what": "qs 6.11.0 -> 6.11.2", "any_of": [r"\bqs\W[^\n]{0,60}6\.11\.2"]},
    {"id": "left_pad", "what": "left-pad 1.3.0 removed", "any_of": _near(r"left-pad", r"(removed|dropped|deleted|gone)") + [r"-\s*left-pad"]},
    {"id": "commit", "what": "the commit is 'Update dependencies' (3f816a0)", "any_of": [r"Update\s+dependencies", r"3f816a0"]}],
    forbidden=[{"id": "unchanged", "what": "claims debug or ms changed version", "any_of": [
        r"(\bdebug|\bms)\W{1,5}v?\d[\d.]*\s*(→|->|=>|to)\s*v?\d"]}])

T["make-dist-step"] = dict(kind="implicit", commands=["make dist"], facts=[
    {"id": "step", "what": "the docs step (python3 tools/render_docs.py docs build/docs) fails", "any_of": [
        r"render_docs(\.py)?", r"\bdocs\W{0,3}\s+(step|target|recipe|rule)", r"target\s+\W?docs\b"]},
    {"id": "error", "what": "KeyError: 'title'", "any_of": [r"KeyError\W{0,5}title"]},
    {"id": "file", "what": "docs/changelog.md has no title: front matter", "any_of": [r"changelog\.md"]},
    EXIT(2)],
    forbidden=[{"id": "tar", "what": "blames the tar step or the compiler", "any_of": [
        r"\btar\s+(step\s+|command\s+)?(fails|failed|breaks|broke)", r"(compil\w+|cc)\s+(step\s+)?(fails|failed)"]},
               {"id": "ok", "what": "claims make dist succeeds", "any_of": [r"(?<!not )(?<!n't )\bdist\s+(succeeds|succeeded|works)"]}])

MB = r"\s*(M|MB|MiB)\b"
T["largest-files"] = dict(kind="implicit", commands=["du -ah . | sort -rh | head -15"], facts=[
    {"id": "top", "what": "data/cache/tiles-z12.bin is the biggest file", "any_of": [r"tiles-z12\.bin"]},
    {"id": "top_size", "what": "3.0 MiB", "any_of": [rf"\b3(\.0\d*)?{MB}", r"3145728", r"3\.1\s*MB\b"]},
    {"id": "log", "what": "logs/render-debug.log (1.5 MiB)", "any_of": [r"render-debug\.log"]},
    {"id": "video", "what": "assets/intro.mp4 (800 KiB)", "any_of": [r"intro\.mp4"]},
    {"id": "dir", "what": "data/ (data/cache) is the biggest folder, ~4.1 MiB", "any_of": _near(r"data(/cache)?/?\b", rf"4\.\d+{MB}", 30)}],
    forbidden=[{"id": "wrong_top", "what": "calls another file the biggest", "any_of": [
        r"(largest|biggest)\s+(single\s+)?file\W{0,10}(is\s+)?[^\n]{0,20}(render-debug|intro\.mp4|tiles-z10)"]}])

T["todo-per-dir"] = dict(kind="implicit", commands=["grep -rnE 'TODO|FIXME' ."], facts=[
    {"id": "api", "what": "src/api: 4 (3 TODO, 1 FIXME)", "any_of": _near(r"src/api\b", r"\b4\b", 40) + [r"src/api\W[^\n]{0,40}\b3\s+TODO"]},
    {"id": "db", "what": "src/db: 2 (1 TODO, 1 FIXME; todo_queue is not a comment)", "any_of": _near(r"src/db\b", r"\b2\b", 40) + [
        r"src/db\W[^\n]{0,40}\b1\s+TODO[^\n]{0,20}\b1\s+FIXME"]},
    {"id": "scripts", "what": "scripts: 1 FIXME", "any_of": _near(r"\bscripts\b", r"\b1\b", 40)},
    {"id": "tests", "what": "tests: 1 TODO", "any_of": _near(r"\btests\b", r"\b1\b", 40)},
    {"id": "total", "what": "8 in all", "any_of": [r"\b8\b[^\n]{0,30}(total|comments|in\s+all|TODO)", r"total\W{0,10}(of\s+)?8\b"]}],
    forbidden=[{"id": "todo_queue", "what": "counts todo_queue (src/db: 3)", "any_of": [r"src/db\W[^\n]{0,20}\b3\b", r"todo_queue[^\n]{0,30}TODO"]}])

T["cli-help-readme"] = dict(kind="implicit", commands=["python3 -m thumbs --help", "cat README.md"], facts=[
    {"id": "recursive", "what": "--recursive is in the README but not in --help", "any_of": _near(r"--recursive", NOT, 80)},
    {"id": "format", "what": "--format (jpeg|webp) is in --help but not in the README", "any_of": _near(r"--format", rf"({NOT}|undocumented)", 80)},
    {"id": "same", "what": "--size, --quality, --output agree", "any_of": _near(r"--size\b", r"--quality\b", 100)},
    {"id": "verdict", "what": "no, they do not match", "any_of": [r"\bno\b[,.:]", r"(do|does)\s+not\s+(fully\s+)?match", r"(don't|doesn't)\s+(fully\s+)?match",
                                                                  r"mismatch", r"\bdiffer", r"out\s+of\s+(sync|date)"]}],
    forbidden=[{"id": "match", "what": "claims they match", "any_of": [r"^\W*yes\b", r"(help|it|they)\s+(fully\s+|exactly\s+)?match(es)?\s+(the\s+)?README\s*(\.|$)"]}])

T["env-vars-script"] = dict(kind="implicit", commands=["grep -nE '\\$\\{?[A-Z_]+' scripts/deploy.sh"], facts=[
    {"id": "host", "what": "DEPLOY_HOST (required)", "any_of": [r"DEPLOY_HOST"]},
    {"id": "user", "what": "DEPLOY_USER (required)", "any_of": [r"DEPLOY_USER"]},
    {"id": "token", "what": "API_TOKEN (required: exits 1 when empty)", "any_of": [r"API_TOKEN"]},
    {"id": "required", "what": "says which are required", "any_of": _near(r"required", r"(DEPLOY_HOST|DEPLOY_USER|API_TOKEN)", 100)},
    {"id": "port", "what": "SSH_PORT optional, default 22", "any_of": [r"SSH_PORT[^\n]{0,60}(\b22\b|optional|default)"]},
    {"id": "tarball", "what": "RELEASE_TARBALL optional, default dist/app.tar.gz", "any_of": [
        r"RELEASE_TARBALL[^\n]{0,80}(optional|default|dist/app\.tar\.gz)"]}],
    forbidden=[{"id": "optional_required", "what": "calls SSH_PORT or RELEASE_TARBALL required", "any_of": [
        r"(SSH_PORT|RELEASE_TARBALL)\W{0,5}(is\s+)?\(?required"]}])

T["go-bench"] = dict(kind="implicit", commands=["go test -run '^$' -bench . ./..."], facts=[
    {"id": "short", "what": "BenchmarkMakeShort ~100 ns/op", "any_of": [r"MakeShort[^\n]{0,60}\d[\d.,]*\s*ns/op"]},
    {"id": "long", "what": "BenchmarkMakeLong ~9000 ns/op", "any_of": [r"MakeLong[^\n]{0,60}\d[\d.,]*\s*ns/op"]},
    {"id": "ok", "what": "the run passes (PASS / ok)", "any_of": [r"\bPASS\b", r"\bok\b", r"exit(ed|s)?\s+(with\s+)?(code\s+)?0\b"]}],
    forbidden=[{"id": "fail", "what": "claims the benchmarks fail", "any_of": [r"benchmarks?\s+(\w+\s+)?failed", r"\bFAIL\b"]}])

T["git-bisect-test"] = dict(kind="implicit", commands=[
    "git bisect start HEAD c4707b1", "git bisect run python3 -m unittest test_invoice.InvoiceTest.test_invoice_total",
    "git bisect reset"], facts=[
    {"id": "hash", "what": "e5aa6a2 is the first bad commit", "any_of": [r"\be5aa6a2"]},
    {"id": "subject", "what": "'Round the net amount to whole euros'", "any_of": [r"Round\s+the\s+net\s+amount"]},
    {"id": "failure", "what": "9.6 != 9.3", "any_of": [r"9\.6\s*!=\s*9\.3", r"9\.6\b[^\n]{0,40}9\.3\b"]}],
    forbidden=[{"id": "wrong", "what": "blames another commit", "any_of": [
        r"(first\s+bad|broke|introduced|culprit)[^\n]{0,60}(Add\s+currency|Point\s+to\s+the\s+changelog|82cc8eb|e2933aa|d6bc2bd|Mention\s+the)"]}])

T["line-endings-encoding"] = dict(kind="implicit", commands=["find . -type f -exec file {} +", "file -i data/customers.csv"], facts=[
    {"id": "install", "what": "scripts/install.sh has CRLF line endings", "any_of": [r"install\.sh"]},
    {"id": "notes", "what": "docs/notes.txt has CRLF line endings", "any_of": [r"notes\.txt"]},
    {"id": "csv", "what": "data/customers.csv is not UTF-8", "any_of": [r"customers\.csv"]},
    {"id": "charset", "what": "it is ISO-8859-1 / Latin-1", "any_of": [r"ISO-?8859", r"Latin-?1", r"\bnot\s+(valid\s+)?UTF-?8", r"non-UTF-?8", r"invalid\s+UTF-?8"]}],
    forbidden=[{"id": "wrong_file", "what": "flags a clean file", "any_of": [
        r"(app\.py|greetings\.csv|README\.md)\W[^\n]{0,40}(CRLF|not\s+UTF-?8|ISO-?8859|Latin)"]}])

T["license-headers"] = dict(kind="implicit", commands=["grep -rL 'SPDX-License-Identifier' --include='*.py' --include='*.js' ."], facts=[
    {"id": "loader", "what": "src/ledger/plugins/loader.py lacks it", "any_of": [r"loader\.py"]},
    {"id": "app", "what": "web/app.js lacks it (its licence comment is not the SPDX line)", "any_of": [r"app\.js"]},
    {"id": "count", "what": "2 of the 8 source files", "any_of": [r"\b(2|two)\s+(of\s+(the\s+)?8\s+)?(source\s+)?files", r"\b(2|two)\s+of\s+(the\s+)?8\b"]}],
    forbidden=[{"id": "wrong", "what": "lists a file that has the header", "any_of": [
        r"(cli\.py|sum\.js|book\.py|test_book\.py)[^\n]{0,40}(missing|lacks|without|no\s+(SPDX|header|licen))"]}])

T["json-schema-validate"] = dict(kind="implicit", commands=[
    "python3 -c 'import json, sys, jsonschema; s = json.load(open(\"config.schema.json\"))\nfor f in sys.argv[1:]:\n"
    "    e = [x.message for x in jsonschema.Draft202012Validator(s).iter_errors(json.load(open(f)))]\n    print(f, e or \"valid\")' config/*.json"],
    facts=[
    {"id": "prod", "what": "config/prod.json is invalid", "any_of": [r"prod\.json"]},
    {"id": "port", "what": "its port '8443' is a string, not an integer", "any_of": [r"8443\W{0,3}\s+is\s+not\s+of\s+type\s+\W?integer",
                                                                                     _near(r"\bport\b", r"(string|not\s+(an?\s+)?integer)", 60)[0]]},
    {"id": "staging", "what": "config/staging.json is invalid", "any_of": [r"staging\.json"]},
    {"id": "db_url", "what": "staging lacks the required db_url", "any_of": _near(r"db_url", r"(required|missing)", 40)},
    {"id": "dev", "what": "config/dev.json is valid", "any_of": [r"dev\.json\W[^\n]{0,40}(valid|ok\b|passes|fine)"]}],
    forbidden=[{"id": "dev_bad", "what": "calls dev.json invalid", "any_of": [r"dev\.json\W[^\n]{0,30}(invalid|fails|not\s+valid)"]},
               {"id": "all_ok", "what": "claims all validate", "any_of": [r"(?<!not )all\s+(\w+\s+)?(config\s+)?files\s+(are\s+)?valid"]}])

T["git-loc-changed"] = dict(kind="implicit", commands=["git log --shortstat --oneline -3", "git diff --shortstat HEAD~3"], facts=[
    {"id": "added", "what": "18 lines added", "any_of": [r"\b18\s+(insertions|lines?\s+added|added|additions)", r"\+18\b", r"added\W{0,5}18\b"]},
    {"id": "removed", "what": "10 lines removed", "any_of": [r"\b10\s+(deletions|lines?\s+(removed|deleted)|removed|deleted)", r"-10\b",
                                                             r"(removed|deleted)\W{0,5}10\b"]},
    {"id": "oldest", "what": "the 3 commits start at 'Add a command line'", "any_of": [r"Add\s+a\s+command\s+line", r"f55de22"]}],
    forbidden=[{"id": "four", "what": "counts the 'Add tagging' commit too (38 added)", "any_of": [r"\b38\s+(insertions|lines?\s+added|added)"]}])

T["md-dead-links"] = dict(kind="implicit", commands=["grep -rnoE '\\]\\([^)]+\\)' --include='*.md' ."], facts=[
    {"id": "instal", "what": "README.md -> docs/instal.md (typo)", "any_of": [r"instal\.md"]},
    {"id": "style", "what": "CONTRIBUTING.md -> docs/style.md", "any_of": [r"style\.md"]},
    {"id": "flow", "what": "docs/usage.md -> img/flow.png", "any_of": [r"flow\.png"]},
    {"id": "count", "what": "3 broken links", "any_of": [r"\b(3|three)\s+(broken|dead|missing)", r"(broken|dead)\s+(local\s+)?links?\W{0,5}\s*3\b"]}],
    forbidden=[{"id": "wrong", "what": "flags a link whose target exists", "any_of": [
        r"(api\.md|stages\.(md|svg)|usage\.md\)|install\.md)\W{0,3}[^\n]{0,30}(broken|missing|dead|not\s+found|does\s+not\s+exist)"]}])

T["git-blame-line"] = dict(kind="implicit", commands=["git log -L2,2:config.py --format='%h %an %ad %s' --date=short -s"], facts=[
    {"id": "who", "what": "Priya Natarajan", "any_of": [r"Priya\s+Natarajan"]},
    {"id": "when", "what": "2024-05-14", "any_of": [r"2024-05-14", r"May\s+14,?\s+2024", r"14\s+May\s+2024"]},
    {"id": "commit", "what": "683f0e4 'Fail fast when the API hangs'", "any_of": [r"683f0e4", r"Fail\s+fast\s+when\s+the\s+API\s+hangs"]},
    {"id": "before", "what": "it was 30 before", "any_of": [r"from\s+30\b", r"\b30\b[^\n]{0,20}(→|->|=>|to)\s*5\b"]}],
    forbidden=[{"id": "wrong", "what": "names someone else", "any_of": [r"(Lena\s+Vogt|Tom\s+Becker)[^\n]{0,60}(changed|set|lowered)[^\n]{0,30}timeout"]}])

T["py-unused-deps"] = dict(kind="implicit", commands=["cat requirements.txt", "grep -rnE '^(import|from) ' --include='*.py' ."], facts=[
    {"id": "rich", "what": "rich is not imported anywhere", "any_of": _near(r"\brich\b", r"(unused|not\s+(used|imported)|never\s+(used|imported)|no\s+import)", 60)},
    {"id": "yaml", "what": "PyYAML is used (import yaml)", "any_of": _near(r"PyYAML", r"(used|imported|\byaml\b)", 60)},
    {"id": "dateutil", "what": "python-dateutil is used (from dateutil import parser)", "any_of": _near(r"python-dateutil", r"(used|imported|\bdateutil\b)", 60)}],
    forbidden=[{"id": "wrong", "what": "calls a used package unused", "any_of": [
        r"(PyYAML|python-dateutil|\brequests)\W{0,10}(is\s+|are\s+)?(unused|not\s+(used|imported)|never\s+imported)"]}])

T["sh-exec-bit"] = dict(kind="implicit", commands=["ls -l scripts/"], facts=[
    {"id": "release", "what": "scripts/release.sh is not executable (644)", "any_of": [r"release\.sh"]},
    {"id": "gen_docs", "what": "scripts/gen_docs.py is not executable (644)", "any_of": [r"gen_docs\.py"]},
    {"id": "fix", "what": "chmod +x fixes it", "any_of": [r"chmod\s+(\+|u\+|a\+)?x", r"chmod\s+75\d"]}],
    forbidden=[{"id": "wrong", "what": "calls build.sh or lint.sh not executable", "any_of": [
        r"(build|lint)\.sh\W{0,10}(is\s+|are\s+)?not\s+executable", r"-rw-r--r--[^\n]{0,40}\d\d:\d\d\s+(scripts/)?(build|lint)\.sh"]}])


if __name__ == "__main__":
    _fifth.write_all(T, ROOT, "heldout6")
