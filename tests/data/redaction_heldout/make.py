"""Writes the held-out redaction cases (session 4): <id>/{command.txt,output.txt,meta.json}, the same layout
as ../shared/redaction/dev, but other tools and formats. Every secret is random (seeded), none is real.
Run: python tests/data/redaction_heldout/make.py  (rewrites the case folders beside this file)."""

from __future__ import annotations

import base64
import json
import random
import re
import string
from pathlib import Path

R = random.Random(4_2026_11_25)
ALNUM = string.ascii_letters + string.digits
HERE = Path(__file__).parent


def rnd(n, chars=ALNUM):
    return "".join(R.choice(chars) for _ in range(n))


def hexs(n):
    return rnd(n, "0123456789abcdef")


def b64u(n):
    return rnd(n, ALNUM + "-_")


def uuid():
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def jwt():
    head = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').decode().rstrip("=")
    body = json.dumps({"sub": rnd(12), "tid": uuid(), "iat": R.randint(1.7e9, 1.8e9), "nonce": rnd(40)})
    payload = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
    return f"{head}.{payload}.{b64u(86)}"


CASES = []


def case(cid, command, output, secrets, keep):
    for s in secrets:
        assert s in output, (cid, s)
    for k in keep:
        assert re.search(re.escape(k), output), (cid, k)
    CASES.append((cid, command, output, secrets, keep))


# 1. docker inspect: env list of a container, vendor names
stripe, sendgrid, twilio, pg = "rk_live_" + rnd(24), f"SG.{b64u(22)}.{b64u(43)}", hexs(32), rnd(20)
img = hexs(64)
case("docker-inspect-env", "docker inspect --format '{{json .Config}}' billing-worker | jq .", f'''{{
  "Hostname": "3f9c2a1b7d4e",
  "User": "app",
  "Env": [
    "STRIPE_KEY={stripe}",
    "SENDGRID_API_KEY={sendgrid}",
    "TWILIO_AUTH_TOKEN={twilio}",
    "POSTGRES_PASSWORD={pg}",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG=C.UTF-8",
    "PYTHON_VERSION=3.12.4",
    "MAX_TOKENS=256"
  ],
  "Cmd": ["celery", "-A", "billing", "worker"],
  "Image": "sha256:{img}",
  "Labels": {{"org.opencontainers.image.revision": "{hexs(40)}"}}
}}
''', [stripe, sendgrid, twilio, pg], ["sha256:" + img, "PYTHON_VERSION=3.12.4", "MAX_TOKENS=256", "celery"])

# 2. logfmt service log: secrets mid-line, counts and ids stay
pw1, key1, rid = "Trombone" + str(R.randint(10, 99)) + "x", "kp" + rnd(18), uuid()
case("logfmt-service-log", "journalctl -u authsvc --since today -o cat | tail -n 6", f'''ts=2026-11-25T09:14:02Z level=info msg="starting" version=2.4.1 listen=:8080
ts=2026-11-25T09:14:07Z level=debug msg="login attempt" user=bob password={pw1} request_id={rid}
ts=2026-11-25T09:14:07Z level=info msg="login ok" user=bob duration_ms=41 token_count=12
ts=2026-11-25T09:14:09Z level=debug msg="outbound call" svc=geo api_key={key1} status=200
ts=2026-11-25T09:14:11Z level=info msg="password reset requested" user=alice
ts=2026-11-25T09:14:12Z level=warn msg="rate limited" user=alice retry_after=30
''', [pw1, key1], ["request_id=" + rid, "token_count=12", "password reset requested", "user=bob", "status=200"])

# 3. JSON structured log (pino/zap style): word-shaped value under apiKey, JWT
ak, tok = "ProdServiceKey", jwt()
case("json-structured-log", "kubectl logs deploy/gateway --tail=4", f'''{{"level":"debug","ts":1764062052.1,"msg":"client init","apiKey":"{ak}","region":"eu-west-1","max_tokens":256}}
{{"level":"info","ts":1764062052.4,"msg":"request","path":"/v1/orders","trace_id":"{hexs(32)}","status":200}}
{{"level":"debug","ts":1764062052.5,"msg":"verified","jwt":"{tok}","sub":"user-1842"}}
{{"level":"info","ts":1764062053.0,"msg":"token usage","prompt_tokens":812,"completion_tokens":256}}
''', [ak, tok], ['"max_tokens":256', '"prompt_tokens":812', '"region":"eu-west-1"', '"sub":"user-1842"'])

