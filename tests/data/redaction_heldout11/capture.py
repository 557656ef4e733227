"""Held-out redaction cases, session 14: round 10's gaps (tokens folded under 40 columns, a lone all-letters `pass show`
password under an echoed command, printenv of secret and public names together, one to three lines of a key's body with
no armour) and carriers no earlier set used: `grep -rn` of .npmrc files, `pip config list`, `openssl enc -P`,
PHP var_dump, Ruby pp, Node's Map inspect, Perl Data::Dumper, Go's %+v, sqlite3 -line, git log -p of a .env,
kubectl's Secret folded at 32; look-alikes: checksums, commit ids, UUIDs and a PNG's base64 folded under 40 columns,
a certificate's lines, echoed commands printing single words, fingerprints and versions, printenv of public names.
Written before running the redactor on them.  Run: .venv/bin/python tests/data/redaction_heldout11/capture.py
"""

from __future__ import annotations

import json
import string
import struct
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (R, Scratch, anthropic_key, b64, ghp, glpat, gpg_env, hexs, openai_key, pass_store,  # noqa: E402
                    password, rnd, sendgrid_key, slack_bot, stripe_secret, uuid, visible_pieces, write_case)

G = "heldout-session-14"
PY = sys.executable
LOWER, UPPER, LETTERS = string.ascii_lowercase, string.ascii_uppercase, string.ascii_letters


