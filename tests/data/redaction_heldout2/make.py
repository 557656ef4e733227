"""Held-out redaction cases, session 5, part 2: transcripts of tools not runnable offline here (heroku, az, stripe,
vault, gitlab-runner, ansible, django, rails, CI logs, ...), written in each tool's own print format from how the
tools show secrets, before looking at the redaction rules. Secrets are random fakes (seeded), right shapes.

Run: python tests/data/redaction_heldout2/make.py   (rewrites the case folders it owns; capture.py writes the real ones)
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, b64u, hexs, rnd, uuid, write_case  # noqa: E402

G = "heldout-session-5"
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()


def jwt(alg="HS256", claims=None) -> str:
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")  # noqa: E731
    body = claims or {"sub": str(R.randint(1000, 99999)), "role": "user", "exp": R.randint(1.79e9, 1.8e9)}
    return f"{enc({'alg': alg, 'typ': 'JWT'})}.{enc(body)}.{b64u(43)}"


# 1. printenv in a dev container: vendor tokens, a DSN, short and word-shaped passwords, look-alike values
ant, hf, oai, xoxb = "sk-ant-api03-" + b64u(93) + "AA", "hf_" + rnd(34, LOWER + UPPER), "sk-proj-" + b64u(120), \
    f"xoxb-{R.randint(10**11, 10**12)}-{R.randint(10**12, 10**13)}-{rnd(24)}"
dbpw, redis_pw, sess = rnd(22), "bluebird", "CorrectHorseBatteryStaple"
sha, build = hexs(40), uuid()
case_env = f"""ANTHROPIC_API_KEY={ant}
BUILD_ID={build}
DATABASE_URL=postgresql://app:{dbpw}@db:5432/app
GIT_COMMIT={sha}
HF_TOKEN={hf}
HOME=/home/vscode
HOSTNAME=4b1e0c9d72fa
MAX_TOKENS=4096
NODE_VERSION=20.11.1
OPENAI_API_KEY={oai}
PASSWORD_STORE_DIR=/home/vscode/.password-store
PATH=/home/vscode/.local/bin:/usr/local/bin:/usr/bin:/bin
REDIS_PASSWORD={redis_pw}
SESSION_SECRET={sess}
SLACK_BOT_TOKEN={xoxb}
SSH_AUTH_SOCK=/tmp/ssh-XXXXq1w2e3/agent.1187
TOKENIZERS_PARALLELISM=false
"""
write_case("printenv-devcontainer", "printenv | sort", case_env, [ant, hf, oai, xoxb, dbpw, redis_pw, sess],
           ["BUILD_ID=" + build, "GIT_COMMIT=" + sha, "MAX_TOKENS=4096", "TOKENIZERS_PARALLELISM=false",
            "PASSWORD_STORE_DIR=/home/vscode/.password-store", "NODE_VERSION=20.11.1", "@db:5432/app"], G)

# 2. heroku config: aligned "NAME:  value" table
hpw, rpw, skb, sg, pt = rnd(64, LOWER + "0123456789"), rnd(64, LOWER + "0123456789"), hexs(128), \
    f"SG.{b64u(22)}.{b64u(43)}", rnd(20)
out = f"""=== acme-api Config Vars
DATABASE_URL:          postgres://u8f7kq2ld0s1:{hpw}@ec2-34-201-11-9.compute-1.amazonaws.com:5432/d9k1mv0q2tj3l
LANG:                  en_US.UTF-8
PAPERTRAIL_API_TOKEN:  {pt}
RACK_ENV:              production
REDIS_TLS_URL:         rediss://:{rpw}@ec2-3-92-40-17.compute-1.amazonaws.com:25580
SECRET_KEY_BASE:       {skb}
SENDGRID_API_KEY:      {sg}
WEB_CONCURRENCY:       2
"""
write_case("heroku-config", "heroku config -a acme-api", out, [hpw, rpw, skb, sg, pt],
           ["ec2-34-201-11-9.compute-1.amazonaws.com:5432", "RACK_ENV:              production", "WEB_CONCURRENCY:       2"], G)

# 3. az ad sp create-for-rbac: Azure client secret (with '~'); appId/tenant UUIDs are not secrets
app, ten, azs = uuid(), uuid(), rnd(3) + str(R.randint(0, 9)) + "Q~" + rnd(34, LOWER + UPPER + "0123456789_.~-")
out = f"""The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli
{{
  "appId": "{app}",
  "displayName": "gh-actions-deployer",
  "password": "{azs}",
  "tenant": "{ten}"
}}
"""
write_case("az-ad-sp-create-for-rbac", "az ad sp create-for-rbac --name gh-actions-deployer --role contributor "
           "--scopes /subscriptions/$SUB_ID/resourceGroups/web", out, [azs],
           [app, ten, '"displayName": "gh-actions-deployer"'], G)

# 4. stripe listen: the signing secret in a prose line; event ids stay
wh, evt1, evt2 = "whsec_" + hexs(64), "evt_1Q" + rnd(22), "evt_1Q" + rnd(22)
out = f"""> Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is {wh} (^C to quit)
2026-11-26 00:41:02   --> customer.created [{evt1}]
2026-11-26 00:41:02  <--  [200] POST http://localhost:4242/webhook [{evt1}]
2026-11-26 00:41:05   --> payment_intent.succeeded [{evt2}]
2026-11-26 00:41:05  <--  [500] POST http://localhost:4242/webhook [{evt2}]
"""
write_case("stripe-listen", "stripe listen --forward-to localhost:4242/webhook", out, [wh],
           [evt1, evt2, "[500] POST http://localhost:4242/webhook", "Stripe API Version [2024-06-20]"], G)

# 5. gh hosts.yml + ngrok + cargo + terraform CLI credentials files
gho, ngrok, cio, atlas = "gho_" + rnd(36), rnd(27) + "_" + rnd(21), "cio" + rnd(32), rnd(14) + ".atlasv1." + rnd(67)
out = f"""==> /home/dev/.config/gh/hosts.yml <==
github.com:
    users:
        octocat:
            oauth_token: {gho}
    git_protocol: https
    oauth_token: {gho}
    user: octocat