# 4. JDBC / psql connection strings in a Spring Boot startup log
jpw, spw, mpw = rnd(14), "Str0ng" + rnd(6) + "!", rnd(16)
case("spring-jdbc-startup", "./gradlew bootRun", f'''  .   ____          _            __ _ _
 :: Spring Boot ::                (v3.3.2)
2026-11-25 09:20:01 INFO  HikariDataSource - HikariPool-1 - Starting...
2026-11-25 09:20:01 DEBUG DataSourceConfig - url=jdbc:postgresql://db.internal:5432/orders?user=orders_app&password={jpw}&sslmode=require
2026-11-25 09:20:01 DEBUG DataSourceConfig - reporting url=jdbc:sqlserver://mssql01:1433;databaseName=reports;user=sa;password={spw};encrypt=true
2026-11-25 09:20:02 DEBUG CacheConfig - mongo uri=mongodb://cache_user:{mpw}@mongo-0.mongo:27017/cache?authSource=admin
2026-11-25 09:20:02 INFO  HikariDataSource - HikariPool-1 - Start completed.
2026-11-25 09:20:03 INFO  TomcatWebServer - Tomcat started on port 8080 (http) with context path '/'
''', [jpw, spw, mpw], ["db.internal:5432/orders", "databaseName=reports", "Tomcat started on port 8080", "user=orders_app"])

# 5. schemeless userinfo with short/trivial passwords
case("redis-cli-admin-localhost", "python scripts/check_services.py", '''checking postgres at app:app@localhost:5432/appdb ... ok
checking rabbitmq at admin:admin@localhost:5672 ... ok
checking redis at default:Passw0rd@127.0.0.1:6379 ... ok
checking smtp at mail.example.org:587 ... ok
all 4 services reachable
''', ["Passw0rd"], ["localhost:5432/appdb", "localhost:5672", "127.0.0.1:6379", "all 4 services reachable"])

# 6. auth constructor calls in a traceback
bpw, dpw = "deploy-" + rnd(10), rnd(12)
case("traceback-auth-ctor", "python sync.py", f'''Traceback (most recent call last):
  File "/srv/sync/sync.py", line 41, in <module>
    resp = requests.get(url, auth=HTTPBasicAuth("deploy", "{bpw}"), timeout=10)
  File "/srv/sync/sync.py", line 57, in fetch_report
    r = session.get(REPORT_URL, auth=HTTPDigestAuth('reports', '{dpw}'))
requests.exceptions.ConnectionError: HTTPSConnectionPool(host='reports.internal', port=443): Max retries exceeded
''', [bpw, dpw], ["reports.internal", "Max retries exceeded", 'line 41', '"deploy"'])

# 7. helm get values: secret references stay, literal values go
root = rnd(18)
case("helm-get-values", "helm get values pg -n data", f'''USER-SUPPLIED VALUES:
auth:
  existingSecret: my-secret
  secretKeys:
    adminPasswordKey: admin-password
    userPasswordKey: user-password
  postgresPassword: {root}
  username: app
primary:
  persistence:
    size: 20Gi
tls:
  certificatesSecret: pg-tls
  secretName: db-creds
''', [root], ["existingSecret: my-secret", "adminPasswordKey: admin-password", "userPasswordKey: user-password",
              "secretName: db-creds", "certificatesSecret: pg-tls", "size: 20Gi"])

# 8. gcloud ADC file: client_secret and refresh_token go, client_id stays
cs, rt = "GOCSPX-" + b64u(28), "1//0g" + b64u(98)
cid = f"{R.randint(10**11, 10**12 - 1)}-{rnd(32, string.ascii_lowercase + string.digits)}.apps.googleusercontent.com"
case("gcloud-adc-json", "cat ~/.config/gcloud/application_default_credentials.json", f'''{{
  "account": "",
  "client_id": "{cid}",
  "client_secret": "{cs}",
  "quota_project_id": "acme-analytics-prod",
  "refresh_token": "{rt}",
  "type": "authorized_user",
  "universe_domain": "googleapis.com"
}}
''', [cs, rt], [cid, "acme-analytics-prod", "authorized_user"])

