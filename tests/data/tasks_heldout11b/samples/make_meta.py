"""Writes meta.json and expected-output.txt of every task of the eleventh batch's second held-out set (written after
part 1's fixes, before any fix of its own): the same themes asked in other words and shapes.

usage: python3 tests/data/tasks_heldout11b/samples/make_meta.py [task-id ...]
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
T["lock-who-depends"] = dict(kind="implicit", commands=["grep -n -B3 '\"lodash\"' package-lock.json"], facts=[
    {"id": "chart", "what": "chart-kit (a direct dependency) needs lodash", "any_of": [r"chart-kit"]},
    {"id": "helpers", "what": "rule-helpers needs lodash", "any_of": [r"rule-helpers"]},
    {"id": "lint", "what": "rule-helpers comes from the dev dependency lint-rules", "any_of": [r"lint-rules"]}],
    forbidden=[{"id": "other", "what": "names date-fns or color-util as needing lodash", "any_of": [
        r"\b(date-fns|color-util)\b[^\n]{0,30}(needs|requires|pulls|brings|->|>|depends)[^\n]{0,20}lodash"]}])

T["git-function-added"] = dict(kind="implicit", commands=["git log -S parse_date --reverse --format='%h %an %ad %s' --date=short"], facts=[
    {"id": "who", "what": "Omar Farouk", "any_of": [r"Omar\s+Farouk"]},
    {"id": "when", "what": "2023-09-19", "any_of": [r"2023-09-19", r"Sep\w*\s+19\b[^\n]{0,20}2023"]},
    {"id": "commit", "what": "'Parse ISO dates'", "any_of": [r"Parse\s+ISO\s+dates"]}],
    forbidden=[{"id": "ines", "what": "credits Ines Duarte with adding it", "any_of": [
        r"(introduced|added|first)[^\n]{0,60}Ines\s+Duarte", r"Ines\s+Duarte[^\n]{0,30}(introduced|added)\b"]}])

T["git-commit-in-release"] = dict(kind="implicit", commands=["git branch -a --contains ':/Fix CSV export encoding'"], facts=[
    {"id": "main", "what": "only main has it", "any_of": [r"\bmain\b"]},
    {"id": "not_release", "what": "release/1.x does not have it yet", "any_of": _near(r"release/1\.x", r"\b(not|n't|no|only)\b", 60) + [
        r"\b1\s+branch(\(es\))?\s+contains?\b[^\n]{0,100}:\s*main\."]}],
    forbidden=[{"id": "release", "what": "says release/1.x has it", "any_of": [
        r"release/1\.x\s+(already\s+)?(contains|has|includes)\s+it", r"contain\w*[^\n.;]{0,100}:[^\n]{0,40}release/1\.x"]}])

T["ssh-bruteforce-hosts"] = dict(kind="implicit", commands=[
    "grep 'Failed password' logs/secure | grep -o 'from [0-9.]*' | sort | uniq -c | sort -rn"], facts=[
    {"id": "first", "what": "198.18.0.77: 17 failed passwords", "any_of": _near(r"198\.18\.0\.77\b", r"\b17\b", 40)},
    {"id": "second", "what": "192.0.2.55: 11", "any_of": _near(r"192\.0\.2\.55\b", r"\b11\b", 40)},
    {"id": "third", "what": "203.0.113.200: 6", "any_of": _near(r"203\.0\.113\.200\b", r"\b6\b", 40)}],
    forbidden=[{"id": "double", "what": "counts the pam_unix line too (34 / 22 / 12)", "any_of": [
        r"198\.18\.0\.77\b[^\n]{0,20}\b34\b", r"192\.0\.2\.55\b[^\n]{0,20}\b22\b"]},
               {"id": "ops", "what": "calls 10.1.1.5 (accepted logins) an attacker", "any_of": [r"10\.1\.1\.5\b[^\n]{0,30}\bfailed"]}])

T["etl-run-time"] = dict(kind="implicit", commands=["grep 2024-11-26 logs/etl.log"], facts=[
    {"id": "total", "what": "1 h 22 min 31 s (4951 s), 02:00:01 -> 03:22:32 on 2024-11-26", "any_of": [
        r"\b4951\s*s", r"\b1\s*h\w*\s*22\s*m", r"\b1:22:3[12]\b", r"\b82\.\d\s*min", r"\b1\s+hour\s+(and\s+)?22\s+min"]}],
    forbidden=[{"id": "older", "what": "gives the 2024-11-25 run (44 min 5 s) as the latest", "any_of": [
        r"(latest|last|most\s+recent)[^\n]{0,60}\b44\s*min"]}])

T["docker-expose-entrypoint"] = dict(kind="implicit", commands=["grep -n -e '^FROM' -e '^EXPOSE' Dockerfile"], facts=[
    {"id": "p5000", "what": "5000/tcp", "any_of": [r"\b5000\b"]},
    {"id": "p5001", "what": "5001", "any_of": [r"\b5001\b"]},
    {"id": "base", "what": "python:3.12-slim", "any_of": [r"python:3\.12-slim"]}],
    forbidden=[{"id": "noexpose", "what": "says it exposes no port", "any_of": [r"exposes\s+no\s+port"]}])

T["k8s-cpu-limits"] = dict(kind="implicit", commands=["grep -n -e '- name:' -e 'cpu:' -e 'limits:' -e 'requests:' deploy/app.yaml"], facts=[
    {"id": "no", "what": "no, not all", "any_of": [r"\bno\b", r"\bnot\s+all\b", r"no\s+cpu\s+limit"]},
    {"id": "exporter", "what": "exporter has no CPU limit (memory only)", "any_of": [r"\bexporter\b"]},
    {"id": "backup", "what": "backup-agent has no CPU limit (a request only)", "any_of": [r"backup-agent"]}],
    forbidden=[{"id": "engine", "what": "says engine has no CPU limit", "any_of": [
        r"no\s+cpu\s+limit\W{0,3}\s*engine\b", r"\bengine\b[^\n]{0,20}no\s+cpu\s+limit"]}])

T["cert-issuer-valid"] = dict(kind="implicit", commands=["openssl x509 -in certs/web.crt -noout -issuer -enddate -checkend 0"], facts=[
    {"id": "date", "what": "notAfter May 31 23:59:59 2024 GMT", "any_of": [r"May\s+31[^\n]{0,20}2024", r"2024-05-31"]},
    {"id": "expired", "what": "it is no longer valid (expired)", "any_of": [r"\bexpired\b", r"no\s+longer\s+valid", r"\bnot\s+(still\s+)?valid\b"]},
    {"id": "issuer", "what": "issued by Lantern Issuing CA 2 (Lantern Internal CA)", "any_of": [r"Lantern\s+Issuing\s+CA", r"Lantern\s+Internal\s+CA"]}],
    forbidden=[{"id": "valid", "what": "says it is still valid", "any_of": [r"(?<!not )\bstill\s+valid\b(?!\?)", r"will\s+not\s+expire"]}])

T["requirements-all-pinned"] = dict(kind="implicit", commands=["cat requirements/prod.txt requirements/base.txt"], facts=[
    {"id": "sentry", "what": "sentry-sdk[flask]~=1.40", "any_of": [r"sentry-sdk"]},
    {"id": "marsh", "what": "marshmallow>=3.20,<4", "any_of": [r"marshmallow"]},
    {"id": "itsd", "what": "itsdangerous (no version)", "any_of": [r"itsdangerous"]}],
    forbidden=[{"id": "all", "what": "says every one is pinned, or calls a pinned one unpinned", "any_of": [
        r"(?<!not )\ball\s+(of\s+them\s+|dependencies\s+)?(are\s+)?pinned\b(?!\?)", r"every\s+requirement\s+is\s+pinned",
        r"(flask|redis|gunicorn)==[\d.]+[^\n]{0,20}(unpinned|not\s+pinned|range)"]}])

T["templates-identical"] = dict(kind="implicit", commands=["diff -r templates/v1 templates/v2"], facts=[
    {"id": "no", "what": "not identical", "any_of": [r"\bno\b", r"not\s+identical", r"\bdiffer"]},
    {"id": "shipped", "what": "emails/shipped.html: 'shipped' -> 'is on its way'", "any_of": [r"shipped\.html"]},
    {"id": "reset", "what": "emails/reset.html only in v2", "any_of": [r"reset\.html"]}],
    forbidden=[{"id": "same", "what": "calls welcome.html or footer.html different", "any_of": [
        r"(welcome|footer)\.html[^\n]{0,20}(differ|changed|only\s+in)"]}])

T["workflow-which-step-breaks"] = dict(kind="implicit", commands=[
    "python3 --version", "python3 tools/validate.py fixtures/orders.json && python3 tools/validate.py fixtures/users.json"], facts=[
    {"id": "step", "what": "'Validate fixtures' fails", "any_of": [r"Validate\s+fixtures"]},
    {"id": "why", "what": "fixtures/users.json: rows without an id: [1]", "any_of": [r"users\.json[^\n]{0,40}without\s+an\s+id", r"rows\s+without\s+an\s+id"]}],
    forbidden=[{"id": "other", "what": "blames the smoke test or the version step", "any_of": [
        r"(Smoke\s+test|Show\s+tool\s+versions)\W{0,3}\s*(FAILED|fails|failed)"]}])

if __name__ == "__main__":
    _fifth.write_all({k: v for k, v in T.items() if not sys.argv[1:] or k in sys.argv[1:]}, ROOT, "heldout11b")