==> /home/dev/.config/ngrok/ngrok.yml <==
version: "2"
authtoken: {ngrok}

==> /home/dev/.cargo/credentials.toml <==
[registry]
token = "{cio}"

==> /home/dev/.terraformrc <==
credentials "app.terraform.io" {{
  token = "{atlas}"
}}
plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"
"""
write_case("cli-credential-files-head", "head -n 20 ~/.config/gh/hosts.yml ~/.config/ngrok/ngrok.yml "
           "~/.cargo/credentials.toml ~/.terraformrc", out, [gho, ngrok, cio, atlas],
           ["git_protocol: https", "user: octocat", 'credentials "app.terraform.io"', "plugin_cache_dir"], G)

# 6. .netrc: a Heroku API key is a UUID; a word-shaped password on one line
htok, npw = uuid(), "Lantern-Basket-" + str(R.randint(10, 99))
out = f"""machine api.heroku.com
  login dev@acme.io
  password {htok}
machine git.heroku.com
  login dev@acme.io
  password {htok}
machine artifacts.acme.dev login ci-reader password {npw}
"""
write_case("cat-netrc", "cat ~/.netrc", out, [htok, npw],
           ["machine api.heroku.com", "login dev@acme.io", "machine artifacts.acme.dev login ci-reader"], G)

# 7. gitlab-runner config.toml: runner token and CamelCase S3 cache keys
glrt, s3a, s3s = "glrt-t1_" + b64u(20), rnd(20, UPPER + "0123456789"), rnd(40)
out = f"""concurrent = 4
check_interval = 0
shutdown_timeout = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "build-01"
  url = "https://gitlab.acme.dev/"
  id = 42
  token = "{glrt}"
  token_obtained_at = 2026-10-02T09:11:00Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  [runners.cache]
    Type = "s3"
    Shared = true
    [runners.cache.s3]
      ServerAddress = "minio.acme.dev:9000"
      AccessKey = "{s3a}"
      SecretKey = "{s3s}"
      BucketName = "runner-cache"
      Insecure = false
  [runners.docker]
    image = "alpine:3.20"
    privileged = false