# 9. azure access token JSON
at, sub, ten = jwt(), uuid(), uuid()
case("az-get-access-token", "az account get-access-token --resource https://management.azure.com", f'''{{
  "accessToken": "{at}",
  "expiresOn": "2026-11-25 10:41:07.000000",
  "expires_on": 1764067267,
  "subscription": "{sub}",
  "tenant": "{ten}",
  "tokenType": "Bearer"
}}
''', [at], [sub, ten, '"tokenType": "Bearer"', "1764067267"])

# 10. git credentials store and remote with tokens
glp, ghp = "glpat-" + b64u(20), "github_pat_" + rnd(22) + "_" + rnd(59)
case("git-credentials-store", "cat ~/.git-credentials && git config --global --list", f'''https://oauth2:{glp}@gitlab.example.com
https://ci-bot:{ghp}@github.com
user.name=Ann Lee
user.email=ann.lee@example.com
credential.helper=store
init.defaultbranch=main
''', [glp, ghp], ["gitlab.example.com", "ci-bot", "credential.helper=store", "ann.lee@example.com"])

# 11. rclone config show: indented-free INI but word values, token JSON
rak, rsk, rya = "AKIA" + rnd(16, string.ascii_uppercase + string.digits), rnd(40, ALNUM + "/+"), "ya29." + b64u(120)
case("rclone-config-show", "rclone config show", f'''[s3-backup]
type = s3
provider = AWS
access_key_id = {rak}
secret_access_key = {rsk}
region = eu-central-1

[gdrive]
type = drive
scope = drive
token = {{"access_token":"{rya}","token_type":"Bearer","expiry":"2026-11-25T10:55:12.0+01:00"}}
''', [rak, rsk, rya], ["region = eu-central-1", "provider = AWS", "scope = drive", '"token_type":"Bearer"'])

# 12. shell history with vendor exports and tool passwords
hs, ht, hm = "sk_live_" + rnd(24), rnd(34), "R00t" + rnd(8)
case("bash-history", "tail -n 8 ~/.bash_history", f'''cd ~/src/billing
export STRIPE_KEY={hs}
export HEROKU_API_KEY={uuid()}
TWILIO_AUTH_TOKEN={ht} python send_sms.py --to +15550100
mysql -uroot -p{hm} -h 127.0.0.1 billing < dump.sql
git log --oneline -5
python -c "import tiktoken; print(len(enc.encode(s)))"
history | grep token_count
''', [hs, ht, hm], ["send_sms.py --to +15550100", "git log --oneline -5", "history | grep token_count"])

# 13. indented token = word in a TOML/INI-ish config
itok, ipw = "zanzibarquokka" + rnd(4, string.ascii_lowercase), "c" + rnd(15)
case("poetry-auth-toml", "cat ~/.config/pypoetry/auth.toml", f'''[http-basic]
  [http-basic.internal]
    username = "build"
    password = "{ipw}"
  [pypi-token]
    internal = "pypi-{b64u(60)}"
[repositories.custom]
    token = {itok}
    url = "https://pypi.internal.example/simple/"
''', [itok, ipw], ["username = \"build\"", "https://pypi.internal.example/simple/"])

# 14. curl -v with Basic auth and a private key printed by a deploy script
basic = base64.b64encode(f"svc-deploy:{rnd(16)}".encode()).decode()
ec_body = "\n".join(rnd(64, ALNUM + "+/") for _ in range(2)) + "\n" + rnd(24, ALNUM + "+/") + "=="
case("httpie-basic-and-ec-key", "http -v POST https://deploy.internal/api/release tag=v1.8.0 && cat deploy/signing.pem",
     f'''POST /api/release HTTP/1.1
Accept: application/json, */*;q=0.5
Authorization: Basic {basic}
Content-Type: application/json
Host: deploy.internal
User-Agent: HTTPie/3.2.2

{{"tag": "v1.8.0"}}

HTTP/1.1 201 Created
Content-Type: application/json
X-Request-Id: {uuid()}

{{"release": 1842, "status": "queued"}}

-----BEGIN EC PRIVATE KEY-----
{ec_body}
-----END EC PRIVATE KEY-----
''', [basic, ec_body], ["HTTP/1.1 201 Created", '"release": 1842', "User-Agent: HTTPie/3.2.2", "BEGIN EC PRIVATE KEY"])

