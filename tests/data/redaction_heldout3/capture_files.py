"""Held-out redaction cases, session 6, part 3: config files cat'ed (TOML, INI, compose YAML, service YAML, .envrc,
Maven settings.xml, web.config), a sqlite3 .dump with password hashes, docker-inspect JSON written by jq, kubectl
--dry-run Secrets (tls, stringData), openssl / ssh-keygen / gpg private keys, prose with word passwords, and cloud
CLI credential JSON. Written before reading the redaction rules.
Run: .venv/bin/python tests/data/redaction_heldout3/capture_files.py

Decision on password hashes (sqlite dump): a crypt-style hash ($6$..., $apr1$..., pbkdf2_sha256$...) is credential
material (it can be cracked offline and some systems accept it as-is), so it must be masked; plain content digests
(sha256 of files, lockfile hashes, git ids) are not secrets and must survive (see capture_neg.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import LOWER, UPPER, R, b64u, hexs, rnd, uuid, write_case  # noqa: E402
from tools import VENV_PY, Scratch  # noqa: E402

G = "heldout-session-6-real"


def pem_body(text: str, kind: str) -> str:
    return re.search(rf"-----BEGIN {kind}-----\n(.*?)\n-----END {kind}-----", text, re.S).group(1)


def main() -> None:  # noqa: PLR0915 - one block per case
    s = Scratch("files")

    # 1. config.toml
    t1, t2, t3 = rnd(18), b64u(48), rnd(16)
    s.write("config.toml", f'[server]\nbind = "0.0.0.0:8443"\n\n[database]\nurl = "postgres://ledger:{t1}@pg.internal:5432/ledger"\n'
            f'pool_size = 10\n\n[auth]\njwt_secret = "{t2}"\ntoken_ttl_s = 900\n\n[smtp]\nhost = "smtp.mailgun.org"\n'
            f'username = "postmaster@mg.acme.dev"\npassword = "{t3}"\n\n[llm]\nmax_tokens = 512\nmodel = "smollm2-135m"\n')
    out = s.sh("cat config.toml")
    write_case("cat-config-toml", "cat config.toml", out, [t1, t2, t3],
               ["pg.internal:5432/ledger", "token_ttl_s = 900", "max_tokens = 512", 'username = "postmaster@mg.acme.dev"'], G)

    # 2. ~/.my.cnf: INI with a quoted and an unquoted password
    m1, m2 = rnd(16), rnd(10) + "%" + rnd(4)
    (s.home / ".my.cnf").write_text(f"[client]\nuser=root\npassword={m1}\nhost=127.0.0.1\n\n[mysqldump]\nuser=backup\n"
                                    f'password="{m2}"\nsingle-transaction\n')
    out = s.sh("cat ~/.my.cnf")
    write_case("cat-my-cnf", "cat ~/.my.cnf", out, [m1, m2], ["user=root", "user=backup", "single-transaction"], G)

    # 3. docker-compose.yml: map and list environment forms, image digests that must stay
    c1, c2, c3, dig = rnd(24), rnd(20), rnd(16), hexs(64)
    s.write("docker-compose.yml", f"""services:
  db:
    image: postgres@sha256:{dig}
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: {c1}
  storage:
    image: minio/minio:RELEASE.2024-10-13T13-34-11Z
    environment:
      - MINIO_ROOT_USER=admin
      - MINIO_ROOT_PASSWORD={c2}
  queue:
    image: rabbitmq:3.13-management
    environment:
      RABBITMQ_DEFAULT_USER: "worker"
      RABBITMQ_DEFAULT_PASS: "{c3}"