"""
write_case("gitlab-runner-config-toml", "sudo cat /etc/gitlab-runner/config.toml", out, [glrt, s3a, s3s],
           ["token_obtained_at = 2026-10-02T09:11:00Z", 'ServerAddress = "minio.acme.dev:9000"',
            'BucketName = "runner-cache"', 'image = "alpine:3.20"'], G)

# 8. vault kv get: Key/Value table, word-shaped and short passwords
vk, vpw, vsm, hook = rnd(32), "correcthorse", "tulips", f"https://hooks.slack.com/services/T{rnd(8, UPPER + '0123456789')}/B{rnd(10, UPPER + '0123456789')}/{rnd(24)}"
out = f"""====== Secret Path ======
secret/data/payments/api

======= Metadata =======
Key                Value
---                -----
created_time       2026-11-20T10:02:11.312485Z
custom_metadata    <nil>
deletion_time      n/a
destroyed          false
version            7

====== Data ======
Key              Value
---              -----
api_key          {vk}
db_password      {vpw}
db_user          payments_rw
smtp_password    {vsm}
webhook_url      {hook}
"""
write_case("vault-kv-get-table", "vault kv get secret/payments/api", out, [vk, vpw, vsm, hook.rsplit("/", 1)[1]],
           ["created_time       2026-11-20T10:02:11.312485Z", "version            7", "db_user          payments_rw"], G)

# 9. GitLab CI job log under set -x: docker login -p, mysql -p, token header, exported token
cbt, mpw, ghp, sentry = "glcbt-64_" + b64u(20), "TigerLily", "ghp_" + rnd(36), hexs(64)
csha = hexs(40)
out = f"""Running with gitlab-runner 17.5.1 (2b8f1e2a)
  on build-01 t1_Ab3dEf, system ID: s_0123456789ab
Preparing the "docker" executor
Using Docker executor with image docker:27.3 ...
Getting source from Git repository
Fetching changes with git depth set to 20...
Checking out {csha[:8]} as detached HEAD (ref is main)...
Executing "step_script" stage of the job script
$ set -x
+ echo 'Logging in to registry'
Logging in to registry
+ docker login -u gitlab-ci-token -p {cbt} registry.acme.dev
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
Login Succeeded
+ mysql -h db -u root -p{mpw} -e 'SHOW DATABASES'
mysql: [Warning] Using a password on the command line interface can be insecure.
Database
information_schema
orders
+ curl -sf -H 'Authorization: token {ghp}' https://api.github.com/repos/acme/payments/statuses/{csha} -d '{{"state":"success"}}'
+ export SENTRY_AUTH_TOKEN={sentry}
+ sentry-cli releases new 4.12.0
Created release 4.12.0
Job succeeded
"""
write_case("gitlab-ci-xtrace", "gitlab-runner exec docker release  # job log", out, [cbt, mpw, ghp, sentry],
           [csha, "Login Succeeded", "information_schema", "Created release 4.12.0", "gitlab-runner 17.5.1"], G)

# 10. GitHub Actions log: masked values stay ***, a value decoded in the step is not masked by Actions
pypi = "pypi-AgEIcHlwaS5vcmc" + b64u(120)
pb64 = base64.b64encode(pypi.encode()).decode()
out = f"""2026-11-26T00:12:01.1034567Z ##[group]Run ./scripts/publish.sh
2026-11-26T00:12:01.1035671Z ./scripts/publish.sh
2026-11-26T00:12:01.1061234Z shell: /usr/bin/bash -e {{0}}
2026-11-26T00:12:01.1061898Z env:
2026-11-26T00:12:01.1062311Z   PYPI_TOKEN_B64: ***
2026-11-26T00:12:01.1062734Z   TWINE_USERNAME: __token__
2026-11-26T00:12:01.1063102Z ##[endgroup]
2026-11-26T00:12:01.2311022Z ++ echo {pb64}
2026-11-26T00:12:01.2319876Z ++ base64 -d
2026-11-26T00:12:01.2398810Z + TWINE_PASSWORD={pypi}
2026-11-26T00:12:01.2401101Z + twine upload dist/acme_payments-4.12.0-py3-none-any.whl
2026-11-26T00:12:02.9102213Z Uploading acme_payments-4.12.0-py3-none-any.whl
2026-11-26T00:12:04.0055180Z View at: https://pypi.org/project/acme-payments/4.12.0/
"""
write_case("github-actions-decoded-secret", "gh run view 11873302211 --log --job 33098817230", out, [pb64, pypi],
           ["PYPI_TOKEN_B64: \\*\\*\\*", "TWINE_USERNAME: __token__", "acme_payments-4\\.12\\.0-py3-none-any\\.whl",
            "https://pypi\\.org/project/acme-payments/4\\.12\\.0/"], G, literal=False)

# 11. django diffsettings: python repr lines, a Gmail app password (16 letters)
dpw, gapp, djk = "Sleepy-Otter-" + str(R.randint(1000, 9999)), rnd(16, LOWER), "django-insecure-" + rnd(50, LOWER + "0123456789!@#%^&*(-_=+)")
out = f"""ALLOWED_HOSTS = ['api.acme.dev']  ###
DATABASES = {{'default': {{'ENGINE': 'django.db.backends.postgresql', 'NAME': 'orders', 'USER': 'orders', 'PASSWORD': '{dpw}', 'HOST': 'db.internal', 'PORT': '5432', 'ATOMIC_REQUESTS': False}}}}  ###
DEBUG = False
EMAIL_HOST = 'smtp.gmail.com'  ###
EMAIL_HOST_PASSWORD = '{gapp}'  ###
EMAIL_HOST_USER = 'noreply@acme.dev'  ###
PASSWORD_RESET_TIMEOUT = 259200
SECRET_KEY = '{djk}'  ###
SETTINGS_MODULE = 'acme.settings.prod'  ###
STATIC_URL = '/static/'  ###
"""
write_case("django-diffsettings", "python manage.py diffsettings", out, [dpw, gapp, djk],
           ["'HOST': 'db.internal'", "EMAIL_HOST_USER = 'noreply@acme.dev'", "PASSWORD_RESET_TIMEOUT = 259200",
            "SETTINGS_MODULE = 'acme.settings.prod'"], G)

# 12. rails credentials:show: YAML, publishable key and client id stay
skb2, rsk, pk, cid, csec = hexs(128), "sk_live_" + rnd(99), "pk_live_" + rnd(99), "Iv1." + hexs(16), hexs(40)
out = f"""# aws:
#   access_key_id: 123
#   secret_access_key: 345

