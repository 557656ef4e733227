"""Writes meta.json and expected-output.txt of the tenth batch's second held-out set (written after part 1's fixes,
before any fix of its own). usage: python3 tests/data/tasks_heldout10b/samples/make_meta.py [task-id ...]"""
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
T["doc-last-modified"] = dict(kind="implicit", commands=["git log -1 --format='%h %an %ad %s' --date=iso -- docs/guide.md"], facts=[
    {"id": "who", "what": "Noor Haddad", "any_of": [r"Noor\s+Haddad"]},
    {"id": "when", "what": "2024-07-09", "any_of": [r"2024-07-09", r"Jul\w*\s+9\b[^\n]{0,10}2024"]},
    {"id": "commit", "what": "d31e1c7 Explain installation in the guide", "any_of": [r"d31e1c7", r"Explain\s+installation"]}],
    forbidden=[{"id": "faq", "what": "gives the FAQ commit (the repo's last) as the guide's last change", "any_of": [
        r"guide\.md[^\n]{0,60}(1d5f4bd|2024-07-15|Add\s+first\s+FAQ)"]}])

T["commits-on-day"] = dict(kind="implicit", commands=["git log --since='2024-07-02 00:00' --until='2024-07-02 23:59:59' --format='%h %s'"], facts=[
    {"id": "validate", "what": "6259d98 Validate negative amounts", "any_of": [r"6259d98", r"Validate\s+negative\s+amounts"]},
    {"id": "round", "what": "b38fc2a Round totals to cents", "any_of": [r"b38fc2a", r"Round\s+totals\s+to\s+cents"]},
    {"id": "two", "what": "2 commits", "any_of": [r"\b(2|two)\s+commits"]}],
    forbidden=[{"id": "other_days", "what": "lists a commit of another day", "any_of": [r"Add\s+ledger\s+model", r"Add\s+CSV\s+export", r"f00a054", r"dd066ce"]}])

T["unittest-skip-reasons"] = dict(kind="implicit", commands=["python3 -m unittest -v"], facts=[
    {"id": "polygon", "what": "test_polygon: polygon support is planned for 2.0", "any_of": [r"polygon\s+support\s+is\s+planned"]},
    {"id": "render", "what": "test_render: uses the macOS graphics stack", "any_of": [r"macOS\s+graphics\s+stack"]},
    {"id": "count", "what": "2 skipped (2 pass)", "any_of": [r"\b(2|two)\s+(tests\s+)?(are\s+|were\s+)?skipped", r"skipped\s*=\s*2", r"Skipped\s+\(2\)"]}],
    forbidden=[{"id": "fail", "what": "claims a failure", "any_of": [r"\b[1-9]\d*\s+failed", r"test_(unit_circle|zero)[^\n]{0,20}skipped"]}])

T["count-lines-one-file"] = dict(kind="implicit", commands=["grep -c 'cache miss' logs/app.log"], facts=[
    {"id": "count", "what": "18 lines (17 'cache miss' entries and the 'cache misses are logged' note)", "any_of": [r"\b18\b"]}],
    forbidden=[{"id": "none", "what": "says no line matches", "any_of": [r"\b(no|0)\s+(lines|matches)\b"]}])

T["tsv-compare"] = dict(kind="implicit", commands=["diff data/cities_2023.tsv data/cities_2024.tsv"], facts=[
    {"id": "oslo", "what": "Oslo 709000 -> 717710", "any_of": [r"717710"]},
    {"id": "stavanger", "what": "Stavanger 148000 -> 149048", "any_of": [r"149048"]},
    {"id": "trondheim", "what": "Trondheim only in 2023", "any_of": [r"Trondheim"]},
    {"id": "tromso", "what": "Tromso only in 2024", "any_of": [r"Tromso"]}],
    forbidden=[{"id": "bergen", "what": "calls Bergen changed", "any_of": [r"Bergen[^\n]{0,20}(changed|->|removed|added)"]}])

T["make-needs-first"] = dict(kind="implicit", commands=["grep -n '^dist:\\|^test:' Makefile"], facts=[
    {"id": "test", "what": "test (which needs fmt)", "any_of": [r"\btest\b"]},
    {"id": "site", "what": "site/index.html (from content/index.md)", "any_of": [r"site/index\.html"]},
    {"id": "fmt", "what": "fmt, through test", "any_of": [r"\bfmt\b"]}],
    forbidden=[{"id": "ran", "what": "ran make dist", "any_of": [r"^formatted$", r"tests\s+ok\b(?!\")"]}])

T["cron-how-often"] = dict(kind="implicit", commands=["grep -n catalogue ops/crontab"], facts=[
    {"id": "every10", "what": "every 10 minutes", "any_of": [r"every\s+10\s+min", r"\*/10\s+\*\s+\*\s+\*\s+\*"]}],
    forbidden=[{"id": "weekly", "what": "calls the sync weekly / Monday 07:00", "any_of": [r"catalogue-sync[^\n]{0,40}(Monday|07:00|weekly)"]}])

T["timer-valid"] = dict(kind="implicit", commands=["systemd-analyze verify deploy/backup.timer"], facts=[
    {"id": "valid", "what": "yes: systemd-analyze verify reports nothing (exit 0)", "any_of": [
        r"no\s+problems?", r"\bexit(ed)?\s+(with\s+)?(code\s+|status\s+)?0\b", r"\bis\s+valid\b", r"\byes\b"]}],
    forbidden=[{"id": "invalid", "what": "calls it invalid", "any_of": [NEG + r"\binvalid\b", r"\bnot\s+(a\s+)?valid\b", r"fatal"]}])

T["where-setting-set"] = dict(kind="implicit", commands=["grep -rn log_level conf"], facts=[
    {"id": "cfg", "what": "conf/base.cfg: warning", "any_of": _near(r"base\.cfg\b", r"\bwarning\b", 50)},
    {"id": "yml", "what": "conf/dev.yml: debug", "any_of": _near(r"dev\.yml\b", r"\bdebug\b", 50)},
    {"id": "json", "what": "conf/prod.json: error", "any_of": _near(r"prod\.json\b", r"\berror\b", 50)}],
    forbidden=[{"id": "swap", "what": "gives dev.yml the value of another file", "any_of": [r"dev\.yml[^\n;]{0,30}\b(warning|error)\b"]}])

T["java-logger-warnings"] = dict(kind="implicit", commands=["grep ' WARN ' logs/service.log | awk '{print $5}' | sort | uniq -c | sort -rn"], facts=[
    {"id": "importer", "what": "com.acme.sync.Importer: 12 warnings", "any_of": _near(r"Importer\b", r"\b12\b", 40)},
    {"id": "client", "what": "com.acme.http.Client: 5", "any_of": _near(r"http\.Client\b", r"\b5\b", 40)}],
    forbidden=[{"id": "app", "what": "calls com.acme.App the top", "any_of": [r"com\.acme\.App\b[^\n]{0,20}(most|\b30\s+warn)"]}])

if __name__ == "__main__":
    _fifth.write_all({k: v for k, v in T.items() if not sys.argv[1:] or k in sys.argv[1:]}, ROOT, "heldout10b")
