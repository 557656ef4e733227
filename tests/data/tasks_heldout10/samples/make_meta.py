"""Writes meta.json and expected-output.txt of every tenth-batch held-out task (runs each task's reference commands on
a fresh copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout10/samples/make_meta.py [task-id ...]
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

NEG = r"(?<!not )(?<!n't )(?<!never )"
T = {}
T["pylogging-logger-names"] = dict(kind="implicit", commands=["grep '^ERROR:' logs/worker.log | cut -d: -f2 | sort | uniq -c | sort -rn"], facts=[
    {"id": "billing", "what": "billing.charge has the most errors: 11", "any_of": _near(r"billing\.charge\b", r"\b11\b", 40)},
    {"id": "mail", "what": "mail.sender 6 errors", "any_of": _near(r"mail\.sender\b", r"\b6\b", 40)},
    {"id": "sync", "what": "sync.inventory 4 errors", "any_of": _near(r"sync\.inventory\b", r"\b4\b", 40)}],
    forbidden=[{"id": "worker_errors", "what": "says the worker logger has errors", "any_of": [r"\bworker\b[^\n.;]{0,15}\b[1-9]\d*\s+errors?"]},
               {"id": "level_as_logger", "what": "takes ERROR for the logger name", "any_of": [r"logger\s+`?ERROR\b"]}])

T["xff-client-ips"] = dict(kind="implicit", commands=[
    "awk -F'\"' '{split($(NF-1), a, \", \"); print a[1]}' logs/access.log | sort | uniq -c | sort -rn | head -3"], facts=[
    {"id": "first", "what": "203.0.113.7: 31", "any_of": _near(r"203\.0\.113\.7\b", r"\b31\b", 30)},
    {"id": "second", "what": "198.51.100.23: 24", "any_of": _near(r"198\.51\.100\.23\b", r"\b24\b", 30)},
    {"id": "third", "what": "192.0.2.140: 17", "any_of": _near(r"192\.0\.2\.140\b", r"\b17\b", 30)}],
    forbidden=[{"id": "proxy", "what": "counts the load balancer 10.0.0.2 / 10.0.0.3 as a client", "any_of": [
        r"10\.0\.0\.[23]\b[^\n]{0,12}\b(58|29|\d\d)\s*(requests|\))", r"\b(58|29)\s+(requests\s+)?(from\s+)?10\.0\.0\.[23]\b"]}])

T["symbol-whole-word"] = dict(kind="implicit", commands=["grep -rnw run --include='*.py' ."], facts=[
    {"id": "def", "what": "run is defined in jobs/core.py line 12", "any_of": [r"core\.py:12\b", r"core\.py[^\n]{0,40}line\s+12\b"]},
    {"id": "cli", "what": "called in jobs/cli.py line 8", "any_of": [r"cli\.py:8\b"]},
    {"id": "test", "what": "called in tests/test_core.py line 6", "any_of": [r"test_core\.py:6\b"]}],
    forbidden=[{"id": "run_all", "what": "gives run_all / run_one / rerun_failed as run's definition", "any_of": [
        r"runner\.py:[49]\b[^\n]{0,40}(defin|def\b)", r"(defined|definition)[^\n]{0,30}runner\.py:[49]\b", r"queue\.py:5\b[^\n]{0,30}defin"]}])

T["pytest-skip-reasons"] = dict(kind="implicit", commands=["python3 -m pytest -rs -q"], facts=[
    {"id": "kelvin", "what": "test_kelvin: kelvin support not written yet", "any_of": [r"kelvin\s+support\s+not\s+written"]},
    {"id": "locale", "what": "test_locale_decimal_comma: needs the Windows locale API", "any_of": [r"Windows\s+locale"]},
    {"id": "hypo", "what": "test_large_values: needs hypothesis_nonexistent_plugin", "any_of": [r"hypothesis_nonexistent_plugin"]},
    {"id": "count", "what": "3 skipped, 3 passed", "any_of": [r"\b3\s+skipped", r"\b(three|3)\s+(tests\s+)?(are\s+|were\s+)?skipped"]}],
    forbidden=[{"id": "failed", "what": "claims a test fails", "any_of": [r"\b[1-9]\d*\s+failed"]},
               {"id": "passing_skipped", "what": "calls test_freezing / test_boiling / test_round_trip skipped", "any_of": [
                   r"(test_freezing|test_boiling|test_round_trip)[^\n]{0,20}skipped"]}])

T["config-key-across-files"] = dict(kind="implicit", commands=["grep -rniI 'max_connections' --exclude='*.py' ."], facts=[
    {"id": "ini", "what": "config/app.ini: 200", "any_of": _near(r"app\.ini\b", r"\b200\b", 50)},
    {"id": "toml", "what": "config/app.toml: 500", "any_of": _near(r"app\.toml\b", r"\b500\b", 50)},
    {"id": "yaml", "what": "deploy/values.yaml: 350", "any_of": _near(r"values\.yaml\b", r"\b350\b", 50)},
    {"id": "json", "what": "config/defaults.json: 100", "any_of": _near(r"defaults\.json\b", r"\b100\b", 50)},
    {"id": "env", "what": ".env: MAX_CONNECTIONS=750", "any_of": [r"MAX_CONNECTIONS", r"\.env\b[^\n]{0,50}\b750\b"]}],
    forbidden=[{"id": "wrong_pair", "what": "pairs a file with another file's value", "any_of": [
        r"app\.ini[^\n\d]{0,30}\b(500|350|100|750)\b", r"app\.toml[^\n\d]{0,30}\b(200|350|100|750)\b"]}])

T["systemd-unit-verify"] = dict(kind="implicit", commands=["systemd-analyze verify deploy/systemd/report-mailer.service"], facts=[
    {"id": "invalid", "what": "no, it has a fatal error (the unit will not be started)", "any_of": [
        r"\bno\b[,.:]", r"fatal\s+error", r"\bnot\s+(a\s+)?valid\b", r"\binvalid\b", r"bad\s+unit\s+file\s+setting", r"will\s+not\s+be\s+started"]},
    {"id": "line", "what": "line 8: ExecStart=bin/send-report", "any_of": [r"\.service:8\b", r"line\s+8\b", r"ExecStart"]},
    {"id": "why", "what": "not an absolute path (nor a valid executable name)", "any_of": [r"absolute\s+path", r"executable\s+name"]}],
    forbidden=[{"id": "valid", "what": "claims it is valid", "any_of": [NEG + r"\bis\s+(a\s+)?valid\b", r"\byes\b[,.]", r"no\s+(problems|errors)\s+found"]}])

T["make-goal-deps"] = dict(kind="implicit", commands=["make -n release", "grep -n '^release:' Makefile"], facts=[
    {"id": "check", "what": "check", "any_of": [r"\bcheck\b"]},
    {"id": "lint", "what": "lint", "any_of": [r"\blint\b"]},
    {"id": "tarball", "what": "dist/wc2-0.4.2.tar.gz (which needs wc2 and docs)", "any_of": [r"dist/wc2-(\$\(VERSION\)|0\.4\.2)\.tar\.gz"]}],
    forbidden=[{"id": "clean", "what": "lists clean as a prerequisite", "any_of": [r"(depends|prerequisites?)[^\n]{0,60}\bclean\b"]},
               {"id": "built", "what": "built it", "any_of": [r"\bcc\s+-O2[^\n]*\bexit\s+code\s+0"]}])

T["script-env-vars"] = dict(kind="implicit", commands=["grep -no '\\${\\?[A-Z_][A-Z0-9_]*' scripts/backup.sh"], facts=[
    {"id": "bucket", "what": "BACKUP_BUCKET (required)", "any_of": [r"BACKUP_BUCKET"]},
    {"id": "retention", "what": "BACKUP_RETENTION_DAYS defaults to 14", "any_of": _near(r"BACKUP_RETENTION_DAYS", r"\b14\b", 40)},
    {"id": "db", "what": "DATABASE_URL (no default)", "any_of": [r"DATABASE_URL"]},
    {"id": "dry", "what": "BACKUP_DRY_RUN", "any_of": [r"BACKUP_DRY_RUN"]},
    {"id": "profile", "what": "AWS_PROFILE defaults to default", "any_of": [r"AWS_PROFILE"]}],
    forbidden=[{"id": "locals", "what": "lists the script's own variables as environment variables", "any_of": [
        r"(?<![\w$])(stamp|retention_days|db_url)\b[^\n]{0,20}(env|default)"]},
               {"id": "ran", "what": "ran the script", "any_of": [r"\[backup\] (dry run|uploaded)"]}])

T["count-matches-per-file"] = dict(kind="implicit", commands=["grep -c 'upstream timeout' logs/*.log"], facts=[
    {"id": "gateway", "what": "gateway.log 21", "any_of": _near(r"gateway\.log\b", r"\b21\b", 30)},
    {"id": "api", "what": "api.log 13", "any_of": _near(r"api\.log\b", r"\b13\b", 30)},
    {"id": "worker", "what": "worker.log 7", "any_of": _near(r"worker\.log\b", r"\b7\b", 30)},
    {"id": "scheduler", "what": "scheduler.log 0", "any_of": _near(r"scheduler\.log\b", r"\b(0|none|no)\b", 30)}],
    forbidden=[{"id": "plus_config", "what": "counts the 'timeouts configured' lines (22 / 14 / 8 / 1)", "any_of": [
        r"gateway\.log\W{0,5}\b22\b", r"api\.log\W{0,5}\b14\b", r"scheduler\.log\W{0,5}\b1\b"]}])

T["csv-compare-rows"] = dict(kind="implicit", commands=["diff exports/prices_old.csv exports/prices_new.csv"], facts=[
    {"id": "chair", "what": "A101 Office chair price 149.00 -> 139.00", "any_of": [r"139\.00"]},
    {"id": "arm", "what": "A102 Monitor arm stock 9 -> 6", "any_of": _near(r"(A102|Monitor\s+arm)", r"\b6\b", 60)},
    {"id": "removed", "what": "A103 Cable tray removed", "any_of": [r"A103", r"Cable\s+tray"]},
    {"id": "added", "what": "A106 Laptop stand added", "any_of": [r"A106", r"Laptop\s+stand"]}],
    forbidden=[{"id": "unchanged", "what": "calls A100 / A104 / A105 changed", "any_of": [
        r"(A100|A104|A105|Desk\s+lamp|Footrest|Whiteboard)[^\n]{0,20}(changed|removed|added)"]}])

T["git-last-touched"] = dict(kind="implicit", commands=["git log -1 --format='%h %an %ad %s' --date=iso -- src/parser.py"], facts=[
    {"id": "commit", "what": "bc35e16 Drop empty tokens in parse()", "any_of": [r"bc35e16", r"Drop\s+empty\s+tokens"]},
    {"id": "who", "what": "Lena Ortiz", "any_of": [r"Lena\s+Ortiz"]},
    {"id": "when", "what": "2024-04-11", "any_of": [r"2024-04-11", r"Apr\s+11\b[^\n]{0,20}2024", r"11\s+Apr\w*\s+2024"]}],
    forbidden=[{"id": "latest", "what": "names the repo's last commit (README) or the emitter change", "any_of": [
        r"(2753d81|e2a91d7)[^\n]{0,60}(last|changed|touched)[^\n]{0,20}parser", r"Ana\s+Silva[^\n]{0,60}parser\.py"]}])

T["git-blame-line"] = dict(kind="implicit", commands=["git blame -L 4,4 app/config.py", "git log -1 --format='%h %an %ad%n%s' 9bce8e7"], facts=[
    {"id": "who", "what": "Ravi Menon", "any_of": [r"Ravi\s+Menon"]},
    {"id": "commit", "what": "9bce8e7", "any_of": [r"9bce8e7"]},
    {"id": "why", "what": "Raise timeout for slow partner API (2024-06-03)", "any_of": [r"slow\s+partner\s+API", r"Raise\s+timeout", r"2024-06-03"]}],
    forbidden=[{"id": "jo", "what": "credits Jo Park with the TIMEOUT line", "any_of": [r"Jo\s+Park[^\n]{0,40}(set|wrote|changed|raised)[^\n]{0,20}TIMEOUT"]}])

T["git-commits-between-dates"] = dict(kind="implicit", commands=["git log --since=2024-03-11T00:00:00Z --until=2024-03-17T23:59:59Z --format='%h %ad %s' --date=short"], facts=[
    {"id": "headers", "what": "a68c00b Import CSV headers", "any_of": [r"a68c00b", r"Import\s+CSV\s+headers"]},
    {"id": "quoted", "what": "f9574f1 Handle quoted fields", "any_of": [r"f9574f1", r"Handle\s+quoted\s+fields"]},
    {"id": "bom", "what": "7daf5d7 Fix BOM handling", "any_of": [r"7daf5d7", r"Fix\s+BOM\s+handling"]},
    {"id": "three", "what": "3 commits", "any_of": [r"\b(3|three)\s+commits"]}],
    forbidden=[{"id": "outside", "what": "lists a commit outside the range", "any_of": [r"Add\s+importer", r"Add\s+export", r"Release\s+0\.2", r"947f021", r"81245e6"]}])

T["build-then-run"] = dict(kind="implicit", commands=["make", "./roman 1994 2024 3"], facts=[
    {"id": "built", "what": "it builds", "any_of": [r"\bbuil(t|ds)\b", r"\bbuild\s+succeed(s|ed)\b", r"\bcompile[sd]\b", r"\bmake\b[^\n]{0,40}(succeed|exit\s+code\s+0|ok)"]},
    {"id": "first", "what": "1994 = MCMXCIV", "any_of": [r"MCMXCIV"]},
    {"id": "second", "what": "2024 = MCMCXIXV", "any_of": [r"MCMCXIXV"]},
    {"id": "third", "what": "3 = I", "any_of": [r"\b3\s*(=|->|→|:)\s*I\b(?!I)"]}],
    forbidden=[{"id": "right", "what": "claims 2024 = MMXXIV or 3 = III", "any_of": [r"MMXXIV", r"\b3\s*(=|->|→|:)\s*III\b"]},
               {"id": "nobuild", "what": "claims it does not build", "any_of": [r"(does\s+not|doesn't|fails\s+to)\s+(build|compile)"]}])

T["go-test-build-error"] = dict(kind="implicit", commands=["go test ./..."], facts=[
    {"id": "build", "what": "the test package does not build ([build failed]), no test ran", "any_of": [
        r"build\s+failed", r"(does\s+not|doesn't|did\s+not|fails?\s+to)\s+(build|compile)", r"compil\w+\s+error"]},
    {"id": "where", "what": "slug/slug_test.go:12", "any_of": [r"slug_test\.go:12\b"]},
    {"id": "why", "what": "not enough arguments in call to Make (have (string), want (string, int))", "any_of": [
        r"not\s+enough\s+arguments"]}],
    forbidden=[{"id": "assert", "what": "calls it an assertion failure of TestMakeMaxLen's value", "any_of": [r"got\s+\"hello[^\n]{0,20}want"]},
               {"id": "slug_go", "what": "blames slug.go", "any_of": [r"(error|fails?|bug|wrong)\b[^\n]{0,40}(?<!_)slug\.go:\d"]}])

T["json-compare-users"] = dict(kind="implicit", commands=["diff fixtures/users_v3.json fixtures/users_v4.json"], facts=[
    {"id": "added", "what": "Eve (id 5) added", "any_of": [r"\bEve\b", r"\bid\W{0,4}5\b"]},
    {"id": "removed", "what": "Cleo (id 3) removed", "any_of": [r"\bCleo\b", r"\bid\W{0,4}3\b"]},
    {"id": "changed", "what": "Ben's role editor -> admin", "any_of": _near(r"(\bBen\b|\bid\W{0,4}2\b|users\[1\]|users\.1\b)", r"\badmin\b", 60)},
    {"id": "version", "what": "version 3 -> 4", "any_of": _near(r"\bversion\b", r"\b4\b", 20)}],
    forbidden=[{"id": "ada", "what": "calls Ada or Dan changed", "any_of": [r"\b(Ada|Dan)\b[^\n]{0,20}(changed|removed|added)"]}])

T["largest-tracked-files"] = dict(kind="implicit", commands=["git ls-files -z | xargs -0 du -k | sort -rn | head -3"], facts=[
    {"id": "hero", "what": "assets/hero.png 3 MiB", "any_of": [r"hero\.png"]},
    {"id": "seed", "what": "data/seed.sql 1.5 MiB", "any_of": [r"seed\.sql"]},
    {"id": "manual", "what": "docs/manual.pdf 800 KiB", "any_of": [r"manual\.pdf"]}],
    forbidden=[{"id": "bundle", "what": "lists the ignored build/bundle.js among committed files", "any_of": [r"bundle\.js"]}])

T["crontab-schedule"] = dict(kind="implicit", commands=["grep -n cleanup deploy/crontab"], facts=[
    {"id": "time", "what": "at 03:30", "any_of": [r"\b0?3:30\b", r"\b30\s+3\s+\*\s+\*\s+0\b", r"3\.30\s*(am|a\.m\.)"]},
    {"id": "day", "what": "on Sundays (day of week 0)", "any_of": [r"\bSundays?\b", r"\b30\s+3\s+\*\s+\*\s+0\b"]}],
    forbidden=[{"id": "daily", "what": "calls it daily or every 15 minutes", "any_of": [r"cleanup[^\n]{0,60}(every\s+day|daily|every\s+15)"]}])

if __name__ == "__main__":
    _fifth.write_all({k: v for k, v in T.items() if not sys.argv[1:] or k in sys.argv[1:]}, ROOT, "heldout10")
