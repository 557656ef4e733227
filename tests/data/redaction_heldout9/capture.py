"""Held-out redaction cases, session 12: `pass show` entries, tokens a terminal or `fold` wraps at 80/120 columns, an
EC/Ed25519 private key's `-text` hex dump, pip/npm/git/env output, pytest --showlocals and rich tracebacks holding
secrets in locals; look-alikes: checksums, commit SHAs, UUIDs, a CSR's `-text`, base64 data.
Written before running the redactor on them.  Run: .venv/bin/python tests/data/redaction_heldout9/capture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (R, Scratch, anthropic_key, b64, ghp, github_pat, gpg_env, hexs, jwt, openai_key,  # noqa: E402
                    password, rnd, sendgrid_key, stripe_secret, uuid, visible_pieces, write_case)

G = "heldout-session-12"
PY = sys.executable


def pass_cases(s: Scratch) -> None:
    env = gpg_env(s)
    env["PASSWORD_STORE_DIR"] = str(s.tmp / "store")
    s.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key ops@acme.dev default default never",
         env=env)
    s.sh("pass init ops@acme.dev", env=env)
    pw1, pw2 = rnd(20) + "#" + rnd(3), rnd(16)
    s.sh("pass insert -m web/billing-admin", stdin=f"{pw1}\nlogin: billing\nurl: https://billing.acme.dev\n", env=env)
    s.sh("pass insert -m db/replica", stdin=f"{pw2}\nhost: db-replica-2.acme.internal\nport: 5432\n", env=env)
    for cid, cmd, pw, keep in (
            ("pass-show-billing-admin", "pass show web/billing-admin", pw1,
             ["login: billing", "url: https://billing.acme.dev"]),
            ("pass-show-db-replica-head", "pass show db/replica | head -3", pw2,
             ["host: db-replica-2.acme.internal", "port: 5432"])):
        write_case(cid, cmd, s.sh(cmd, env=env), [pw], keep, G)
    # the whole store in one go: each entry's name, then its lines
    out = s.sh("for f in $(cd $PASSWORD_STORE_DIR && find . -name '*.gpg' | sort); do e=${f#./}; e=${e%.gpg}; "
               "echo \"== $e\"; pass show \"$e\"; done", env=env)
    write_case("pass-show-loop-over-store", "for e in db/replica web/billing-admin; do echo \"== $e\"; pass show $e; done",
               out, [pw1, pw2], ["== db/replica", "== web/billing-admin", "host: db-replica-2.acme.internal"], G)


def wrapped_cases(s: Scratch) -> None:
    pat, tok = github_pat(), jwt({"sub": "svc-deploy", "aud": "api.acme.dev", "iat": 1795000000, "scope": "deploy:write"})
    sha = hexs(40)
    s.write("ci.env", f"GIT_COMMIT={sha}\nGH_TOKEN={pat}\nBUILD_URL=https://ci.acme.dev/job/api/812/\n")
    out = s.sh("fold -w 80 ci.env")
    write_case("fold-w80-ci-env-github-pat", "fold -w 80 ci.env", out, visible_pieces(pat, out),
               [f"GIT_COMMIT={sha}", "BUILD_URL=https://ci.acme.dev/job/api/812/"], G)
    s.write("resp.json", '{"access_token":"%s","token_type":"Bearer","expires_in":3600,"request_id":"%s"}\n'
            % (tok, uuid()))
    out = s.sh("fold -w 120 resp.json")
    write_case("fold-w120-token-response-jwt", "fold -w 120 resp.json", out, visible_pieces(tok.split(".", 1)[1], out),
               ['"token_type":"Bearer"', '"request_id":"'], G)
    # a terminal 80 columns wide: what `script` records of an echo of a long export, with no command shown
    key = openai_key()
    out = s.sh(f"export OPENAI_API_KEY='{key}'; printf '%s\\n' \"OPENAI_API_KEY=$OPENAI_API_KEY\" | fold -w 80")
    write_case("terminal-wrap-80-openai-export", "printenv | grep OPENAI", out, visible_pieces(key, out), [], G)
    # a secret wrapped in the middle of a log line, the second row starting with it
    sg = sendgrid_key()
    line = f"2026-11-26T21:04:11Z INFO mailer configured provider=sendgrid api_key={sg} region=eu"
    s.write("mail.log", line + "\n")
    out = s.sh("fold -w 80 mail.log")
    write_case("fold-w80-log-line-sendgrid", "kubectl logs deploy/mailer | fold -w 80", out,
               visible_pieces(sg[3:], out), ["INFO mailer configured provider=sendgrid"], G)


def key_text_cases(s: Scratch) -> None:
    s.sh("openssl ecparam -name prime256v1 -genkey -noout -out ec.key && openssl genpkey -algorithm ed25519 -out ed.key")
    out = s.sh("openssl ec -in ec.key -text -noout")
    priv = [ln.strip() for ln in out.split("priv:")[1].split("pub:")[0].strip().splitlines()]
    pub = [ln.strip() for ln in out.split("pub:")[1].split("ASN1")[0].strip().splitlines()]
    write_case("openssl-ec-text-priv-hex", "openssl ec -in ec.key -text -noout", out, [p for p in priv if len(p) >= 12],
               ["Private-Key: (256 bit)", pub[1], "NIST CURVE: P-256"], G)
    out = s.sh("openssl pkey -in ed.key -text -noout")
    priv = [ln.strip() for ln in out.split("priv:")[1].split("pub:")[0].strip().splitlines()]
    write_case("openssl-pkey-ed25519-text", "openssl pkey -in ed.key -text -noout", out,
               [p for p in priv if len(p) >= 12], ["ED25519 Private-Key:", "pub:"], G)
    # a CSR's -text: public modulus, signature: nothing secret
    s.sh("openssl req -new -newkey rsa:2048 -nodes -keyout csr.key -subj '/CN=api.acme.dev/O=Acme' -out api.csr 2>/dev/null")
    out = s.sh("openssl req -in api.csr -text -noout")
    mod = [ln.strip() for ln in out.split("Modulus:")[1].splitlines()[1:4]]
    write_case("neg-openssl-req-text-csr", "openssl req -in api.csr -text -noout", out, [],
               ["Subject: CN = api.acme.dev, O = Acme", "Public-Key: (2048 bit)", *mod, "Signature Algorithm"], G)


def tool_cases(s: Scratch) -> None:
    pw = password()
    s.sh(f"pip config --user set global.index-url https://ci-reader:{pw}@pypi.acme.dev/simple/ >/dev/null; "
         "pip config --user set global.timeout 60 >/dev/null")
    out = s.sh("pip config list")
    write_case("pip-config-list-index-url", "pip config list", out, [pw], ["pypi.acme.dev/simple/", "global.timeout='60'"], G)
    tok = ghp()
    s.sh("git init -q repo && cd repo && git remote add origin "
         f"https://x-access-token:{tok}@github.com/acme/api.git && git remote add upstream https://github.com/acme/api.git")
    out = s.sh("git remote -v", cwd=s.work / "repo")
    write_case("git-remote-v-token-url", "git remote -v", out, [tok],
               ["github.com/acme/api.git (fetch)", "upstream\thttps://github.com/acme/api.git (push)"], G)
    ak, sk, keep_sha = anthropic_key(), stripe_secret(), hexs(64)
    env = {**s.env, "ANTHROPIC_API_KEY": ak, "STRIPE_API_KEY": sk, "IMAGE_DIGEST": "sha256:" + keep_sha,
           "RUN_ID": uuid(), "GIT_SHA": hexs(40)}
    out = s.sh("env | sort", env=env)
    write_case("env-sort-vendor-keys", "env | sort", out, [ak, sk],
               ["IMAGE_DIGEST=sha256:" + keep_sha, "RUN_ID=" + env["RUN_ID"], "GIT_SHA=" + env["GIT_SHA"]], G)
    dbpw, api = password(), rnd(32)
    s.write("test_pay.py", "import os\n\ndef connect(dsn, api_key):\n    raise ConnectionError('refused')\n\n"
            "def test_charge():\n    db_password = %r\n    api_key = %r\n    order_id = %r\n"
            "    connect(f'postgresql://pay:{db_password}@db:5432/pay', api_key)\n" % (dbpw, api, uuid()))
    out = s.sh(f"{PY} -m pytest -q -p no:cacheprovider --showlocals test_pay.py")
    write_case("pytest-showlocals-db-password", "pytest -q --showlocals test_pay.py", out, [dbpw, api],
               ["ConnectionError: refused", "1 failed"], G)
    tok2 = rnd(40)
    s.write("rich_tb.py", "from rich.console import Console\nc = Console(width=100, force_terminal=False)\n"
            "def sync(endpoint, token, retries=3):\n    raise TimeoutError(endpoint)\n"
            "try:\n    sync('https://api.acme.dev/v2/sync', %r)\nexcept Exception:\n    c.print_exception(show_locals=True)\n"
            % tok2)
    out = s.sh(f"{PY} rich_tb.py")
    write_case("rich-traceback-locals-token", "python rich_tb.py", out, visible_pieces(tok2, out),
               ["TimeoutError", "https://api.acme.dev/v2/sync"], G)


def neg_cases(s: Scratch) -> None:
    s.write("a.bin", rnd(500)); s.write("b.bin", rnd(700))
    out = s.sh("sha256sum a.bin b.bin; md5sum a.bin; sha1sum b.bin; b2sum a.bin | cut -c1-64")
    sums = [ln.split()[0] for ln in out.splitlines()]
    write_case("neg-checksums-mixed", "sha256sum a.bin b.bin; md5sum a.bin; sha1sum b.bin", out, [], sums, G)
    s.sh("git init -q g && cd g && git -c user.name=d -c user.email=d@x commit -q --allow-empty -m one && "
         "git -c user.name=d -c user.email=d@x commit -q --allow-empty -m two")
    out = s.sh("git log --format='%H %T %s' && git rev-parse HEAD~1", cwd=s.work / "g")
    write_case("neg-git-log-full-shas-trees", "git log --format='%H %T %s'", out, [],
               [ln.split()[0] for ln in out.splitlines()[:2]], G)
    ids = [uuid() for _ in range(3)]
    blob = b64(" ".join(rnd(8) for _ in range(30)))
    s.write("fixture.json", '{"ids": ["%s", "%s", "%s"], "thumbnail": "%s", "etag": "W/\\"%s\\""}\n'
            % (*ids, blob, hexs(32)))
    out = s.sh("cat fixture.json | fold -w 80")
    write_case("neg-fold-fixture-uuids-base64", "fold -w 80 fixture.json", out, [],
               [ln for ln in out.splitlines() if len(ln) >= 20], G)  # every row: uuids, base64 data, an ETag


if __name__ == "__main__":
    R.seed(12_1)
    s = Scratch("h9")
    for part in (pass_cases, wrapped_cases, key_text_cases, tool_cases, neg_cases):
        part(s)
    print("ok")
