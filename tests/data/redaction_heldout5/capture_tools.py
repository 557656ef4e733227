"""Held-out redaction cases, session 8, part 1: real tools with fake credentials — bash -x of a provisioning script
(useradd/usermod -p with openssl passwd hashes, chpasswd fed by echo), shell history with here-strings feeding
passwords (chpasswd <<<, vncpasswd <<<), private-key slices of one or two lines read under meaningless names, keys
re-wrapped at 76/100 columns without their END line, git config with an smtp password, curl -v -u, psql under bash -x,
docker config auths. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout5/capture_tools.py
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, DIGITS, R, Scratch, b64, body_lines, camel, rnd, serve, write_case,
)

G = "heldout-session-8-real"
# stand-ins so the trace is the real bash -x of these calls without touching the machine's accounts
STUBS = {"useradd": "exit 0", "usermod": "exit 0", "chpasswd": "cat >/dev/null", "vncpasswd": "cat >/dev/null",
         "id": 'echo "uid=1001($1) gid=1001($1) groups=1001($1),998(docker)"'}


def main() -> None:  # noqa: PLR0915 - one block per case
    R.seed(8_1)
    s = Scratch("h5tools")

    # 1. bash -x of a provisioning script: useradd -p with a SHA-512 crypt hash made by openssl passwd, usermod -p with
    #    an MD5 crypt, a password piped into chpasswd (bash -x prints the echo and chpasswd on two lines)
    p1, p2, p3 = camel(3) + str(R.randint(10, 99)), rnd(14), rnd(12)
    salt = rnd(16, ALNUM)
    h1 = s.sh(f"openssl passwd -6 -salt {salt} '{p1}'").strip()
    h2 = s.sh(f"openssl passwd -1 -salt {rnd(8)} '{p2}'").strip()
    for name, body in STUBS.items():
        s.write(f"stub/{name}", f"#!/bin/sh\n{body}\n").chmod(0o755)
    s.write("provision.sh", f"PATH=$PWD/stub:$PATH\nset -x\nDEPLOY_PW='{p1}'\nuseradd -m -s /bin/bash -p \"$(openssl passwd -6 -salt {salt} "
            f"\"$DEPLOY_PW\")\" deploy\nusermod -p '{h2}' backup\necho 'svc-report:{p3}' | chpasswd\nusermod -aG docker deploy\nid deploy\n")
    out = s.sh("bash provision.sh 2>&1")
    write_case("bash-x-useradd-usermod-chpasswd", "bash -x scripts/provision.sh", out, [p1, h1.split("$")[-1], h2.split("$")[-1], p3],
               ["useradd -m -s /bin/bash -p", "usermod -aG docker deploy", "uid=1001(deploy)", "svc-report", "deploy", "backup"], G)

    # 2. shell history: here-strings and pipes feeding passwords to chpasswd / vncpasswd / passwd, useradd -p with a
    #    literal hash and with a command substitution; lines with variables, files and locks stay
    q = [rnd(12), camel(2) + str(R.randint(1, 9)), rnd(10), rnd(11), camel(3), rnd(13)]
    hq = s.sh(f"openssl passwd -5 -salt {rnd(12)} '{rnd(10)}'").strip()
    (s.home / ".bash_history").write_text(
        f"sudo chpasswd <<< 'root:{q[0]}'\nchpasswd <<<\"kiosk:{q[1]}\"\nvncpasswd -f <<< '{q[2]}' > ~/.vnc/passwd\n"
        f"printf '%s\\n%s\\n' '{q[3]}' '{q[3]}' | vncpasswd\nsudo useradd -m -p \"$(openssl passwd -1 '{q[4]}')\" tester\n"
        f"sudo usermod -p '{hq}' ci\necho -e '{q[5]}\\n{q[5]}' | sudo passwd --stdin legacy\n"
        "sudo useradd -m -p '!' svc-nologin\nsudo chpasswd < /root/batch-users.txt\nsudo useradd -p \"$HASHED_PW\" app\n"
        "chpasswd <<< \"$USER_LINE\"\nvncpasswd\nsystemctl restart vncserver@:1\n")
    out = s.sh("HISTFILE=~/.bash_history; set -o history; history -c; history -r; history")
    write_case("history-here-strings-feeding-passwords", "history", out, [q[0], q[1], q[2], q[3], q[4], hq.split("$")[-1], q[5]],
               ["sudo useradd -m -p '!' svc-nologin", "sudo chpasswd < /root/batch-users.txt", "-p \"$HASHED_PW\" app",
                "chpasswd <<< \"$USER_LINE\"", "systemctl restart vncserver@:1", "root:", "kiosk:", "> ~/.vnc/passwd"], G)

    # 3. useradd --help / usermod --help / chpasswd --help: the option text names passwords, holds none (negative)
    out = s.sh("useradd --help; usermod --help; chpasswd --help")
    write_case("neg-useradd-usermod-chpasswd-help", "useradd --help; usermod --help; chpasswd --help", out, [],
               ["-p, --password PASSWORD", "encrypted password of the new account", "-e, --encrypted",
                "supplied passwords are encrypted", "-c, --crypt-method METHOD"], G)

    # 4. one line of an RSA key read by line number from a file whose name says nothing
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out seed.dat 2>/dev/null")
    lines = body_lines((s.work / "seed.dat").read_text())
    out = s.sh("awk 'NR==14' seed.dat")
    write_case("awk-one-line-of-key", "awk 'NR==14' var/cache/seed.dat", out, [lines[12]], [], G)

    # 5. two lines of an OpenSSH RSA key, sed -n under a hashed cache name
    s.sh("ssh-keygen -q -t rsa -b 3072 -N '' -C ops@jump -f obj-3f2a")
    lines = (s.work / "obj-3f2a").read_text().splitlines()
    out = s.sh("sed -n '9,10p' obj-3f2a")
    write_case("sed-two-lines-of-openssh-key", "sed -n '9,10p' .cache/objects/obj-3f2a", out, ["\n".join(lines[8:10])], [], G)

    # 6. an EC key's first two body lines (the SEC1 private scalar) shown by a grep that drops the armour
    s.sh("openssl ecparam -name prime256v1 -genkey -noout -out node.bin 2>/dev/null")
    lines = body_lines((s.work / "node.bin").read_text())
    out = s.sh("grep -v -- '-----' node.bin | head -n 2")
    write_case("grep-v-armour-ec-key-two-lines", "grep -v -- '-----' state/node.bin | head -n 2", out, ["\n".join(lines[:2])], [], G)

    # 7. a key's DER as MIME base64 (76 columns), no armour at all, cut by head
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out w76.pem 2>/dev/null")
    out = s.sh("openssl pkey -in w76.pem -outform DER | base64 -w 76 | head -n 10")
    write_case("der-base64-w76-no-armour", "openssl pkey -in k.pem -outform DER | base64 -w 76 | head -n 10", out,
               ["\n".join(out.splitlines()[1:10])], [], G)

    # 8. a PEM key re-wrapped by Python's base64.encodebytes (76 columns) under its BEGIN line, END cut off by head
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out py.pem 2>/dev/null")
    s.write("rewrap.py", "import base64, sys\nder = base64.b64decode(''.join(l for l in open(sys.argv[1]) if not l.startswith('-')))\n"
            "print('-----BEGIN PRIVATE KEY-----')\nprint(base64.encodebytes(der).decode(), end='')\nprint('-----END PRIVATE KEY-----')\n")
    out = s.sh("python3 rewrap.py py.pem | head -n 9")
    write_case("python-encodebytes-key-head", "python3 tools/rewrap.py keys/api.pem | head -n 9", out,
               ["\n".join(out.splitlines()[1:9])], ["-----BEGIN PRIVATE KEY-----"], G)

    # 9. a key flattened to one line for an env var, then folded at 100 columns and cut (no armour, other width)
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out f100.pem 2>/dev/null")
    out = s.sh("grep -v -- ----- f100.pem | tr -d '\\n' | fold -w 100 | sed -n '2,6p'")
    write_case("fold-w100-flattened-key-slice", "grep -v -- ----- deploy.pem | tr -d '\\n' | fold -w 100 | sed -n '2,6p'", out,
               ["\n".join(out.splitlines()[:5])], [], G)

    # 10. git config with the smtp password of git send-email and a credential store, next to settings that stay
    sp = camel(2) + str(R.randint(100, 999))
    s.sh("git init -q r && cd r && git config user.email dev@acme.dev && git config sendemail.smtpserver smtp.acme.dev && "
         f"git config sendemail.smtpuser dev@acme.dev && git config sendemail.smtppass '{sp}' && "
         "git config sendemail.smtpencryption tls && git config credential.helper store")
    out = s.sh("cd r && git config --list --local")
    write_case("git-config-sendemail-smtppass", "git config --list --local", out, [sp],
               ["sendemail.smtpserver=smtp.acme.dev", "sendemail.smtpuser=dev@acme.dev", "sendemail.smtpencryption=tls",
                "credential.helper=store"], G)

    # 11. curl -v -u against a local server: the Basic header carries user:password
    srv = serve()
    cu = camel(3)
    out = s.sh(f"curl -sv -u 'metrics:{cu}' http://127.0.0.1:{srv.server_port}/api/v1/status 2>&1 | grep -v '^\\* *[A-Z][a-z]* *[0-9.]*$' | "
               "sed -e 's/Date: .*/Date: Thu, 26 Nov 2026 09:00:00 GMT/'")
    srv.shutdown()
    out = out.replace(str(srv.server_port), "8428")
    write_case("curl-v-basic-auth-word-password", "curl -sv -u \"metrics:$VM_PASSWORD\" http://127.0.0.1:8428/api/v1/status", out,
               [b64(f"metrics:{cu}")], ["GET /api/v1/status HTTP/1.1", "HTTP/1.1 200 OK", '{"ok": true}'], G)

    # 12. psql with a connection URI under bash -x: the server is down, the URI is in the trace
    pp = rnd(18)
    s.write("db.sh", f"set -x\npsql \"postgresql://orders_rw:{pp}@127.0.0.1:1/orders?sslmode=disable&connect_timeout=2\" -c 'select 1'\n"
            "echo \"exit=$?\"\n")
    out = s.sh("bash db.sh 2>&1")
    write_case("bash-x-psql-uri-refused", "bash -x scripts/db.sh", out, [pp],
               ["orders_rw", "127.0.0.1", "sslmode=disable", "Connection refused", "exit=2"], G)

    # 13. docker config.json with auths: base64 user:password, an identitytoken, credHelpers that stay
    dp, it = camel(3), rnd(64, ALNUM)
    auth = b64(f"acme-ci:{dp}")
    (s.home / ".docker").mkdir()
    (s.home / ".docker/config.json").write_text(
        '{\n\t"auths": {\n\t\t"registry.acme.dev": {\n\t\t\t"auth": "' + auth + '"\n\t\t},\n\t\t"harbor.acme.dev": {\n\t\t\t"auth": "",\n'
        '\t\t\t"identitytoken": "' + it + '"\n\t\t}\n\t},\n\t"credHelpers": {\n\t\t"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"\n'
        '\t},\n\t"currentContext": "desktop-linux"\n}\n')
    out = s.sh("cat ~/.docker/config.json")
    write_case("cat-docker-config-auth-identitytoken", "cat ~/.docker/config.json", out, [auth, it],
               ['"registry.acme.dev"', '"ecr-login"', '"currentContext": "desktop-linux"'], G)

    # 14. kubectl create secret tls --dry-run -o yaml, read back with yq: tls.key decoded and cut after 6 lines;
    #     the certificate in the same output stays
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.crt -days 30 -subj /CN=ledger.acme.dev 2>/dev/null")
    out = s.sh("kubectl create secret tls ledger-tls --cert=tls.crt --key=tls.key --dry-run=client -o yaml | "
               "yq -r '.data.\"tls.key\"' | base64 -d | head -n 7")
    key_lines = body_lines((s.work / "tls.key").read_text())
    write_case("kubectl-tls-key-decoded-head", "kubectl create secret tls ledger-tls --cert=tls.crt --key=tls.key --dry-run=client "
               "-o yaml | yq -r '.data.\"tls.key\"' | base64 -d | head -n 7", out, ["\n".join(key_lines[:6])], [], G)


if __name__ == "__main__":
    main()
