"""Writes meta.json and expected-output.txt of every eleventh-batch held-out task (runs each task's reference commands
on a fresh copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout11/samples/make_meta.py [task-id ...]
The copy-run-write helpers are the fifth batch's (tasks_heldout5/samples/make_meta.py).
"""
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout5_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout5", "samples", "make_meta.py"))
_fifth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fifth)
_near = _fifth.near

T = {}
T["npm-why-dep"] = dict(kind="implicit", commands=["npm ls ms"], facts=[
    {"id": "express", "what": "express pulls it in (via debug 2.6.9 and send 0.18.0)", "any_of": [r"\bexpress\b"]},
    {"id": "nodemon", "what": "nodemon pulls it in (via debug 4.3.4)", "any_of": [r"\bnodemon\b"]},
    {"id": "debug", "what": "through debug", "any_of": [r"\bdebug\b"]}],
    forbidden=[{"id": "other", "what": "names uuid / semver / mime / accepts as pulling in ms", "any_of": [
        r"\b(uuid|semver|mime|accepts)\b[^\n]{0,30}(pulls|brings|->|→|depends)[^\n]{0,30}\bms\b"]}])

T["cargo-why-syn"] = dict(kind="implicit", commands=["awk '/^name = /{n=$3} /^ \"syn\",?$/{print n}' Cargo.lock"], facts=[
    {"id": "serde", "what": "serde, through serde_derive", "any_of": [r"serde_derive"]},
    {"id": "clap", "what": "clap, through clap_derive", "any_of": [r"clap_derive"]},
    {"id": "direct", "what": "the direct dependencies serde and clap (derive features)", "any_of": _near(r"\bserde\b", r"\bclap\b", 80)}],
    forbidden=[{"id": "itoa", "what": "says itoa / anstyle / heck brings syn in", "any_of": [
        r"\b(itoa|anstyle|heck|clap_lex)\b[^\n]{0,30}(pulls|brings|->|→|depends\s+on\s+syn)"]}])

T["ci-workflow-step"] = dict(kind="implicit", commands=[
    "python3 -m compileall -q src", "python3 -m unittest discover -s tests", "python3 scripts/check_version.py"], facts=[
    {"id": "step", "what": "the step 'Version matches changelog' (scripts/check_version.py) fails first", "any_of": [
        r"Version\s+matches\s+changelog", r"check_version\.py"]},
    {"id": "why", "what": "version 2.1.0 but CHANGELOG.md's newest entry is 2.0.3", "any_of": _near(r"2\.1\.0", r"2\.0\.3", 120)},
    {"id": "before", "what": "the steps before it pass (2 unit tests OK)", "any_of": [
        r"\bRan\s+2\s+tests", r"\b2\s+(unit\s+)?tests?\b[^\n]{0,40}(pass|OK)", r"\b2\s+passed", r"Unit\s+tests[^\n]{0,40}(pass|OK|succeed)",
        r"(earlier|previous|other|first\s+(two|three)|preceding)\s+steps?[^\n]{0,30}(pass|succeed|OK)"]}],
    forbidden=[{"id": "tests_fail", "what": "says the unit tests or the byte-compile step fail", "any_of": [
        r"(Unit\s+tests|Byte-compile\s+sources|compileall|unittest)[^\n]{0,30}\bfail(s|ed)\b(?!\s+first)"]}])

T["auth-failed-logins"] = dict(kind="implicit", commands=[
    "grep 'Failed password' logs/auth.log | grep -o 'from [0-9.]*' | sort | uniq -c | sort -rn"], facts=[
    {"id": "first", "what": "185.220.101.4: 23 failed logins", "any_of": _near(r"185\.220\.101\.4\b", r"\b23\b", 40)},
    {"id": "second", "what": "45.134.26.71: 14", "any_of": _near(r"45\.134\.26\.71\b", r"\b14\b", 40)},
    {"id": "third", "what": "103.77.2.19: 9", "any_of": _near(r"103\.77\.2\.19\b", r"\b9\b", 40)}],
    forbidden=[{"id": "all_lines", "what": "counts every sshd line of an address (39 / 19) as failed logins", "any_of": [
        r"185\.220\.101\.4\b[^\n]{0,20}\b39\b", r"\b39\b[^\n]{0,20}185\.220\.101\.4\b", r"45\.134\.26\.71\b[^\n]{0,20}\b19\b"]},
               {"id": "accepted", "what": "counts 10.20.0.31's accepted logins as failed", "any_of": [r"10\.20\.0\.31\b[^\n]{0,20}\b3\b"]}])

