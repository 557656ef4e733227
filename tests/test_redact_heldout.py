"""Held-out redaction cases. tests/data/redaction_heldout: written in session 4 with tools and formats the dev
corpus does not have (docker inspect, logfmt and JSON logs, JDBC/Mongo URLs, auth constructors, helm values,
gcloud/az credentials, .git-credentials, rclone, shell history, poetry auth, httpie, CI env dumps; negative cases of
look-alikes). tests/data/redaction_heldout2: written in session 5 before reading the rules, 18 cases captured from
real tools (capture.py: kubectl --dry-run, git config/credential, curl -v, http.client debug, node, openssl,
ssh-keygen, terraform, aws, npm) and 27 transcripts of others (make.py). tests/data/redaction_heldout3: written in
session 6 before reading the rules, 47 cases (121 secrets, 8 negatives) almost all captured from real tools and
runtimes (capture_*.py: env, bash -x, git, pip, npm, curl, http.server, urllib3, rich, pytest -l, java, php, ruby,
go, perl, node, sqlite3, jq, kubectl, openssl, ssh-keygen, gpg, click). tests/data/redaction_heldout4: written in
session 7 before running the redactor on it, 44 cases (95 secrets, 10 negatives) captured from real tools (env, git,
terraform, kubectl, ssh-keygen, openssl, curl, bash -x, aws, argparse, node, cat/sed/grep/jq of config files).
tests/data/redaction_heldout5: written in session 8 before running the redactor on it, 38 cases (58 secrets, 10 negatives):
bash -x / history / CI logs feeding passwords to useradd/usermod/chpasswd/vncpasswd, one- and two-line key slices and
keys re-wrapped at 76/100 columns, INI sections, bare `auth`/`credentials` word values, prose passwords ending in -en/-ing,
certificates cut before END (OPEN_LEAKS: the leaks it still has, each a known gap). tests/data/redaction_heldout6:
written in session 9 before running the redactor on it, 45 cases (59 secrets, 10 negatives): gpg secret keys and keys
under a passphrase (ENCRYPTED PRIVATE KEY, Proc-Type/DEK-Info, OpenSSH -N) whole and in head/tail/sed/awk slices,
credentials as git, docker, kubectl, pip, npm, aws, curl, psql print them, JDBC URLs, vendor tokens beside look-alikes
(OPEN_LOST: the facts it still loses, each a known gap). tests/data/redaction_heldout7: written in session 10 before
running the redactor on it, 43 cases (68 secrets, 12 negatives): AI-vendor keys in env and bash -x exports, git's curl
trace and GIT_TRACE, actions/checkout's extraheader, curl -u and cookies, requests' debug headers, kubectl config as
JSON, docker config.json, .npmrc/.yarnrc.yml, poetry auth.toml, JSON logs with JWTs, connection strings, node/Python
stack traces with DSNs, Terraform state, kubectl tls/docker-registry secrets, a private JWK, key lines sliced from files
named `ssh_host_rsa_key`/`deploy_key`; look-alikes: a lone sha384 in base64, SRI and npm integrity, go.sum, a
sourcemap, signatures, hashed known_hosts, a public JWKS, a certificate chain's tail, placeholders.
tests/data/redaction_heldout8: written in session 11 before running the redactor on it, 57 cases (134 secrets, 9 negatives):
kubectl config view's auth-provider and exec env, the AWS CLI against moto (assume-role, Secrets Manager's JSON in JSON, SSM
as a table, KMS data keys, CloudFormation parameters, --debug's signed headers, presigned URLs), terraform plan, pip/go/git/
mysql/cargo/gem/composer credentials, pass, curl --trace-ascii, wget -d, cookie jars, proxy auth, vendor keys in custom
headers, escaped JSON, pprint and rich tables cutting values, declare -px, ps and /proc environ, Rust {:#?}, odd connection
URLs, TOTP and Azure SAS, PuTTY/age/WireGuard keys; look-alikes: PKCE URLs, WebSocket keys, public halves derived from key
files, AWS ids and ciphertext, webhook signatures, armoured ciphertext, Stripe ids, SSHFP records. tests/data/redaction_heldout9: written
in session 12 before running the redactor on it, 18 cases (22 secrets, 4 negatives): `pass show` without its command, tokens
wrapped by `fold`/a terminal at 80/120 columns, openssl -text private hex, pip/git/env, pytest --showlocals, rich locals.
tests/data/redaction_heldout10: written in session 13 before running the redactor on it, 24 cases (40 secrets, 3 negatives):
`fold -w 72/90/96`, `fold -s`, one-case `pass show`, git config insteadOf, pip.conf, a GCP service-account JSON, kubeconfig
client-key-data, Azure connection strings, curl -v JWTs in query/cookie/Basic, keys in git diff/show, docker inspect Env,
printenv, terraform output -json, ansible-vault view, pytest --showlocals dicts. tests/data/redaction_heldout10b: 8 cases
(7 secrets, 2 negatives) written after round 10's fixes, before the redactor ran on them: fold at 30/84/110, pass, .netrc.
tests/data/redaction_heldout11: written in session 14 before running the redactor on it, 36 cases (46 secrets, 8 negatives):
folds under 40 columns, lone letters-only pass passwords under echoed commands, printenv of mixed names, key slices
without armour, var_dump/pp/Map/Dumper/%+v/sqlite3 -line/git log -p/pip config list/openssl enc -P.
tests/data/redaction_heldout11b: 12 cases (16 secrets, 4 negatives) written after round 11's first fixes, before the
redactor ran on them: folds at 22/26/35, a user@host prompt, make's echo, an SSH signature's lines. Scored like
../shared/redaction/tools/redaction_score.py: a secret leaks when it or any 12-character window of it (after a
public vendor prefix) survives; a keep fact is kept when its regex still matches.

    .venv/bin/python tests/test_redact_heldout.py     prints the scores (with and without command.txt)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from terminus_edge.redact import redact, redact_lines

DATA = Path(__file__).parent / "data"
SETS = ("redaction_heldout", "redaction_heldout2", "redaction_heldout3", "redaction_heldout4", "redaction_heldout5",
        "redaction_heldout6", "redaction_heldout7", "redaction_heldout8", "redaction_heldout9", "redaction_heldout10",
        "redaction_heldout10b", "redaction_heldout11", "redaction_heldout11b")
# Leaks still open, (case, the secret's first 16 characters), each a known gap: one or two lines from the middle of a
# key's random numbers with no command naming a key file (`awk 'NR==14' seed.dat`, or the output alone): no structure
# of a key in them (keyder.py; full lines at OpenSSH's 70 columns are masked since round 11, keybody._MIN_LINES),
# and a lone 64-character base64 line is as much a sha384 digest
# (redaction_heldout7/neg-openssl-sha384-base64-lone-line). With the command that read a key file they are masked
# (keyfrag.reads_key_file). A new leak fails the test.
OPEN_LEAKS = {"redaction_heldout5": [("awk-one-line-of-key", "7PdZ8lJU6zPczBce")],
              "redaction_heldout7": [("awk-nr-jwt-signing-private", "3nCMG7Pd9nhZBdGK"),
                                     ("sed-n-redirect-server-key", "GXAs+2GDJOLJ5d1c")],
              # output only: printenv's values with no command (nothing says whose they are); two lines of an OpenPGP
              # secret key at 64 columns (a certificate's width too); with the command too: a kubectl Secret's YAML
              # folded at 32, its value's row indented outside quotes (a YAML value is whole: no wrap starts there)
              "redaction_heldout11": [("printenv-pgpassword-host-port-version", "ymckee-wjtum-61U"),
                                      ("printenv-region-aws-secret-sha", "+B0snNRaAaXPNs2y"),
                                      ("gpg-export-secret-two-lines", "3QkJ9716SICQjKdy"),
                                      ("gpg-export-secret-two-lines", "B2Xegjheda6eqMfm"),
                                      ("kubectl-secret-yaml-fold-w32", "MypCaU1lcU0=")],
              "redaction_heldout11b": [("printenv-node-env-npm-token-commit", "aBBry4KytQV8o8TP")]}
# Facts still lost, (case, what), each a known gap. A new loss fails the test.
# `printenv SENTRY_DSN STRIPE_API_KEY LOG_LEVEL` with one of them unset prints two lines: the second may be the
# Stripe key's value as well as LOG_LEVEL's, so it is masked (commands._secret_lines)
OPEN_LOST: dict[str, list[tuple[str, str]]] = {"redaction_heldout11": [("printenv-unset-middle-name", "debug")]}
# the shared scorer's public prefixes, and this set's own: a marker after one of them is no leak
_PREFIXES = tuple(sorted((
    "https://hooks.slack.com/services/", "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw", "IQoJb3JpZ2luX2Vj",
    "FwoGZXIvYXdzE", "sk-ant-api03-", "sk-ant-admin01-", "sk-ant-", "sk-proj-", "sk-svcacct-", "sk-", "github_pat_",
    "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "glpat-", "gldt-", "glcbt-", "xoxb-", "xoxp-", "xoxa-", "xapp-", "npm_",
    "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "AKIA", "ASIA", "AIza", "SG.", "GOCSPX-", "ya29.",
    "1//0g", "LS0tLS1CRUdJTi"), key=len, reverse=True))  # (the last: base64 of `-----BEGIN `, armour a certificate has too)


def load_cases(name: str = "redaction_heldout") -> list[dict]:
    cases = []
    for d in sorted(p for p in (DATA / name).iterdir() if (p / "meta.json").exists()):
        meta = json.loads((d / "meta.json").read_text())
        meta.update(output=(d / "output.txt").read_text(), command=(d / "command.txt").read_text().strip())
        cases.append(meta)
    return cases


def leaked(secret: str, text: str) -> bool:
    if secret in text:
        return True
    core = secret.split(".", 1)[1] if secret.startswith("eyJ") and "." in secret else secret
    core = next((core[len(p):] for p in _PREFIXES if core.startswith(p)), core)
    core, flat = re.sub(r"\s+", "", core), re.sub(r"\s+", "", text)
    return any(core[i:i + 12] in flat for i in range(len(core) - 11))


def score(with_command: bool, name: str = "redaction_heldout") -> dict:
    out = {"secrets": 0, "leaked": [], "keep": 0, "lost": [], "neg_keep": 0, "false": []}
    for case in load_cases(name):
        text = redact(case["output"], command=case["command"] if with_command else None)
        out["secrets"] += len(case["secrets"])
        out["leaked"] += [(case["id"], s[:16]) for s in case["secrets"] if leaked(s, text)]
        for fact in case["keep"]:
            kept = any(re.search(rx, text) for rx in fact["any_of"])
            out["keep"] += 1
            out["neg_keep"] += not case["secrets"]
            if not kept:
                out["lost"].append((case["id"], fact["what"]))
                if not case["secrets"]:
                    out["false"].append((case["id"], fact["what"]))
    return out


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("with_command", [False, True], ids=["output-only", "with-command"])
def test_heldout_leaks_nothing_and_keeps_every_fact(with_command, name):
    res = score(with_command, name)
    assert set(res["leaked"]) <= set(OPEN_LEAKS.get(name, [])), res["leaked"]
    assert set(res["lost"]) <= set(OPEN_LOST.get(name, [])), res["lost"]


def test_heldout2_is_the_size_it_says():
    cases = load_cases("redaction_heldout2")
    assert len(cases) == 45 and sum(len(c["secrets"]) for c in cases) == 93
    assert sum(not c["secrets"] for c in cases) == 10


@pytest.mark.parametrize("name", SETS)
def test_heldout_summaries_leak_nothing(name):
    """What summarize() sends out (no model): its excerpt clips long lines and re-indents, so a secret can reach it
    cut short or out of its context; the redactor, given what it learned from the whole output, must still mask it."""
    from terminus_edge.summarize.pipeline import summarize

    leaks = []
    for case in load_cases(name):
        text = summarize(case["command"], case["output"].encode(), 0).text
        leaks += [(case["id"], s[:16]) for s in case["secrets"] if leaked(s, text)]
    assert set(leaks) <= set(OPEN_LEAKS.get(name, [])), leaks


def test_heldout3_is_the_size_it_says():
    cases = load_cases("redaction_heldout3")
    assert len(cases) == 47 and sum(len(c["secrets"]) for c in cases) == 121
    assert sum(not c["secrets"] for c in cases) == 8 and sum(len(c["keep"]) for c in cases) == 221


def test_heldout4_is_the_size_it_says():
    cases = load_cases("redaction_heldout4")
    assert len(cases) == 44 and sum(len(c["secrets"]) for c in cases) == 95
    assert sum(not c["secrets"] for c in cases) == 10 and sum(len(c["keep"]) for c in cases) == 226


def test_heldout5_is_the_size_it_says():
    cases = load_cases("redaction_heldout5")
    assert len(cases) == 38 and sum(len(c["secrets"]) for c in cases) == 58
    assert sum(not c["secrets"] for c in cases) == 10 and sum(len(c["keep"]) for c in cases) == 168


def test_heldout7_is_the_size_it_says():
    cases = load_cases("redaction_heldout7")
    assert len(cases) == 43 and sum(len(c["secrets"]) for c in cases) == 68
    assert sum(not c["secrets"] for c in cases) == 12 and sum(len(c["keep"]) for c in cases) == 158


def test_heldout8_is_the_size_it_says():
    cases = load_cases("redaction_heldout8")
    assert len(cases) == 57 and sum(len(c["secrets"]) for c in cases) == 134
    assert sum(not c["secrets"] for c in cases) == 9 and sum(len(c["keep"]) for c in cases) == 224


def test_heldout9_is_the_size_it_says():
    cases = load_cases("redaction_heldout9")
    assert len(cases) == 18 and sum(len(c["secrets"]) for c in cases) == 22
    assert sum(not c["secrets"] for c in cases) == 4 and sum(len(c["keep"]) for c in cases) == 48


def test_heldout10_is_the_size_it_says():
    cases = load_cases("redaction_heldout10")
    assert len(cases) == 24 and sum(len(c["secrets"]) for c in cases) == 40
    assert sum(not c["secrets"] for c in cases) == 3 and sum(len(c["keep"]) for c in cases) == 64


def test_heldout10b_is_the_size_it_says():
    cases = load_cases("redaction_heldout10b")
    assert len(cases) == 8 and sum(len(c["secrets"]) for c in cases) == 7
    assert sum(not c["secrets"] for c in cases) == 2 and sum(len(c["keep"]) for c in cases) == 23


def test_heldout11_is_the_size_it_says():
    cases = load_cases("redaction_heldout11")
    assert len(cases) == 36 and sum(len(c["secrets"]) for c in cases) == 46
    assert sum(not c["secrets"] for c in cases) == 8 and sum(len(c["keep"]) for c in cases) == 93


def test_heldout11b_is_the_size_it_says():
    cases = load_cases("redaction_heldout11b")
    assert len(cases) == 12 and sum(len(c["secrets"]) for c in cases) == 16
    assert sum(not c["secrets"] for c in cases) == 4 and sum(len(c["keep"]) for c in cases) == 42


def test_heldout6_is_the_size_it_says():
    cases = load_cases("redaction_heldout6")
    assert len(cases) == 45 and sum(len(c["secrets"]) for c in cases) == 59
    assert sum(not c["secrets"] for c in cases) == 10 and sum(len(c["keep"]) for c in cases) == 148


@pytest.mark.parametrize("name", SETS)
def test_heldout_streamed_line_by_line_gives_the_same_text(name):
    for case in load_cases(name):
        lines = case["output"].splitlines(keepends=True)
        assert "".join(redact_lines(lines, command=case["command"])) == redact(case["output"], command=case["command"])


if __name__ == "__main__":
    for name, flag in ((n, f) for n in SETS for f in (False, True)):
        r = score(flag, name)
        print(f"{name}, {'with command' if flag else 'output only'}: leaked {len(r['leaked'])}/{r['secrets']}, "
              f"kept {r['keep'] - len(r['lost'])}/{r['keep']}, negatives kept {r['neg_keep'] - len(r['false'])}/"
              f"{r['neg_keep']} ({len(r['false'])} false)")
        for item in r["leaked"]:
            print("  LEAK", *item)
        for item in r["lost"]:
            print("  LOST", *item)
