"""Redaction on our own varied samples (not the corpus): many token formats and contexts must be
masked; look-alikes (hashes, digests, UUIDs, public keys, counts) must survive untouched.

All secrets are generated here at random with the right prefix/length/charset, so none is real.
"""

from __future__ import annotations

import base64
import random
import string

import pytest

from terminus_edge.redact import redact

R = random.Random(20261125)
ALNUM = string.ascii_letters + string.digits


def rnd(n: int, chars: str = ALNUM) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def hexs(n: int) -> str:
    return rnd(n, "0123456789abcdef")


def b64(n: int) -> str:
    return rnd(n, ALNUM + "+/")


def b64url(n: int) -> str:
    return rnd(n, ALNUM + "-_")


def b64enc(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


def pem_body(lines: int = 8) -> str:
    return "\n".join(b64(64) for _ in range(lines)) + "\n" + b64(22) + "=="


def jwt() -> str:
    head = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').decode().rstrip("=")
    body = base64.urlsafe_b64encode(f'{{"sub":"{rnd(10)}","exp":1795000000}}'.encode()).decode().rstrip("=")
    return f"{head}.{body}.{b64url(43)}"


def _case(name, template, *secrets):
    return pytest.param(template.format(*secrets), secrets, id=name)


AWS_KEY, AWS_SECRET = "AKIA" + rnd(16, string.ascii_uppercase + "234567"), b64(40)
ASIA, SESSION = "ASIA" + rnd(16, string.ascii_uppercase + "234567"), "IQoJb3JpZ2luX2Vj" + b64(300)
RSA, EC, OPENSSH, PKCS8 = pem_body(), pem_body(3), pem_body(6), pem_body(10)

SECRET_CASES = [
    _case("aws-credentials-file", "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\n"
          "region = eu-west-1\n", AWS_KEY, AWS_SECRET),
    _case("aws-sts-json", '{{\n  "Credentials": {{\n    "AccessKeyId": "{}",\n    "SecretAccessKey": "{}",\n'
          '    "SessionToken": "{}",\n    "Expiration": "2026-11-25T15:00:00Z"\n  }}\n}}', ASIA, b64(40), SESSION),
    _case("aws-session-token-bare", "  aws_session_token    {}  shared-credentials-file", "FwoGZXIvYXdzE" + b64(200)),
    _case("gcp-service-account", '{{"type": "service_account", "private_key_id": "%s", "private_key": '
          '"-----BEGIN PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----\\n", "client_email": "ci@p.iam.gserviceaccount.com"}}'
          % hexs(40), b64(64) + "\\n" + b64(64)),
    _case("gcp-access-token-bare", "$ gcloud auth print-access-token\n{}\n", "ya29." + b64url(150)),
    _case("gcp-api-key-in-url", "GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key={} 200",
          "AIza" + b64url(35)),
    _case("gcp-oauth-client-secret", "client_secret: {}", "GOCSPX-" + b64url(28)),
    _case("azure-connection-string", "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;"
          "AccountName=acmeprod;AccountKey={}==;EndpointSuffix=core.windows.net", b64(86)),
    _case("azure-sas-url", "uploading to https://acme.blob.core.windows.net/c/f.tgz?sv=2022-11-02&ss=b&sp=rw"
          "&se=2026-12-01T00%3A00%3A00Z&spr=https&sig={}%3D done", rnd(30) + "%2B" + rnd(10)),
    _case("azure-client-secret", 'az ad sp create-for-rbac output: {{"appId": "4f1c9c1e-1b3a-4c6d-8e2f-9a0b1c2d3e4f", '
          '"password": "{}", "tenant": "t"}}', rnd(3) + "8Q~" + rnd(34, ALNUM + "_~.-")),
    _case("azure-client-secret-bare", "AZURE_CLIENT_ID=abc\nsecret value printed: {}\n", rnd(3) + "8Q~" + rnd(34, ALNUM + "_~.-")),
    _case("github-tokens", "gho={} ghs={} ghu={} ghr={}", "gho_" + rnd(36), "ghs_" + rnd(36), "ghu_" + rnd(36),
          "ghr_" + rnd(36)),
    _case("github-pat-in-error", "fatal: could not read from remote: token {} expired",
          "github_pat_" + rnd(22) + "_" + rnd(59)),
    _case("gitlab-clone-url", "Cloning into 'proj'...\nremote: https://oauth2:{}@gitlab.example.com/g/proj.git",
          "glpat-" + b64url(20)),
    _case("gitlab-runner-toml", '[[runners]]\n  name = "docker"\n  url = "https://gitlab.com/"\n  token = "{}"\n',
          "glrt-" + b64url(27)),
    _case("slack-user-token-traceback", "slack_sdk.errors.SlackApiError: invalid_auth (token={})",
          "xoxp-" + "-".join(rnd(12, string.digits) for _ in range(3)) + "-" + hexs(32)),
    _case("slack-webhook", "POST {} -> 200", "https://hooks.slack.com/services/T" + rnd(10) + "/B" + rnd(10) + "/" + rnd(24)),
    _case("openai-legacy", "openai.AuthenticationError: Incorrect API key provided: {}", "sk-" + rnd(20) + "T3BlbkFJ" + rnd(20)),
    _case("openai-svcacct", "OPENAI_KEY={}", "sk-svcacct-" + b64url(120)),
    _case("anthropic-in-json", '{{"x-api-key": "{}", "model": "claude"}}', "sk-ant-api03-" + b64url(93) + "AA"),
    _case("stripe-keys", "rk={} test={} hook={}", "rk_live_" + rnd(99), "sk_test_" + rnd(99), "whsec_" + rnd(32)),
    _case("npmrc-auth", "registry=https://registry.npmjs.org/\n_auth={}\nemail=dev@acme.dev", b64enc("dev:" + rnd(14))),
    _case("npm-token-bare", "npm notice Publishing with token {}", "npm_" + rnd(36)),
    _case("twine-flag", "+ twine upload -u __token__ -p {} dist/*", "pypi-AgEIcHlwaS5vcmc" + b64url(120)),
    _case("rsa-key", "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n", RSA),
    _case("ec-key-with-params", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
          "-----BEGIN EC PRIVATE KEY-----\n{}\n-----END EC PRIVATE KEY-----", EC),
    _case("openssh-key-ci-prefixed", "2026-11-24T09:14:01Z -----BEGIN OPENSSH PRIVATE KEY-----\n{}\n"
          "2026-11-24T09:14:01Z -----END OPENSSH PRIVATE KEY-----", OPENSSH),
    _case("encrypted-pem-headers", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
          "DEK-Info: AES-128-CBC,{}\n\n{}\n-----END RSA PRIVATE KEY-----", hexs(32).upper(), PKCS8),
    _case("pem-truncated-by-head", "$ head -4 key.pem\n-----BEGIN PRIVATE KEY-----\n{}\n", b64(64) + "\n" + b64(64)),
    _case("pgp-private-block", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{}\n-----END PGP PRIVATE KEY BLOCK-----",
          pem_body(4)),
    _case("kubeconfig-client-key-data", "users:\n- name: admin\n  user:\n    client-key-data: {}\n",
          b64enc("-----BEGIN RSA PRIVATE KEY-----\n" + b64(64) + "\n")),
    _case("k8s-sa-token", "users:\n- name: ci\n  user:\n    token: {}\n", jwt()),
    _case("jwt-bare-in-log", "auth ok id_token={} user=alice", jwt()),
    _case("jwt-in-json", '{{"access_token":"{}","token_type":"Bearer","expires_in":3600}}', jwt()),
    _case("mysql-url", "mysql://root:{}@10.0.0.5:3306/app", rnd(16)),
    _case("mongodb-srv", "MONGO_URI=mongodb+srv://app:{}@cluster0.ab1cd.mongodb.net/db?retryWrites=true", rnd(12) + "%40x"),
    _case("redis-empty-user", "connecting to redis://:{}@cache:6379/0", rnd(20)),
    # Unencoded `/` (and `@`, `?`) in a URL password: masked up to the last `@` before the host.
    _case("url-password-slash", "DATABASE_URL=postgres://app:{}@db.internal:5432/app?sslmode=require",
          rnd(6) + "/" + rnd(8)),
    _case("url-password-slash-and-at", "sqlalchemy.exc.OperationalError: (psycopg2) postgres://svc:{}@db:5432/x",
          rnd(4) + "@" + rnd(4) + "/" + rnd(5) + "@" + rnd(6)),
    _case("url-password-slash-query-later", "GET https://bot:{}@git.example.com/org/repo.git/info?u=a@b.co 200",
          rnd(7) + "/" + rnd(3) + "?" + rnd(6)),
    _case("url-password-slash-pip-ref", "Collecting pkg @ git+https://oauth2:{}@gitlab.com/org/pkg.git@v1.2",
          rnd(9) + "/" + rnd(9)),
    _case("amqp-with-at", "amqp://guest:{}@rabbit:5672/", "p@ss" + rnd(8)),
    _case("basic-header", "> Authorization: Basic {}\n> Accept: */*", b64enc("admin:" + rnd(12))),
    _case("proxy-authorization", "Proxy-Authorization: Basic {}", b64enc("proxyuser:" + rnd(10))),
    _case("token-scheme-header", "curl -H 'Authorization: token {}' https://api.github.com/user",
          "ghp_" + rnd(36)),
    _case("bearer-opaque", "request headers: Authorization=Bearer {}", rnd(40, ALNUM + "._-")),
    _case("private-token-header", "> PRIVATE-TOKEN: {}", b64url(20)),
    _case("cookie-header", "> Cookie: sessionid={}; csrftoken={}; theme=dark", rnd(32).lower(), rnd(64)),
    _case("set-cookie", "< Set-Cookie: __Host-session={}; Path=/; Secure; HttpOnly; SameSite=Lax", b64url(48)),
    _case("cookie-jar", "# Netscape HTTP Cookie File\n.example.com\tTRUE\t/\tTRUE\t1795000000\tsid\t{}\n", b64url(40)),
    _case("short-password-env", "MYSQL_ROOT_PASSWORD={}\nMYSQL_DATABASE=app", "root12"),
    _case("django-secret", "DJANGO_SECRET_KEY='django-insecure-{}'", rnd(50, ALNUM + "!@#%^&*(-_=+)")),
    _case("rails-secret-key-base", "SECRET_KEY_BASE={}", hexs(128)),
    _case("yaml-client-secret", "oauth:\n  client_id: web-app\n  client_secret: {}\n", rnd(40)),
    _case("json-camel-apikey", '{{"apiKey": "{}", "region": "us-east-1"}}', rnd(32)),
    _case("python-repr-password", "Config(user='svc', password='{}', host='db')", "Tr0ub4dor&3"),
    _case("yaml-password-with-spaces", "database:\n  password: {}\n  host: db", "correct horse battery staple"),
    _case("docker-run-env", "docker run -e POSTGRES_PASSWORD={} -p 5432:5432 postgres:16", rnd(18)),
    _case("cli-long-flags", "deploy --api-key={} --region eu --token {}", rnd(32), rnd(40)),
    _case("curl-user", "curl -u admin:{} https://ci.example.com/api", rnd(14)),
    _case("netrc", "machine api.heroku.com\n  login me@acme.dev\n  password {}\n"
          "machine git.heroku.com login me@acme.dev password {}", "0a1b2c3d-" + hexs(4) + "-4e5f-8a9b-" + hexs(12),
          "9f8e7d6c-" + hexs(4) + "-4b3a-9c8d-" + hexs(12)),
    _case("maven-settings-xml", "<server>\n  <id>central</id>\n  <username>deployer</username>\n"
          "  <password>{}</password>\n</server>", rnd(20)),
    _case("docker-config-auth", '{{"auths": {{"ghcr.io": {{"auth": "{}"}}}}}}', b64enc("bot:ghp_" + rnd(36))),
    _case("vault-token", "VAULT_TOKEN={}", "hvs." + b64url(90)),
    _case("hf-token", "huggingface-cli login --token {}", "hf_" + rnd(34)),
    _case("sendgrid", "sg key {}", "SG." + b64url(22) + "." + b64url(43)),
    _case("digitalocean", "doctl auth init -t {}", "dop_v1_" + hexs(64)),
    _case("docker-hub-pat", "echo {} | docker login -u me --password-stdin", "dckr_pat_" + b64url(27)),
    _case("databricks", "DATABRICKS_HOST=https://x.cloud.databricks.com\nDATABRICKS_TOKEN={}", "dapi" + hexs(32)),
    _case("shopify", "X-Shopify-Access-Token: {}", "shpat_" + hexs(32)),
    _case("age-key", "# created: 2026-11-25\n# public key: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq\n{}",
          "AGE-SECRET-KEY-1" + rnd(58, string.ascii_uppercase + string.digits)),
    _case("telegram-bot", "BOT_URL=https://api.telegram.org/bot{}/sendMessage", rnd(10, string.digits) + ":AA" + b64url(33)),
    _case("echoed-later", "DB_PASS={}\n...\n+ psql -h db -W {}\n", "Xk9#mQ2!vL7pZ4wR", "Xk9#mQ2!vL7pZ4wR"),
    _case("x-api-key-hex", "< x-api-key: {}", hexs(32)),
    _case("gha-env-block", "env:\n  NPM_TOKEN: {}\n  REGISTRY_PASSWORD: {}\n", "npm_" + rnd(36), rnd(24)),
    _case("signed-s3-url", "presigned: https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
          "&X-Amz-Credential={}%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token={}&X-Amz-Signature={}",
          AWS_KEY, b64url(120), hexs(64)),
    _case("dsn-in-sentry-style", "SENTRY_DSN=https://{}@o12345.ingest.sentry.io/678", hexs(32)),
    _case("password-colon-prompt-echo", "Password: {}", "Sup3r$ecret!"),
    _case("vault-kv-table", "====== Data ======\nKey         Value\n---         -----\napi_key     {}\npassword    {}\n"
          "username    svc", rnd(32), rnd(12)),
    _case("k8s-secret-any-key-names", "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\n"
          "data:\n  ca.crt: {}\n  namespace: ZGVmYXVsdA==\n  signing: {}\nmetadata:\n  name: ci-token",
          b64(120), b64(40)),
    _case("pgpass", "db.internal:5432:orders:svc_orders:{}\n*:*:*:replicator:{}", rnd(20), rnd(16)),
    _case("putty-key", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\n%s\n%s\n"
          "Private-Lines: 1\n{}\nPrivate-MAC: 0a1b" % (b64(64), b64(20)), b64(44)),
    _case("mysql-p-flag", "+ mysql -h db -uroot -p{} app < dump.sql", rnd(14)),
    _case("sshpass", "sshpass -p {} ssh deploy@host uptime", rnd(12)),
    _case("redis-cli-a", "redis-cli -h cache -a {} ping", rnd(24)),
    _case("shadow-hash", "deploy:{}:19700:0:99999:7:::", "$6$" + rnd(16) + "$" + rnd(86, ALNUM + "./")),
    _case("bcrypt-hash", "admin:{}", "$2y$10$" + rnd(53, ALNUM + "./")),
    _case("dockerconfigjson", "  .dockerconfigjson: {}", b64enc('{"auths":{"ghcr.io":{"auth":"' + b64(20) + '"}}}')),
    _case("phrase-api-key", "Using API key {} for project acme", rnd(32)),
    _case("phrase-token-is", "your new access token is {}.", rnd(40)),
    _case("js-object", "const cfg = {{ clientSecret: '{}', timeout: 30 }}", rnd(30)),
    _case("escaped-json", 'log: "{{\\"password\\":\\"{}\\",\\"user\\":\\"bob\\"}}"', rnd(14)),
    _case("http2-lowercase", "> authorization: bearer {}\n> x-goog-api-key: {}", rnd(40), "AIza" + b64url(35)),
    _case("jdbc-query", "jdbc:postgresql://db:5432/app?user=app&password={}&ssl=true", rnd(16)),
    _case("spring-properties", "spring.datasource.password={}\nspring.datasource.url=jdbc:h2:mem:x", rnd(14)),
    _case("git-credentials", "https://bot:{}@gitlab.example.com", rnd(24)),
    _case("git-extraheader", "http.https://github.com/.extraheader=AUTHORIZATION: basic {}", b64enc("x-access-token:ghs_" + rnd(36))),
    _case("python-kwargs", "boto3.client('s3', aws_access_key_id='{}', aws_secret_access_key='{}')", AWS_KEY, b64(40)),
    _case("vendor-key-generic", "PUSHER_KEY={}\nPUSHER_CLUSTER=eu", hexs(20)),
    _case("azure-devops-pat", "AZURE_DEVOPS_EXT_PAT={}", rnd(52, string.ascii_lowercase + "234567")),
    _case("german-passwort", "DB_PASSWORT={}", rnd(10)),
    _case("teams-webhook", "POST https://acme.webhook.office.com/webhookb2/0a1b2c3d-1111-4222-8333-444455556666@"
          "9f8e7d6c-1111-4222-8333-444455556666/IncomingWebhook/{}/{}", hexs(32),
          "-".join((hexs(8), hexs(4), hexs(4), hexs(4), hexs(12)))),
    _case("k8s-secret-json", '{{"apiVersion": "v1", "data": {{"config": "{}", "url": "{}"}}, "kind": "Secret"}}',
          b64(60), b64enc("https://" + rnd(20) + "@x")),
    _case("terraform-sensitive-output", '{{\n  "db_password": {{\n    "sensitive": true,\n    "type": "string",\n'
          '    "value": "{}"\n  }}\n}}', rnd(18)),
    _case("openssl-rsa-text", "publicExponent: 65537 (0x10001)\nprivateExponent:\n    {}\n    {}\nprime1:\n    {}\n",
          ":".join(hexs(2) for _ in range(15)), ":".join(hexs(2) for _ in range(15)), ":".join(hexs(2) for _ in range(15))),
    _case("rubygems-credentials", "---\n:rubygems_api_key: {}", "rubygems_" + hexs(48)),
    _case("cargo-credentials", '[registry]\ntoken = "{}"', "cio" + rnd(32)),
    _case("python-requests-debug", "send: b'GET / HTTP/1.1\\r\\nHost: api\\r\\nAuthorization: Bearer {}\\r\\n\\r\\n'", rnd(40)),
    _case("node-axios-error", "headers: {{ Authorization: 'Bearer {}', 'User-Agent': 'axios/1.6.0' }}", b64url(40)),
    _case("ngrok-config", "version: 2\nauthtoken: {}", rnd(27) + "_" + rnd(22)),
    _case("k8s-env-name-value", "      - env:\n        - name: DB_HOST\n          value: db.internal\n"
          "        - name: DB_PASSWORD\n          value: {}\n        - name: STRIPE_TOKEN\n          value: \"{}\"\n",
          rnd(14), rnd(32)),
    _case("azure-storage-keys", '[{{"keyName": "key1", "permissions": "FULL", "value": "{}=="}}]', b64(86)),
    _case("aws-ssm-parameter", '{{"Parameter": {{"Name": "/prod/db/password", "Type": "SecureString", "Value": "{}"}}}}',
          rnd(16)),
    _case("aws-tags", '{{"Tags": [{{"Key": "Name", "Value": "web-1"}}, {{"Key": "deploy_token", "Value": "{}"}}]}}', rnd(24)),
    _case("ansi-coloured-env", "\x1b[32mAWS_ACCESS_KEY_ID\x1b[0m=\x1b[1m{}\x1b[0m\n\x1b[33mDB_PASSWORD\x1b[0m: {}\x1b[0m",
          "AKIA" + rnd(16, string.ascii_uppercase + "234567"), rnd(14)),
    _case("wireguard", "[Interface]\nPrivateKey = {}\nAddress = 10.0.0.2/32", b64(43) + "="),
]


def _assert_masked(out: str, secret: str) -> None:
    assert secret not in out, out
    core = secret.replace("\\n", "").replace("\n", "")
    flat = out.replace("\\n", "").replace("\n", "")
    tail = core[-40:] if len(core) > 24 else core  # the random part (public prefixes may stay)
    for i in range(0, max(1, len(tail) - 11)):
        assert tail[i:i + 12] not in flat, (tail[i:i + 12], out)


@pytest.mark.parametrize("text, secrets", SECRET_CASES)
def test_secret_is_masked(text, secrets):
    out = redact(text)
    for secret in secrets:
        _assert_masked(out, secret)
    assert "[REDACTED:" in out


def test_armour_and_neighbours_survive():
    text = SECRET_CASES[0].values[0] + "\n" + f"-----BEGIN RSA PRIVATE KEY-----\n{RSA}\n-----END RSA PRIVATE KEY-----"
    out = redact(text)
    for kept in ("[default]", "region = eu-west-1", "aws_secret_access_key = ",
                 "-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY-----"):
        assert kept in out, out


@pytest.mark.parametrize("text, kept", [
    ("postgres://ledger_app:{}@db.internal:5432/ledger".format(rnd(12)), ["postgres://ledger_app:", "@db.internal:5432/ledger"]),
    ("AZURE=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={}==;EndpointSuffix=core.windows.net".format(b64(86)),
     ["AccountName=acmeprod", "EndpointSuffix=core.windows.net"]),
    ("> Cookie: sessionid={}; theme=dark".format(rnd(32)), ["sessionid=", "theme=dark"]),
    ("> Authorization: Bearer {}".format(jwt()), ["> Authorization: Bearer [REDACTED:"]),
    ("curl -u admin:{} https://ci.example.com".format(rnd(12)), ["-u admin:", "https://ci.example.com"]),
    ("sig={}&se=2026".format(rnd(30)), ["se=2026"]),
    ("postgres://app:{}/{}@db.internal:5432/app".format(rnd(6), rnd(6)), ["postgres://app:[REDACTED:url-password]@db.internal:5432/app"]),
])
def test_context_around_the_secret_survives(text, kept):
    out = redact(text)
    for piece in kept:
        assert piece in out, out


SHA1, SHA256, SHA512, MD5 = hexs(40), hexs(64), hexs(128), hexs(32)
LOOKALIKES = [
    f"commit {SHA1}\nAuthor: Dev <dev@acme.dev>\nMerge: {SHA1[:7]} {hexs(7)}\n\n    Fix token refresh (#42)",
    f"{SHA256}  dist/app-1.0.tar.gz\n{SHA512}  dist/app-1.0.whl\n{MD5}  README.md",
    f"--hash=sha256:{SHA256} \\\n    --hash=sha256:{hexs(64)}",
    f'{{file = "pkg-1.0-py3-none-any.whl", hash = "sha256:{SHA256}"}}',
    f'"integrity": "sha512-{b64(86)}=="',
    f"ghcr.io/acme/api@sha256:{SHA256}\nDigest: sha256:{hexs(64)}\nStatus: Downloaded newer image",
    f"{hexs(12)}: Pull complete\n{hexs(12)}: Already exists",
    f"request_id=3f2b8c1e-9d4a-4e7b-a6c5-1b2d3e4f5a61 trace-id: {hexs(32)} span {hexs(16)}",
    f"BuildID[sha1]={SHA1}, for GNU/Linux 3.2.0, not stripped",
    f"github.com/pkg/errors v0.9.1 h1:{b64(43)}=",
    f'checksum = "{SHA256}"',
    f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{b64(43)} dev@laptop",
    f"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{b64(300)} deploy@ci",
    f"-----BEGIN PUBLIC KEY-----\n{pem_body(4)}\n-----END PUBLIC KEY-----",
    f"-----BEGIN CERTIFICATE-----\n{pem_body(6)}\n-----END CERTIFICATE-----",
    f"client-certificate-data: {b64enc('-----BEGIN CERTIFICATE-----' + chr(10) + b64(64))}",
    f"E       assert 'eJwLyUhVKCzN...' == '{b64(88)}=='",
    "token_count=512 max_tokens: 1024 tokens/s: 42.1 Tokenizer: BPE",
    "tests/test_auth.py::test_password_reset PASSED\nFAILED tests/test_token.py::test_refresh - KeyError: 'token'",
    "psql: error: FATAL:  password authentication failed for user \"svc_orders\"",
    "KEY_LENGTH=32\nPASSWORD_MIN_LENGTH=12\nSECRET_NAME=prod/db\nJWT_TTL_SECONDS=3600\nTOKEN_URL=https://auth.acme.dev/token",
    "echo \"$CI_REGISTRY_PASSWORD\" | docker login -u bot --password-stdin registry.gitlab.com",
    "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\nNPM_TOKEN: $NPM_TOKEN\npassword: ********",
    "aws_access_key_id     ****************WXYZ shared-credentials-file",
    "arn:aws:iam::123456789012:role/deploy  RequestId: 6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    "<uploader.client.UploadClient object at 0x7f24acfde790>",
    "sort_key=created_at primary key (id) cache key: Linux-node-" + hexs(64),
    "Enter your API key: \nauth: ok\nsession: started",
    "HOME=/home/maria\nPWD=/home/maria/src/app\nOLDPWD=/home/maria",
    "PASSED [ 25%]\n4 passed, 1 skipped in 0.52s",
    "sk-learn-pipeline sk-lint-config task-runner-ext",
    "pk_live_" + rnd(24) + " (publishable key, public by design)",
    "Refactor SecretStore interface; rotate token cache; don't log API_KEY",
    "instance i-0abc1234def567890 in subnet-0123456789abcdef0 vpc-0a1b2c3d4e5f67890",
    "NAME                  TYPE                                  DATA   AGE\ndefault-token-x7k2p   kubernetes.io/service-account-token   3      10d",
    f"256 SHA256:{b64(43)} dev@laptop (ED25519)",
    f"pub   rsa4096 2024-01-01 [SC]\n      {hexs(40).upper()}\nuid           [ultimate] Dev <dev@acme.dev>",
    f"Change-Id: I{hexs(40)}\nSigned-off-by: Dev <dev@acme.dev>",
    "secret_scanning: enabled\npassword_auth: disabled\ntoken: null",
    f"IMAGE ID       CREATED\n{hexs(12)}   2 days ago",
    "keyring backend: SecretService; max_tokens=4096; tokenizer=cl100k_base",
    "SORT_KEY=createdAt\nRECAPTCHA_SITE_KEY=6LcA1b2C3d4E5f6G7h8I9j0K\nKMS_KEY=arn:aws:kms:us-east-1:123456789012:key/ab12",
    "PATH=/usr/local/bin:/usr/bin\nPATTERN=*.py\nPYTHONPATH=/srv/app/src",
    '      - name: LOG_LEVEL\n        value: debug\n      - name: DB_HOST\n        value: db.internal:5432',
    '{"Tags": [{"Key": "Name", "Value": "web-1"}, {"Key": "team", "Value": "payments"}]}',
    "Fetching arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
    "      DB_PASSWORD:  <set to the key 'password' in secret 'db-creds'>  Optional: false",
    '{"endpoint": {"sensitive": false, "type": "string", "value": "db.internal:5432"}}',
    "modulus:\n    00:c1:d2:e3:f4\npublicExponent: 65537 (0x10001)",
    "user.signingkey=4AEE18F83AFDEB23\ncredential.helper=store",
    '{"token_type": "Bearer", "expires_in": 3600, "scope": "repo read:org"}',
    "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
    # `@` after a host and port, in paths and refs: no userinfo, nothing to mask
    "GET https://registry.npmjs.org:443/@babel%2fcore 200\nhttp://localhost:3000/users/@alice",
    "go: downloading https://proxy.golang.org:443/github.com/x/y/@v/list",
    f"docker://localhost:5000/app@sha256:{SHA256}\nhttp://[::1]:8080/x@y",
    "git+https://github.com/org/repo.git@v1.2 ssh://git@github.com:22/org/repo@main",
]


@pytest.mark.parametrize("text", LOOKALIKES, ids=[f"lookalike-{i}" for i in range(len(LOOKALIKES))])
def test_lookalike_survives(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, secrets", SECRET_CASES)
def test_streaming_line_by_line_masks_the_same_secrets(text, secrets):
    from terminus_edge.redact import redact_lines

    out = "".join(redact_lines(text.splitlines(keepends=True)))
    for secret in secrets:
        _assert_masked(out, secret)


@pytest.mark.parametrize("text", LOOKALIKES, ids=[f"stream-lookalike-{i}" for i in range(len(LOOKALIKES))])
def test_streaming_keeps_lookalikes(text):
    from terminus_edge.redact import redact_lines

    assert "".join(redact_lines(text.splitlines(keepends=True))) == text
