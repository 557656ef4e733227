"""Session 4: the gaps session 3 left open (benchmarks/RESULTS.md, Redaction), each as a general rule with the
look-alikes it must leave alone.

- logfmt lines and one-line JSON records are data: a value there is a literal wherever it stands on the line;
- an indented `key = word` under an INI/TOML `[section]` is a setting, not code;
- commands that ask for JSON/YAML (`-o yaml`, `--output json`, `jq`) print data;
- `(user, password)` string pairs handed to an auth constructor or passed as `auth=`;
- `user:password@` a local server (localhost, an IPv4 address, a port) with any password;
- vendor environment names ending in KEY (`STRIPE_KEY`) take word values;
- names of objects that hold a secret (`existingSecret: pg-auth`, `adminPasswordKey: admin-password`) stay;
- a secret-reading command's `name=value` and `user:token@host` lines keep their names, users and hosts.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminus_edge.redact import redact, redact_lines

RANDOM_LETTERS = "kpgZXzVCKgJMtOoWnoqQ"


def _same_streamed(text: str, command: str | None = None) -> str:
    out = redact(text, command=command)
    assert "".join(redact_lines(text.splitlines(keepends=True), command=command)) == out
    assert redact(out, command=command) == out
    return out


MASKED = [  # (text, secret, command)
    ("ts=2026-11-25T09:14:07Z level=debug msg=\"login\" user=bob password=Trombone42x request_id=7f3a", "Trombone42x", None),
    ("level=info msg=x token=supersecretvalue user=bob", "supersecretvalue", None),
    (f"time=2026-11-25 level=INFO svc=geo api_key={RANDOM_LETTERS} status=200", RANDOM_LETTERS, None),
    (f"svc=geo api_key={RANDOM_LETTERS}", RANDOM_LETTERS, None),
    ('{"level":"debug","msg":"client init","apiKey":"ProdServiceKey","max_tokens":256}', "ProdServiceKey", None),
    ('{"level": "debug", "apiKey": "ProdServiceKey", "region": "eu-west-1"}', "ProdServiceKey", None),
    ('{\n  "apiKey": "ProdServiceKey",\n  "region": "eu-west-1"\n}\n', "ProdServiceKey", "az webapp config show -o json"),
    ('{\n  "apiKey": "ProdServiceKey"\n}\n', "ProdServiceKey", "curl -s localhost:8080/config | jq ."),
    ("[repositories.custom]\n    token = zanzibarquokkaxv\n    url = \"https://pypi.example/simple/\"\n",
     "zanzibarquokkaxv", None),
    ("[github]\n\tuser = ann\n\ttoken = zanzibarquokkaxv\n", "zanzibarquokkaxv", None),
    ('    resp = requests.get(url, auth=HTTPBasicAuth("deploy", "deploy-rFrE5iuAm"), timeout=10)', "deploy-rFrE5iuAm", None),
    ("    r = session.get(URL, auth=HTTPDigestAuth('reports', 'Of0uF8Fbsg1Y'))", "Of0uF8Fbsg1Y", None),
    ('requests.get(u, auth=("admin", "s3cret"))', "s3cret", None),
    ('creds = pika.PlainCredentials("guest", "rabbit-pass")', "rabbit-pass", None),
    ('async with aiohttp.BasicAuth("svc", "hunter2!")', "hunter2!", None),
    ('    server.login("bob@example.com", "app-pass-1")', "app-pass-1", None),
    ("checking rabbitmq at admin:admin@localhost:5672 ... ok", "admin@", None),
    ("DATABASE=app:pa.ss@10.0.0.5:5432/appdb", "pa.ss", None),
    ("mysqlsh root:root@127.0.0.1:3306", "root@", None),
    ("STRIPE_KEY=supersecretvalue", "supersecretvalue", None),
    ("export MAILGUN_KEY=liveproductionmail", "liveproductionmail", None),
    ("clientSecret: pgXk9qWm2LrT", "pgXk9qWm2LrT", None),
    ("password: hunter2-x", "hunter2-x", None),
    ("password    hunter2", "hunter2", None),
]


@pytest.mark.parametrize("text, secret, command", MASKED, ids=[t[:40] for t, _, _ in MASKED])
def test_masked(text, secret, command):
    out = _same_streamed(text, command)
    assert secret not in out and "[REDACTED:" in out, out


def test_only_the_password_of_a_local_server_goes():
    assert redact("admin:admin@localhost") == "admin:[REDACTED:url-password]@localhost"
    assert redact("at app:app@localhost:5432/appdb") == "at app:[REDACTED:url-password]@localhost:5432/appdb"


def test_auth_pairs_keep_the_user():
    assert redact('auth=HTTPBasicAuth("deploy", "pw-Abc123")') == 'auth=HTTPBasicAuth("deploy", "[REDACTED:password]")'


UNCHANGED = [  # (text, command)
    ("ts=2026-11-25T09:14:07Z level=info msg=\"login ok\" user=bob duration_ms=41 token_count=12", None),
    ("ts=1 level=info msg=\"password reset requested\" user=alice retry_after=30", None),
    ("f(a=1, token=supersecretvalue, c=2)", None),  # keyword arguments: code
    ("    x = {\"token\": \"RpcGroupManagementToken\"}", None),
    ('{"level":"info","msg":"token usage","prompt_tokens":812,"completion_tokens":256}', None),
    ('CONFIG = {\n    "apiKey": "ProdServiceKey",\n}\n', None),  # a dict display in code (pretty JSON: test_redact_more_contexts)
    ('Traceback (most recent call last):\n  File "/srv/a.py", line 3, in f\n    token = zanzibarquokkaxv\n', None),
    ("def f():\n    token = zanzibarquokkaxv\n", None),
    ("[section]\n    token = get_token()\n", None),
    ("keyring.get_credential(\"svc\", \"bob\")", None),
    ("log_login(\"user\", \"failed\")", None),
    ('auth=HTTPBasicAuth("user", os.environ["PW"])', None),
    ('auth=HTTPBasicAuth("user", "$PASSWORD")', None),
    ("print(\"auth\", \"ok\")", None),
    ("ts=1 level=info msg=issued token_type=bearer expires_in=3600 scope=read", None),  # the next field, no token
    ("INFO:worker@10.0.0.5:8080 connected", None),
    ("git@github.com:org/repo.git", None),
    ("email:ann.lee@corp.com", None),
    ("image:tag@sha256:0123456789abcdef", None),
    ("ssh deploy@10.0.0.5 -p 22", None),
    ("SORT_KEY=createdatstamps\nCACHE_KEY=sessionstorekey\nPARTITION_KEY=tenantidentifier", None),
    ("stripe_key = supersecretvalue_name", None),
    ("auth:\n  existingSecret: pg-auth\n  secretKeys:\n    adminPasswordKey: admin-password\n", None),
    ("tls:\n  certificatesSecret: pg-tls\n  secretName: db-creds\n", None),
    ("existing_password_secret: vault-db-creds", None),
    ("helm upgrade pg x --set auth.secretKeys.adminPasswordKey=admin-pw", None),
    ("NAME                  UPDATED\nAWS_SECRET_ACCESS_KEY  about 2 months ago\nNPM_TOKEN             about 1 year ago\n",
     None),
    ("class OAuthProvider(Generic[AuthorizationCodeT, RefreshTokenT, AccessTokenT]):\n"
     "    token: AccessTokenT | RefreshTokenT,\n", None),
    ("  max_tokens: 256\n  token_count=12\n  secretName: db-creds\n", "kubectl get cm app -o yaml"),
]


@pytest.mark.parametrize("text, command", UNCHANGED, ids=[t[:40] for t, _ in UNCHANGED])
def test_unchanged(text, command):
    assert _same_streamed(text, command) == text


def test_a_secret_reading_command_keeps_names_users_and_hosts():
    token = "glpat-" + "Xk3vQ9mWzR7tLpB2nY4c"
    raw = (f"https://oauth2:{token}@gitlab.example.com\ncredential.helper=store\nuser.email=ann@example.com\n"
           "APP_SECRET=Zq8vLm3XkP0wRt7Y\n")
    out = _same_streamed(raw, "cat ~/.git-credentials && git config --global --list")
    assert token[6:] not in out and "Zq8vLm3XkP0wRt7Y" not in out
    for kept in ("https://oauth2:", "@gitlab.example.com", "credential.helper=store", "user.email=ann@example.com",
                 "APP_SECRET="):
        assert kept in out, out


def test_a_dotted_setting_with_a_credential_value_from_a_secret_command_is_masked():
    out = redact("hub.oauthtoken=Zq8vLm3XkP0wRt7YbN2c\n", command="cat ~/.config/hub/token")
    assert "Zq8vLm3XkP0wRt7YbN2c" not in out and out.startswith("hub.oauthtoken=")


STORMS = {  # what the new rules read: one long logfmt/JSON line, runs of indented settings, auth pairs, local servers
    "logfmt": "ts=1 level=info " + "token=abc " * 20_000,
    "json record": '{"level":"x",' + '"token":"abcdefghijklmnopq",' * 10_000 + '"a":1}',
    "json never closed": '{"token":"' + "a," * 100_000,
    "indented settings": "[s]\n" + "    token = zanzibarquokka\n" * 5_000,
    "indented, no section": "x\n" + "  " * 2_000 + "token = abc\n" + "    token = abcdefghijklmnop\n" * 8_000,
    "one huge line then settings": "y" * 300_000 + "\n" + "  token = abcdefghijklmnop\n" * 5_000,
    "auth constructors": 'HTTPBasicAuth("a", ' * 40_000,
    "auth pairs": 'auth=("a", "b") ' * 10_000,
    "local servers": "admin:admin@localhost " * 20_000,
}


@pytest.mark.parametrize("name", STORMS)
def test_new_rules_stay_linear(name):
    import time

    text = STORMS[name]
    start = time.process_time()
    redact(text)
    "".join(redact_lines(text.splitlines(keepends=True)))
    assert time.process_time() - start < 6, name


def test_a_map_printed_by_a_secret_reading_command_keeps_its_keys():
    command = "kubectl get secret pg-app -o jsonpath='{.data}'"
    out = _same_streamed('{"password":"cGFzc3dvcmQxMjM0","username":"YXBw"}\n', command)
    assert out == '{"password":"[REDACTED:password]","username":"[REDACTED:secret]"}\n'
    assert redact("{abc}\n", command="gh auth token") == "[REDACTED:secret]\n"  # braces, but no map


CONFIG_COMMANDS = [
    "aws configure set aws_secret_access_key {}",
    "sudo aws --profile ci configure set aws_secret_access_key {}",
    "+ npm config set //registry.npmjs.org/:_authToken {}",
    "$ git config --global github.token {}",
    "cd app && poetry config pypi-token.internal {}",
    'dotnet user-secrets set "Stripe:ApiKey" "{}"',
    "rclone config create r s3 provider AWS secret_access_key {}",
    "history\n  501  aws configure set aws_secret_access_key {}",
]


@pytest.mark.parametrize("template", CONFIG_COMMANDS)
@pytest.mark.parametrize("secret", ["Xk3vQ9mWzR7tLpB2nY4c", "hunter2pass"])
def test_secret_arguments_of_config_commands_are_masked(template, secret):
    out = _same_streamed(template.format(secret))
    assert secret not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize("text", [
    "git config --global credential.helper store",
    "git config user.signingkey 3AA5C34371567BD2",
    "aws configure set region eu-west-1",
    "aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY",
    "aws configure get aws_secret_access_key",
    "gh config set token GITHUB_TOKEN",
    "git config --unset github.token",
    "# config gets updated. When ran locally, we use an empty string as a secret key.",
])
def test_config_commands_without_a_secret_value_are_unchanged(text):
    assert _same_streamed(text) == text


@pytest.mark.parametrize("text, secret", [
    ('TOKEN = os.getenv("API_TOKEN", "Xk3vQ9mWzR7tLpB2nY4c")', "Xk3vQ9mWzR7tLpB2nY4c"),
    ('pw = os.environ.get("DB_PASSWORD", "devpass123")', "devpass123"),
    ('os.environ.setdefault("SECRET_KEY", "django-insecure-abc123xyz")', "django-insecure-abc123xyz"),
    ('api_token = env("API_TOKEN", "supersecretvalue")', "supersecretvalue"),
])
def test_the_default_of_a_secret_lookup_is_masked(text, secret):
    out = _same_streamed(text)
    assert secret not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize("text", [
    'os.getenv("DB_PASSWORD", "")', 'os.getenv("PASSWORD_MIN_LENGTH", "12")', 'os.getenv("API_KEY", "changeme")',
    'os.getenv("TOKEN_FILE", "/run/secrets/token")', 'os.getenv("DB_HOST", "localhost")', 'd.get("token", "none")',
    'keyring.get_password("svc", "bob")', 'os.getenv("GITHUB_TOKEN", "GH_TOKEN")', 'config.get("secrets", "db_password")',
    'headers.get("Authorization", "")',
])
def test_lookup_defaults_that_are_no_secret_are_unchanged(text):
    assert _same_streamed(text) == text


NEW_CONTEXTS = [
    "ts=2026-11-25T09:14:07Z level=debug msg=\"call\" svc=geo api_key={} status=200",
    '{{"level":"debug","msg":"init","token":"{}","region":"eu-west-1"}}',
    "[profile]\n    token = {}\n",
    '    r = get(url, auth=HTTPBasicAuth("deploy", "{}"))',
    'token = os.getenv("API_TOKEN", "{}")',
    "+ aws configure set aws_secret_access_key {}",
    "proxy at admin:{}@10.0.0.5:3128",
]
_SECRETS = st.text(alphabet=string.ascii_letters + string.digits, min_size=16, max_size=48).filter(
    lambda s: any(c.isdigit() for c in s) and sum(c.isalpha() for c in s) >= 4)


@settings(max_examples=150, deadline=None)
@given(_SECRETS, st.sampled_from(NEW_CONTEXTS))
def test_random_secrets_in_the_new_contexts_are_always_masked(secret, template):
    out = _same_streamed("INFO start\n" + template.format(secret) + "\nINFO done\n")
    assert secret not in out and out.startswith("INFO start\n") and out.endswith("INFO done\n"), out


_PIECES = st.sampled_from(["[s]\n", "    ", "\t", "token = ", "level=info ", "msg=\"a b\" ", "password=", '{"apiKey":"',
                           '","x":1}', "\n", " ", "HTTPBasicAuth(", '"u", "', '")', "os.getenv(", '"API_TOKEN", "',
                           "aws configure set ", "secret_access_key ", "admin:", "@localhost:5432", "existingSecret: ",
                           "db-creds", "config ", "jq", "="])
_TEXTS = st.lists(st.one_of(_PIECES, st.text(alphabet=string.ascii_letters + string.digits, max_size=24)),
                  max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_the_new_rules_stream_as_whole_text_and_settle(text):
    _same_streamed(text)


@pytest.mark.parametrize("text, secret", [
    ("API_TOKEN=hunter2", "hunter2"), ("API_KEY=abc123", "abc123"), ('export API_KEY="s3cr3t"', "s3cr3t"),
    ("X-Api-Key: abc123", "abc123"), ('curl -H "X-API-Key: devkey42" localhost', "devkey42"),
    ("token: hunter2", "hunter2"), ('access_token = "abc123"', "abc123"), ("STRIPE_KEY=abc123", "abc123"),
])
def test_short_typed_keys_in_literal_contexts_are_masked(text, secret):
    out = _same_streamed(text)
    assert secret not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize("text", [
    "AUTH=oauth2", "API_KEY=v1.2.3", "TOKEN_TYPE=jwt2", "API_KEY=sha256", "token: Int32", "api_key: utf8", "token = t1",
    "x(token=tok2)", "MAX_TOKENS=256", "token: 12ab", "api_key: x509", 'edge_key="attr1"', 'Token: "#ddd0c0",',
    "AUTH_TOKEN=inherit", "API_KEY=keyring",  # a mode word (6+ letters elsewhere: test_redact_more_contexts)
])
def test_short_values_that_are_not_typed_keys_are_unchanged(text):
    assert _same_streamed(text) == text


def test_an_indented_setting_far_below_its_section_is_judged_alike_whole_and_streamed():
    text = "[s]\n" + "    a = b\n" * 100 + "        deeper = 1\n" * 3 + "    token = zanzibarquokkaxv\n"
    assert "zanzibarquokkaxv" not in _same_streamed(text)
    code = "def f():\n" + "    x = 1\n" * 100 + "    token = zanzibarquokkaxv\n"
    assert _same_streamed(code) == code
