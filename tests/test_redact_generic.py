"""Generic secrets under a credential's name where source code could also stand (`token: AbcDef123`,
`api_key = AbcDefGhi123Jkl` in YAML/INI/.env), and the code that must not be taken for one.

The rule (as keyword detectors do it: detect-secrets' keyword plugin, gitleaks' generic-api-key): a keyword
name, an assignment form, then a judgement of the value. An identifier-shaped value is source code only
while its numbers are the kind names carry (ClientV2, OAuth2, Int32, Base64, SHA256, X509, Ed25519); any
other number (`123`, `2024`, `01`) makes it data: a typed password or a generated value."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from terminus_edge.redact import learn_secrets, redact, redact_lines

# Built like identifiers, but carrying numbers that names do not carry.
GENERATED_VALUES = ["AbcDef123", "AbcDefGhi123Jkl", "DeployKey2024Prod", "QA01Release7Build", "hunterTwo77Go"]

# Lower-case names, unquoted values: YAML, INI, .env, where `name: Type` / `name = other` would also be code.
CODE_SHAPED_CONTEXTS = [
    "token: {}",
    "  api_key: {}",
    "access_token: {}",
    "[default]\naws_session_token = {}\nregion = eu-west-1",
    "auth_token={}",
    "client_token = {}",
    "- service_api_key: {}",
    "deploy:\n  token: {}\n  region: eu-west-1",
]


@pytest.mark.parametrize("template", CODE_SHAPED_CONTEXTS)
@pytest.mark.parametrize("secret", GENERATED_VALUES)
def test_identifier_shaped_value_with_a_data_number_is_masked_under_a_lower_case_name(template, secret):
    out = redact(template.format(secret))
    assert secret not in out and "[REDACTED:" in out, out


def test_only_the_value_goes():
    assert redact("token: AbcDef123") == "token: [REDACTED:token]"
    assert redact("[default]\naws_session_token = AbcDefGhi123Jkl\n") == \
        "[default]\naws_session_token = [REDACTED:session]\n"


def test_a_generated_value_is_learned_and_masked_in_a_summary():
    known = learn_secrets("deploy:\n  token: DeployKey2024Prod\n")
    assert known == {"DeployKey2024Prod": "token"}
    assert redact("Summary: deployed with DeployKey2024Prod.", known=known) == \
        "Summary: deployed with [REDACTED:token]."


# Code under the same names: types and variables whose numbers are versions, widths, sizes or standards.
CODE_WITH_NAME_NUMBERS = [
    "token: OAuth2Token",
    "    private_key: Ed25519PrivateKey",
    "private_key: X25519PrivateKey | None = None",
    "api_key: ApiKeyV2",
    "token: Base64Token",
    "    access_token: Http2Token",
    "session_token: Int64Value",
    "token = token_v2",
    "auth_token = Token2",
    "private_key: Rsa2048PrivateKey",
    "signing_key: Aes256GcmKey",
    "token: Utf8String",
    "api_key = ApiKey3",
    "token: Sha256Digest",
    "    token = Rfc3339Token(raw)",
    "_normalized_key = _pep_440_key",  # snake_case spells codes and standards: code whatever the number
    "api_token = http_404_token",
]


@pytest.mark.parametrize("line", CODE_WITH_NAME_NUMBERS)
def test_code_whose_numbers_are_name_numbers_stays(line):
    assert redact(line) == line


# Identifier-shaped values: humps, then a number with a leading zero or of 3-5 digits that is no power of two
# and no standard's number, then maybe more humps.
_POWERS_AND_STANDARDS = {"128", "256", "384", "448", "512", "509", "521", "768", "1024", "2048", "4096", "8192",
                         "160", "224", "1305", "2822", "3339", "5322", "8601", "16384", "25519", "32768", "65536"}
_HUMPS = st.lists(st.from_regex(r"[A-Z][a-z]{2,5}", fullmatch=True), min_size=1, max_size=3).map("".join)
_NUMBER = st.one_of(st.integers(100, 99999).map(str).filter(lambda n: n not in _POWERS_AND_STANDARDS),
                    st.integers(0, 9).map(lambda d: f"0{d}"))
# 16+ characters, as in test_redact_literals (shorter values must also look random: `Aaa34463` need not).
_GENERATED = st.builds(lambda a, n, b: a + n + b, _HUMPS, _NUMBER, st.one_of(st.just(""), _HUMPS)).filter(
    lambda s: len(s) >= 16)


@given(_GENERATED, st.sampled_from(CODE_SHAPED_CONTEXTS))
@example("AbcDef123", "token: {}")
def test_any_generated_identifier_under_a_lower_case_name_is_masked(secret, template):
    out = redact("INFO start\n" + template.format(secret) + "\nINFO done")
    assert secret not in out and out.startswith("INFO start\n") and out.endswith("\nINFO done")


_NAME_NUMBER = st.sampled_from(["", "2", "3", "V2", "32", "64", "256", "512", "2048", "509", "25519", "1305"])
_WORD_HUMPS = st.lists(st.sampled_from(["Access", "Token", "Key", "Client", "Private", "Signing", "Session", "Value",
                                         "Http", "Sha", "Base", "Int", "Rsa", "Aes", "Gcm", "Digest", "Oauth"]),
                       min_size=1, max_size=3).map("".join)
_TYPE_NAMES = st.builds(lambda a, n, b: a + n + b, _WORD_HUMPS, _NAME_NUMBER, _WORD_HUMPS)


@given(_TYPE_NAMES, st.sampled_from(["    token: {}", "api_key: {} | None = None", "auth_token = {}(raw)",
                                     "        return {}(token=token)", "private_key: {}"]))
def test_type_names_with_name_numbers_stay(name, template):
    line = template.format(name)
    assert redact(line) == line


# Digit-less values of words under a token's or API key's name, where only a literal can stand (an env
# assignment, a quoted string, a header, a flag, XML text, a table cell) or as a YAML scalar.
WORD_SECRET_LINES = [
    ("API_TOKEN=supersecretvalue", "supersecretvalue"),
    ("export SLACK_TOKEN=correcthorsebattery", "correcthorsebattery"),
    ("docker run -e API_TOKEN=supersecretvalue -p 80:80 img", "supersecretvalue"),
    ("API_KEY=ProdServiceKey", "ProdServiceKey"),
    ("GITHUB_TOKEN: somewordyvalue", "somewordyvalue"),
    ('token = "supersecretvalue"', "supersecretvalue"),
    ('{"api_key": "supersecretvalue", "region": "eu"}', "supersecretvalue"),
    ("{'token': 'correcthorsebattery'}", "correcthorsebattery"),
    ("api_key: supersecretvalue", "supersecretvalue"),
    ("  access_token: correcthorsebattery  # prod", "correcthorsebattery"),
    ("deploy --api-key supersecretvalue --region eu", "supersecretvalue"),
    ("> X-Api-Key: supersecretvalue", "supersecretvalue"),
    ("<apiKey>supersecretvalue</apiKey>", "supersecretvalue"),
    ("api_key     supersecretvalue", "supersecretvalue"),
    ("SECRET_ACCESS_KEY=thisisalongpassphrase", "thisisalongpassphrase"),
    ("[default]\napi_key = supersecretvalue\n", "supersecretvalue"),  # unindented `=`: INI, .cfg
]


@pytest.mark.parametrize("line,secret", WORD_SECRET_LINES)
def test_word_values_where_only_a_literal_can_stand_are_masked(line, secret):
    out = redact(line)
    assert secret not in out and "[REDACTED:" in out, out


# Placeholders, names of fields, modes, code, collections, and names that are not a token's or API key's.
WORD_LOOK_ALIKES = [
    '"api_key": "YourApiKeyHere"',
    "API_KEY=your_api_key_here",
    "TOKEN=dummytokenvalue",
    "API_TOKEN=examplevalue",
    "API_KEY=changemeplease",
    '"token": "placeholder"',
    '"token": "accessToken"',
    '"apiKey": "ApiKey"',
    '"token": "RefreshToken"',
    '    token_key = "RpcGroupManagementToken"',
    '"token-classification": "AutoModelForTokenClassification",',
    "token: AccessTokenType",
    "token: accessTokenValue,",
    "api_key: someApiKeyVariable",
    "    token = supersecretvalue",  # indented `=` under a lower-case name: a Python variable could stand there
    "token: anonymous",
    "API_TOKEN=development",
    "token: tokenizerconfig",
    "  token: memoryview",
    "tokens: thequickbrownfox",
    "credentials: sameoriginpolicy",
    '<machineKey validationKey="AutoGenerate" decryptionKey="AutoGenerate" validation="SHA1" />',
    "token: !Ref TokenParameterName",
    'token: "{{ vault_token }}"',
    "api_key: str = Field(default=...)",
    "auth_token = self.authtokenvalue",
    "token: EXAMPLE_TOKEN_VALUE",
]


@pytest.mark.parametrize("line", WORD_LOOK_ALIKES)
def test_word_look_alikes_stay(line):
    assert redact(line) == line


def test_a_word_secret_is_learned_for_a_summary():
    known = learn_secrets("API_TOKEN=supersecretvalue\n")
    assert redact("Summary: sent supersecretvalue to the API.", known=known) == \
        "Summary: sent [REDACTED:token] to the API."


# Userinfo: a scheme URL whose password starts with digits and a `/` (it read as host:port/path), and
# `user:password@host` with no scheme (proxy settings, MySQL Shell targets, pasted authorities).
USERINFO_SECRETS = [
    ("git clone https://user:1234/ab@github.com/org/repo.git", "1234/ab"),
    ("remote: https://user:1234/ab@git.example.com/x.git", "1234/ab"),
    ("postgres://u:1234/ab@10.0.0.5:5432/db", "1234/ab"),
    ("git clone https://user:tok@github.com/org/repo.git", "tok"),
    ("scp -r deploy:S3cretPass@build-01:/srv/app .", "S3cretPass"),
    ("export https_proxy=bob:hunter2@proxy.corp.com:3128", "hunter2"),
    ("HTTP_PROXY=ann:Tr0ub4dor@10.0.0.1:8080", "Tr0ub4dor"),
    ("curl -x u:s3cr3tpw@proxy:8080 https://example.com", "s3cr3tpw"),
    ("pip install --proxy alice:Passw0rd99@proxy.corp:3128 requests", "Passw0rd99"),
    ("mysqlsh root:Xk9mP2vLq7@db.internal:3306", "Xk9mP2vLq7"),
    ('  proxy: "svc:K8sPassw0rdX@proxy.local:3128"', "K8sPassw0rdX"),
]


@pytest.mark.parametrize("line,secret", USERINFO_SECRETS)
def test_userinfo_passwords_are_masked(line, secret):
    out = redact(line)
    assert f":{secret}@" not in out and ":[REDACTED:url-password]@" in out, out


USERINFO_LOOK_ALIKES = [
    "http://host:8080/path@v1",
    "http://jenkins:8080/user/bob@corp.com",
    "https://registry:443/@scope/pkg",
    "http://localhost:8080/x@example.com",
    "https://example.com:443/foo@bar.com",
    "https://registry:5000/v2/img@sha256:abcd",
    "mailto:bob@example.com",
    "email:ann.lee2024@corp.com",
    "user:alice@example.com",
    "nginx:1.25.3@sha256:abcdef0123456789",
    "myimage:v1.2.3-alpine@sha256:0123456789abcdef0123456789abcdef",
    "python:3.11-slim-bookworm@sha256:ab12",
    "implementation 'com.google.guava:guava:31.1-jre@jar'",
    "junit:junit:4.13@jar",
    '"react": "npm:react@18.2.0"',
    "git@github.com:org/repo.git",
    "scp file user@host:/tmp",
    "localhost:5000/img@sha256:abc",
    "user:password@host",
    'print(f"{user}:{pw}@{host}")',
    '"${USER}:${PASS}@${HOST}"',
    "icon:Home32@2x",
    "task:build@v2.0.1",
    "body{text-rendering:optimizeLegibility}@media print{a{color:red}}",
]


@pytest.mark.parametrize("line", USERINFO_LOOK_ALIKES)
def test_userinfo_look_alikes_stay(line):
    assert redact(line) == line


# The command says what the text is: a configuration file or an environment dump holds data, never source
# code, so an unquoted value under a lower-case name is a literal there (detect-secrets decides by file type).
CONFIG_TEXT = ("[default]\napi_key = supersecretvalue\ntoken = AbcDefGhiJkl\nregion = eu-west-1\n"
               "auth_token = get_token()\ntoken_file = /etc/app/token\ncache_key = users_by_id\n")


@pytest.mark.parametrize("command", ["cat config.ini", "cat ~/.aws/credentials", "head -20 deploy/prod.yaml",
                                     "sudo cat /etc/app/app.conf", "cat .env.local", "env", "env | grep -i token",
                                     "git config --list"])
def test_values_in_a_printed_config_file_are_literals(command):
    out = redact(CONFIG_TEXT, command=command)
    assert "supersecretvalue" not in out and "AbcDefGhiJkl" not in out, out
    for kept in ("region = eu-west-1", "auth_token = get_token()", "token_file = /etc/app/token",
                 "cache_key = users_by_id"):
        assert kept in out
    assert "".join(redact_lines(CONFIG_TEXT.splitlines(keepends=True), command=command)) == out


@pytest.mark.parametrize("command", [None, "cat src/app.py", "cat settings.py", "python show.py", "set"])
def test_the_same_lines_from_code_or_unknown_output_keep_what_code_could_be(command):
    out = redact(CONFIG_TEXT, command=command)
    assert "token = AbcDefGhiJkl\n" in out  # `token = SomeClass` in code
    assert out.replace("[REDACTED:api-key]", "supersecretvalue") == CONFIG_TEXT  # (an unindented word: INI)


# Decided: documentation placeholders (the value was never filled in) and YAML tags that refer to or encrypt
# the value survive under any secret's name; a real value after them, or a `!!str` literal, does not.
PLACEHOLDER_LINES = [
    "password: changeme",
    "POSTGRES_PASSWORD=change_me",
    "password: example",
    "api_key: dummy-api-key",
    "secret: placeholder",
    "token: TODO",
    "password: !secret db_password",
    "token: !Ref TokenParam",
    "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539666234306139346433616338376437\n",
    "password: ${{ secrets.DB_PASSWORD }}",
    "token: <redacted>",
    'password = "****"',
    "api_key: your-api-key-here",
    "token = get_token()",
    "password: str",
    "secret = None",
    'api_key = os.environ["API_KEY"]',
]


@pytest.mark.parametrize("text", PLACEHOLDER_LINES)
def test_placeholders_and_yaml_references_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize("line,secret", [("password: !!str hunter2Xy", "hunter2Xy"),
                                         ("--password !Xk9mP2vL", "!Xk9mP2vL"),
                                         ("password: Example123!", "Example123!"),
                                         ("DB_PASSWORD=changeme2024", "changeme2024")])
def test_values_that_only_start_like_a_placeholder_are_masked(line, secret):
    assert secret not in redact(line)


# XML settings name the secret in one attribute and hold it in another (.NET app.config, Spring/Ant properties).
XML_SETTINGS = [
    ('<add key="ApiToken" value="Xk9mP2vLq7Zt" />', "Xk9mP2vLq7Zt"),
    ('  <add key="Stripe.SecretKey" value="AbcDefGhi123Jkl"/>', "AbcDefGhi123Jkl"),
    ('<property name="db.password" value="hunter2"/>', "hunter2"),
    ('<param name="token" value="supersecretvalue"/>', "supersecretvalue"),
    ('<entry key="jwt.secret" value="c2VjcmV0c2VjcmV0c2VjcmV0"/>', "c2VjcmV0c2VjcmV0c2VjcmV0"),
]


@pytest.mark.parametrize("line,secret", XML_SETTINGS)
def test_xml_settings_values_are_masked(line, secret):
    out = redact(line)
    assert secret not in out and 'value="[REDACTED:' in out, out


@pytest.mark.parametrize("line", ['<add key="PageSize" value="20" />',
                                  '<add key="TokenEndpoint" value="https://login.example.com/token" />',
                                  '<input type="password" name="password" value="" />',
                                  '<add key="ApiKeyHeader" value="X-Api-Key" />',
                                  '<property name="token.ttl" value="3600"/>'])
def test_xml_settings_look_alikes_stay(line):
    assert redact(line) == line


# Assignments with a space, not `=`: Dockerfile's older `ENV KEY value`, Windows `setx`, fish `set -gx`; and
# Dockerfile `ENV`/`ARG` lines with `=`, where the value is a literal whatever the name's case.
SPACE_ASSIGNMENTS = [
    ("ENV API_TOKEN Xk9mP2vLq7Zt", "Xk9mP2vLq7Zt"),
    ('setx API_KEY "Xk9mP2vLq7Zt"', "Xk9mP2vLq7Zt"),
    ("set -gx GITHUB_TOKEN AbcDef123Ghi", "AbcDef123Ghi"),
    ("set -x DB_PASSWORD hunter2", "hunter2"),
    ("ENV db_pass Xk9mP2vLq7Zt", "Xk9mP2vLq7Zt"),
    ("ENV token=supersecretvalue", "supersecretvalue"),
    ("ARG api_key=supersecretvalue", "supersecretvalue"),
    ("db_pass\tXk9mP2vLq7Zt", "Xk9mP2vLq7Zt"),
]


@pytest.mark.parametrize("line,secret", SPACE_ASSIGNMENTS)
def test_space_and_dockerfile_assignments_are_masked(line, secret):
    out = redact(line)
    assert secret not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize("line", ["set -x", "ENV TOKEN_TTL 3600", "ENV PATH /usr/local/bin:$PATH",
                                  "ENV API_KEY_FILE /run/secrets/api_key", "ARG NPM_TOKEN",
                                  "ENV GITHUB_TOKEN $GITHUB_TOKEN", "bypass\tXk9mP2vLq7Zt"])
def test_space_assignment_look_alikes_stay(line):
    assert redact(line) == line


@pytest.mark.parametrize("text,secret", [
    ("  token: >-\n    Xk9mP2vLq7ZtAbCdEf\n  region: eu\n", "Xk9mP2vLq7ZtAbCdEf"),
    ("api_key: |\n  abcdefghij0123456789ABCDEFGHIJ\n  klmnopqrst0123456789KLMNOPQRST\nnext: 1\n",
     "klmnopqrst0123456789KLMNOPQRST"),
    ("access_token: >\n  supersecretvalue\n", "supersecretvalue"),
])
def test_a_block_scalar_holding_one_token_is_masked_whole_and_streamed(text, secret):
    out = redact(text)
    assert secret not in out and "[REDACTED:" in out, out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out


@pytest.mark.parametrize("text", ["token: |\n  Use the token from the vault.\n  Rotate monthly.\nx: 1\n",
                                  "ca_key: |\n  -----BEGIN CERTIFICATE-----\n  MIIB\n  -----END CERTIFICATE-----\n",
                                  "token: >-\n  short\n"])
def test_block_scalars_that_are_no_token_stay(text):
    assert redact(text) == text


# A flag's argument is a literal: `--set`, `-var`, `--build-arg`; registry logins take `-p PASSWORD`.
@pytest.mark.parametrize("line,secret", [
    ("helm install web ./chart --set auth.token=supersecretvalue", "supersecretvalue"),
    ("terraform apply -var 'api_key=supersecretvalue'", "supersecretvalue"),
    ("docker build --build-arg npm_token=AbcDef123Ghi .", "AbcDef123Ghi"),
    ("docker login -u bob -p Xk9mP2vLq7Zt registry.example.com", "Xk9mP2vLq7Zt"),
    ("podman login -u bob -p 'Xk9mP2vLq7Zt' quay.io", "Xk9mP2vLq7Zt"),
])
def test_flag_arguments_are_literals(line, secret):
    out = redact(line)
    assert secret not in out and "[REDACTED:" in out, out


@pytest.mark.parametrize("line", ["ssh login@host -p 2222", "docker login -u bob --password-stdin registry.io",
                                  "docker login -p $REGISTRY_PASSWORD registry.io", "f(token=supersecretvalue)",
                                  "python x.py --token-file=tok.txt", "auth: oauthprovider",
                                  "helm upgrade web ./chart --set auth.tokenTtl=3600"])
def test_flag_argument_look_alikes_stay(line):
    assert redact(line) == line


# Subscript assignments (detect-secrets allows a closing `]`/quote after the keyword): a string literal there is
# the value; a variable or a call is code.
@pytest.mark.parametrize("line,secret", [('os.environ["API_KEY"] = "Xk9mP2vLq7Zt"', "Xk9mP2vLq7Zt"),
                                         ("config['password'] = 'hunter2'", "hunter2"),
                                         ('headers["X-Api-Key"] = "AbcDef123Ghi"', "AbcDef123Ghi"),
                                         ('ENV["TOKEN"] = "supersecretvalue"', "supersecretvalue")])
def test_subscript_assignments_of_literals_are_masked(line, secret):
    assert secret not in redact(line)


@pytest.mark.parametrize("line", ["config['password'] = pw", "settings['api_key'] = get_key()",
                                  'x["token"] == "abc"', 'd["token"] = ""'])
def test_subscript_code_stays(line):
    assert redact(line) == line


@pytest.mark.parametrize("line", ['request.headers["Authorization"] = f"Bearer {self._tokens.access_token}"',
                                  'headers["Authorization"] = f"Bearer {os.environ[\'HF_TOKEN\']}"',
                                  'auth_method: Literal["client_secret_basic", "client_secret_post"] = '
                                  '"client_secret_basic"'])
def test_templates_and_lists_near_subscripts_stay(line):
    assert redact(line) == line


_ALL_LINES = ([t.format(s) for t in CODE_SHAPED_CONTEXTS for s in GENERATED_VALUES] + CODE_WITH_NAME_NUMBERS
              + [line for line, _ in WORD_SECRET_LINES + USERINFO_SECRETS + XML_SETTINGS + SPACE_ASSIGNMENTS]
              + WORD_LOOK_ALIKES + USERINFO_LOOK_ALIKES + PLACEHOLDER_LINES)


def test_streamed_line_by_line_gives_the_same_text_and_masking_is_idempotent():
    text = "\n".join(_ALL_LINES) + "\n"
    out = redact(text)
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out
    assert redact(out) == out


# Command lines (echoed by `set -x`, CI logs, `ps`): password arguments whose flag does not say "password"
# (each tool's manual does), and Java system properties.
TOOL_PASSWORD_LINES = [
    "java -Dspring.datasource.password=Xk9mP2vLq7 -jar app.jar",
    'sqlcmd -S db -U sa -P Xk9mP2vLq7 -Q "select 1"',
    "ldapsearch -x -D cn=admin,dc=x -w Xk9mP2vLq7 -b dc=x",
    "smbclient //fs/share -U bob%Xk9mP2vLq7",
    "openssl pkcs12 -export -passout pass:Xk9mP2vLq7 -out x.p12",
    "openssl enc -aes-256-cbc -k Xk9mP2vLq7 -in a",
    "zip -P Xk9mP2vLq7 out.zip f",
    "7z a -pXk9mP2vLq7 out.7z f",
    'ssh-keygen -t ed25519 -N "Xk9mP2vLq7" -f k',
    "keytool -genkey -storepass Xk9mP2vLq7 -keypass Xk9mP2vLq7 -keystore ks.jks",
    "htpasswd -b .htpasswd bob Xk9mP2vLq7",
]


@pytest.mark.parametrize("line", TOOL_PASSWORD_LINES)
def test_tool_password_arguments_are_masked(line):
    out = redact(line)
    assert "Xk9mP2vLq7" not in out and "[REDACTED:password]" in out, out


@pytest.mark.parametrize("line", ['ssh-keygen -t ed25519 -N "" -f k', 'zip -r out.zip src -x "*.pyc"',
                                  "openssl req -passin env:KEY_PASS", "openssl rsa -passin file:pw.txt",
                                  "ldapsearch -x -W -b dc=x", "7z a out.7z f", "keytool -list -keystore ks",
                                  "java -Dfile.encoding=UTF-8 -jar a.jar", "netstat -U x%y", "ls -N -P /tmp",
                                  '<code>-passout pass:sample</code>'])
def test_tool_password_look_alikes_stay(line):
    assert redact(line) == line


# Prose: a password's own words say what follows is one; short values count when letters and digits mix as in a
# typed password, unlike technical words with numbers, versions, dates, paths and references.
@pytest.mark.parametrize("line,secret", [("The password is hunter2.", "hunter2"),
                                         ("Your new passphrase was Tr0ub4dor&3", "Tr0ub4dor&3"),
                                         ("password is set to Xk9mP2vL", "Xk9mP2vL"),
                                         ('the password is "abc123"', "abc123")])
def test_short_passwords_in_prose_are_masked(line, secret):
    assert secret not in redact(line)


@pytest.mark.parametrize("line", ["Password is too short", "Password was changed at 2024-01-01T10:00:00Z",
                                  "password is sha256-hashed", "the password is base64-encoded",
                                  "password is stored in ~/.pgpass", "password is 8 characters",
                                  "password was 2FA-protected", "Password is $DB_PASSWORD", "password is utf8-encoded",
                                  "password is v1.2.3", "password is valid for 90days",
                                  "the password is bcrypt2b-hashed"])
def test_prose_about_passwords_stays(line):
    assert redact(line) == line


# Source code that hands a literal to a setter, a builder or a secret wrapper type (calls.py).
SETTER_CALLS = [
    'client.set_password("Xk9mP2vLq7Zt")',
    'setApiKey("Xk9mP2vLq7Zt")',
    '    .withApiKey("AbcDef123Ghi")',
    'builder.password("hunter2Xy").build()',
    'SecretStr("correcthorse")',
    '.token("supersecretvalue")',
    'cfg.setToken("Xk9mP2vLq7Zt");',
    'manager.add_api_key("Xk9mP2vLq7Zt")',
]


@pytest.mark.parametrize("line", SETTER_CALLS)
def test_literals_handed_to_setters_are_masked(line):
    out = redact(line)
    assert "[REDACTED:" in out and not any(s in out for s in ("Xk9mP2vLq7Zt", "AbcDef123Ghi", "hunter2Xy",
                                                              "correcthorse", "supersecretvalue")), out


@pytest.mark.parametrize("line", ['os.getenv("API_TOKEN")', 'keyring.get_password("svc")',
                                  'vault.read_secret("db/password")', 'client.secret("db/password")',
                                  'tokenizer.tokenize("hello world")', 'set_token("")', 'setApiKey("YOUR_API_KEY")',
                                  '.token("csrf")', 'SecretStr("**********")', 'print("token")', 'key("Enter")',
                                  'set_key("ctrl+c")', "return f\"SecretStr('{self}')\"", 'log.secret("shhh")'])
def test_lookups_and_code_around_secret_named_calls_stay(line):
    assert redact(line) == line