# 15. slack/gitlab tokens in a CI job's env dump
xb, gl = "xoxb-" + f"{R.randint(10**11, 10**12)}-{R.randint(10**12, 10**13)}-{rnd(24)}", "glpat-" + b64u(20)
case("ci-env-dump", "env | grep -E 'SLACK|GITLAB|CI_' | sort", f'''CI_COMMIT_SHA={hexs(40)}
CI_JOB_ID=884213
CI_PIPELINE_SOURCE=push
GITLAB_USER_LOGIN=ann.lee
GITLAB_API_TOKEN={gl}
SLACK_BOT_TOKEN={xb}
SLACK_CHANNEL=#deploys
''', [xb, gl], ["CI_JOB_ID=884213", "CI_PIPELINE_SOURCE=push", "SLACK_CHANNEL=#deploys", "GITLAB_USER_LOGIN=ann.lee"])

# --- negatives: look-alikes that must survive ---
sha_a, sha_b, d1 = hexs(40), hexs(40), hexs(64)
case("neg-k8s-pod-secret-refs", "kubectl get pod api-7d9f -o yaml | sed -n '20,44p'", f'''    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          key: password
          name: db-creds
    - name: MAX_TOKENS
      value: "256"
    - name: TOKEN_COUNT_LIMIT
      value: "4096"
    image: registry.example.com/api@sha256:{d1}
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-x7k2p
  volumes:
  - name: tls
    secret:
      secretName: api-tls
  - name: kube-api-access-x7k2p
    projected:
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
''', [], ["key: password", "name: db-creds", 'value: "256"', 'value: "4096"', d1, "secretName: api-tls",
          "expirationSeconds: 3607", "path: token", "kube-api-access-x7k2p"])

case("neg-llm-config-log", "python -m evals.run --config configs/small.yaml", f'''loaded config configs/small.yaml
  model: smollm2-135m
  max_tokens: 256
  temperature: 0.2
  tokenizer: HuggingFaceTB/SmolLM2-135M-Instruct
  api_key_env: OPENAI_API_KEY
  auth: none
run {uuid()} started
[eval] sample 1/40 token_count=12 prompt_tokens=812 cached=True
[eval] password reset flow: 3/3 checks passed
[eval] secret scanning rule set v2 loaded (41 rules)
done in 18.2s
''', [], ["max_tokens: 256", "token_count=12", "prompt_tokens=812", "password reset flow", "api_key_env: OPENAI_API_KEY",
          "SmolLM2-135M-Instruct", "41 rules"])

png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(R.randrange(256) for _ in range(90))).decode()
case("neg-html-data-uri", "grep -o 'src=\"data:[^\"]*\"' dist/index.html | head -2 && git log -2 --format='%H %s'",
     f'''src="data:image/png;base64,{png}"
src="data:image/svg+xml;base64,{base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>').decode()}"
{sha_a} build: inline icons
{sha_b} fix: token refresh race (#412)
''', [], [png, sha_a, sha_b, "fix: token refresh race"])

eid, etag = uuid(), hexs(32)
case("neg-terraform-plan", "terraform plan -no-color | tail -n 14", f'''  # aws_db_instance.main will be updated in-place
  ~ resource "aws_db_instance" "main" {{
        id                    = "db-{rnd(26, string.ascii_uppercase + string.digits)}"
      ~ instance_class        = "db.t3.medium" -> "db.t3.large"
        password              = (sensitive value)
        tags                  = {{
            "owner" = "data-team"
        }}
        # (41 unchanged attributes hidden)
    }}
  # aws_s3_object.bundle will be updated in-place
  ~ resource "aws_s3_object" "bundle" {{
      ~ etag = "{etag}" -> (known after apply)
        id   = "{eid}"
    }}
Plan: 0 to add, 2 to change, 0 to destroy.
''', [], ["password              = (sensitive value)", etag, eid, "Plan: 0 to add, 2 to change, 0 to destroy.",
          '"db.t3.medium" -> "db.t3.large"'])