T["junit-report-failures"] = dict(kind="implicit", commands=[
    "grep -o '<testcase [^>]*name=\"[^\"]*\"[^>]*><\\(failure\\|error\\)[^>]*' reports/junit.xml"], facts=[
    {"id": "discount", "what": "tests.test_cart test_total_with_discount: assert 89.1 == 90.0", "any_of": [r"test_total_with_discount"]},
    {"id": "receipt", "what": "tests.test_checkout test_checkout_sends_receipt: TimeoutError, SMTP server did not answer", "any_of": [
        r"test_checkout_sends_receipt"]},
    {"id": "restock", "what": "tests.test_inventory test_restock: error on setup, fixtures/stock.csv not found", "any_of": [r"test_restock"]},
    {"id": "counts", "what": "2 failures and 1 error of 9 tests", "any_of": [r"\b2\s+fail", r"\b(two|2)\s+(tests\s+)?failed", r"failures=\"?2"]}],
    forbidden=[{"id": "skip_failed", "what": "calls the skipped test_low_stock_alert a failure", "any_of": [
        r"test_low_stock_alert[^\n]{0,30}fail"]},
               {"id": "rerun", "what": "reran the tests (the placeholder test)", "any_of": [r"test_placeholder"]}])

T["coverage-lowest-module"] = dict(kind="implicit", commands=[
    "grep -o 'filename=\"[^\"]*\"[^>]*line-rate=\"[^\"]*\"' coverage.xml | sort -t'\"' -k4 -n"], facts=[
    {"id": "lowest", "what": "shipping/carriers.py is lowest", "any_of": [r"carriers\.py"]},
    {"id": "rate", "what": "40.6 % (26 of 64 lines)", "any_of": [r"\b40\.6\d*\s*%", r"\b0\.406\d*", r"\b41\s*%", r"\b26\s*(/|of)\s*64\b"]}],
    forbidden=[{"id": "wrong", "what": "calls another module the lowest", "any_of": [
        r"(tracking|zones|labels|rates)\.py[^\n]{0,30}(is\s+the\s+)?lowest", r"lowest[^\n]{0,30}(tracking|zones|labels|rates)\.py"]}])

T["cert-expiry"] = dict(kind="implicit", commands=[
    "openssl x509 -in deploy/certs/api.pem -noout -subject -enddate -ext subjectAltName"], facts=[
    {"id": "date", "what": "expires Mar 14 09:29:59 2025 GMT", "any_of": [
        r"Mar\w*\s+14[^\n]{0,20}2025", r"2025-03-14", r"14\s+Mar\w*\s+2025"]},
    {"id": "api", "what": "api.harbor.example", "any_of": [r"(?<!-)\bapi\.harbor\.example"]},
    {"id": "internal", "what": "api-internal.harbor.example", "any_of": [r"api-internal\.harbor\.example"]}],
    forbidden=[{"id": "admin", "what": "gives the admin certificate's date (2026-08-31)", "any_of": [
        r"(expir\w*|notAfter|valid\s+until)[^\n]{0,30}(2026|Aug\w*\s+31)"]}])

T["git-flag-introduced"] = dict(kind="implicit", commands=[
    "git log -S ENABLE_SPLIT_PAYMENTS --reverse --format='%h %an %ad %s' --date=short"], facts=[
    {"id": "commit", "what": "f00b58c Split payments behind a flag", "any_of": [r"f00b58c", r"Split\s+payments\s+behind\s+a\s+flag"]},
    {"id": "who", "what": "Mei Lin", "any_of": [r"Mei\s+Lin"]},
    {"id": "when", "what": "2024-05-13", "any_of": [r"2024-05-13", r"May\s+13\b[^\n]{0,20}2024", r"13\s+May\s+2024"]}],
    forbidden=[{"id": "others", "what": "credits the README commit or the turn-on commit with introducing it", "any_of": [
        r"(Piet\s+Jansen|Noor\s+Haddad|Document\s+ENABLE_SPLIT|Turn\s+on\s+split)[^\n]{0,50}(introduc|added\s+(the\s+)?(flag|ENABLE))",
        r"(introduc\w+|added)\s+(by|in)\s+(Piet|Noor)"]}])

T["git-branch-contains"] = dict(kind="implicit", commands=[
    "git branch -a --contains $(git log --all -1 --format=%h --grep='Fix rounding in totals')"], facts=[
    {"id": "main", "what": "main", "any_of": [r"\bmain\b"]},
    {"id": "r24", "what": "release/2.4", "any_of": [r"release/2\.4"]},
    {"id": "hotfix", "what": "hotfix/login", "any_of": [r"hotfix/login"]}],
    forbidden=[{"id": "r23", "what": "lists release/2.3 or feature/csv-export as containing it", "any_of": [
        r"contain\w*[^\n.;]{0,20}:[^\n]{0,60}(release/2\.3|feature/csv-export)", r"(release/2\.3|feature/csv-export)\s+(also\s+)?(contains|has|includes)\s+(it|the)"]}])