# Used as the base secret for all MessageVerifiers in Rails, including the one protecting cookies.
secret_key_base: {skb2}

stripe:
  publishable_key: {pk}
  secret_key: {rsk}

github:
  client_id: {cid}
  client_secret: {csec}
"""
write_case("rails-credentials-show", "bin/rails credentials:show --environment production", out, [skb2, rsk, csec],
           [pk, "client_id: " + cid, "#   access_key_id: 123"], G)

# 13. ansible-inventory --list: pretty JSON (indent 4), passwords of every shape
bp, pg_admin, sshp, nr = "Wombat-Fig-" + str(R.randint(10, 99)), "ZebraCrossing", "quietmeadow", hexs(36) + "NRAL"
out = f"""{{
    "_meta": {{
        "hostvars": {{
            "db1.acme.dev": {{
                "ansible_become_pass": "{bp}",
                "ansible_host": "10.0.3.11",
                "ansible_user": "deploy",
                "postgres_admin_password": "{pg_admin}",
                "postgres_version": "16"
            }},
            "web1.acme.dev": {{
                "ansible_host": "10.0.3.21",
                "ansible_ssh_pass": "{sshp}",
                "ansible_user": "deploy",
                "newrelic_license_key": "{nr}"
            }}
        }}
    }},
    "all": {{
        "children": [
            "ungrouped",
            "db",
            "web"
        ]
    }},
    "db": {{
        "hosts": [
            "db1.acme.dev"
        ]
    }},
    "web": {{
        "hosts": [
            "web1.acme.dev"
        ]
    }}
}}
"""
write_case("ansible-inventory-list", "ansible-inventory -i inventories/prod --list", out, [bp, pg_admin, sshp, nr],
           ['"ansible_host": "10.0.3.11"', '"postgres_version": "16"', '"ansible_user": "deploy"', "ungrouped"], G)

# 14. gradle.properties + local.properties: java properties, spaced "key = value", no sections
spw, mcp, maps, rsp = "hazelnut", "RiverStoneGlass", "AIza" + b64u(35), "bluebird" + str(R.randint(1, 9)) + "!"
out = f"""org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8
android.useAndroidX=true
signing.keyId=1A2B3C4D
signing.password={spw}
signing.secretKeyRingFile=/home/dev/.gnupg/secring.gpg
mavenCentralUsername=acme-release
mavenCentralPassword = {mcp}
## This file must *NOT* be checked into Version Control Systems,
sdk.dir=/home/dev/Android/Sdk
MAPS_API_KEY={maps}
RELEASE_STORE_FILE=release.jks
RELEASE_STORE_PASSWORD = {rsp}
RELEASE_KEY_ALIAS = upload
"""
write_case("gradle-local-properties", "cat gradle.properties local.properties", out, [spw, mcp, maps, rsp],
           ["signing.keyId=1A2B3C4D", "mavenCentralUsername=acme-release", "sdk.dir=/home/dev/Android/Sdk",
            "RELEASE_KEY_ALIAS = upload", "org.gradle.jvmargs=-Xmx4g"], G)

# 15. Kafka client.properties (Confluent Cloud): JAAS config line
kk, ks = rnd(16, UPPER + "0123456789"), rnd(64, LOWER + UPPER + "0123456789+/")
out = f"""bootstrap.servers=pkc-4r087.us-west2.gcp.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="{kk}" password="{ks}";
client.dns.lookup=use_all_dns_ips
session.timeout.ms=45000
acks=all
"""
write_case("kafka-client-properties", "cat config/client.properties", out, [ks],
           ["pkc-4r087.us-west2.gcp.confluent.cloud:9092", "session.timeout.ms=45000", "PlainLoginModule required"], G)

# 16. redis.conf without comments: space-separated directives
rq, ma = rnd(24), rnd(24)
out = f"""bind 127.0.0.1 -::1
protected-mode yes
port 6379
requirepass {rq}
masterauth {ma}
maxmemory 2gb
maxmemory-policy allkeys-lru
appendonly yes
"""
write_case("redis-conf-grep", "grep -v '^#' /etc/redis/redis.conf | grep .", out, [rq, ma],
           ["maxmemory-policy allkeys-lru", "port 6379", "bind 127.0.0.1"], G)

# 17. curl -i: Set-Cookie with a JWT access token and an opaque refresh token
at, rt = jwt(), rnd(64, LOWER + "0123456789")
out = f"""HTTP/1.1 200 OK
Server: nginx/1.25.3
Date: Thu, 26 Nov 2026 00:44:10 GMT
Content-Type: application/json
Set-Cookie: access_token={at}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900
Set-Cookie: refresh_token={rt}; Path=/auth/refresh; HttpOnly; Secure; SameSite=Strict
X-Request-Id: {uuid()}

