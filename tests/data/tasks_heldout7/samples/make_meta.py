"""Writes meta.json and expected-output.txt of every seventh-batch held-out task (runs each task's commands on a fresh
copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout7/samples/make_meta.py
The copy-run-write helpers are the fifth batch's (tasks_heldout5/samples/make_meta.py).
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout5_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout5", "samples", "make_meta.py"))
_fifth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fifth)
EXIT, ALL_PASS = _fifth.EXIT, _fifth.ALL_PASS
_near = _fifth.near


NOT = r"(not|isn't|aren't|never|no\s+longer|missing|absent|lacks?|without|does\s+not\s+exist|doesn't\s+exist)"
ZERO = r"(exit(ed|s)?\s+(with\s+)?(code\s+|status\s+)?0\b|exit\s*(code|status)?\s*(is\s+|was\s+|=\s*|:\s*)?0\b|\(exit\s+0\)|\bexit=0\b|\bstatus\s+0\b)"

T = {}
T["cli-exit-bad-input"] = dict(kind="implicit", commands=[
    "python3 -m csvsum no-such-file.csv; echo \"exit=$?\"", "python3 -m csvsum samples/bad.csv; echo \"exit=$?\"",
    "python3 -m csvsum samples/good.csv; echo \"exit=$?\""], facts=[
    {"id": "missing_zero", "what": "a missing file prints 'error: no such file' but exits 0", "any_of": _near(
        r"(missing|no\s+such|does(n't|\s+not)\s+exist|nonexistent|non-existent|not\s+exist)", ZERO, 120)},
    {"id": "message", "what": "the message is 'error: no such file: …'", "any_of": [r"no\s+such\s+file"]},
    {"id": "bad_one", "what": "samples/bad.csv: ValueError (could not convert string to float: 'n/a'), exit 1", "any_of": [
        r"ValueError", r"could\s+not\s+convert"]},
    {"id": "bad_exit", "what": "bad.csv exits 1", "any_of": _near(r"bad\.csv", r"(exit(ed|s)?\s+(with\s+)?(code\s+|status\s+)?1\b|"
                                                                   r"exit\s*(code|status)?\s*(is\s+|=\s*|:\s*)?1\b|exit=1)", 160)},
    {"id": "good", "what": "good.csv prints total: 19.75, exit 0", "any_of": [r"19\.75"]}],
    forbidden=[{"id": "missing_nonzero", "what": "claims a missing file gives a non-zero status", "any_of": [
        r"(missing|nonexistent|non-existent|no\s+such)\s+file[^\n]{0,60}(exit(s|ed)?\s+(with\s+)?(code\s+|status\s+)?[12]\b|non-?zero)"]}])

T["sh-noexec-retry"] = dict(kind="implicit", commands=["./check.sh", "bash check.sh"], facts=[
    {"id": "denied", "what": "./check.sh: Permission denied (not executable, exit 126)", "any_of": [
        r"[Pp]ermission\s+denied", r"not\s+executable", r"\b126\b"]},
    {"id": "fails", "what": "run with bash, the checks fail: test_trailing_punctuation fails", "any_of": [r"test_trailing_punctuation"]},
    {"id": "why", "what": "AssertionError 'done-' != 'done'", "any_of": [r"done-", r"AssertionError"]},
    {"id": "others", "what": "the other 2 tests pass (and the syntax check)", "any_of": [
        r"\b(2|two)\s+(other\s+)?(tests?\s+)?(pass|passed|ok)", r"Ran\s+3\s+tests", r"failures=1",
        r"\b1\s+(of\s+3\s+)?(tests?\s+)?fail(s|ed)?", r"test_lowercase[^\n]{0,80}test_spaces"]}],
    forbidden=[ALL_PASS])

T["env-var-where-read"] = dict(kind="implicit", commands=["grep -rn REPORTER_CACHE_DIR ."], facts=[
    {"id": "config", "what": "src/reporter/config.py:8 os.environ.get('REPORTER_CACHE_DIR', DEFAULT_CACHE)", "any_of": [
        r"config\.py"]},
    {"id": "default", "what": "default ~/.cache/reporter (DEFAULT_CACHE)", "any_of": [r"~/\.cache/reporter", r"DEFAULT_CACHE"]},
    {"id": "script", "what": "scripts/clear_cache.sh:3 reads it too", "any_of": [r"clear_cache\.sh"]},
    {"id": "script_default", "what": "whose default is /tmp/reporter-cache (a different one)", "any_of": [r"/tmp/reporter-cache"]}],
    forbidden=[{"id": "fetch", "what": "claims fetch.py reads it directly", "any_of": [
        r"fetch\.py:\d+[^\n]{0,40}REPORTER_CACHE_DIR"]}])

T["req-pin-conflict"] = dict(kind="implicit", commands=["grep -nvE '^\\s*(#|$)' requirements.txt requirements-dev.txt constraints.txt"], facts=[
    {"id": "requests", "what": "requests==2.31.0 (requirements.txt) vs requests==2.28.2 (requirements-dev.txt)", "any_of":
        _near(r"2\.31\.0", r"2\.28\.2", 120)},
    {"id": "urllib3", "what": "urllib3==2.0.7 vs the constraint urllib3<2", "any_of": _near(r"2\.0\.7", r"<\s*2\b", 120)},
    {"id": "count", "what": "two conflicts", "any_of": [r"\b(2|two)\s+(conflicts|contradictions|clashes|packages)"]}],
    forbidden=[{"id": "click", "what": "calls click a conflict (8.1.7 satisfies >=8.1)", "any_of": [
        r"click[^\n]{0,60}(conflict|contradict|incompatible|clash)"]},
               {"id": "jinja", "what": "calls Jinja2 a conflict (3.1.2 satisfies >=3.0,<3.2)", "any_of": [
        r"Jinja2[^\n]{0,60}(conflict|contradict|incompatible|clash)"]}])

T["branch-test-compare"] = dict(kind="implicit", commands=[
    "python3 -m pytest -q -p no:cacheprovider", "git checkout -q feature/discount && python3 -m pytest -q -p no:cacheprovider; git checkout -q main"], facts=[
    {"id": "main", "what": "main: 4 passed", "any_of": _near(r"\bmain\b", r"(\b4\s+passed|all\s+(4\s+)?(tests\s+)?pass)", 80)},
    {"id": "broken", "what": "on the branch test_discount_caps_at_50 fails", "any_of": [r"test_discount_caps_at_50"]},
    {"id": "why", "what": "discount(100, 80) returns 20.0, not 50 (the 50% cap is gone)", "any_of": [
        r"20\.0\s*==\s*50", r"\b20(\.0)?\b[^\n]{0,30}\b50\b", r"\bcap\b"]},
    {"id": "branch_counts", "what": "branch: 1 failed, 4 passed", "any_of": [r"\b1\s+failed,\s+4\s+passed", r"4\s+passed[^\n]{0,20}1\s+failed"]}],
    forbidden=[{"id": "new_test", "what": "claims the new loyalty test fails", "any_of": [r"test_loyalty_adds_ten\W{0,10}(fail|FAILED)"]}])

T["make-output-exists"] = dict(kind="implicit", commands=["make package", "ls -l dist/"], facts=[
    {"id": "make_ok", "what": "make package succeeds (exit 0)", "any_of": [ZERO, r"(make(\s+package)?|build|packag\w+)\s+(succeeded|succeeds|worked|ran\s+fine)",
                                                                        r"packaged\s+dist/"]},
    {"id": "absent", "what": "dist/webapp-1.2.0.tar.gz does not exist", "any_of": _near(r"webapp-1\.2\.0\.tar\.gz", NOT, 80)},
    {"id": "instead", "what": "dist/webapp-1.2.1.tar.gz was written instead", "any_of": [r"webapp-1\.2\.1\.tar\.gz"]},
    {"id": "why", "what": "VERSION says 1.2.1", "any_of": [r"VERSION[^\n]{0,40}1\.2\.1", r"1\.2\.1[^\n]{0,40}VERSION"]}],
    forbidden=[{"id": "exists", "what": "claims dist/webapp-1.2.0.tar.gz exists", "any_of": [
        r"webapp-1\.2\.0\.tar\.gz\W{0,5}\s+(exists|was\s+(created|written|produced))"]}])

T["git-unmerged-branches"] = dict(kind="implicit", commands=["git branch --no-merged main"], facts=[
    {"id": "export", "what": "feature/export-csv", "any_of": [r"feature/export-csv"]},
    {"id": "dark", "what": "feature/dark-mode", "any_of": [r"feature/dark-mode"]},
    {"id": "count", "what": "two branches", "any_of": [r"\b(2|two)\s+(local\s+)?(branches|unmerged)", r"\bboth\b"]}],
    forbidden=[{"id": "merged", "what": "lists a merged branch as unmerged", "any_of": [
        r"(fix/login-timeout|chore/bump-deps)\W{0,10}(is\s+|are\s+)?(not|un)\s*merged",
        r"(un|not\s+(yet\s+)?)merged[^\n]{0,80}(fix/login-timeout|chore/bump-deps)"]}])

T["conflict-markers"] = dict(kind="implicit", commands=["grep -rnE '^(<<<<<<<|=======$|>>>>>>>)' --exclude-dir=.git ."], facts=[
    {"id": "pricing", "what": "src/pricing.py lines 5-9", "any_of": [r"pricing\.py"]},
    {"id": "changelog", "what": "docs/CHANGELOG.md lines 6-10", "any_of": [r"CHANGELOG\.md"]},
    {"id": "yes", "what": "yes, unresolved markers remain", "any_of": [r"<<<<<<<", r"\b(conflict\s+)?markers?\b[^\n]{0,40}(remain|left|found|in\s+\d|in\s+two)",
                                                                 r"\b(2|two)\s+files"]}],
    forbidden=[{"id": "readme", "what": "flags README.md's heading underline", "any_of": [r"README\.md"]},
               {"id": "none", "what": "claims there are none", "any_of": [r"\bno\s+(leftover\s+|remaining\s+)?(conflict\s+)?markers"]}])

T["py-test-warnings"] = dict(kind="implicit", commands=["python3 -m pytest -q -p no:cacheprovider"], facts=[
    {"id": "pass", "what": "5 passed", "any_of": [r"\b5\s+passed", r"all\s+5\b"]},
    {"id": "count", "what": "2 warnings", "any_of": [r"\b(2|two)\s+warnings"]},
    {"id": "deprecation", "what": "DeprecationWarning: parse_date() is deprecated (from tests/test_dates.py::test_parse)", "any_of": [
        r"DeprecationWarning", r"parse_date\(\)\s+is\s+deprecated"]},
    {"id": "user", "what": "UserWarning: the insurance option is ignored (shipping/rates.py:8, test_insured)", "any_of": [
        r"UserWarning", r"insurance\s+option"]},
    {"id": "where", "what": "the places: test_dates.py:7 / rates.py:8", "any_of": [r"rates\.py:8", r"test_dates\.py:7", r"test_insured", r"test_parse\b"]}],
    forbidden=[{"id": "fails", "what": "claims a test fails", "any_of": [r"\b[1-9]\d*\s+failed", r"tests?\s+failed"]},
               {"id": "none", "what": "claims no warnings", "any_of": [r"\bno\s+warnings"]}])

T["duplicate-files"] = dict(kind="implicit", commands=["find assets docs -type f -exec sha256sum {} + | sort"], facts=[
    {"id": "logo", "what": "assets/logo.png = assets/img/logo-old.png", "any_of": _near(r"logo\.png", r"logo-old\.png", 120)},
    {"id": "docs", "what": "docs/setup.md = docs/archive/install.md", "any_of": _near(r"setup\.md", r"install\.md", 120)}],
    forbidden=[{"id": "usage", "what": "calls the two usage pages identical (the port differs)", "any_of": _near(r"usage\.md", r"usage-v1\.md", 60)},
               {"id": "dark", "what": "calls logo-dark.png a duplicate", "any_of": [r"logo-dark\.png[^\n]{0,40}(duplicate|identical|same)"]}])

T["broken-symlinks"] = dict(kind="implicit", commands=["find . -xtype l -exec ls -l {} +"], facts=[
    {"id": "svc", "what": "bin/svc -> ../build/svc", "any_of": [r"bin/svc", r"build/svc"]},
    {"id": "api", "what": "docs/api.md -> ../api/README.md", "any_of": [r"docs/api\.md", r"api/README\.md"]},
    {"id": "count", "what": "two broken", "any_of": [r"\b(2|two)\s+(broken|dangling)", r"\bboth\b"]}],
    forbidden=[{"id": "fine", "what": "flags a working link", "any_of": [
        r"(current\.yaml|bin/lint|docs/index\.md)\W{0,10}[^\n]{0,20}(broken|dangling|missing|does\s+not\s+exist)"]}])

T["git-deleted-file"] = dict(kind="implicit", commands=["git log --diff-filter=D --format='%h %an %ad %s' --date=short -- config/legacy.ini"], facts=[
    {"id": "who", "what": "Marta Kowalski", "any_of": [r"Marta\s+Kowalski"]},
    {"id": "when", "what": "2024-02-19", "any_of": [r"2024-02-19", r"Feb(ruary)?\s+19,?\s+2024", r"19\s+Feb(ruary)?\s+2024"]},
    {"id": "commit", "what": "'Drop the legacy INI config'", "any_of": [r"Drop\s+the\s+legacy\s+INI\s+config"]},
    {"id": "hash", "what": "the commit id", "any_of": [r"\b28d9ac9"]}],
    forbidden=[{"id": "wrong", "what": "names Jon Park as the one who deleted it", "any_of": [r"Jon\s+Park[^\n]{0,40}(deleted|removed)"]}])

T["version-consistency"] = dict(kind="implicit", commands=["grep -rnE 'version|^## ' pyproject.toml src/tidyup/__init__.py CHANGELOG.md"], facts=[
    {"id": "no", "what": "no, they disagree", "any_of": [r"\b(do\s+not|don't|does\s+not|doesn't)\s+(all\s+)?(agree|match)", r"\bmismatch", r"\bdisagree",
                                                      r"\binconsisten", r"\bno\b[,.:]"]},
    {"id": "init", "what": "__version__ is 2.3.1", "any_of": _near(r"(__version__|__init__\.py)", r"2\.3\.1", 60)},
    {"id": "pyproject", "what": "pyproject.toml says 2.4.0", "any_of": _near(r"pyproject(\.toml)?", r"2\.4\.0", 60)},
    {"id": "changelog", "what": "CHANGELOG.md's newest entry is 2.4.0", "any_of": _near(r"CHANGELOG(\.md)?", r"2\.4\.0", 60)}],
    forbidden=[{"id": "agree", "what": "claims they agree", "any_of": [r"(?<!not )(?<!n't )\b(all\s+)?(agree|match)\b(?!\w)[^\n]{0,10}$", r"\ball\s+(three\s+)?(say|are)\s+2\.4\.0"]}])

T["golden-output-diff"] = dict(kind="implicit", commands=["python3 invoice.py examples/order.txt | diff - examples/expected.txt"], facts=[
    {"id": "no", "what": "it does not match (diff exit 1)", "any_of": [r"\b(does\s+not|doesn't|did\s+not|didn't)\s+match", r"\bdiffer", r"\bmismatch",
                                                                   r"\bnot\s+(an\s+)?exact(ly)?", r"\bno\b[,.:]"]},
    {"id": "line", "what": "only the TOTAL line differs", "any_of": [r"TOTAL", r"\btotal\s+line", r"line\s+4\b"]},
    {"id": "what", "what": "14.6 (one decimal) vs 14.60 expected", "any_of": _near(r"14\.6\b", r"14\.60", 80)}],
    forbidden=[{"id": "items", "what": "blames an item line", "any_of": [r"(coffee|croissant|water)\s+line\s+(differs|is\s+different)"]},
               {"id": "same", "what": "claims it matches", "any_of": [r"(?<!not )(?<!n't )\bmatches\s+exactly", r"\bidentical\b"]}])

T["test-count-per-file"] = dict(kind="implicit", commands=["python3 -m pytest --collect-only -q -p no:cacheprovider"], facts=[
    {"id": "core", "what": "tests/test_core.py: 5 (test_slug has 3 parameter sets)", "any_of": _near(r"test_core\.py", r"\b5\b", 40)},
    {"id": "api", "what": "tests/test_api.py: 4", "any_of": _near(r"test_api\.py", r"\b4\b", 40)},
    {"id": "reports", "what": "tests/test_reports.py: 1", "any_of": _near(r"test_reports\.py", r"\b1\b", 40)},
    {"id": "total", "what": "10 tests in all", "any_of": [r"\b10\s+(tests|collected|items|in\s+(all|total))", r"total\W{0,10}(of\s+)?10\b"]}],
    forbidden=[{"id": "ran", "what": "claims tests passed (nothing was to run)", "any_of": [r"\b\d+\s+passed"]},
               {"id": "core3", "what": "counts test_core.py as 3", "any_of": [r"test_core\.py\W{0,5}\s*3\b"]}])

T["sqlite-null-count"] = dict(kind="implicit", commands=["sqlite3 data/app.db 'select id, email from users where last_login is null'"], facts=[
    {"id": "count", "what": "3 users", "any_of": [r"\b(3|three)\s+(users|accounts|of\s+(the\s+)?8)", r"\b(3|three)\b[^\n]{0,40}never\s+logged"]},
    {"id": "ben", "what": "ben@example.com", "any_of": [r"ben@example\.com"]},
    {"id": "dev", "what": "dev@example.com", "any_of": [r"dev@example\.com"]},
    {"id": "fay", "what": "fay@example.com", "any_of": [r"fay@example\.com"]}],
    forbidden=[{"id": "wrong", "what": "names a user who logged in", "any_of": [
        r"(ana|cho|eli|gus|hal)@example\.com[^\n]{0,40}(never|null|not\s+logged)"]}])


if __name__ == "__main__":
    _fifth.write_all(T, ROOT, "heldout7")
