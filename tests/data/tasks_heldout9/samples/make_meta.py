"""Writes meta.json and expected-output.txt of every ninth-batch held-out task (runs each task's reference commands on
a fresh copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout9/samples/make_meta.py
The copy-run-write helpers are the fifth batch's (tasks_heldout5/samples/make_meta.py).
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "heldout5_make_meta", os.path.join(os.path.dirname(ROOT), "tasks_heldout5", "samples", "make_meta.py"))
_fifth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fifth)
_near = _fifth.near

NEG = r"(?<!not )(?<!n't )(?<!never )"
NO = [r"\bno\b[,.:]", r"\bnot\s+(\w+\s+){0,2}(valid|parse|parseable|well[- ]formed)", r"\binvalid\b", r"\bfails?\s+to\s+(parse|load)"]
YAML_LOAD = "python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))'"
T = {}
T["dotenv-missing-keys"] = dict(kind="implicit", commands=["diff <(grep -o '^[A-Z_]*' .env.example | sort) <(grep -o '^[A-Z_]*' .env | sort)"], facts=[
    {"id": "redis", "what": "REDIS_URL is missing from .env (app.py reads it: the KeyError)", "any_of": [r"REDIS_URL"]},
    {"id": "sentry", "what": "SENTRY_DSN is missing", "any_of": [r"SENTRY_DSN"]},
    {"id": "feature", "what": "FEATURE_INVOICES is missing", "any_of": [r"FEATURE_INVOICES"]},
    {"id": "debug", "what": "DEBUG is only in .env", "any_of": [r"\bDEBUG\b"]}],
    forbidden=[{"id": "present", "what": "calls a key both files have missing", "any_of": [
        r"\b(DATABASE_URL|SECRET_KEY|MAIL_FROM)\b[^\n/]{0,30}(is\s+)?(missing|absent|only\s+in)"]}])

T["eslintrc-invalid"] = dict(kind="implicit", commands=["python3 -m json.tool .eslintrc.json", "cat -n .eslintrc.json | sed -n 9,13p"], facts=[
    {"id": "invalid", "what": "no, it is not valid JSON", "any_of": NO},
    {"id": "where", "what": "line 12 column 3 (the trailing comma after the semi rule on line 11)", "any_of": [
        r"line\s+1[12]\b", r"eslintrc\.json:1[12]\b"]},
    {"id": "why", "what": "a trailing comma (Expecting property name)", "any_of": [r"trailing\s+comma", r"Expecting\s+property\s+name", r"\"semi\""]}],
    forbidden=[{"id": "valid", "what": "claims it is valid", "any_of": [NEG + r"\bis\s+valid(\s+JSON)?\b(?!\s+JSON\s+except)", r"\byes\b[,.]"]}])

T["ci-yaml-invalid"] = dict(kind="implicit", commands=[f"{YAML_LOAD} .github/workflows/ci.yml"], facts=[
    {"id": "invalid", "what": "no, it does not parse", "any_of": NO + [r"(parse|parser|yaml)\s*error", r"does\s+not\s+parse", r"doesn't\s+parse"]},
    {"id": "line", "what": "line 19 (env: indented one column off under the Test step)", "any_of": [r"line\s+19\b", r"ci\.yml:19\b"]},
    {"id": "what", "what": "expected <block end>, but found '<block mapping start>' / the env: key", "any_of": [
        r"block\s+end", r"block\s+mapping", r"\benv:", r"indent"]}],
    forbidden=[{"id": "valid", "what": "claims it parses", "any_of": [NEG + r"\b(is\s+valid\s+YAML|parses\s+(fine|correctly|cleanly))\b", r"\byes\b[,.]"]}])

T["yaml-env-diff"] = dict(kind="implicit", commands=["diff config/staging.yaml config/production.yaml"], facts=[
    {"id": "ttl", "what": "cache.ttl_seconds only in staging", "any_of": [r"ttl_seconds"]},
    {"id": "ssl", "what": "database.ssl only in production", "any_of": [r"\bssl\b"]},
    {"id": "workers", "what": "server.workers 2 vs 8", "any_of": _near(r"workers", r"\b8\b", 30)},
    {"id": "pool", "what": "database.pool_size 5 vs 20", "any_of": _near(r"pool_size", r"\b20\b", 30)},
    {"id": "checkout", "what": "features.new_checkout true vs false", "any_of": [r"new_checkout"]}],
    forbidden=[{"id": "same_differs", "what": "calls dark_mode, host or port different", "any_of": [
        r"(dark_mode|\bhost|\bport)\b[^\n]{0,20}(differs|\(\s*\S+\s*\|)", r"(dark_mode|\bhost|\bport)\b[^\n]{0,25}only\s+in"]}])

T["yaml-defaults-override"] = dict(kind="implicit", commands=["diff config/defaults.yaml config/local.yaml"], facts=[
    {"id": "level", "what": "logging.level info -> debug", "any_of": _near(r"\blevel\b", r"\bdebug\b", 30)},
    {"id": "timeout", "what": "http.timeout_s 30 -> 5", "any_of": _near(r"timeout_s", r"\b5\b", 30)},
    {"id": "path", "what": "storage.path /var/lib/fetcher -> ./data", "any_of": [r"\./data\b"]},
    {"id": "compress", "what": "storage.compress only in local.yaml", "any_of": [r"compress"]},
    {"id": "user_agent", "what": "http.user_agent only in the defaults", "any_of": [r"user_agent"]}],
    forbidden=[{"id": "same", "what": "calls retries, max_mb or format overridden", "any_of": [
        r"\b(retries|max_mb|format)\b[^\n]{0,20}(differs|\(\s*\S+\s*\|)", r"\b(retries|max_mb)\b[^\n]{0,30}(->|→|to)\s*\d"]}])

T["nginx-custom-log"] = dict(kind="implicit", commands=[
    "grep -o 'client=[0-9.]*' logs/nginx-access.log | sort | uniq -c | sort -rn | head -3", "grep -c ' status=5' logs/nginx-access.log"], facts=[
    {"id": "first", "what": "10.20.0.8: 37", "any_of": _near(r"10\.20\.0\.8\b", r"\b37\b", 30)},
    {"id": "second", "what": "172.31.5.14: 29", "any_of": _near(r"172\.31\.5\.14\b", r"\b29\b", 30)},
    {"id": "third", "what": "10.20.0.3: 22", "any_of": _near(r"10\.20\.0\.3\b", r"\b22\b", 30)},
    {"id": "errors", "what": "9 responses were 5xx", "any_of": [r"\b(9|nine)\s+(\w+\s+){0,2}(5xx|server\s+errors|responses|errors)", r"5xx\W[^\n]{0,30}\b9\b"]}],
    forbidden=[{"id": "fourth", "what": "puts 192.168.7.40 in the top 3", "any_of": [r"192\.168\.7\.40\W[^\n]{0,10}\b18\b[^\n]{0,40}(top|third|3rd)"]},
               {"id": "zero", "what": "says there were no requests or no 5xx", "any_of": [r"\b0\s+requests\b", r"\b(0|no)\s+(responses\s+were\s+)?5xx"]}])

T["caddy-json-log"] = dict(kind="implicit", commands=[
    "python3 -c 'import collections, json, sys; c = collections.Counter(json.loads(l)[\"request\"][\"uri\"] for l in open(sys.argv[1]) if json.loads(l)[\"status\"] >= 500); print(sum(c.values()), c.most_common())' logs/caddy-access.log"], facts=[
    {"id": "count", "what": "11 requests got a 5xx", "any_of": [r"\b(11|eleven)\s+(\w+\s+){0,3}(5xx|server\s+errors|responses|errors|requests)", r"5xx\W[^\n]{0,30}\b11\b"]},
    {"id": "path", "what": "/api/checkout had the most (7)", "any_of": _near(r"/api/checkout\b", r"\b7\b", 40)}],
    forbidden=[{"id": "cart", "what": "calls /api/cart the worst", "any_of": [r"/api/cart\b[^\n.;(]{0,20}\b(most|worst|highest)", r"\b(most|worst|highest)\b[^\n.;(]{0,20}/api/cart\b"]},
               {"id": "zero", "what": "says there were no requests or no 5xx", "any_of": [r"\b0\s+requests\b", r"\b(0|no)\s+(responses\s+were\s+)?5xx"]}])

T["haproxy-log"] = dict(kind="implicit", commands=[
    "awk '{print $6}' logs/haproxy.log | cut -d: -f1 | sort | uniq -c | sort -rn | head -3", "awk '$11 ~ /^5/' logs/haproxy.log | wc -l"], facts=[
    {"id": "first", "what": "10.0.9.21: 44", "any_of": _near(r"10\.0\.9\.21\b(?!:)", r"\b44\b", 30)},
    {"id": "second", "what": "10.0.9.7: 35", "any_of": _near(r"10\.0\.9\.7\b(?!:)", r"\b35\b", 30)},
    {"id": "third", "what": "10.0.12.3: 23", "any_of": _near(r"10\.0\.12\.3\b(?!:)", r"\b23\b", 30)},
    {"id": "errors", "what": "8 responses were 5xx", "any_of": [r"\b(8|eight)\s+(\w+\s+){0,2}(5xx|server\s+errors|responses|errors)", r"5xx\W[^\n]{0,30}\b8\b"]}],
    forbidden=[{"id": "fourth", "what": "puts 10.0.9.30 in the top 3", "any_of": [r"10\.0\.9\.30\W[^\n]{0,10}\b15\b[^\n]{0,40}(top|third|3rd)"]},
               {"id": "zero", "what": "says there were no requests or no 5xx", "any_of": [r"\b0\s+requests\b", r"\b(0|no)\s+(responses\s+were\s+)?5xx"]}])

T["pylogging-levels"] = dict(kind="implicit", commands=[
    "grep -oE '^[0-9-]+ [0-9:,]+ [A-Z]+' logs/app.log | awk '{print $3}' | sort | uniq -c",
    "grep ' ERROR ' logs/app.log | sed -E 's/^[^]]*\\] //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn"], facts=[
    {"id": "errors", "what": "14 ERROR entries", "any_of": _near(r"\b14\b", r"\bERROR", 20)},
    {"id": "warnings", "what": "9 WARNING entries", "any_of": _near(r"\b9\b", r"\bWARN(ING)?", 20)},
    {"id": "top", "what": "'Payment gateway timeout after 30s' is the most frequent (9 times)", "any_of": [r"[Pp]ayment\s+gateway\s+timeout"]}],
    forbidden=[{"id": "deadlock", "what": "calls the deadlock the most frequent error", "any_of": [
        r"(most|frequent|common)[^\n]{0,40}deadlock", r"deadlock[^\n]{0,40}(most\s+(often|frequent|common))"]}])

T["journal-json"] = dict(kind="implicit", commands=[
    "python3 -c 'import json, sys\nfor l in open(sys.argv[1]):\n  e = json.loads(l)\n  if int(e[\"PRIORITY\"]) <= 3: print(e[\"PRIORITY\"], e[\"_SYSTEMD_UNIT\"], e[\"MESSAGE\"])' logs/journal.json | sort | uniq -c"], facts=[
    {"id": "backup", "what": "backup.service", "any_of": [r"backup\.service", r"\bbackup\b"]},
    {"id": "rsync", "what": "rsync: connection unexpectedly closed (4 times), exited status=12", "any_of": [r"connection\s+unexpectedly\s+closed", r"status=12"]},
    {"id": "postgres", "what": "postgresql@15-main.service", "any_of": [r"postgresql@15-main", r"\bpostgres(ql)?\b"]},
    {"id": "disk", "what": "No space left on device", "any_of": [r"[Nn]o\s+space\s+left"]}],
    forbidden=[{"id": "quiet_units", "what": "says cron or sshd logged errors", "any_of": [r"(cron|sshd)\.service\W[^\n]{0,30}\b(errors?|err)\b"]}])

T["ruby-test-fail"] = dict(kind="implicit", commands=["rake test"], facts=[
    {"id": "test", "what": "TestPrice#test_format_small_cents fails", "any_of": [r"test_format_small_cents"]},
    {"id": "actual", "what": "got \"3.5 EUR\"", "any_of": [r"3\.5 EUR"]},
    {"id": "expected", "what": "expected \"3.05 EUR\"", "any_of": [r"3\.05"]},
    {"id": "cause", "what": "Price.format does not zero-pad the cents (lib/price.rb)", "any_of": [r"price\.rb", r"\bformat\b", r"zero[- ]pad", r"\bpad"]}],
    forbidden=[{"id": "other", "what": "claims test_total or test_format_whole fails", "any_of": [r"(test_total|test_format_whole)\b[^\n]{0,30}(fail|FAIL)"]}])

T["java-compile-error"] = dict(kind="implicit", commands=["javac -d out src/*.java"], facts=[
    {"id": "types", "what": "Main.java:6 incompatible types: int cannot be converted to String", "any_of": [r"int\s+cannot\s+be\s+converted\s+to\s+String", r"incompatible\s+types"]},
    {"id": "line6", "what": "Main.java line 6", "any_of": _near(r"Main\.java", r"\b6\b", 12)},
    {"id": "symbol", "what": "Main.java:9 cannot find symbol: method remove(String,int)", "any_of": [r"remove\(String,\s*int\)", r"\bremove\b"]},
    {"id": "count", "what": "2 errors", "any_of": [r"\b(2|two)\s+(compile\s+|compiler\s+)?errors"]}],
    forbidden=[{"id": "inventory", "what": "puts an error in Inventory.java", "any_of": [r"Inventory\.java:\d+"]}])

T["go-slowest-test"] = dict(kind="implicit", commands=["go test -v ./..."], facts=[
    {"id": "name", "what": "TestExpiredAfterTTL is the slowest", "any_of": [r"TestExpiredAfterTTL"]},
    {"id": "time", "what": "about 1.2 s", "any_of": _near(r"TestExpiredAfterTTL", r"\b1\.[2-4]\d*\s*s|\b1[2-4]\d\d\s*ms", 40)}],
    forbidden=[{"id": "other", "what": "calls another test the slowest", "any_of": [
        r"(TestNotExpired|TestManyCodes|TestCodeStable|TestCodeLength)\b[^\n]{0,30}(is\s+)?(the\s+)?slowest", r"slowest[^\n.;(]{0,20}(TestNotExpired|TestManyCodes)"]}])

T["git-since-commit"] = dict(kind="implicit", commands=["git log --oneline --stat d7615d4..HEAD"], facts=[
    {"id": "strip", "what": "Strip punctuation and cap slug length", "any_of": [r"Strip\s+punctuation"]},
    {"id": "test", "what": "Add punctuation test", "any_of": [r"Add\s+punctuation\s+test"]},
    {"id": "docs", "what": "Document max_len", "any_of": [r"Document\s+max_len"]},
    {"id": "files", "what": "src/slug.py, test_slug.py, README.md", "any_of": [r"test_slug\.py"]},
    {"id": "count", "what": "3 commits", "any_of": [r"\b(3|three)\s+commits"]}],
    forbidden=[{"id": "older", "what": "lists the commit itself or an older one as a change", "any_of": [r"Initial\s+slug\s+helper", r"\b(4|four|5|five)\s+commits"]}])

T["build-warnings"] = dict(kind="implicit", commands=["make"], facts=[
    {"id": "sign", "what": "src/stats.c:6 comparison of different signedness (-Wsign-compare)", "any_of": [r"stats\.c:6\b", r"sign-compare", r"signedness"]},
    {"id": "unused", "what": "src/stats.c:13 unused variable 'unused_count'", "any_of": [r"stats\.c:13\b", r"unused_count", r"unused\s+variable"]},
    {"id": "count", "what": "2 warnings, the build succeeds", "any_of": [r"\b(2|two)\s+(compiler\s+)?warnings"]}],
    forbidden=[{"id": "none", "what": "claims no warnings", "any_of": [NEG + r"\bno\s+(compiler\s+)?warnings\b", r"\bwithout\s+(any\s+)?warnings"]},
               {"id": "main", "what": "puts a warning in main.c", "any_of": [r"main\.c:\d+(:\d+)?:?\s*warning"]}])

T["port-free-check"] = dict(kind="implicit", commands=["ss -ltnp 'sport = :8772'", "ps -o pid,args -p $(ss -ltnpH 'sport = :8772' | grep -o 'pid=[0-9]*' | cut -d= -f2)"], facts=[
    {"id": "no", "what": "no, it is in use", "any_of": [r"\bno\b[,.:]", r"(not|isn't)\s+free", r"(in\s+use|taken|occupied|already\s+(bound|held|listening))", r"\bheld\s+by\b",
                                                        r"\blistening\b"]},
    {"id": "holder", "what": "python3 tools/mock_api.py holds it", "any_of": [r"mock_api"]},
    {"id": "port", "what": "port 8772", "any_of": [r"\b8772\b"]}],
    forbidden=[{"id": "free", "what": "claims it is free", "any_of": [NEG + r"\b(is|it's)\s+(free|available)\b", r"(nothing|no\s+process)\s+(is\s+)?(listening|holds|holding|bound|using)"]}])

T["what-takes-space"] = dict(kind="implicit", commands=["du -sh .[!.]* * | sort -rh"], facts=[
    {"id": "cache", "what": ".cache/ is the biggest, about 18 MB", "any_of": _near(r"\.cache\b", r"\b1[789](\.\d)?\s*(M|MB|MiB)\b", 60)},
    {"id": "responses", "what": "most of it .cache/http (responses.db, 12 MB)", "any_of": [r"responses\.db", r"\.cache/http\b"]},
    {"id": "exports", "what": "exports/ 6 MB", "any_of": _near(r"exports", r"\b6(\.\d)?\s*(M|MB|MiB)\b", 40)}],
    forbidden=[{"id": "biggest", "what": "calls exports/ or assets/ the biggest", "any_of": [
        r"(exports|assets)/?\W[^\n]{0,30}(takes\s+)?(the\s+)?(most|biggest|largest)\b(?!\s+after)"]}])

T["npm-installed-version"] = dict(kind="implicit", commands=["npm ls lodash"], facts=[
    {"id": "installed", "what": "lodash 4.17.20 is installed", "any_of": [r"4\.17\.20\b"]},
    {"id": "wanted", "what": "package.json asks for ^4.17.21", "any_of": [r"\^4\.17\.21\b"]},
    {"id": "no", "what": "it does not satisfy it (npm ls: invalid)", "any_of": [r"\binvalid\b", r"(does\s+not|doesn't|not)\s+satisf", r"\bno\b[,.:]", r"(too\s+old|older|outdated)"]}],
    forbidden=[{"id": "newer", "what": "claims 4.17.21 is installed", "any_of": [r"lodash@?\s*4\.17\.21\s+(is\s+)?installed", r"installed[^\n]{0,20}\b4\.17\.21\b"]}])

T["shell-syntax-error"] = dict(kind="implicit", commands=["bash -n scripts/deploy.sh"], facts=[
    {"id": "yes", "what": "yes, a syntax error", "any_of": [r"syntax\s+error", r"\byes\b"]},
    {"id": "line", "what": "line 17", "any_of": [r"line\s+17\b", r"deploy\.sh:17\b"]},
    {"id": "token", "what": "near unexpected token `done' (the if on line 14 has no fi)", "any_of": [r"\bdone\b", r"\bfi\b"]}],
    forbidden=[{"id": "ran", "what": "reports a deploy", "any_of": [r"deployed\s+to\s+/srv"]},
               {"id": "ok", "what": "claims no syntax error", "any_of": [NEG + r"\bno\s+syntax\s+errors?\b"]}])

T["csv-group-sum"] = dict(kind="implicit", commands=["python3 -c 'import csv, collections, sys; t = collections.Counter(); [t.update({r[\"region\"]: float(r[\"amount\"])}) for r in csv.DictReader(open(sys.argv[1]))]; [print(k, round(v, 2)) for k, v in t.most_common()]' data/sales.csv"], facts=[
    {"id": "west", "what": "west is highest: 1868.39", "any_of": _near(r"\bwest\b", r"1,?868\.39\b", 40)},
    {"id": "south", "what": "south 1702.36", "any_of": _near(r"\bsouth\b", r"1,?702\.36\b", 40)},
    {"id": "east", "what": "east 1407.45", "any_of": _near(r"\beast\b", r"1,?407\.45\b", 40)},
    {"id": "north", "what": "north 1070.69", "any_of": _near(r"\bnorth\b", r"1,?070\.69\b", 40)}],
    forbidden=[{"id": "south_top", "what": "calls another region the highest", "any_of": [r"(highest|most|largest)[^\n.;(]{0,20}\b(south|east|north)\b", r"\b(south|east|north)\b[^\n.;(]{0,15}(is\s+)?(the\s+)?highest"]}])

T["rust-build-error"] = dict(kind="implicit", commands=["cargo build --offline"], facts=[
    {"id": "code", "what": "error[E0505]: cannot move out of `counts` because it is borrowed", "any_of": [r"E0505", r"cannot\s+move\s+out"]},
    {"id": "where", "what": "src/main.rs:22 (drop(counts) while best borrows it)", "any_of": [r"main\.rs:22\b", _near(r"main\.rs", r"line\s+22\b", 30)[0]]},
    {"id": "why", "what": "counts is still borrowed by best (top(&counts, 3))", "any_of": [r"\bborrow", r"drop\(counts\)"]}],
    forbidden=[{"id": "net", "what": "blames a dependency download", "any_of": [r"(could\s+not|failed\s+to)\s+(download|fetch)", r"network"]}])

# Part 2, written after part 1's fixes (measured before its own fixes, on their own)
T["go-test-fail"] = dict(kind="implicit", commands=["go test ./..."], facts=[
    {"id": "got", "what": "ParseCents(\"12.5\") = 1205, want 1250", "any_of": [r"\b1205\b"]},
    {"id": "input", "what": "the input 12.5", "any_of": [r"12\.5\b(?!0)"]},
    {"id": "where", "what": "money/parse_test.go:21 (or ParseCents in money/parse.go)", "any_of": [r"parse_test\.go:21\b", r"parse\.go"]}],
    forbidden=[{"id": "words", "what": "claims TestParseCentsRejectsWords fails", "any_of": [r"TestParseCentsRejectsWords[^\n]{0,20}(FAIL|fail)"]}])

T["last-commit-files"] = dict(kind="implicit", commands=["git show --stat --oneline HEAD"], facts=[
    {"id": "subject", "what": "Let render() take a format string", "any_of": [r"take\s+a\s+format\s+string"]},
    {"id": "render", "what": "app/render.py", "any_of": [r"app/render\.py"]},
    {"id": "test", "what": "tests/test_render.py", "any_of": [r"test_render\.py"]},
    {"id": "reqs", "what": "requirements.txt", "any_of": [r"requirements\.txt"]},
    {"id": "readme", "what": "README.md", "any_of": [r"README\.md"]}],
    forbidden=[{"id": "first", "what": "calls the first commit the last", "any_of": [r"last\s+commit[^\n]{0,40}Start\s+the\s+renderer"]}])

T["where-defined"] = dict(kind="implicit", commands=["grep -rn apply_tax --include='*.py' ."], facts=[
    {"id": "def", "what": "defined in shop/pricing.py line 4", "any_of": [r"pricing\.py:4\b"] + _near(r"pricing\.py", r"line\s+4\b", 40)},
    {"id": "total", "what": "called by total() in shop/pricing.py line 9", "any_of": [r"pricing\.py:9\b"]},
    {"id": "cart", "what": "called by Cart.shipping in shop/cart.py line 12", "any_of": [r"cart\.py:12\b"]},
    {"id": "test", "what": "and in tests/test_pricing.py", "any_of": [r"test_pricing\.py"]}],
    forbidden=[{"id": "rates", "what": "puts the definition in rates.py", "any_of": [r"rates\.py:\d+:\s*def\s+apply_tax"]}])

T["authors-shortlog"] = dict(kind="implicit", commands=["git shortlog -sn HEAD"], facts=[
    {"id": "mara", "what": "Mara Lind 4 (the most)", "any_of": _near(r"Mara\s+Lind", r"\b4\b", 30)},
    {"id": "jonas", "what": "Jonas Berg 2", "any_of": _near(r"Jonas\s+Berg", r"\b2\b", 30)},
    {"id": "ivo", "what": "Ivo Petrov 1", "any_of": _near(r"Ivo\s+Petrov", r"\b1\b", 30)}],
    forbidden=[{"id": "jonas_top", "what": "calls Jonas Berg the top author", "any_of": [r"Jonas\s+Berg[^\n.;(]{0,30}\b(most|top)\b"]}])

T["compose-ports"] = dict(kind="implicit", commands=["grep -n -A3 'ports:\\|expose:' docker-compose.yml"], facts=[
    {"id": "web80", "what": "web: 8080 -> 80", "any_of": [r"\b8080\b"]},
    {"id": "web443", "what": "web: 8443 -> 443", "any_of": [r"\b8443\b"]},
    {"id": "api", "what": "api: 127.0.0.1:5000 -> 5000 (localhost only)", "any_of": _near(r"\bapi\b", r"\b5000\b", 40)},
    {"id": "db", "what": "db's 5432 is only exposed to the other services, not published", "any_of": [
        r"5432[^\n]{0,80}(not\s+(published|on\s+the\s+host|mapped)|only\s+expose|expose[sd]?\s+only|internal)",
        r"\bdb\b[^\n]{0,60}(not\s+publish|no\s+host\s+port|publishes\s+no|expose)"]}],
    forbidden=[{"id": "db_published", "what": "claims 5432 is published on the host", "any_of": [r"publish\w*\s+(host\s+)?(port\s+)?5432\b", r"\b5432:5432\b"]}])

T["nvmrc-node-version"] = dict(kind="implicit", commands=["cat .nvmrc", "node --version"], facts=[
    {"id": "wanted", "what": ".nvmrc asks for 16", "any_of": _near(r"\.nvmrc", r"\b16\b", 40)},
    {"id": "have", "what": "this machine has v20.x", "any_of": [r"\bv?20\.\d+\.\d+\b"]},
    {"id": "no", "what": "no, they do not match", "any_of": [r"\bno\b[,.:]", r"(does\s+not|doesn't|do\s+not|don't)\s+match", r"\bmismatch", r"not\s+(the\s+same|16)",
                                                        r"\bdoes\s+not\s+(meet|satisfy)"]}],
    forbidden=[{"id": "yes", "what": "claims it matches", "any_of": [NEG + r"\bmatches\b", r"\byes\b[,.]", NEG + r"\bmeets\s+(the\s+)?requirement"]}])

if __name__ == "__main__":
    _fifth.write_all(T, ROOT, "heldout9")