def png(width: int = 24, height: int = 24) -> bytes:
    """A real PNG file (noisy pixels, so its IDAT is as random as a photo's)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(R.randrange(256) for _ in range(width * 3)) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def narrow_fold_cases(s: Scratch) -> None:
    tok = ghp()
    s.write("svc.env", f"APP_NAME=billing\nGITHUB_TOKEN={tok}\nDEBUG=false\n")
    out = s.sh("fold -w 32 svc.env")
    write_case("fold-w32-env-ghp", "fold -w 32 svc.env", out, visible_pieces(tok[4:], out), ["APP_NAME=billing",
               "DEBUG=false"], G)
    key = openai_key()
    s.write("llm.json", json.dumps({"model": "gpt-4o", "api_key": key, "retries": 3}, indent=2) + "\n")
    out = s.sh("fold -w 24 llm.json")
    write_case("fold-w24-json-openai-key", "fold -w 24 llm.json", out, visible_pieces(key[8:], out),
               ['"model": "gpt-4o"', '"retries": 3'], G)
    xo = slack_bot()
    s.write("bot.log", f"2026-11-27T03:40:12Z INFO slack notifier ready token={xo} channel=#deploys\n")
    out = s.sh("fold -w 36 bot.log")
    write_case("fold-w36-log-slack-token", "tail -n 1 bot.log | fold -w 36", out, visible_pieces(xo[5:], out),
               ["2026-11-27T03:40:12Z INFO slack"], G)
    secret = rnd(40, string.ascii_letters + string.digits + "+/")
    s.write("credentials", f"[default]\naws_access_key_id = AKIA{rnd(16, UPPER + '234567')}\n"
            f"aws_secret_access_key = {secret}\nregion = eu-west-1\n")
    out = s.sh("fold -w 28 credentials")
    write_case("fold-w28-aws-credentials", "fold -w 28 ~/.aws/credentials", out, visible_pieces(secret, out),
               ["[default]", "region = eu-west-1"], G)
    ak = anthropic_key()
    s.write("handover.txt", f"The new Anthropic key for the eval runner is {ak} and it replaces the one that leaked.\n")
    out = s.sh("fold -s -w 30 handover.txt")
    write_case("fold-s-w30-prose-anthropic-key", "fold -s -w 30 handover.txt", out, visible_pieces(ak[13:], out),
               ["The new Anthropic key for"], G)
    pw = password() + rnd(6)
    out = s.sh(f"kubectl create secret generic db-creds --from-literal=username=app --from-literal=password='{pw}' "
               "--dry-run=client -o yaml | fold -w 32")
    write_case("kubectl-secret-yaml-fold-w32", "kubectl create secret generic db-creds --from-literal=username=app "
               "--from-literal=password=\"$DB_PASS\" --dry-run=client -o yaml | fold -w 32", out,
               visible_pieces(b64(pw), out, least=8), ["kind: Secret", "name: db-creds"], G)


def narrow_fold_lookalikes(s: Scratch) -> None:
    for i in range(3):
        s.write(f"dist/pkg-{i}.tar.gz", rnd(200))
    out = s.sh("sha256sum dist/*.tar.gz | fold -w 32")
    write_case("neg-fold-w32-sha256sum", "sha256sum dist/*.tar.gz | fold -w 32", out, [], out.splitlines(), G)
    s.write("logo.png", "")
    (s.work / "logo.png").write_bytes(png())
    out = s.sh("printf 'data:image/png;base64,%s\\n' \"$(base64 -w0 logo.png)\" | fold -w 30 | head -n 12")
    write_case("neg-fold-w30-png-data-uri", "printf 'data:image/png;base64,%s\\n' \"$(base64 -w0 logo.png)\" | "
               "fold -w 30 | head -n 12", out, [], out.splitlines(), G)
    s.sh("git init -q repo && cd repo && git config user.email dev@acme.dev && git config user.name Dev && "
         "for i in 1 2 3; do echo $i > f$i; git add f$i; git commit -qm \"step $i\"; done")
    ids = "\n".join(uuid() for _ in range(3))
    out = s.sh(f"git log --format='%H %s' | fold -w 24; printf '%s\\n' '{ids}' | fold -w 24", cwd=s.work / "repo")
    write_case("neg-fold-w24-commits-uuids", "git log --format='%H %s' | fold -w 24; cat run-ids.txt | fold -w 24",
               out, [], out.splitlines(), G)
    out = s.sh("base64 logo.png | head -n 4")
    write_case("neg-base64-png-head", "base64 logo.png | head -n 4", out, [], out.splitlines(), G)


def pass_cases(s: Scratch) -> None:
    env = pass_store(s)
    pw1, pw2, pw3 = rnd(20, LETTERS), rnd(24, LOWER), rnd(18, UPPER)
    s.sh("pass insert -m mail/imap", stdin=pw1 + "\n", env=env)
    s.sh("pass insert -m web/admin", stdin=f"{password()}{rnd(4)}\nuser: root\nurl: https://admin.acme.dev\n", env=env)
    s.sh("pass insert -m db/replica", stdin=pw2 + "\n", env=env)
    s.sh("pass insert -m vpn/psk", stdin=pw3 + "\n", env=env)
    out = s.sh("echo '$ kubectl get ns -o name | head -n 2'; printf 'namespace/default\\nnamespace/payments\\n'; "
               "for e in web/admin mail/imap; do echo \"$ pass show $e\"; pass show $e; done", env=env)
    admin = out.split("$ pass show web/admin\n", 1)[1].splitlines()[0]
    write_case("pass-show-echoed-mixed-letters", "./scripts/show-creds.sh", out, [admin, pw1],
               ["user: root", "url: https://admin.acme.dev", "namespace/payments"], G)
    s.write("Makefile", "replica-pass:\n\tpass show db/replica\n\t@echo done\n")
    out = s.sh("make replica-pass", env=env)
    write_case("pass-show-make-echo-lowercase", "make replica-pass", out, [pw2], ["done"], G)
    out = s.sh("echo '$ pass show vpn/psk'; pass show vpn/psk; echo '$ pass ls vpn'; pass ls vpn", env=env)
    write_case("pass-show-echoed-uppercase-then-ls", "bash -c 'pass show vpn/psk; pass ls vpn'", out, [pw3],
               ["psk"], G)
    out = s.sh("echo '$ pass ls'; pass ls; echo '$ git rev-parse --abbrev-ref HEAD'; echo releasecandidate; "
               "echo '$ hostname'; echo buildhostalpha; echo '$ pass show --help | head -n 1'; "
               "pass show --help | head -n 1", env=env)
    write_case("neg-echoed-commands-single-words", "./scripts/status.sh", out, [],
               ["releasecandidate", "buildhostalpha", "mail", "replica"], G)


def printenv_cases(s: Scratch) -> None:
    tok, pid = ghp(), str(R.randint(100000, 999999))
    env = {**s.env, "GITHUB_TOKEN": tok, "CI_PIPELINE_ID": pid}
    cmd = "printenv GITHUB_TOKEN HOME SHELL CI_PIPELINE_ID"
    out = s.sh(cmd, env=env)
    write_case("printenv-token-home-shell-id", cmd, out, [tok], ["/home/dev", "/bin/bash", pid], G)
    pg = f"{rnd(6, LOWER)}-{rnd(5, LOWER)}-{R.randint(10, 99)}{rnd(3)}"
    env = {**s.env, "PGPASSWORD": pg, "PGHOST": "db.internal.acme.dev", "PGPORT": "5432", "PYTHON_VERSION": "3.12.7"}
    cmd = "printenv PGPASSWORD PGHOST PGPORT PYTHON_VERSION"
    out = s.sh(cmd, env=env)
    write_case("printenv-pgpassword-host-port-version", cmd, out, [pg], ["db.internal.acme.dev", "5432", "3.12.7"], G)
    sk, sha = rnd(40, string.ascii_letters + string.digits + "+/"), hexs(40)
    env = {**s.env, "AWS_REGION": "eu-central-1", "AWS_SECRET_ACCESS_KEY": sk, "GITHUB_SHA": sha}
    cmd = "printenv AWS_REGION AWS_SECRET_ACCESS_KEY GITHUB_SHA"
    out = s.sh(cmd, env=env)
    write_case("printenv-region-aws-secret-sha", cmd, out, [sk], ["eu-central-1", sha], G)
    dsn = f"https://{hexs(32)}@o{R.randint(100000, 999999)}.ingest.sentry.io/{R.randint(1000000, 9999999)}"
    env = {**s.env, "SENTRY_DSN": dsn, "LOG_LEVEL": "debug"}
    cmd = "printenv SENTRY_DSN STRIPE_API_KEY LOG_LEVEL"
    out = s.sh(cmd, env=env)
    write_case("printenv-unset-middle-name", cmd, out, [dsn.split("//")[1].split("@")[0]], ["debug"], G)
    digest = "sha256:" + hexs(64)
    env = {**s.env, "IMAGE_DIGEST": digest, "RELEASE_ID": uuid(), "LANG": "C.UTF-8"}
    cmd = "printenv HOME LANG IMAGE_DIGEST RELEASE_ID"
    out = s.sh(cmd, env=env)
    write_case("neg-printenv-public-names", cmd, out, [], out.splitlines(), G)


def key_slice_cases(s: Scratch) -> None:
    s.sh("mkdir -p vault && ssh-keygen -q -t rsa -b 2048 -N '' -C ops@acme.dev -f vault/blob")
    out = s.sh("sed -n 5,6p vault/blob")
    write_case("sed-two-lines-openssh-rsa-blob", "sed -n 5,6p vault/blob", out, out.splitlines(), [], G)
    out = s.sh("sed -n '9,11p' vault/blob")
    write_case("sed-three-lines-openssh-rsa-blob", "sed -n '9,11p' vault/blob", out, out.splitlines(), [], G)
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out material.pem 2>/dev/null")
    out = s.sh("awk 'NR>=8 && NR<=9' material.pem")
    write_case("awk-two-lines-pkcs8-rsa", "awk 'NR>=8 && NR<=9' material.pem", out, out.splitlines(), [], G)
    env = gpg_env(s)
    s.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key build@acme.dev rsa2048 default never",
         env=env)
    out = s.sh("gpg --armor --pinentry-mode loopback --passphrase '' --export-secret-keys build@acme.dev | sed -n 6,7p",
               env=env)
    write_case("gpg-export-secret-two-lines", "gpg --armor --export-secret-keys build@acme.dev | sed -n 6,7p", out,
               out.splitlines(), [], G)
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 365 "
         "-subj '/C=DE/O=Acme Build Farm/CN=Acme Internal Root CA' 2>/dev/null")
    out = s.sh("sed -n 2,4p ca.pem")
    write_case("neg-certificate-three-lines", "sed -n 2,4p ca.pem", out, [], out.splitlines(), G)
    out = s.sh("ssh-keygen -lf vault/blob.pub; openssl x509 -noout -fingerprint -sha256 -in ca.pem; "
               "openssl dgst -sha512 -binary ca.pem | base64 -w0; echo; git --version; pip --version | cut -d' ' -f1-2")
    write_case("neg-fingerprints-digest-versions", "./scripts/inventory.sh", out, [], out.splitlines(), G)


def carrier_cases(s: Scratch) -> None:
    npm = "npm_" + rnd(36)
    s.write(".npmrc", f"//registry.npmjs.org/:_authToken={npm}\nregistry=https://registry.npmjs.org/\n")
    s.write("web/.npmrc", "registry=https://registry.npmjs.org/\n")
    out = s.sh("grep -rn --include=.npmrc -e authToken -e registry= .; npm config list --userconfig .npmrc "
               "| grep -e authToken -e registry")
    write_case("grep-rn-npmrc-authtoken", "grep -rn --include=.npmrc -e authToken -e registry= .; npm config list | "
               "grep -e authToken -e registry", out, [npm], ["./web/.npmrc:1:registry=https://registry.npmjs.org/"], G)
    pw = password() + rnd(5)
    s.write("pip.conf", f"[global]\nindex-url = https://ci:{pw}@pypi.acme.dev/simple\ntimeout = 30\n")
    env = {**s.env, "PIP_CONFIG_FILE": str(s.work / "pip.conf")}
    out = s.sh(f"{PY} -m pip config list", env=env)
    write_case("pip-config-list-index-url", "pip config list", out, [pw], ["pypi.acme.dev/simple", "timeout='30'"], G)
    out = s.sh("openssl enc -aes-256-cbc -pbkdf2 -P -pass pass:unused-here -S " + hexs(16))
    key = next(ln.split("=", 1)[1] for ln in out.splitlines() if ln.startswith("key"))
    write_case("openssl-enc-print-key-iv", "openssl enc -aes-256-cbc -pbkdf2 -P -pass env:ENC_PASS -S \"$SALT\"", out,
               [key], ["salt="], G)
    dbpw = password() + rnd(6)
    out = s.sh("php -r 'var_dump([\"db\" => [\"host\" => \"db.acme.dev\", \"password\" => getenv(\"P\")]]);'",
               env={**s.env, "P": dbpw})
    write_case("php-var-dump-nested-password", "php -r 'var_dump(require \"config/app.php\");'", out, [dbpw],
               ["db.acme.dev"], G)
    cs = rnd(40)
    out = s.sh("ruby -e 'pp({\"oauth\" => {\"client_id\" => \"web-portal\", \"client_secret\" => ENV[\"C\"]}})'",
               env={**s.env, "C": cs})
    write_case("ruby-pp-client-secret", "ruby -e 'pp YAML.load_file(\"config/oauth.yml\")'", out, [cs],
               ["web-portal"], G)
    sk = stripe_secret()
    out = s.sh("node -e 'console.log(new Map([[\"STRIPE_SECRET_KEY\", process.env.K], [\"REGION\", \"eu\"]]))'",
               env={**s.env, "K": sk})
    write_case("node-map-inspect-stripe", "node -e 'console.log(loadSecrets())'", out, visible_pieces(sk, out),
               ["REGION"], G)
    api = rnd(32, string.ascii_letters + string.digits + "-_")
    out = s.sh("perl -MData::Dumper -e '$Data::Dumper::Sortkeys=1; print Dumper({api_secret => $ENV{S}, "
               "endpoint => \"https://api.acme.dev\"})'", env={**s.env, "S": api})
    write_case("perl-data-dumper-api-secret", "perl -MData::Dumper -e 'print Dumper(load_config())'", out, [api],
               ["https://api.acme.dev"], G)
    gopw = password() + rnd(6)
    s.write("gocfg/main.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\ntype DB struct {\n\tHost     string\n"
            "\tUser     string\n\tPassword string\n}\n\nfunc main() {\n\tfmt.Printf(\"config: %+v\\n\", DB{Host: "
            "\"db.acme.dev\", User: \"app\", Password: os.Getenv(\"P\")})\n}\n")
    out = s.sh("cd gocfg && GOCACHE=/tmp/h11-gocache go run main.go", env={**s.env, "P": gopw})
    write_case("go-printf-struct-password", "go run ./cmd/showconfig", out, [gopw], ["Host:db.acme.dev", "User:app"], G)
    tok = "hvs." + rnd(24)
    out = s.sh(f"sqlite3 -line app.db \"create table svc(name text, api_token text, owner text); insert into svc "
               f"values('billing', '{tok}', 'team-pay'); select * from svc;\"")
    write_case("sqlite3-line-mode-token", "sqlite3 -line app.db 'select * from svc'", out, [tok],
               ["name = billing", "owner = team-pay"], G)
    sg, dbp = sendgrid_key(), password() + rnd(4)
    s.sh("git init -q gl && cd gl && git config user.email dev@acme.dev && git config user.name Dev && "
         f"printf 'DATABASE_URL=postgres://app:{dbp}@db.acme.dev/app\\n' > .env && git add .env && git commit -qm 'add env' && "
         f"printf 'SENDGRID_API_KEY={sg}\\nMAIL_FROM=noreply@acme.dev\\n' > .env && git commit -qam 'switch to sendgrid'")
    out = s.sh("git log -p -n 1 --format='commit %H%nAuthor: %an <%ae>%n%n    %s%n'", cwd=s.work / "gl")
    write_case("git-log-p-env-sendgrid", "git log -p -1", out, [sg, dbp], ["MAIL_FROM=noreply@acme.dev",
               "switch to sendgrid"], G)
    gl = glpat()
    out = s.sh(f"printf 'protocol=https\\nhost=gitlab.acme.dev\\nusername=oauth2\\npassword={gl}\\n\\n' | "
               "git credential-store --file creds store; cat creds; "
               "printf 'protocol=https\\nhost=gitlab.acme.dev\\n\\n' | git -c credential.helper='store --file creds' "
               "credential fill")
    write_case("git-credential-store-fill-glpat", "cat creds; git credential fill", out, [gl],
               ["host=gitlab.acme.dev", "username=oauth2"], G)


if __name__ == "__main__":
    sc = Scratch("h11")
    narrow_fold_cases(sc)
    narrow_fold_lookalikes(sc)
    pass_cases(sc)
    printenv_cases(sc)
    key_slice_cases(sc)
    carrier_cases(sc)
    print("ok")
