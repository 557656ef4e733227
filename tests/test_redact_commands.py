"""Bare secrets: a value printed with no key, prefix or header around it. Well-known token formats are caught
anywhere; a generic value is caught because the command that printed it reads a secret (the command line is
the context). Look-alikes printed by other commands (hashes, UUIDs, base64) stay."""

from __future__ import annotations

import base64
import random
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminus_edge.redact import learn_secrets, redact, redact_lines, secret_output
from terminus_edge.redact.names import is_placeholder

R = random.Random(20261126)


def rnd(n: int, chars: str = string.ascii_letters + string.digits) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def b64url(n: int) -> str:
    return rnd(n, string.ascii_letters + string.digits + "-_")


JWT = (base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=") + "."
       + base64.urlsafe_b64encode(b'{"sub":"ci","exp":1795000000}').decode().rstrip("=") + "." + b64url(43))

# Vendor formats: masked as the whole output of any command, and with no command at all.
BARE_FORMATS = [
    "ghp_" + rnd(36), "gho_" + rnd(36), "github_pat_" + rnd(22) + "_" + rnd(59), "glpat-" + b64url(20),
    "xoxb-" + rnd(11, string.digits) + "-" + rnd(12, string.digits) + "-" + rnd(24),
    "xoxp-" + rnd(11, string.digits) + "-" + rnd(12, string.digits) + "-" + rnd(12, string.digits) + "-" + rnd(32, "0123456789abcdef"),
    "xapp-1-" + rnd(11) + "-" + rnd(13, string.digits) + "-" + rnd(64, "0123456789abcdef"),
    "sk-proj-" + b64url(100), "sk-ant-api03-" + b64url(93) + "AA", "AKIA" + rnd(16, string.ascii_uppercase + "234567"),
    "AIza" + b64url(35), JWT, "npm_" + rnd(36), "pypi-AgEIcHlwaS5vcmc" + b64url(100), "hvs." + b64url(90),
    "ya29." + b64url(150), "glrt-" + b64url(27),
]


@pytest.mark.parametrize("token", BARE_FORMATS, ids=[t[:6] for t in BARE_FORMATS])
def test_well_known_formats_are_masked_bare_with_or_without_a_command(token):
    for command in (None, "gh auth token", "make deploy"):
        out = redact(token + "\n", command=command)
        assert token[-12:] not in out and "[REDACTED:" in out, (command, out)


AWS_SECRET = rnd(40, string.ascii_letters + string.digits + "+/")
PASSWORD = rnd(6) + "!" + rnd(5)
B64 = base64.b64encode(PASSWORD.encode()).decode()

# (command, raw output, secret): generic values with nothing in the output to say "secret".
READS_A_SECRET = [
    ("aws configure get aws_secret_access_key", f"{AWS_SECRET}\n", AWS_SECRET),
    ("aws configure get aws_session_token --profile prod", f"{AWS_SECRET}{AWS_SECRET}\n", AWS_SECRET),
    ("printenv DB_PASSWORD", f"{PASSWORD}\n", PASSWORD),
    ("echo $SERVICE_TOKEN", f"{rnd(32)}\n", None),
    ('printf "%s\\n" "${API_KEY}"', f"{rnd(24, 'abcdef0123456789')}\n", None),
    ("cat ~/.vault-token", f"{rnd(26)}", None),
    ("cat /run/secrets/db_password", f"{PASSWORD}\n", PASSWORD),
    ("cat -n ~/.config/app/api_key", f"     1\t{rnd(32)}\n", None),
    ("kubectl get secret db -n prod -o jsonpath='{.data.password}'", B64, B64),
    ("kubectl get secret db -o jsonpath='{.data.password}' | base64 -d", f"{PASSWORD}", PASSWORD),
    ("kubectl get secret db -o jsonpath='{.data}'", f'{{"password":"{B64}","username":"YWRtaW4="}}', B64),
    ("vault kv get -field=password kv/app", f"{PASSWORD}\n", PASSWORD),
    ("aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text", f"{rnd(30)}\n", None),
    ("aws ssm get-parameter --name /prod/db/password --with-decryption --query Parameter.Value --output text",
     f"{PASSWORD}\n", PASSWORD),
    ("gcloud secrets versions access latest --secret=db-password", f"{PASSWORD}", PASSWORD),
    ("az keyvault secret show --vault-name kv --name api --query value -o tsv", f"{rnd(34)}\n", None),
    ("terraform output -raw db_password", f"{PASSWORD}", PASSWORD),
    ("docker exec db printenv POSTGRES_PASSWORD", f"{PASSWORD}\r\n", PASSWORD),
    ("op read op://Private/registry/token", f"{rnd(40)}\n", None),
    ("pass show web/registry", f"{PASSWORD}\nlogin: me@acme.dev\n", PASSWORD),
    ("security find-generic-password -s registry -w", f"{PASSWORD}\n", PASSWORD),
    ("heroku auth:token", f"{rnd(8, '0123456789abcdef')}-{rnd(4, '0123456789abcdef')}-{rnd(12, '0123456789abcdef')}\n", None),
    ("git config --get credential.password", f"{PASSWORD}\n", PASSWORD),
    # Vault AppRole's secret_id is a credential (a UUID: nothing in it says so); a write can print the secret
    # it makes, and a field-picking flag says which field comes out.
    ("vault read -field=secret_id auth/approle/role/web/secret-id", "7d1e0c52-4b9f-4a3e-8c21-5f6a7b8c9d0e\n", None),
    ("vault write -f -field=secret_id auth/approle/role/web/secret-id", "7d1e0c52-4b9f-4a3e-8c21-5f6a7b8c9d0e\n",
     None),
    ("aws iam create-access-key --user-name ci --query AccessKey.SecretAccessKey --output text", f"{AWS_SECRET}\n",
     AWS_SECRET),
]