""")
    out = s.sh("cat docker-compose.yml")
    write_case("cat-docker-compose-env", "cat docker-compose.yml", out, [c1, c2, c3],
               [dig, "minio/minio:RELEASE.2024-10-13T13-34-11Z", "MINIO_ROOT_USER=admin", 'RABBITMQ_DEFAULT_USER: "worker"'], G)

    # 4. service YAML whose secret values are words that themselves contain credential words
    v1 = R.choice(["Prod", "Live", "Main"]) + R.choice(["Ledger", "Billing", "Orders"]) + "ServiceKey" + rnd(1, UPPER)
    v2 = R.choice(["Blue", "Amber"]) + "SecretVault" + R.choice(["Otter", "Heron"])
    v3 = R.choice(["Staging", "Deploy"]) + "TokenPassword" + str(R.randint(1, 9))
    s.write("service.yaml", f"service:\n  name: ledger-sync\n  api_token: {v1}\n  client_secret: \"{v2}\"\n"
            f"  db:\n    password: {v3}\n    password_reset_url: https://acme.dev/account/reset\n  token_count: 42\n"
            "  key_bindings: keyboard\n  secret_name: ledger-sync-env\n")
    out = s.sh("cat service.yaml")
    write_case("cat-yaml-credential-word-values", "cat deploy/service.yaml", out, [v1, v2, v3],
               ["password_reset_url: https://acme.dev/account/reset", "token_count: 42", "key_bindings: keyboard",
                "secret_name: ledger-sync-env", "name: ledger-sync"], G)

    # 5. sqlite3 .dump: crypt / PBKDF2 password hashes and a plaintext API token column; migration checksums stay
    h1 = s.sh(f"openssl passwd -6 -salt {rnd(16)} '{rnd(12)}'").strip()
    h2 = s.sh(f"openssl passwd -apr1 -salt {rnd(8)} '{rnd(12)}'").strip()
    salt = rnd(22)
    h3 = "pbkdf2_sha256$870000$" + salt + "$" + base64.b64encode(hashlib.pbkdf2_hmac("sha256", b"pw", salt.encode(), 1000)).decode()
    apit, mig = "tok_" + rnd(32), hexs(64)
    s.write("db.sql", f"CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);\n"
            f"INSERT INTO users VALUES(1,'dana@acme.dev','{h1}'),(2,'ops@acme.dev','{h2}'),(3,'li@acme.dev','{h3}');\n"
            f"CREATE TABLE api_tokens(id INTEGER PRIMARY KEY, user_id INT, token TEXT, created TEXT);\n"
            f"INSERT INTO api_tokens VALUES(1,1,'{apit}','2026-11-20');\n"
            f"CREATE TABLE schema_migrations(version TEXT, checksum TEXT);\nINSERT INTO schema_migrations VALUES('20261101_init','{mig}');\n")
    out = s.sh("sqlite3 app.db < db.sql && sqlite3 app.db .dump")
    write_case("sqlite-dump-password-hashes", "sqlite3 app.db .dump", out, [h1.split("$")[-1], h2.split("$")[-1], h3.split("$")[-1], apit],
               [mig, "dana@acme.dev", "'20261101_init'", "CREATE TABLE api_tokens"], G)

    # 6. docker inspect-shaped JSON (jq pretty-prints it): Env secrets, ids and digests that stay
    e1, e2, cid, img = "sk-ant-api03-" + b64u(93) + "AA", rnd(22), hexs(64), hexs(64)
    doc = [{"Id": cid, "Created": "2026-11-26T02:11:09.5Z", "Image": "sha256:" + img, "Name": "/api-1",
            "Config": {"Hostname": cid[:12], "Env": [f"ANTHROPIC_API_KEY={e1}", f"DATABASE_PASSWORD={e2}",
                                                     "PATH=/usr/local/bin:/usr/bin", "MAX_TOKENS=512"],
                       "Labels": {"org.opencontainers.image.revision": hexs(40), "com.docker.compose.service": "api"}}}]
    s.write("inspect.json", json.dumps(doc))
    out = s.sh("jq . inspect.json")
    rev = doc[0]["Config"]["Labels"]["org.opencontainers.image.revision"]
    write_case("docker-inspect-env-json", "docker inspect api-1", out, [e1, e2],
               [cid, img, rev, '"MAX_TOKENS=512"', '"com.docker.compose.service": "api"'], G)

    # 7. kubectl create secret tls --dry-run -o yaml: the key's base64 must go
    s.sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.crt -days 30 "
         "-subj /CN=api.acme.dev 2>/dev/null")
    out = s.sh("kubectl create secret tls api-tls --cert=tls.crt --key=tls.key --dry-run=client -o yaml")
    keyb64 = base64.b64encode((s.work / "tls.key").read_bytes()).decode()
    write_case("kubectl-create-secret-tls", "kubectl create secret tls api-tls --cert=tls.crt --key=tls.key "
               "--dry-run=client -o yaml", out, [keyb64], ["name: api-tls", "type: kubernetes.io/tls"], G)

    # 8. a Secret manifest with stringData rendered by PyYAML (yaml.safe_dump): plain values, one a JSON document
    k1, k2 = rnd(20), "sk-" + rnd(48)
    s.write("render.py", "import json, yaml\nprint(yaml.safe_dump({'apiVersion': 'v1', 'kind': 'Secret', 'metadata': "
            "{'name': 'app-env', 'namespace': 'web'}, 'type': 'Opaque', 'stringData': {'DB_PASSWORD': '" + k1 + "', "
            "'config.json': json.dumps({'openaiKey': '" + k2 + "', 'region': 'eu'})}}, sort_keys=False), end='')\n")
    out = s.sh(f"{VENV_PY} render.py")
    write_case("yaml-dump-stringdata-secret", "python scripts/render_manifests.py --only secret/app-env", out, [k1, k2],
               ["name: app-env", "namespace: web", "type: Opaque"], G)

    # 9. openssl: traditional RSA key, EC key with its parameters, encrypted PKCS#8, and a public key that stays
    out = s.sh("openssl genrsa -traditional 2048 2>/dev/null | tee rsa.pem; openssl ecparam -name prime256v1 -genkey; "
               "openssl pkcs8 -topk8 -in rsa.pem -v2 aes-256-cbc -passout pass:build2026; "
               "openssl ec -in tls.key -pubout 2>/dev/null")
    secrets = [pem_body(out, "RSA PRIVATE KEY"), pem_body(out, "EC PRIVATE KEY"), pem_body(out, "ENCRYPTED PRIVATE KEY")]
    write_case("openssl-pem-variants", "openssl genrsa -traditional 2048 | tee rsa.pem; openssl ecparam -name prime256v1 "
               "-genkey; openssl pkcs8 -topk8 -in rsa.pem -v2 aes-256-cbc; openssl ec -in tls.key -pubout", out, secrets,
               ["-----BEGIN PUBLIC KEY-----", "BggqhkjOPQMBBw==", "-----END EC PRIVATE KEY-----"], G)

    # 10. ssh-keygen RSA (OpenSSH format) + fingerprint and randomart
    out = s.sh("ssh-keygen -t rsa -b 2048 -N '' -C build@ci -f id_rsa && cat id_rsa")
    fp = re.search(r"SHA256:\S+", out).group(0)
    write_case("ssh-keygen-rsa-cat", "ssh-keygen -t rsa -b 2048 -N '' -C build@ci -f ~/.ssh/id_rsa && cat ~/.ssh/id_rsa",
               out, [pem_body(out, "OPENSSH PRIVATE KEY")], [fp, "build@ci", "+---[RSA 2048]----+"], G)

    # 11. gpg: generate, list, export the secret key armored
    genv = dict(s.env, GNUPGHOME=str(s.tmp / "gnupg"))
    (s.tmp / "gnupg").mkdir(mode=0o700)
    s.sh("gpg --batch --passphrase '' --quick-gen-key 'Release Bot <release@acme.dev>' ed25519 sign 1y", env=genv)
    out = s.sh("gpg -K --with-colons | grep ^fpr | head -1; gpg --batch --armor --export-secret-keys release@acme.dev", env=genv)
    fpr = out.split(":")[9]
    body = re.search(r"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n(.*?)\n=", out, re.S).group(1)
    write_case("gpg-export-secret-key", "gpg -K --with-colons | grep ^fpr | head -1; gpg --armor --export-secret-keys release@acme.dev",
               out, [body], [fpr, "-----BEGIN PGP PRIVATE KEY BLOCK-----"], G)

    # 12. ~/.m2/settings.xml and web.config: XML elements and attributes
    x1, x2, x3 = rnd(16), rnd(20), "SG." + b64u(22) + "." + b64u(43)
    (s.home / ".m2").mkdir()
    (s.home / ".m2" / "settings.xml").write_text(
        "<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>deploy</username>\n"
        f"      <password>{x1}</password>\n    </server>\n  </servers>\n</settings>\n")
    s.write("web.config", '<configuration>\n  <connectionStrings>\n    <add name="Default" connectionString="Server=sql01;'
            f'Database=Shop;User Id=shop_app;Password={x2};TrustServerCertificate=True" />\n  </connectionStrings>\n'
            f'  <appSettings>\n    <add key="SendGridApiKey" value="{x3}" />\n    <add key="Environment" value="Production" />\n'
            '  </appSettings>\n</configuration>\n')
    out = s.sh("cat ~/.m2/settings.xml web.config")
    write_case("cat-maven-settings-web-config", "cat ~/.m2/settings.xml web.config", out, [x1, x2, x3],
               ["<id>nexus-releases</id>", "<username>deploy</username>", "User Id=shop_app", 'value="Production"'], G)

    # 13. .envrc with exports (quoted, unquoted) next to ordinary exports
    n1, n2, n3 = "sk-proj-" + b64u(80), "hf_" + rnd(34, LOWER + UPPER), rnd(30)
    s.write(".envrc", f'export OPENAI_API_KEY="{n1}"\nexport HF_TOKEN={n2}\nexport AWS_PROFILE=dev\nexport SENTRY_AUTH_TOKEN=\'{n3}\'\n'
            "export TOKENIZERS_PARALLELISM=false\nexport PASSWORD_STORE_DIR=$HOME/.password-store\nlayout python3\n")
    out = s.sh("cat .envrc")
    write_case("cat-envrc-exports", "cat .envrc", out, [n1, n2, n3],
               ["AWS_PROFILE=dev", "TOKENIZERS_PARALLELISM=false", "PASSWORD_STORE_DIR=$HOME/.password-store"], G)

    # 14. prose: word passwords said in sentences, next to sentences that only talk about passwords
    w1, w2, w3 = (R.choice(ws) for ws in (["hunter", "pelican", "walrus"], ["swordfish", "clementine"], ["mangrove", "tamarind"]))
    s.write("ONBOARDING.md", f"# Staging access\n\nThe VPN is at vpn.acme.dev; the password is {w1} until Friday.\n"
            f"Grafana: user admin, password: {w2}\nThe shared wifi passphrase is {w3}.\n"
            "The production password is stored in Vault under kv/prod/db.\nForgot it? Use the password_reset_url from the welcome mail.\n"
            "Never paste a token into Slack.\n")
    out = s.sh("cat ONBOARDING.md")
    write_case("cat-onboarding-prose-passwords", "cat docs/ONBOARDING.md", out, [w1, w2, w3],
               ["vpn.acme.dev", "user admin", "password is stored in Vault under kv/prod/db", "password_reset_url",
                "Never paste a token into Slack"], G)

    # 15. cloud CLI credential output (aws sts assume-role JSON, ecr password, gcloud access token)
    asia, sak, st = "ASIA" + rnd(16, UPPER + "234567"), rnd(40, LOWER + UPPER + "0123456789+/"), "IQoJb3JpZ2luX2VjE" + b64u(500)
    ecr = base64.b64encode(json.dumps({"payload": b64u(900), "datakey": b64u(300), "version": "2", "type": "DATA_KEY",
                                       "expiration": 1795000000}).encode()).decode()
    ya = "ya29." + b64u(180)
    aro = "AROA" + rnd(17, UPPER + "234567")
    sts = json.dumps({"Credentials": {"AccessKeyId": asia, "SecretAccessKey": sak, "SessionToken": st,
                                      "Expiration": "2026-11-26T04:14:07+00:00"},
                      "AssumedRoleUser": {"AssumedRoleId": f"{aro}:ci", "Arn": "arn:aws:sts::111122223333:assumed-role/deploy/ci"}},
                     indent=4)
    out = f"$ aws sts assume-role --role-arn arn:aws:iam::111122223333:role/deploy --role-session-name ci\n{sts}\n" \
          f"$ aws ecr get-login-password --region eu-west-1\n{ecr}\n$ gcloud auth print-access-token\n{ya}\n"
    write_case("cloud-cli-credentials", "bash -c 'aws sts assume-role …; aws ecr get-login-password …; gcloud auth "
               "print-access-token' (transcript)", out, [asia, sak, st, ecr, ya],
               ['"Expiration": "2026-11-26T04:14:07+00:00"', "arn:aws:sts::111122223333:assumed-role/deploy/ci", aro], G)


if __name__ == "__main__":
    main()
