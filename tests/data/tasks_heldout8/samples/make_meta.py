"""Writes meta.json and expected-output.txt of every eighth-batch held-out task (runs each task's commands on a fresh
copy, after the task's setup.sh when it has one).

usage: python3 tests/data/tasks_heldout8/samples/make_meta.py
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
T = {}
T["multi-pkg-first-error"] = dict(kind="implicit", commands=["make"], facts=[
    {"id": "package", "what": "the first error is in packages/libnet", "any_of": [r"\blibnet\b"]},
    {"id": "where", "what": "net.c:10", "any_of": [r"net\.c:10\b", r"net\.c\W{1,5}line\s+10\b"]},
    {"id": "what", "what": "'net_conn' has no member named 'retries'", "any_of": [r"no\s+member\s+named\s+\W?retries", r"\bretries\b"]},
    {"id": "cascade", "what": "app fails only because libnet.a was not built", "any_of": [
        r"libnet\.a", r"app\b[^\n]{0,80}(because|since|as\s+a\s+result|consequence|follows?|knock-on|cascad)"]}],
    forbidden=[{"id": "app_root", "what": "calls the app error the first / root error", "any_of": [
        r"(first|root|real)\s+(real\s+)?(error|cause|problem)\s+(is\s+)?(in\s+)?(packages/)?app\b"]},
               {"id": "core", "what": "claims libcore fails", "any_of": [r"libcore[^.;\n]{0,30}(fails|failed|error)"]}])

T["config-keys-differ"] = dict(kind="implicit", commands=["diff config/staging.ini config/production.ini"], facts=[
    {"id": "ttl", "what": "[cache] ttl_seconds only in staging", "any_of": [r"ttl_seconds"]},
    {"id": "reply_to", "what": "[mail] reply_to only in staging", "any_of": [r"reply_to"]},
    {"id": "replicas", "what": "[server] replicas only in production", "any_of": [r"replicas"]}],
    forbidden=[{"id": "shared_missing", "what": "calls a key both files have missing", "any_of": [
        r"\b(pool_size|workers|from_address|url)\b[^\n]{0,40}(missing|only\s+in|absent|not\s+in)"]}])

T["script-args-output"] = dict(kind="explicit", commands=[
    "scripts/bump_version.sh 1.4.9 minor", "scripts/bump_version.sh 1.4.9 patch"], facts=[
    {"id": "minor", "what": "minor prints 1.5.9 (the patch number is not reset)", "any_of": [r"\b1\.5\.9\b"]},
    {"id": "patch", "what": "patch prints 1.4.10", "any_of": [r"\b1\.4\.10\b"]}],
    forbidden=[{"id": "minor_guess", "what": "says minor prints 1.5.0", "any_of": [r"minor[^\n]{0,60}\b1\.5\.0\b", r"\bprints\s+\W?1\.5\.0"]}])

T["port-holder"] = dict(kind="implicit", commands=["python3 serve.py", "ss -ltnp 'sport = :8765'", "ps -o pid,args -p $(ss -ltnpH 'sport = :8765' | grep -o 'pid=[0-9]*' | cut -d= -f2)"], facts=[
    {"id": "port", "what": "port 8765", "any_of": [r"\b8765\b"]},
    {"id": "holder", "what": "tools/stale_worker.py (a python3 process) holds it", "any_of": [r"stale_worker"]},
    {"id": "error", "what": "serve.py: OSError [Errno 98] Address already in use", "any_of": [r"Errno\s+98", r"[Aa]ddress\s+already\s+in\s+use"]}],
    forbidden=[{"id": "nothing", "what": "claims nothing listens on the port", "any_of": [
        r"(nothing|no\s+process)\s+(is\s+)?(listening|holds|holding|bound|using)"]}])

T["git-tags-between"] = dict(kind="implicit", commands=["git log --oneline v1.1.0..v1.2.0"], facts=[
    {"id": "discount", "what": "Support a discount in total()", "any_of": [r"Support\s+a\s+discount"]},
    {"id": "tax", "what": "Add tax calculation", "any_of": [r"Add\s+tax\s+calculation"]},
    {"id": "docs", "what": "Document discounts and tax", "any_of": [r"Document\s+discounts\s+and\s+tax"]},
    {"id": "count", "what": "3 commits", "any_of": [r"\b(3|three)\s+commits"]}],
    forbidden=[{"id": "later", "what": "lists a commit made after v1.2.0", "any_of": [r"Raise\s+the\s+default\s+tax", r"Round\s+totals\s+to\s+cents"]},
               {"id": "earlier", "what": "lists a commit of v1.1.0", "any_of": [r"Add\s+dev\s+requirements", r"Initial\s+cart\s+module"]}])

T["du-folder"] = dict(kind="implicit", commands=["du -sh data; du -sh data/*"], facts=[
    {"id": "total", "what": "data/ about 7.3 MB", "any_of": [r"\b7\.[1-3]\s*(M|MB|MiB)\b", r"\b7[3-5]\d\d\s*(K|KB|KiB)\b"]},
    {"id": "cache", "what": "data/cache/ 6.1 MB", "any_of": _near(r"cache", r"\b6(\.[01])?\s*(M|MB|MiB)\b", 60) + [r"\b6[12]\d\d\s*(K|KB|KiB)\b"]}],
    forbidden=[{"id": "cache_small", "what": "gives cache the size of raw/ or out/", "any_of": [
        r"cache[ \t:=(]{1,5}(is\s+|takes\s+)?(only\s+)?(1(\.[01])?\s*(M|MB|MiB)|1\d\d\s*K)\b"]}])

T["npm-lock-sync"] = dict(kind="implicit", commands=["grep -n '\"' package.json package-lock.json"], facts=[
    {"id": "no", "what": "not in sync", "any_of": [r"(not|isn't|aren't)\s+(\w+\s+){0,2}in\s+sync", r"out\s+of\s+(date|sync)", r"\bno\b[,.:]",
                                                    r"\bstale\b", r"needs?\s+(to\s+be\s+)?(updated|regenerated)"]},
    {"id": "left_pad", "what": "left-pad ^1.3.0 is in package.json but missing from the lock file", "any_of": [r"left-pad"]}],
    forbidden=[{"id": "in_sync", "what": "claims they are in sync", "any_of": [NEG + r"\b(is|are)\s+in\s+sync\b(?!\.\s*Please\s+update)", r"\byes\b[,.]"]},
               {"id": "ms", "what": "calls ms the missing one", "any_of": [r"\bms\b[^\n]{0,30}(missing|not\s+in\s+the\s+lock)"]}])

T["log-tail"] = dict(kind="implicit", commands=["tail -n 5 logs/worker.log"], facts=[
    {"id": "redis", "what": "lost connection to redis (Connection refused)", "any_of": [r"[Rr]edis", r"Connection\s+refused"]},
    {"id": "gave_up", "what": "reconnect attempt 3/3 failed, giving up", "any_of": [r"giving\s+up", r"3/3", r"reconnect"]},
    {"id": "exit", "what": "FATAL worker exiting with code 3", "any_of": [r"code\s+3\b", r"FATAL"]},
    {"id": "not_clean", "what": "no, it did not shut down cleanly", "any_of": [
        r"\bno\b[,.:]", r"(not|n't|wasn't)\s+(shut\s+down\s+|stop\s+|exit\s+)?cleanly", r"did\s+not\s+shut\s+down\s+cleanly",
        r"\bcrash(ed)?\b", r"\bunclean"]}],
    forbidden=[{"id": "clean", "what": "claims a clean shutdown", "any_of": [NEG + r"\b(shut\s+down|stopped|exited)\s+cleanly",
                                                                          r"\byes\b[,.]"]}])

T["latin1-decode"] = dict(kind="implicit", commands=["python3 import_names.py data/names.csv", "file data/names.csv"], facts=[
    {"id": "error", "what": "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9", "any_of": [r"UnicodeDecodeError", r"can't\s+decode"]},
    {"id": "byte", "what": "byte 0xe9 (é)", "any_of": [r"0xe9", r"\\xe9"]},
    {"id": "encoding", "what": "the file is Latin-1 / ISO-8859 (or Windows-1252), not UTF-8", "any_of": [
        r"ISO-8859", r"[Ll]atin-?1", r"(cp|[Ww]indows-)1252", r"not\s+(valid\s+)?UTF-?8"]}],
    forbidden=[{"id": "utf8", "what": "calls the file UTF-8", "any_of": [NEG + r"\b(is|file\s+is)\s+(valid\s+)?UTF-?8\b"]}])

T["csv-bom-keyerror"] = dict(kind="implicit", commands=["python3 totals.py data/sales.csv", "head -c 16 data/sales.csv | xxd"], facts=[
    {"id": "bom", "what": "the file starts with a UTF-8 byte order mark (EF BB BF)", "any_of": [
        r"\bBOM\b", r"byte[\s-]+order[\s-]+mark", r"\\ufeff", r"(?i)ef\s?bb\s?bf", r"utf-8-sig"]},
    {"id": "keyerror", "what": "KeyError: 'region'", "any_of": [r"KeyError"]}],
    forbidden=[{"id": "no_column", "what": "claims the file has no region column", "any_of": [
        r"(no|missing|lacks?\s+(a|the))\s+\W?region\W?\s+column", r"region\s+column\s+(is\s+)?missing"]}])

T["test-order-dependent"] = dict(kind="implicit", commands=[
    "python3 -m pytest -q -p no:cacheprovider tests/test_format.py", "python3 -m pytest -q -p no:cacheprovider"], facts=[
    {"id": "alone", "what": "alone: 2 passed", "any_of": [r"\b2\s+passed(?![^\n]{0,5},\s*\d+\s+failed)", r"(alone|own|by\s+itself)[^\n]{0,60}pass"]},
    {"id": "suite", "what": "whole suite: 2 failed, 2 passed", "any_of": [r"\b2\s+failed"]},
    {"id": "euro", "what": "'€5.00' where '$5.00' was expected (the currency is EUR)", "any_of": [r"€", r"\bEUR\b"]},
    {"id": "names", "what": "test_format_price and test_format_cents fail", "any_of": [r"test_format_price", r"test_format_cents"]}],
    forbidden=[{"id": "fail_alone", "what": "claims they fail alone", "any_of": [r"(alone|on\s+its\s+own)[^.;\n]{0,30}\b[12]\s+failed"]}])

T["git-ahead-behind"] = dict(kind="implicit", commands=["git status -sb", "git log --oneline origin/main..main", "git log --oneline main..origin/main"], facts=[
    {"id": "ahead", "what": "2 commits ahead", "any_of": [r"ahead\s+(of\s+\S+\s+by\s+)?2\b", r"\b(2|two)\s+(local\s+)?commits?\s+(ahead|not\s+(yet\s+)?pushed|to\s+push|unpushed)",
                                                          r"\b(2|two)\s+unpushed"]},
    {"id": "behind", "what": "1 commit behind", "any_of": [r"behind\s+(\S+\s+by\s+)?1\b", r"\b(1|one)\s+commits?\s+(behind|to\s+pull|not\s+(yet\s+)?(pulled|merged))"]},
    {"id": "push", "what": "a push sends 'Sort notes before syncing' and 'Add a sync test'", "any_of": [r"Sort\s+notes\s+before\s+syncing"]},
    {"id": "push2", "what": "and 'Add a sync test'", "any_of": [r"Add\s+a\s+sync\s+test"]},
    {"id": "pull", "what": "'Add retry settings' (Lena Vogt) to pull", "any_of": [r"Add\s+retry\s+settings"]}],
    forbidden=[{"id": "up_to_date", "what": "claims it is up to date", "any_of": [NEG + r"\b(is|are)\s+up\s+to\s+date", r"\byes\b[,.]"]}])

T["git-check-ignore"] = dict(kind="implicit", commands=["git check-ignore -v config/local.yaml"], facts=[
    {"id": "ignored", "what": ".gitignore ignores it", "any_of": [r"\.gitignore"]},
    {"id": "pattern", "what": "the pattern config/*.yaml (line 7)", "any_of": [r"config/\*\.yaml", r"\.gitignore:7\b", r"line\s+7\b"]}],
    forbidden=[{"id": "tracked", "what": "claims it is already tracked or committed", "any_of": [
        r"(is|was)\s+already\s+(tracked|committed)"]}])

T["py-syntax-sweep"] = dict(kind="implicit", commands=["python3 -m compileall -q ."], facts=[
    {"id": "report", "what": "src/ledger/report.py line 14 (missing colon after the if)", "any_of": _near(r"report\.py", r"\b14\b", 40)},
    {"id": "migrate", "what": "tools/migrate_old.py line 5 (Python 2 print statement)", "any_of": _near(r"migrate_old\.py", r"\b5\b", 40)},
    {"id": "count", "what": "two files", "any_of": [r"\b(2|two)\s+(files|modules|of\s+the)"]}],
    forbidden=[{"id": "others", "what": "names a file that compiles as broken", "any_of": [
        r"(accounts|io|export|__init__)\.py[^\n]{0,40}(SyntaxError|syntax\s+error|fails)"]}])

T["pytest-not-collected"] = dict(kind="implicit", commands=["python3 -m pytest --collect-only -q -p no:cacheprovider", "grep -n python_files pyproject.toml"], facts=[
    {"id": "pattern", "what": "python_files = test_*.py in pyproject.toml: checks_tokens.py does not match", "any_of": [r"python_files", r"test_\*\.py"]},
    {"id": "collected", "what": "only the 3 tests of tests/test_lexer.py are collected", "any_of": [r"\b3\s+tests?\s+(collected|found)", r"collected\s+3\b", r"test_lexer\.py"]},
    {"id": "fix", "what": "rename it test_tokens.py or widen python_files", "any_of": [r"[Rr]enam", r"test_\w*\.py", r"python_files"]}],
    forbidden=[{"id": "ran", "what": "claims its tests ran", "any_of": [r"(test_operators|test_unicode_names)[^\n]{0,20}(passed|failed|PASSED|FAILED)"]}])

T["access-log-top-ips"] = dict(kind="implicit", commands=["awk '{print $1}' logs/access.log | sort | uniq -c | sort -rn | head -3",
                                                          "awk '$9 ~ /^5/' logs/access.log | wc -l"], facts=[
    {"id": "first", "what": "10.0.4.17: 41", "any_of": _near(r"10\.0\.4\.17\b", r"\b41\b", 30)},
    {"id": "second", "what": "192.168.1.50: 33", "any_of": _near(r"192\.168\.1\.50\b", r"\b33\b", 30)},
    {"id": "third", "what": "10.0.4.22: 27", "any_of": _near(r"10\.0\.4\.22\b", r"\b27\b", 30)},
    {"id": "errors", "what": "6 responses were 5xx", "any_of": [r"\b(6|six)\s+(\w+\s+){0,2}(5xx|server\s+errors|responses|errors)", r"5xx\W[^\n]{0,30}\b6\b"]}],
    forbidden=[{"id": "fourth", "what": "puts 172.16.0.9 in the top 3", "any_of": [r"172\.16\.0\.9\W[^\n]{0,10}\b19\b[^\n]{0,40}(top|third|3rd)"]}])

T["sha256-verify"] = dict(kind="implicit", commands=["cd dist && sha256sum -c SHA256SUMS"], facts=[
    {"id": "bad", "what": "tally-3.2.0-py3-none-any.whl FAILED", "any_of": _near(r"py3-none-any\.whl", r"(FAILED|fail|mismatch|does\s+not\s+match|doesn't\s+match|differ)", 60)},
    {"id": "ok", "what": "the .tar.gz and .zip match", "any_of": _near(r"tar\.gz", r"(OK|match)", 60) + _near(r"\.zip", r"(OK|match)", 60)}],
    forbidden=[{"id": "all_ok", "what": "claims every file matches", "any_of": [NEG + r"\ball\s+(\w+\s+)?(files\s+)?(match|are\s+OK|verified)"]},
               {"id": "wrong", "what": "calls the tarball or zip a mismatch", "any_of": [r"tally-3\.2\.0\.(tar\.gz|zip)\W{0,3}\s*FAILED"]}])

T["tar-contents"] = dict(kind="implicit", commands=["tar -tzvf backup/site-2024-05.tar.gz"], facts=[
    {"id": "no", "what": "no config/secrets.yaml in it", "any_of": [r"\bno\b[,.:]", r"(not|n't)\s+(\w+\s+){0,2}(contain|include|in\s+(it|the\s+archive))",
                                                                     r"secrets\.yaml[^\n]{0,40}(not|absent|missing)"]},
    {"id": "count", "what": "7 files", "any_of": [r"\b(7|seven)\s+(regular\s+)?files"]},
    {"id": "config", "what": "config/ holds settings.yaml and nginx.conf", "any_of": [r"settings\.yaml", r"nginx\.conf"]}],
    forbidden=[{"id": "yes", "what": "claims it contains secrets.yaml", "any_of": [NEG + r"\b(contains|includes)\s+(\S+/)?(config/)?secrets\.yaml"]}])

T["stdlib-shadow"] = dict(kind="implicit", commands=["python3 report.py", "python3 -c 'import statistics; print(statistics.__file__)'"], facts=[
    {"id": "error", "what": "AttributeError: module 'statistics' has no attribute 'median'", "any_of": [r"has\s+no\s+attribute\s+\W?median", r"\bmedian\b"]},
    {"id": "shadow", "what": "the repo's own statistics.py shadows the standard library module", "any_of": [
        r"shadow", r"statistics\.py[^\n]{0,80}(instead\s+of|rather\s+than|before|not\s+the)\s+(the\s+)?(standard|stdlib|built)",
        r"(local|own|repo's|project's)\s+(\S+\s+)?statistics\.py", r"\./statistics\.py", r"/statistics\.py\b(?![^\n]{0,20}/lib/)"]}],
    forbidden=[{"id": "install", "what": "says the statistics package must be installed", "any_of": [r"(pip\s+install|not\s+installed)[^\n]{0,20}statistics"]}])

if __name__ == "__main__":
    _fifth.write_all(T, ROOT, "heldout8")
