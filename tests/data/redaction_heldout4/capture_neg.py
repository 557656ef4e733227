"""Held-out redaction cases, session 7, part 3: look-alikes that must survive (no secret in any case) — git ids,
file digests, certificates / public keys, UUIDs and base64 of ordinary data, docs with placeholder passwords and
prompts, prose where words ending in -ed/-ent/-ous describe a password, CI ids, a ConfigMap whose keys say auth and
credentials, a streamed base64 of a PNG. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout4/capture_neg.py
"""

from __future__ import annotations

import base64
import re
import struct
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, hexs, rnd, uuid, write_case  # noqa: E402

G = "heldout-session-7-real-neg"


def png(w: int, h: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(R.randrange(256) for _ in range(w * 3)) for _ in range(h))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def main() -> None:  # noqa: PLR0915
    s = Scratch("h4neg")

    # 1. git: full ids from log, rev-parse, show-ref, a tag object, a stash
    s.sh("git init -q r && cd r && git config user.email a@b.c && git config user.name A && for i in 1 2 3; do echo $i > f$i; "
         "git add . && git commit -qm \"change $i: token refresh and secret rotation docs\"; done && git tag -a v1.0 -m v1.0")
    out = s.sh("cd r && git log --format='%H %s' && git rev-parse HEAD~1 && git show-ref && git cat-file -p v1.0 | head -1")
    ids = sorted(set(re.findall(r"\b[0-9a-f]{40}\b", out)))
    write_case("neg-git-ids-log-show-ref", "git log --format='%H %s' && git rev-parse HEAD~1 && git show-ref && git cat-file -p v1.0 | head -1",
               out, [], ids + ["token refresh and secret rotation docs", "refs/tags/v1.0"], G)

    # 2. digests: sha256sum, md5sum, b2sum, openssl dgst, an npm integrity line, an OCI digest
    s.write("dist/ledger-2.4.1.tar.gz", rnd(4000))
    s.write("dist/ledger-2.4.1-py3-none-any.whl", rnd(3000))
    out = s.sh("cd dist && sha256sum * && md5sum * && b2sum -l 256 ledger-2.4.1.tar.gz && openssl dgst -sha384 ledger-2.4.1.tar.gz && "
               "openssl dgst -sha512 -binary ledger-2.4.1.tar.gz | base64 -w0 | sed 's/^/integrity: sha512-/'; echo")
    digs = re.findall(r"\b[0-9a-f]{32,128}\b", out) + re.findall(r"sha512-\S+", out)
    write_case("neg-file-digests-integrity", "sha256sum dist/* && md5sum dist/* && b2sum -l 256 … && openssl dgst -sha384 … && "
               "npm pack --json | jq .integrity", out, [], digs, G)

    # 3. certificates and public keys: cat a cert chain, x509 -text, an ssh public key and its fingerprint, known_hosts
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj '/CN=Acme Dev CA' 2>/dev/null && "
         "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out srv.csr -subj /CN=api.acme.dev 2>/dev/null && "
         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out srv.crt -days 30 2>/dev/null && "
         "ssh-keygen -q -t ed25519 -N '' -C ops@acme -f id_ops")
    out = s.sh("cat srv.crt ca.crt && openssl x509 -in srv.crt -noout -serial -fingerprint -sha256 -pubkey && cat id_ops.pub && "
               "ssh-keygen -lf id_ops.pub && ssh-keyscan -t ed25519 localhost 2>/dev/null | head -1 || true; "
               "echo \"|1|$(head -c 20 /dev/urandom | base64)|$(head -c 20 /dev/urandom | base64) $(cut -d' ' -f1,2 id_ops.pub)\"")
    cert_lines = [ln for ln in out.splitlines() if re.fullmatch(r"[A-Za-z0-9+/=]{64}", ln)]
    pub = (s.work / "id_ops.pub").read_text().split()[1]
    fp = re.search(r"SHA256:\S+", out).group(0)
    serial = re.search(r"serial=(\w+)", out).group(1)
    write_case("neg-certificates-public-keys", "cat certs/srv.crt certs/ca.crt && openssl x509 -in certs/srv.crt -noout -serial "
               "-fingerprint -sha256 -pubkey && cat ~/.ssh/id_ops.pub && ssh-keygen -lf ~/.ssh/id_ops.pub && grep ops ~/.ssh/known_hosts",
               out, [], cert_lines[:3] + cert_lines[-3:] + [pub, fp, serial, "-----BEGIN PUBLIC KEY-----"], G)

    # 4. ids and ordinary base64: uuidgen, trace ids, a k8s ConfigMap's binaryData, base64 of JSON / text
    u = [uuid() for _ in range(3)]
    b1 = base64.b64encode(b'{"alg":"none","kid":"2026-11"}').decode()
    b2 = base64.b64encode(b"ledger release notes: fixed the token refresh race in the secret store client").decode()
    s.write("ids.txt", f"request_id={u[0]}\ncorrelation-id: {u[1]}\nx-amzn-trace-id: Root=1-6745{hexs(4)}-{hexs(24)}\n"
            f"span {hexs(16)} parent {hexs(16)}\njob_uid: {u[2]}\nobject_etag: \"{hexs(32)}\"\n"
            f"binaryData:\n  header.json: {b1}\n  notes.txt: {b2}\n")
    out = s.sh("cat ids.txt")
    keep = u + [b1, b2] + re.findall(r"\b[0-9a-f]{16,32}\b", out)
    write_case("neg-ids-and-base64-of-text", "cat debug/ids.txt", out, [], keep, G)

    # 5. docs: placeholder passwords and prompts in command examples
    s.write("INSTALL.md", """## Database
    mysql -u root -p
    mysql -u root -p"$MYSQL_ROOT_PASSWORD" < schema.sql
    htpasswd -b .htpasswd admin <password>
    smbclient //server/share -U user%password
    sshpass -p "$SSH_PASS" ssh deploy@host
    net use Z: \\\\server\\share /user:DOMAIN\\user *
    curl -u USER:PASSWORD https://nexus.example.com/service/rest/v1/status
    docker login -u <username> -p <token> registry.example.com

```ini
[database]
password = ${DB_PASSWORD}
api_key = YOUR_API_KEY
token = <your-token-here>
secret = ********
```
auth: none
credentials: ~/.config/gcloud/application_default_credentials.json
""")
    out = s.sh("cat INSTALL.md")
    write_case("neg-docs-placeholder-passwords", "cat docs/INSTALL.md", out, [],
               ["mysql -u root -p\n", 'mysql -u root -p"$MYSQL_ROOT_PASSWORD"', "admin <password>", "-U user%password",
                'sshpass -p "$SSH_PASS"', "/user:DOMAIN\\user *", "USER:PASSWORD", "-p <token>", "password = ${DB_PASSWORD}",
                "api_key = YOUR_API_KEY", "token = <your-token-here>", "auth: none",
                "credentials: ~/.config/gcloud/application_default_credentials.json"], G)

    # 6. prose that describes passwords with words ending in -ed / -ent / -ous / -ing
    s.write("SECURITY.md", "# Password policy\n\nYour password is checked against known breaches.\nThe password is hashed with bcrypt.\n"
            "A password is required for every account. If the password is expired you must reset it.\n"
            "The new password is different from the last five. The password was changed by an admin.\n"
            "The admin password is encrypted at rest. Your password is incorrect.\n"
            "A weak password is dangerous; the password is persistent across restarts only when remembered.\n"
            "Your token is invalid or expired. The API key was revoked. Credentials are pending approval.\n"
            "The password is sufficient. The password field is mandatory. Password is missing.\n")
    out = s.sh("cat SECURITY.md")
    write_case("neg-prose-password-descriptions", "cat SECURITY.md", out, [],
               ["password is checked against", "password is hashed with bcrypt", "password is required", "password is expired",
                "password is different from", "password was changed by", "password is encrypted at rest", "password is incorrect",
                "password is dangerous", "password is persistent", "token is invalid or expired", "API key was revoked",
                "Credentials are pending approval", "password is sufficient", "Password is missing"], G)

    # 7. a CI log's ids: run ids, cache keys, artifact digests, masked values, a trace id
    run, cache, art, tr = str(R.randint(10**9, 10**10)), hexs(64), hexs(64), hexs(32)
    s.write("ci.log", f"Run ID: {run}\nCache key: deps-{cache}\nSecret source: Actions\nPrepare workflow directory\n"
            f"env:\n  NPM_TOKEN: ***\n  DB_PASSWORD: ***\n  AWS_SECRET_ACCESS_KEY: ***\nArtifact digest: sha256:{art}\n"
            f"traceparent: 00-{tr}-{hexs(16)}-01\nAuthorization: Bearer ***\npassword: ***\nCleaning up orphan processes\n")
    out = s.sh("cat ci.log")
    write_case("neg-ci-log-ids-masked-values", "gh run view 1 --log | cut -f3-", out, [],
               [f"Run ID: {run}", f"deps-{cache}", f"sha256:{art}", tr, "NPM_TOKEN: ***", "Authorization: Bearer ***", "password: ***"], G)

    # 8. a ConfigMap and a YAML config whose keys say auth / credentials / token, with mode words and paths as values
    out = s.sh("kubectl create configmap gateway --from-literal=auth=oauth2 --from-literal=auth-url=https://sso.acme.dev/auth "
               "--from-literal=credentials=/var/run/secrets/gateway/creds.json --from-literal=token-ttl=3600 "
               "--from-literal=credentials-provider=vault --dry-run=client -o yaml")
    write_case("neg-configmap-auth-credentials-keys", "kubectl create configmap gateway --from-literal=auth=oauth2 … --dry-run=client -o yaml",
               out, [], ["auth: oauth2", "auth-url: https://sso.acme.dev/auth", "credentials: /var/run/secrets/gateway/creds.json",
                         "token-ttl: \"3600\"", "credentials-provider: vault"], G)

    # 9. base64 of an image streamed to the terminal: long runs of base64 lines that are not secret
    s.work.joinpath("logo.png").write_bytes(png(48, 24))
    out = s.sh("base64 logo.png | head -n 30")
    lines = out.splitlines()
    write_case("neg-base64-png-stream", "base64 assets/logo.png | head -n 30", out, [], [lines[0], lines[len(lines) // 2], lines[-1]], G)

    # 10. auth / credentials in program output as words: gh auth status, a pytest run, a python dict of modes
    s.write("modes.py", "print({'auth': 'none', 'credentials': None, 'auth_type': 'basic', 'retries': 3})\n"
            "print('auth=ldap credentials=kerberos realm=ACME.DEV')\n")
    out = s.sh("python3 modes.py; echo 'tests/test_auth.py::test_credentials_refresh PASSED'; "
               "echo 'auth: using credentials from ~/.config/gh/hosts.yml'")
    write_case("neg-auth-credentials-mode-words", "python modes.py; pytest -q tests/test_auth.py; gh auth status", out, [],
               ["'auth': 'none'", "'credentials': None", "'auth_type': 'basic'", "auth=ldap", "credentials=kerberos",
                "test_credentials_refresh PASSED", "credentials from ~/.config/gh/hosts.yml"], G)


if __name__ == "__main__":
    main()
