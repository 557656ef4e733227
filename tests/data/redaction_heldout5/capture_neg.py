"""Held-out redaction cases, session 8, part 3: look-alikes that must survive (no secret in any case) — certificates cut
before their END line (openssl s_client -showcerts | head, head of a .crt, a chain's tail sliced), base64 of binary
files in short slices, INI sections whose password-named settings hold no password, `auth` / `credentials` mode and
class names, prose where -en/-ing words say something about a password, shell history that names password tools
without a password. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout5/capture_neg.py
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, body_lines, rnd, write_case  # noqa: E402

G = "heldout-session-8-neg"


def main() -> None:  # noqa: PLR0915 - one block per case
    R.seed(8_3)
    s = Scratch("h5neg")
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj '/CN=Acme Dev Root CA' 2>/dev/null && "
         "openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=api.acme.dev 2>/dev/null && "
         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out srv.crt -days 30 2>/dev/null && "
         "cat srv.crt ca.crt > chain.pem && "
         "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.crt -days 30 -subj /CN=edge 2>/dev/null")
    srv_lines, ca_lines = body_lines((s.work / "srv.crt").read_text()), body_lines((s.work / "ca.crt").read_text())

    # 1. openssl s_client -showcerts against a local s_server, cut by head: the second certificate loses its END line
    port = 20000 + R.randrange(20000)
    srv = subprocess.Popen(["openssl", "s_server", "-accept", str(port), "-cert", "srv.crt", "-key", "srv.key", "-cert_chain", "ca.crt",
                            "-quiet"], cwd=s.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        out = s.sh(f"openssl s_client -connect 127.0.0.1:{port} -showcerts </dev/null 2>/dev/null | head -n 40")
    finally:
        srv.terminate()
        srv.wait()
    out = out.replace(str(port), "8443")
    cut = [ln for ln in out.splitlines() if ln in ca_lines]
    write_case("neg-s-client-showcerts-cut", "openssl s_client -connect api.acme.dev:8443 -showcerts </dev/null | head -n 40", out, [],
               ["CN = api.acme.dev", "-----BEGIN CERTIFICATE-----"] + srv_lines[:2] + srv_lines[-2:] + cut[-3:], G)

    # 2. head of a certificate file: END and the last lines of the signature cut off
    out = s.sh("head -n 17 srv.crt")
    write_case("neg-head-certificate-no-end", "head -n 17 /etc/ssl/certs/api.acme.dev.crt", out, [], srv_lines[:2] + srv_lines[12:16], G)

    # 3. a chain's tail sliced: the CA certificate's last body lines (its signature) without BEGIN or END
    out = s.sh("tail -n 8 chain.pem | head -n 7")
    write_case("neg-tail-of-chain-signature", "tail -n 8 /etc/nginx/tls/chain.pem | head -n 7", out, [], ca_lines[-7:], G)

    # 4. an EC certificate printed through sed without its END line
    lines = body_lines((s.work / "ec.crt").read_text())
    out = s.sh("sed '$d' ec.crt")
    write_case("neg-sed-ec-certificate-no-end", "sed '$d' certs/edge.crt", out, [], lines[:1] + lines[-2:], G)

    # 5. short base64 slices of binary files: a PNG's first lines, a gzip's, a random block of a tarball
    (s.work / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(R.randrange(256) for _ in range(600)))
    (s.work / "dump.sql.gz").write_bytes(gzip.compress(("INSERT INTO t VALUES (1);\n" + rnd(4000)).encode()))
    out = s.sh("base64 -w 64 logo.png | head -n 2; base64 -w 76 dump.sql.gz | head -n 2")
    write_case("neg-base64-binary-file-heads", "base64 -w 64 assets/logo.png | head -n 2; base64 -w 76 backups/dump.sql.gz | head -n 2",
               out, [], out.splitlines(), G)

    # 6. INI files whose password-named settings hold none: empty, variables, files, policies, plugins, modes
    s.write("app.ini", "[database]\nhost = db01.acme.internal\nuser = LedgerApp\npassword =\npassword_file = /run/secrets/db_password\n\n"
            "[mysqld]\ndefault_authentication_plugin = caching_sha2_password\n\n[security]\npassword_policy = StrictMode\n"
            "password_min_length = 14\nauth_backend = LdapBind\n\n[smtp]\npassword = ${SMTP_PASSWORD}\nauth_method = CramMd5\n")
    out = s.sh("cat app.ini")
    write_case("neg-ini-password-settings-without-passwords", "cat /etc/ledger/app.ini", out, [],
               ["user = LedgerApp", "password_file = /run/secrets/db_password", "caching_sha2_password", "password_policy = StrictMode",
                "password_min_length = 14", "auth_backend = LdapBind", "password = ${SMTP_PASSWORD}", "auth_method = CramMd5",
                "password =\n"], G)

    # 7. `auth` / `credentials` holding modes, flags and class names in YAML, JS and Python output
    s.write("modes.yaml", "api:\n  auth: none\n  cors:\n    credentials: include\nworker:\n  auth: required\n  credentials: omit\n"
            "azure:\n  auth: ManagedIdentity\n  credentials: DefaultAzureCredential\nhttp:\n  auth: BasicAuth\n  credentials: same-origin\n"
            "kafka:\n  auth: ScramSha512\n")
    out = s.sh("cat modes.yaml; python3 -c \"print({'auth': 'oauth2', 'credentials': 'sameoriginpolicy', 'auth_required': True})\"")
    write_case("neg-auth-credentials-modes-and-classes", "cat config/modes.yaml; python3 -c 'print(settings.AUTH)'", out, [],
               ["auth: none", "credentials: include", "auth: required", "credentials: omit", "auth: ManagedIdentity",
                "credentials: DefaultAzureCredential", "auth: BasicAuth", "credentials: same-origin", "auth: ScramSha512",
                "'auth': 'oauth2'", "'credentials': 'sameoriginpolicy'"], G)

    # 8. prose where -en / -ing words say something about the password
    s.write("faq.md", "Q: Why can't I log in?\nA: Your password is expiring soon, or the password is missing from the vault.\n"
            "The password is hidden behind the eye icon. The password is written to /etc/app/secret at boot.\n"
            "If the password is forgotten, the password is being rotated, or the password is changing, ask #ops.\n"
            "The password is taken from the PASSWORD variable; the password is given in the invite email.\n"
            "Note: the password is broken into two halves on the screen, and the password is pending approval.\n")
    out = s.sh("cat faq.md")
    write_case("neg-prose-password-en-ing-descriptions", "cat docs/faq.md", out, [],
               ["password is expiring soon", "password is missing from the vault", "password is hidden behind", "password is written to",
                "password is forgotten", "password is being rotated", "password is changing", "password is taken from",
                "password is given in", "password is broken into", "password is pending approval"], G)

    # 9. shell history naming password tools without a password
    (s.home / ".bash_history").write_text(
        "sudo passwd ops\nsudo chpasswd < users.txt\nsudo useradd -m -p '*' svc-backup\nsudo usermod -L legacy\nvncpasswd\n"
        "sudo useradd -m -p \"$PW_HASH\" qa\nchpasswd <<< \"$LINE\"\nvncpasswd -f <<< \"$VNC_PW\" > ~/.vnc/passwd\n"
        "man useradd\nopenssl passwd -6 -stdin < pw.txt\ngrep -c '^deploy:' /etc/shadow\n")
    out = s.sh("cat ~/.bash_history")
    write_case("neg-history-password-tools-no-password", "cat ~/.bash_history", out, [],
               ["sudo passwd ops", "chpasswd < users.txt", "-p '*' svc-backup", "usermod -L legacy", "-p \"$PW_HASH\" qa",
                "<<< \"$LINE\"", "<<< \"$VNC_PW\"", "openssl passwd -6 -stdin < pw.txt", "grep -c '^deploy:' /etc/shadow"], G)


if __name__ == "__main__":
    main()