{{"user":{{"id":1842,"email":"dana@acme.dev"}},"expires_in":900,"token_type":"Bearer"}}
"""
write_case("curl-i-set-cookie", "curl -si -X POST https://api.acme.dev/auth/login -d @login.json", out, [at, rt],
           ["Server: nginx/1.25.3", "Path=/auth/refresh", '"expires_in":900', '"email":"dana@acme.dev"'], G)

# 18. app container log: mysql/mongo+srv/redis/amqp URLs with passwords
m1, m2, r1, a1 = "Tr0ub4dor&3", rnd(16), rnd(32, LOWER + "0123456789"), rnd(12)
out = f"""[2026-11-26 00:45:01] INFO  Booting shop-api 2.8.0 (pid 7)
[2026-11-26 00:45:01] DEBUG db: connecting to mysql://root:{m1}@mysql:3306/shop?charset=utf8mb4
[2026-11-26 00:45:01] DEBUG catalog: MONGO_URI=mongodb+srv://catalog-svc:{m2}@cluster0.ab1cd.mongodb.net/catalog?retryWrites=true&w=majority
[2026-11-26 00:45:02] DEBUG cache: redis://:{r1}@redis:6379/0
[2026-11-26 00:45:02] DEBUG queue: amqp://shop:{a1}@rabbitmq:5672/%2F
[2026-11-26 00:45:02] INFO  Listening on :8080
"""
write_case("docker-logs-connection-urls", "docker logs shop-api --tail 6", out, [m1, m2, r1, a1],
           ["mysql:3306/shop", "cluster0.ab1cd.mongodb.net/catalog", "redis:6379/0", "rabbitmq:5672", "Listening on :8080",
            "shop-api 2.8.0"], G)

# 19. slack bot config.yaml: xapp/xoxb, a signing secret, a legacy OpenAI key; org id stays
xapp = f"xapp-1-A0{rnd(9, UPPER + '0123456789')}-{R.randint(10**12, 10**13)}-{hexs(64)}"
xoxb2, sigs, oai2, org = f"xoxb-{R.randint(10**11, 10**12)}-{R.randint(10**12, 10**13)}-{rnd(24)}", hexs(32), "sk-" + rnd(48), "org-" + rnd(24)
out = f"""slack:
  app_token: {xapp}
  bot_token: {xoxb2}
  signing_secret: {sigs}
  channel: "#deploys"