@pytest.mark.parametrize("command, raw, secret", READS_A_SECRET, ids=[c for c, _, _ in READS_A_SECRET])
def test_bare_output_of_a_command_that_reads_a_secret_is_masked(command, raw, secret):
    secret = secret or raw.split()[-1]
    assert secret_output(command) is not None
    out = redact(raw, command=command)
    assert secret not in out and "[REDACTED:secret]" in out, out
    assert "".join(redact_lines(raw.splitlines(keepends=True), command=command)) == out
    assert redact(out, command=command) == out
    if len(raw.split()) == 1 and '"' not in raw:  # alone, nothing in the text says "secret": the command does
        assert secret in redact(raw)


def test_errors_and_labels_around_a_bare_secret_survive():
    raw = f"{PASSWORD}\nlogin: me@acme.dev\nurl: https://registry.acme.dev\n"
    assert redact(raw, command="pass show web/registry") == \
        "[REDACTED:secret]\nlogin: me@acme.dev\nurl: https://registry.acme.dev\n"
    err = "\nAn error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: not found\n"
    assert redact(err, command="aws secretsmanager get-secret-value --secret-id x --output text") == err
    err = 'Error from server (NotFound): secrets "db" not found\n'
    assert redact(err, command="kubectl get secret db -o jsonpath='{.data.password}'") == err


def test_a_lone_printenv_value_with_spaces_is_learned_whole_and_masked_in_the_summary():
    from terminus_edge.summarize import summarize

    phrase = "correct horse battery staple " + rnd(6)
    assert learn_secrets(phrase + "\n", command="printenv DB_PASSPHRASE") == {phrase: "secret"}
    summary = summarize("printenv DB_PASSPHRASE", (phrase + "\n").encode(), 0)
    assert phrase not in summary.text and "exit code 0" in summary.text and "Command: printenv DB_PASSPHRASE" in summary.text


@pytest.mark.parametrize("command, raw, secret", READS_A_SECRET[:4] + READS_A_SECRET[8:10],
                         ids=[c for c, _, _ in READS_A_SECRET[:4] + READS_A_SECRET[8:10]])
def test_summaries_of_secret_reading_commands_leak_nothing(command, raw, secret):
    from terminus_edge.summarize import summarize

    secret = secret or raw.split()[-1]
    summary = summarize(command, raw.encode(), 0)
    assert secret not in summary.text and "[REDACTED:" in summary.text
    assert summary.text.startswith(f"Command: {command}\nSummary: ") and "exit code 0" in summary.text


def test_read_log_masks_a_bare_secret_behind_its_line_numbers(tmp_path):
    from terminus_edge.integrations.toolkit import Toolkit
    from terminus_edge.logstore import LogStore

    store = LogStore(tmp_path / "logs.sqlite")
    log_id = store.add("aws configure get aws_secret_access_key", f"{AWS_SECRET}\n".encode(), exit_code=0)
    answer = Toolkit(cwd=tmp_path, use_model=False, store=store).read_log(log_id)
    assert AWS_SECRET not in answer.text and "1: [REDACTED:secret]" in answer.text


def test_tui_raw_send_masks_the_bare_output_of_a_secret_reading_command():
    from terminus_edge.tui.pipeline import Pipeline
    from terminus_edge.tui.widgets.cards import CardState

    phrase = "correct horse battery staple " + rnd(6)
    pipeline = Pipeline()
    for command, raw, secret in (("printenv DB_PASSWORD", phrase + "\n", phrase), ("gh auth token", "gho_" + rnd(36), None),
                                 READS_A_SECRET[0]):
        state = CardState(key=1, command=command, exit_code=0, duration_s=0.1)
        pipeline._raw[1] = raw.encode()
        out = pipeline.outgoing_raw(state)
        assert (secret or raw) not in out and out.startswith(f"Command: {command}\nExit code: 0\nOutput:\n[REDACTED:")