case("neg-gh-secret-list", "gh secret list && gh auth status", '''NAME                  UPDATED
AWS_SECRET_ACCESS_KEY  about 2 months ago
NPM_TOKEN             about 1 year ago
SLACK_WEBHOOK_URL     about 3 days ago
github.com
  ✓ Logged in to github.com account ann-lee (keyring)
  - Active account: true
  - Git operations protocol: https
  - Token: gho_************************************
  - Token scopes: 'gist', 'read:org', 'repo', 'workflow'
''', [], ["AWS_SECRET_ACCESS_KEY  about 2 months ago", "NPM_TOKEN", "Token scopes: 'gist'", "account ann-lee"])

ids = [hexs(12) for _ in range(3)]
case("neg-docker-ps-images", "docker images --digests | head -4 && docker ps --format '{{.ID}} {{.Names}}'", f'''REPOSITORY        TAG       DIGEST                                                                    IMAGE ID       CREATED       SIZE
api               1.8.0     sha256:{d1}   {ids[0]}   2 days ago    182MB
redis             7.2       sha256:{hexs(64)}   {ids[1]}   3 weeks ago   117MB
{ids[2]} api-1
{hexs(12)} redis-1
''', [], [d1, ids[0], ids[1], ids[2], "182MB"])

# --- second batch: more tools and formats ---
kpw = base64.b64encode(rnd(16).encode()).decode()
case("kubectl-jsonpath-data", "kubectl get secret pg-app -n data -o jsonpath='{.data}'",
     f'''{{"password":"{kpw}","username":"YXBw"}}
''', [kpw], ['"password":"', '"username":"'])

tft = rnd(32, string.ascii_lowercase + string.digits)
vpc = "vpc-" + hexs(17)
case("terraform-output-plain", "terraform output", f'''api_gateway_url = "https://k2j4h5.execute-api.eu-west-1.amazonaws.com/prod"
db_endpoint = "orders.cluster-c9akciq32xyz.eu-west-1.rds.amazonaws.com:5432"
db_password = <sensitive>
deploy_token = "{tft}"
vpc_id = "{vpc}"
''', [tft], ["db_password = <sensitive>", vpc, "eu-west-1.rds.amazonaws.com:5432", "execute-api.eu-west-1"])

pgp, pgx = "Zebra-" + str(R.randint(10, 99)) + "-Quill" + rnd(3), rnd(18)
case("psql-conninfo-xtrace", "bash -x scripts/db_check.sh", f'''+ export PGPASSWORD={pgx}
+ PGPASSWORD={pgx}
+ psql "host=db.internal port=5432 dbname=orders user=report password={pgp} sslmode=require" -c 'select count(*) from orders'
 count
-------
 48213
(1 row)

+ echo 'db ok'
db ok
''', [pgx, pgp], ["host=db.internal port=5432 dbname=orders user=report", "48213", "(1 row)", "db ok"])

aki, aks = "AKIA" + rnd(16, string.ascii_uppercase + string.digits), rnd(40, ALNUM + "/+")
ast = "IQoJb3JpZ2luX2Vj" + rnd(300, ALNUM + "/+")
case("aws-credentials-and-config", "cat ~/.aws/credentials ~/.aws/config", f'''[default]
aws_access_key_id = {aki}
aws_secret_access_key = {aks}

[ci]
aws_access_key_id = ASIA{rnd(16, string.ascii_uppercase + string.digits)}
aws_secret_access_key = {rnd(40, ALNUM + "/+")}
aws_session_token = {ast}
[default]
region = eu-west-1
output = json
[profile ops]
sso_start_url = https://acme.awsapps.com/start
role_arn = arn:aws:iam::123456789012:role/OpsAdmin
''', [aki, aks, ast], ["region = eu-west-1", "arn:aws:iam::123456789012:role/OpsAdmin", "https://acme.awsapps.com/start"])