openai:
  api_key: {oai2}
  organization: {org}
  model: gpt-4o-mini
log_level: info
"""
write_case("slackbot-config-yaml", "cat deploy-bot/config.yaml", out, [xapp, xoxb2, sigs, oai2],
           [org, 'channel: "#deploys"', "model: gpt-4o-mini", "log_level: info"], G)

# 20. a service's debug log: "token = value" prose-ish key/value, no section, no quotes
tk, ak = rnd(40, LOWER + UPPER), rnd(28)
out = f"""2026-11-26 00:47:12,031 INFO  sync.main: starting sync run 118 (dry_run=False)
2026-11-26 00:47:12,032 DEBUG sync.auth: token = {tk}
2026-11-26 00:47:12,033 DEBUG sync.auth: api key = {ak}
2026-11-26 00:47:12,540 INFO  sync.main: fetched 240 records in 0.51s
2026-11-26 00:47:12,541 INFO  sync.main: token refresh scheduled in 3600s
"""
write_case("python-debug-log-token-eq", "python -m sync --verbose", out, [tk, ak],
           ["fetched 240 records", "token refresh scheduled in 3600s", "starting sync run 118"], G)

# 21. ~/.pypirc and ~/.config/pip/pip.conf with a password in the index URL
pyp, pidx = "pypi-AgENdGVzdC5weXBpLm9yZw" + b64u(110), rnd(18)
out = f"""[distutils]
index-servers =
    pypi
    testpypi

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = {pyp}

[global]
index-url = https://ci:{pidx}@nexus.acme.dev/repository/pypi-group/simple
timeout = 60
"""
write_case("pypirc-pip-conf", "cat ~/.pypirc ~/.config/pip/pip.conf", out, [pyp, pidx],
           ["username = __token__", "nexus.acme.dev/repository/pypi-group/simple", "https://test.pypi.org/legacy/"], G)

# ---------- negatives: look-alikes that must survive ----------
out = """Using environment variables from project settings and/or contexts:
  AWS_ACCESS_KEY_ID=**REDACTED**
  AWS_SECRET_ACCESS_KEY=**REDACTED**
  NPM_TOKEN=**REDACTED**
$ export DOCKER_PASSWORD=[secure]
$ export GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}
+ curl -u admin:**** https://jenkins.acme.dev/job/deploy/build
Uploading distributions to https://upload.pypi.org/legacy/
  username: __token__
  password: <hidden>
database:
  password: <redacted>
  api_key: ${API_KEY}
  token: "{{ vault_token }}"
"""
write_case("neg-ci-placeholders", "cat ci-output-samples.txt", out, [],
           ["AWS_SECRET_ACCESS_KEY=**REDACTED**", "DOCKER_PASSWORD=[secure]", "${{ secrets.GITHUB_TOKEN }}",
            "admin:****", "password: <hidden>", "password: <redacted>", "api_key: ${API_KEY}", '"{{ vault_token }}"'], G)

out = """============================= test session starts ==============================
collected 9 items

tests/auth/test_password_reset.py::test_password_reset_sends_email PASSED [ 11%]
tests/auth/test_password_reset.py::test_password_reset_link_expires PASSED [ 22%]
tests/auth/test_tokens.py::test_expired_token_is_rejected PASSED         [ 33%]
tests/auth/test_tokens.py::test_refresh_token_rotation FAILED            [ 44%]
tests/auth/test_api_keys.py::test_api_key_rotation[sk_live-prefix] PASSED [ 55%]
tests/auth/test_api_keys.py::test_secret_key_required PASSED             [ 66%]
tests/test_tokenizer.py::test_max_tokens_default PASSED                  [ 77%]
tests/test_tokenizer.py::test_token_count_matches_tiktoken PASSED        [ 88%]
tests/test_settings.py::test_password_min_length PASSED                  [100%]

