"""Identifier-shaped secrets: where the syntax says "a literal" (a quoted string, a shell/.env assignment,
an upper-case env name, a dashed header, a shell argument, a table cell), a value under a credential's name
is masked even when it is built like an identifier (`AAAA000000AaaAaa`, a draw that once slipped through);
source code (calls, attributes, types, names of other secrets) under the same names stays."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from terminus_edge.redact import learn_secrets, redact

# Shaped like code identifiers (humps and digits), not random-looking: the cases code-awareness once excused.
IDENTIFIER_SECRETS = ["AAAA000000AaaAaa", "AbcDefGhi123Jkl", "DeployKey2024Prod", "QA01Release7Build"]

LITERAL_TEMPLATES = [
    "API_KEY={}",
    "export GITHUB_TOKEN='{}'",
    "TOKEN=\"{}\"",
    '"apiKey": "{}"',
    "{{'token': '{}', 'user': 'bob'}}",
    "    api_key    = '{}'",  # pytest -l prints locals as reprs: quoted means a value
    "> X-Auth-Token: {}",
    "curl -H 'X-Api-Key: {}' https://api.example.com",
    "docker run -e API_TOKEN={} -p 80:80 img",
    "SERVICE_TOKEN: {}",
    "session_id={}",
    "deploy --token {} --region eu",
    "<apiKey>{}</apiKey>",
    "api_key     {}",
    "Authorization: Bearer {}",
    '{{"name": "STRIPE_TOKEN", "value": "{}"}}',
    "DB_PASSWORD=hello_world_{}",
]


@pytest.mark.parametrize("template", LITERAL_TEMPLATES)
@pytest.mark.parametrize("secret", IDENTIFIER_SECRETS)
def test_identifier_shaped_value_in_a_literal_context_is_masked(template, secret):
    line = template.format(secret)
    out = redact(line)
    assert secret not in out and "[REDACTED:" in out, out


def test_the_key_and_separator_survive():
    assert redact("API_KEY=AbcDefGhi123Jkl") == "API_KEY=[REDACTED:api-key]"
    assert redact("export TOKEN=AbcDefGhi123Jkl") == "export TOKEN=[REDACTED:token]"
    assert redact('"apiKey": "AAAA000000AaaAaa"') == '"apiKey": "[REDACTED:api-key]"'


CODE_LINES = [
    "api_key = get_api_key()",
    'token = request.headers["X-Token"]',
    "password: str",
    "    api_key: Optional[str] = None",
    "        token = AccessToken(value=raw, expires_at=exp)",
    "auth_token = self.auth_token",
    "    client = Client(api_key=ApiKeyHeader2)",
    "private_key: Ed25519PrivateKey = load_key()",
    "token: AccessToken",
    "run with --token GITHUB_TOKEN or --secrets HF_TOKEN",
    "TOKEN_VAR=GITHUB_TOKEN",
    "headers = {'Authorization': f'Bearer {token}'}",
    "Use HTTP Bearer Authentication with an AccessToken header",
    '    data = {"token": token_v2, "password": password}',
    "SECRET_KEY = settings.SECRET_KEY",
    "export API_TOKEN=$(cat ~/.config/token)",
    "API_KEY=${API_KEY}",
]


@pytest.mark.parametrize("line", CODE_LINES)
def test_code_and_references_under_secret_names_stay(line):
    assert redact(line) == line


def test_identifier_shaped_secret_is_masked_where_it_recurs_and_in_a_summary():
    raw = "export TOKEN=AbcDefGhi123Jkl\n+ curl -s https://api.example.com -u bot:x\nusing AbcDefGhi123Jkl\n"
    assert "AbcDefGhi123Jkl" not in redact(raw)
    known = learn_secrets(raw)
    assert known == {"AbcDefGhi123Jkl": "token"}
    assert redact("Summary: authenticated with AbcDefGhi123Jkl.", known=known) == \
        "Summary: authenticated with [REDACTED:token]."


def test_word_built_identifiers_are_not_learned_as_echoes():
    known = learn_secrets('SECRET_KEY="ProdSecretKey"\n')  # masked here (a secret's name says so)…
    assert known == {}  # …but a word-built name is not masked wherever the word recurs
    assert redact("class ProdSecretKey(Base): ...", known=known) == "class ProdSecretKey(Base): ..."


# Shapes that read like identifiers (an acronym and digits, then capitalised humps), always with digits;
# 16+ characters, like the random property in test_redact_props (shorter values must also look random).
_IDENTIFIER_SHAPED = st.from_regex(r"[A-Z]{2,6}[0-9]{1,8}(?:[A-Z][a-z]{2,5}){1,4}|(?:[A-Z][a-z]{2,5}){1,3}[0-9]{1,4}"
                                   r"(?:[A-Z][a-z]{2,5}){1,3}", fullmatch=True).filter(lambda s: len(s) >= 16)


@given(_IDENTIFIER_SHAPED, st.sampled_from(LITERAL_TEMPLATES))
@example("AAAA000000AaaAaa", "API_KEY={}")
def test_any_identifier_shaped_value_in_a_literal_context_is_masked(secret, template):
    out = redact("INFO start\n" + template.format(secret) + "\nINFO done")
    assert secret not in out and out.startswith("INFO start\n") and out.endswith("\nINFO done")


# Names real code uses: two or more words, maybe an acronym and a short number (HTTP2, X509, OAuth2).
_WORDS = st.sampled_from(["Access", "Token", "Key", "Client", "Auth", "Loader", "Config", "Service", "Provider",
                          "Header", "Factory", "Manager", "Session", "Secret", "Store", "Private", "Api", "Credential"])
_CODE_NAMES = st.builds(lambda acronym, words, number: acronym + "".join(words) + number,
                        st.sampled_from(["", "HTTP", "X509", "OAuth2", "AWS", "JWT"]),
                        st.lists(_WORDS, min_size=2, max_size=4), st.sampled_from(["", "2", "V3", "64"]))


@given(_CODE_NAMES, st.sampled_from(["    token = {}(request)", "api_key = {}.from_env()",
                                            "        return {}(token=token)", "token: {} | None = None",
                                            "self.api_key = {}.load(path)"]))
def test_the_same_shapes_in_source_code_stay(name, template):
    line = template.format(name)
    assert redact(line) == line