idt = jwt()
case("jwt-in-text-log", "tail -n 3 /var/log/app/oidc.log", f'''2026-11-25 10:00:01,221 DEBUG oidc.client: token endpoint answered 200 in 84ms
2026-11-25 10:00:01,223 DEBUG oidc.client: got id_token {idt} for sub=ann.lee
2026-11-25 10:00:01,230 INFO  oidc.client: session established for ann.lee (expires in 3600s)
''', [idt], ["token endpoint answered 200 in 84ms", "sub=ann.lee", "expires in 3600s"])

ossh = "\n".join(rnd(70, ALNUM + "+/") for _ in range(4)) + "\n" + rnd(20, ALNUM + "+/") + "=="
pubk = "AAAAC3NzaC1lZDI1NTE5AAAA" + rnd(44, ALNUM + "+/")
case("openssh-ed25519-key", "cat ~/.ssh/deploy_ed25519 ~/.ssh/deploy_ed25519.pub", f'''-----BEGIN OPENSSH PRIVATE KEY-----
{ossh}
-----END OPENSSH PRIVATE KEY-----
ssh-ed25519 {pubk} deploy@ci
''', [ossh], [pubk, "deploy@ci", "BEGIN OPENSSH PRIVATE KEY"])

azk = rnd(86, ALNUM + "+/") + "=="
case("az-storage-connection-string", "az storage account show-connection-string -n acmelogs -g rg-logs", f'''{{
  "connectionString": "DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName=acmelogs;AccountKey={azk};BlobEndpoint=https://acmelogs.blob.core.windows.net/"
}}
''', [azk], ["AccountName=acmelogs", "EndpointSuffix=core.windows.net", "https://acmelogs.blob.core.windows.net/"])

dauth = base64.b64encode(f"ann-lee:ghp_{rnd(36)}".encode()).decode()
case("docker-config-json", "cat ~/.docker/config.json", f'''{{
  "auths": {{
    "ghcr.io": {{
      "auth": "{dauth}"
    }},
    "registry.example.com:5000": {{}}
  }},
  "credsStore": "desktop",
  "currentContext": "default"
}}
''', [dauth], ['"credsStore": "desktop"', "registry.example.com:5000", '"currentContext": "default"'])

pypt = "pypi-" + b64u(70)
case("pip-config-list", "pip config list", f'''global.index-url='https://__token__:{pypt}@pypi.internal.example/simple'
global.timeout='60'
install.trusted-host='pypi.internal.example'
''', [pypt], ["global.timeout='60'", "install.trusted-host='pypi.internal.example'", "@pypi.internal.example/simple"])

case("neg-pytest-auth-names", "pytest tests/test_auth.py -q -rA", '''..............                                                           [100%]
PASSED tests/test_auth.py::test_password_reset_token_expires
PASSED tests/test_auth.py::test_secret_rotation_schedule
PASSED tests/test_auth.py::test_api_key_header_is_required
PASSED tests/test_tokenizer.py::test_token_count[max_tokens=256]
14 passed in 0.42s
''', [], ["test_password_reset_token_expires", "test_secret_rotation_schedule", "test_token_count[max_tokens=256]",
          "14 passed in 0.42s"])

fp, ser = "SHA256:" + rnd(43, ALNUM + "+/"), hexs(32).upper()
case("neg-cert-and-fingerprints",
     "openssl x509 -in tls.crt -noout -serial -subject -fingerprint -sha256 && ssh-keygen -lf ~/.ssh/id_ed25519.pub",
     f'''serial={ser}
subject=CN = api.example.com, O = Acme Ltd
sha256 Fingerprint={":".join(hexs(2) for _ in range(32)).upper()}
256 {fp} ann@laptop (ED25519)
''', [], [ser, "CN = api.example.com", fp])

rev = hexs(40)
case("neg-go-version-m", "go version -m ./bin/api | tail -n 6", f'''\tbuild\t-trimpath=true
\tbuild\tCGO_ENABLED=0
\tbuild\tGOARCH=amd64
\tbuild\tvcs=git
\tbuild\tvcs.revision={rev}
\tbuild\tvcs.time=2026-11-20T14:02:11Z
''', [], [rev, "CGO_ENABLED=0", "vcs.time=2026-11-20T14:02:11Z"])