=================================== FAILURES ===================================
_________________________ test_refresh_token_rotation __________________________
>       assert new_token != old_token
E       AssertionError: assert 'tok-fixture-0001' != 'tok-fixture-0001'
tests/auth/test_tokens.py:48: AssertionError
=========================== short test summary info ============================
FAILED tests/auth/test_tokens.py::test_refresh_token_rotation - AssertionError
========================= 1 failed, 8 passed in 0.84s ==========================
"""
write_case("neg-pytest-auth-tests", "pytest tests/auth tests/test_tokenizer.py tests/test_settings.py -v", out, [],
           ["test_password_reset_sends_email PASSED", "test_refresh_token_rotation FAILED", "test_api_key_rotation\\[sk_live-prefix\\]",
            "test_secret_key_required", "test_password_min_length", "1 failed, 8 passed", "tests/auth/test_tokens.py:48"],
           G, literal=False)

out = """Generating public/private ed25519 key pair.
Enter passphrase (empty for no passphrase):
Your identification has been saved in /home/dev/.ssh/id_ed25519
Your public key has been saved in /home/dev/.ssh/id_ed25519.pub
$ llm -m claude-x 'summarise CHANGELOG.md'
Usage: 12,408 input tokens, 1,208 output tokens
tokenizer: loaded 49152 tokens from tokenizer.json
Token expired; run `gh auth login` to refresh your token.
This password is too short. It must contain at least 12 characters.
Error: password authentication failed for user "orders_app"
The API key for project acme-web was rotated on 2026-11-20 by dana@acme.dev.
"""
write_case("neg-prose-token-password", "bash -c 'ssh-keygen -t ed25519; llm …; psql …' (transcript)", out, [],
           ["/home/dev/.ssh/id_ed25519.pub", "12,408 input tokens", "loaded 49152 tokens from tokenizer.json",
            "run `gh auth login`", "at least 12 characters", 'failed for user "orders_app"', "rotated on 2026-11-20"], G)

integ = "sha512-" + base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()
shasum, img, layer = hexs(40), hexs(64), hexs(64)
out = f"""
left-pad@1.3.0 | WTFPL | deps: none | versions: 11
String left pad

dist
.tarball: https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz
.shasum: {shasum}
.integrity: {integ}

$ docker images --digests
REPOSITORY            TAG       DIGEST                                                                    IMAGE ID       CREATED        SIZE
ghcr.io/acme/orders   4.12.0    sha256:{img}   {layer[:12]}   2 days ago     181MB
$ docker history -q ghcr.io/acme/orders:4.12.0 --no-trunc | head -1
sha256:{layer}
"""
write_case("neg-npm-view-docker-digests", "npm view left-pad@1.3.0; docker images --digests; docker history …",
           out, [], [shasum, integ, "sha256:" + img, "sha256:" + layer, "left-pad-1.3.0.tgz", "4.12.0"], G)

kid = uuid()
out = f"""Name:         db-creds
Namespace:    payments
Labels:       app.kubernetes.io/name=orders
Annotations:  reloader.stakater.com/match: true

Type:  Opaque

Data
====
password:  24 bytes
username:  9 bytes
$ kubectl get secrets -n payments
NAME                            TYPE                                  DATA   AGE
db-creds                        Opaque                                2      41d
ghcr-pull                       kubernetes.io/dockerconfigjson        1      41d
sh.helm.release.v1.orders.v3    helm.sh/release.v1                    1      2d
stripe-api-token                Opaque                                1      41d
$ aws secretsmanager list-secrets --query 'SecretList[].[Name,KmsKeyId]' --output text
prod/orders/db-password	arn:aws:kms:eu-west-1:123456789012:key/{kid}
prod/orders/stripe-secret-key	alias/aws/secretsmanager
"""
write_case("neg-secret-metadata", "kubectl describe secret db-creds -n payments; kubectl get secrets …; aws secretsmanager list-secrets …",
           out, [], ["password:  24 bytes", "stripe-api-token", "sh.helm.release.v1.orders.v3",
                     "prod/orders/db-password", kid, "kubernetes.io/dockerconfigjson"], G)