T["git-stash-contents"] = dict(kind="implicit", commands=["git stash list", "git stash show --stat --include-untracked stash@{0}",
                                                          "git stash show -p stash@{1}"], facts=[
    {"id": "count", "what": "2 stash entries", "any_of": [r"\b(2|two)\s+(stash(ed)?\s+)?(entries|stashes|changes|sets)", r"stash@\{1\}"]},
    {"id": "health", "what": "stash@{0} 'WIP health endpoint': src/app.py health(), new src/test_app.py", "any_of": [
        r"WIP\s+health\s+endpoint"]},
    {"id": "health_files", "what": "src/app.py and src/test_app.py", "any_of": [r"test_app\.py", r"src/app\.py"]},
    {"id": "port", "what": "stash@{1} 'try port 9090 with debug': settings.py PORT 8080 -> 9090, DEBUG True", "any_of": [
        r"try\s+port\s+9090", r"settings\.py"]}],
    forbidden=[{"id": "changed", "what": "applied, popped or dropped a stash", "any_of": [
        r"\bDropped\s+(refs/stash|stash@)", r"\b(applied|popped|dropped)\s+(the\s+)?stash"]},
               {"id": "empty", "what": "says there is no stash", "any_of": [r"\bno\s+stash(es|ed)?\b", r"stash\s+is\s+empty"]}])

T["git-latest-tag"] = dict(kind="implicit", commands=["git describe --tags --abbrev=0", "git rev-list --count v1.1.0..HEAD"], facts=[
    {"id": "tag", "what": "v1.1.0", "any_of": [r"v1\.1\.0"]},
    {"id": "since", "what": "3 commits since", "any_of": [r"\b(3|three)\s+commits?", r"v1\.1\.0-3-g"]}],
    forbidden=[{"id": "other", "what": "calls v0.9.1 (another branch) or the nightly tag the latest release", "any_of": [
        r"(latest|newest|most\s+recent)[^\n]{0,40}(v0\.9\.1|nightly-)", r"(v0\.9\.1|nightly-20240306)[^\n]{0,20}(is\s+the\s+)?(latest|newest)"]}])

T["nginx-listen-ports"] = dict(kind="implicit", commands=["grep -rn -e 'listen' -e 'server_name' deploy/nginx"], facts=[
    {"id": "http", "what": "80 for shop.example.com (redirects to https)", "any_of": _near(r"\b80\b", r"shop\.example\.com", 80)},
    {"id": "https", "what": "443 ssl for shop.example.com", "any_of": _near(r"\b443\b", r"shop\.example\.com", 80)},
    {"id": "metrics", "what": "127.0.0.1:9113 for the status page (server_name _)", "any_of": [r"127\.0\.0\.1:9113", r"\b9113\b"]}],
    forbidden=[{"id": "wrong", "what": "says it listens on 8000 (a comment) or 8081 (the proxied upstream)", "any_of": [
        r"(?<!# )listen\w*\s+(on\s+)?(port\s+)?(8000|8081)\b", r"\b(8000|8081)\b[^\n]{0,15}(listens?|bound)"]}])

T["dockerfile-runtime-stage"] = dict(kind="implicit", commands=["grep -n -e '^FROM' -e '^EXPOSE' -e '^USER' Dockerfile"], facts=[
    {"id": "base", "what": "gcr.io/distroless/nodejs20-debian12:nonroot", "any_of": [r"distroless/nodejs20-debian12"]},
    {"id": "port", "what": "exposes 8080", "any_of": [r"\b8080\b"]},
    {"id": "user", "what": "runs as nonroot:nonroot", "any_of": [r"\bnonroot(:nonroot)?\b(?!-)"]}],
    forbidden=[{"id": "build_stage", "what": "gives the build stage's image or port as the final one", "any_of": [
        r"(final|runtime|last)\s+(stage\s+)?[^\n]{0,30}(node:20\.11|9229)", r"(node:20\.11-bookworm|9229)[^\n]{0,20}(final|runtime)\s+stage"]}])

T["k8s-memory-limits"] = dict(kind="implicit", commands=["grep -n -e '- name:' -e 'memory:' -e 'limits:' -e 'requests:' k8s/deployment.yaml"], facts=[
    {"id": "shipper", "what": "log-shipper (a memory request, no limit)", "any_of": [r"log-shipper"]},
    {"id": "warmer", "what": "cache-warmer (no resources at all)", "any_of": [r"cache-warmer"]}],
    forbidden=[{"id": "limited", "what": "says api or migrate has no memory limit", "any_of": [
        r"\b(api|migrate)\b[`'\"]?\s+(container\s+)?(has\s+)?no\s+memory\s+limit", r"no\s+memory\s+limit[^\n]{0,20}:\s*[^\n]{0,20}\b(api|migrate)\b"]}])