case("neg-aws-configure-list", "aws configure list && aws sts get-caller-identity", f'''      Name                    Value             Type    Location
      ----                    -----             ----    --------
   profile                <not set>             None    None
access_key     ****************Q7XZ shared-credentials-file
secret_key     ****************m2Pa shared-credentials-file
    region                eu-west-1      config-file    ~/.aws/config
{{
    "UserId": "AIDA{rnd(17, string.ascii_uppercase + string.digits)}",
    "Account": "123456789012",
    "Arn": "arn:aws:iam::123456789012:user/ann.lee"
}}
''', [], ["****************Q7XZ", "****************m2Pa", "arn:aws:iam::123456789012:user/ann.lee", "eu-west-1"])

# --- look-alikes for the session-4 rules (logfmt, JSON records, indented settings) ---
sst = uuid()
case("neg-logfmt-json-ini-fields", "cat /tmp/auth-debug.txt", f'''ts=2026-11-25T10:00:00Z level=info msg="issued" token_type=bearer expires_in=3600 scope="read write" key_id=k-2024-01 auth=ok
ts=2026-11-25T10:00:01Z level=info msg="cache" cache_key=user:42:profile hit=true token_source=header password_policy=strong
ts=2026-11-25T10:00:02Z level=info msg="tokenize" tokenizer=cl100k_base tokens=812 max_tokens=256 secret_store=vault auth_method=oidc
{{"level":"info","msg":"refresh","grant_type":"refresh_token","token_type":"Bearer","expires_in":3600,"session_state":"{sst}"}}
{{"level":"info","msg":"login","user":"bob","auth":"password","mfa":"totp","token":"present"}}
{{"level":"debug","msg":"config","apiKeyHeader":"X-Api-Key","tokenUrl":"https://auth.example.com/oauth/token","secretRef":"prod-db-creds"}}
{{"level":"debug","msg":"client","authType":"ServicePrincipal","credentialProvider":"DefaultAzureCredential","token":"AccessToken"}}
[tool.black]
    line-length = 88
[credential]
\thelper = store
\tusername = ann
[auth]
    method = oidc
    token_ttl = 3600
    api_key_header = x-api-key
''', [], ["expires_in=3600", "key_id=k-2024-01", "cache_key=user:42:profile", "password_policy=strong", "max_tokens=256",
          sst, '"secretRef":"prod-db-creds"', '"credentialProvider":"DefaultAzureCredential"', '"token":"AccessToken"',
          "helper = store", "api_key_header = x-api-key", "token_ttl = 3600"])

# --- tools' config commands echoed by a CI trace ---
cas, cnp, cpo = rnd(40, ALNUM + "/+"), rnd(36), "pypi-" + b64u(80)
case("ci-xtrace-config-set", "bash -x ci/setup.sh", f'''+ aws configure set region eu-west-1
+ aws configure set aws_secret_access_key {cas}
+ npm config set //npm.internal.example/:_authToken {cnp}
+ poetry config pypi-token.internal {cpo}
+ git config --global credential.helper store
+ git config --global user.signingkey 3AA5C34371567BD2
setup done
''', [cas, cnp, cpo], ["aws configure set region eu-west-1", "credential.helper store", "user.signingkey 3AA5C34371567BD2",
                       "setup done", "//npm.internal.example/:_authToken"])

for cid_, command, output, secrets, keep in CASES:
    d = HERE / cid_
    d.mkdir(exist_ok=True)
    (d / "command.txt").write_text(command + "\n")
    (d / "output.txt").write_text(output)
    meta = {"id": cid_, "group": "heldout-session-4", "secrets": secrets,
            "keep": [{"id": f"k{i}", "what": k, "any_of": [re.escape(k)]} for i, k in enumerate(keep)]}
    (d / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
print(len(CASES), "cases,", sum(len(c[3]) for c in CASES), "secrets,", sum(len(c[4]) for c in CASES), "keep facts")