SHA1, SHA256 = rnd(40, "0123456789abcdef"), rnd(64, "0123456789abcdef")
UUID = "3f2b8c1e-9d4a-4e7b-a6c5-1b2d3e4f5a61"
# (command, output): ordinary commands whose bare output looks random; nothing here is a secret.
LOOKALIKES = [
    ("git rev-parse HEAD", f"{SHA1}\n"),
    ("git log -1 --format=%H", f"{SHA1}\n"),
    ("git log --grep token --format=%H", f"{SHA1}\n{rnd(40, '0123456789abcdef')}\n"),
    ("sha256sum dist/app.tar.gz | cut -d' ' -f1", f"{SHA256}\n"),
    ("uuidgen", f"{UUID}\n"),
    ("base64 fixtures/hello.txt", base64.b64encode(b"hello world, this is a test fixture\n").decode() + "\n"),
    ("aws configure get region", "eu-west-1\n"),
    ("aws configure get aws_access_key_id", "****************WXYZ\n"),
    ("printenv HOME", "/home/maria\n"),
    ("printenv GITHUB_TOKEN_URL", "https://api.github.com/token\n"),
    ("echo $PATH", "/usr/local/bin:/usr/bin:/bin\n"),
    ("gh auth status", "github.com\n  ✓ Logged in to github.com account maria (keyring)\n  - Token: gho_************************************\n"),
    ("cat src/auth/token.py", "import os\nreturn\n"),
    ("kubectl get secret -o name", "secret/db-creds\nsecret/api-token\n"),
    ("kubectl get secrets -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'", "db-creds\napi-token\n"),
    ("kubectl get secrets", "NAME       TYPE     DATA   AGE\ndb-creds   Opaque   2      10d\n"),
    ("find . -name '*secret*'", "./config/secrets.example.yaml\n./docs/secret-handling.md\n"),
    ("grep -rl token src/", "src/auth/token.py\nsrc/api/client.py\n"),
    ("pytest tests/test_token.py -k get -q", "....\n4 passed in 0.12s\n"),
    ('curl -s -X GET -H "Authorization: Bearer $API_TOKEN" https://api.example.com/v1/build', f'{{"id":"{UUID}","sha":"{SHA1}"}}\n'),
    ("python manage.py get_token_count", "1234\n"),
    ("openssl dgst -sha256 -r release.tar.gz", f"{SHA256} *release.tar.gz\n"),
    ("vault read -field=role_id auth/approle/role/web/role-id", f"{UUID}\n"),  # the role's name-like id
    ("vault write -f -field=secret_id_accessor auth/approle/role/web/secret-id", f"{UUID}\n"),
    ("aws secretsmanager list-secrets --query 'SecretList[].Name' --output text", "prod/db\nprod/api\n"),
    ("aws secretsmanager describe-secret --secret-id prod/db --query ARN --output text",
     "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf\n"),
]


@pytest.mark.parametrize("command, raw", LOOKALIKES, ids=[c for c, _ in LOOKALIKES])
def test_bare_lookalikes_from_ordinary_commands_survive(command, raw):
    assert redact(raw, command=command) == raw
    assert "".join(redact_lines(raw.splitlines(keepends=True), command=command)) == raw


_VALUES = st.text(alphabet=string.ascii_letters + string.digits + "+/=_-!@#%", min_size=4, max_size=80).filter(
    lambda s: s.strip("=-_") != "" and not is_placeholder(s))  # `null`, `****`: nothing to hide
_SECRET_COMMANDS = st.sampled_from([c for c, _, _ in READS_A_SECRET] + ["gh auth token", "glab auth token",
                                    "gcloud auth print-access-token", "aws ecr get-login-password --region eu-west-1",
                                    "kubectl exec api -- printenv API_TOKEN", "ssh web cat /etc/app/token"])


@given(_VALUES, _SECRET_COMMANDS, st.sampled_from(["{}\n", "{}", "\n{}\n\n", "  {}  \r\n", '"{}"\n']))
def test_any_bare_value_printed_by_a_secret_reading_command_is_masked(value, command, layout):
    out = redact(layout.format(value), command=command)
    assert value not in out and redact(out, command=command) == out


@given(st.sampled_from(["git rev-parse HEAD", "uuidgen", "sha256sum x | cut -c1-64", "date +%s%N", "openssl rand -hex 16",
                        "aws configure get region", "git log --grep=token --format=%H", "kubectl get secret -o name"]),
       st.lists(st.text(alphabet="0123456789abcdef", min_size=7, max_size=64), min_size=1, max_size=5))
def test_hex_output_of_ordinary_commands_is_never_masked(command, lines):
    raw = "\n".join(lines) + "\n"
    assert redact(raw, command=command) == raw


def test_a_vault_secret_id_table_masks_the_id_not_its_accessor_or_ttl():
    raw = ("Key                   Value\n---                   -----\nsecret_id             7d1e0c52-4b9f-4a3e-8c21-5f6a7b8c9d0e\n"
           f"secret_id_accessor    {UUID}\nsecret_id_num_uses    0\nsecret_id_ttl         0s\n")
    out = redact(raw, command="vault write -f auth/approle/role/web/secret-id")
    assert "7d1e0c52-4b9f-4a3e-8c21-5f6a7b8c9d0e" not in out and f"secret_id_accessor    {UUID}" in out
    assert "secret_id_ttl         0s" in out and redact(raw) == out  # the key names it: no command needed
    assert redact('"SecretId": "prod/db/password"') == '"SecretId": "prod/db/password"'  # AWS: the name of one