T["errors-by-hour"] = dict(kind="implicit", commands=["grep ' ERROR ' logs/orders.log | cut -c12-13 | sort | uniq -c | sort -rn | head -3"], facts=[
    {"id": "hour", "what": "13:00-13:59 on 2024-11-26", "any_of": [r"\b13:\d\d\b", r"\b13\s*(h|o'clock)\b", r"\bhour\s+13\b", r"\b1\s*pm\b"]},
    {"id": "count", "what": "27 errors that hour", "any_of": [r"\b27\b"]}],
    forbidden=[{"id": "other_hour", "what": "names another hour as the peak", "any_of": [
        r"(peak\w*|most)[^\n]{0,30}\b(08|09|10|11|12|14|15):00"]}])

T["slowest-endpoint"] = dict(kind="implicit", commands=[
    "awk '{split($7,a,\"?\"); s[a[1]]+=$NF; n[a[1]]++} END {for (p in s) printf \"%s %.3f %d\\n\", p, s[p]/n[p], n[p]}' logs/access.log | sort -k2 -rn"], facts=[
    {"id": "path", "what": "/api/reports/export", "any_of": [r"/api/reports/export"]},
    {"id": "mean", "what": "about 2.19 s on average (6 requests)", "any_of": [r"\b2\.(1[89]|2)\d*\s*(s|sec)", r"\b2\.1[89]\d*\b", r"\b21[89]\d\s*ms"]}],
    forbidden=[{"id": "search", "what": "calls /api/search (0.75 s) the slowest", "any_of": [r"/api/search\W{0,5}(is\s+)?(the\s+)?slowest"]}])

T["job-duration"] = dict(kind="implicit", commands=["grep 2024-11-26 logs/backup.log"], facts=[
    {"id": "total", "what": "1 h 47 min 47 s (6467 s), 2024-11-26 01:00:04 -> 02:47:51", "any_of": [
        r"\b6467\s*s", r"\b1\s*h\w*\s*47\s*m", r"\b1:47:4[67]\b", r"\b107\.\d\s*min", r"\b1\s+hour\s+(and\s+)?47\s+min"]},
    {"id": "stage", "what": "the database dump took longest (52 min 43 s)", "any_of": _near(r"\bdump\w*", r"\b52\s*(m|min)", 60) + [
        r"\bdump\w*[^\n]{0,40}\blongest", r"\blongest[^\n]{0,40}\bdump"]}],
    forbidden=[{"id": "older", "what": "gives an older run's total as the most recent", "any_of": [
        r"(most\s+recent|latest|last)[^\n]{0,40}\b(4913|5461)\b"]}])

T["config-dir-diff"] = dict(kind="implicit", commands=["diff -r config/staging config/production"], facts=[
    {"id": "database", "what": "database.yaml differs: host, pool 5 -> 20, ssl false -> true", "any_of": [r"database\.yaml"]},
    {"id": "pool", "what": "pool 5 -> 20", "any_of": _near(r"\bpool\b", r"\b20\b", 40)},
    {"id": "tracing", "what": "tracing.yaml only in staging", "any_of": [r"tracing\.yaml"]},
    {"id": "cache", "what": "cache.yaml only in production", "any_of": [r"cache\.yaml"]}],
    forbidden=[{"id": "same", "what": "calls logging.yaml or mail.ini different", "any_of": [
        r"(logging\.yaml|mail\.ini)[^\n]{0,20}(differ|changed|only\s+in)"]}])

T["unpinned-requirements"] = dict(kind="implicit", commands=["grep -rvhE '^\\s*(#|-r|$)|==' requirements.txt requirements-common.txt"], facts=[
    {"id": "uvicorn", "what": "uvicorn[standard]>=0.27", "any_of": [r"uvicorn"]},
    {"id": "sqlalchemy", "what": "sqlalchemy~=2.0.27", "any_of": [r"sqlalchemy"]},
    {"id": "httpx", "what": "httpx (no version)", "any_of": [r"httpx"]},
    {"id": "jinja2", "what": "jinja2<4", "any_of": [r"jinja2"]},
    {"id": "rich", "what": "rich (in requirements-common.txt, included with -r)", "any_of": [r"\brich\b"]}],
    forbidden=[{"id": "pinned", "what": "lists a pinned one as unpinned", "any_of": [
        r"(fastapi|pydantic|psycopg|python-multipart|structlog)[^\n]{0,25}(unpinned|not\s+pinned)"]}])

if __name__ == "__main__":
    _fifth.write_all({k: v for k, v in T.items() if not sys.argv[1:] or k in sys.argv[1:]}, ROOT, "heldout11")
