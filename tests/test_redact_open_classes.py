"""Session 6 rules (found with tests/data/redaction_heldout3): the classes left open after session 5 and the contexts the
third held-out set showed. Values here are our own, not the set's; each case is checked whole-text, streamed line by
line and for idempotence."""

from __future__ import annotations

import pytest

from terminus_edge.redact import StreamRedactor, learn_secrets, redact, redact_lines


def _streamed(text: str) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True)))


def _check_masked(text: str, value: str) -> None:
    out = redact(text)
    assert value not in out, out
    assert _streamed(text) == out and redact(out) == out


MASKED = [
    # a headerless slice of an INI file (sed -n / grep -A), a data value among the settings above
    ("    login = ops-bot\n    token = lanternfish\n    server = git.corp.example\n", "lanternfish"),
    ("\tremote = /srv/backup\n\tpassword = gooseberry\n", "gooseberry"),
    ("$ sed -n '3,5p' ~/.config/hub\n    user = ann-ci\n    token = lanternfish\n", "lanternfish"),
    # a quoted word assigned to a constant
    ('SLACK_TOKEN = "porcupine"\n', "porcupine"),
    ("app/conf.py:7:STRIPE_API_KEY = 'quokkaland'\n", "quokkaland"),
    # YAML values with a credential word among other words
    ("billing:\n  api_key: LedgerWebhookKeyZ\n", "LedgerWebhookKeyZ"),
    ("auth_token: NightlyDeployToken\n", "NightlyDeployToken"),
    # letters-only words said as the password in prose
    ("The staging password is periwinkle until Monday.\n", "periwinkle"),
    ("our wifi passphrase was Bramble\n", "Bramble"),
    # a value wrapped onto the next line after `key=>`
    ('{:session_secret=>\n  "' + "9f" * 40 + '",\n :retries=>3}\n', "9f" * 40),
    ('  ["db_password"]=>\n  string(9) "gingersna"\n', "gingersna"),
    ("$VAR1 = {\n  'smtppass' => 'Qx7!pLm2Zr'\n};\n", "Qx7!pLm2Zr"),
    # glued password names
    ("dbpass=rubberduck42\n", "rubberduck42"),
    # SQL dumps: INSERT rows under the CREATE TABLE's secret columns, pg_dump COPY rows
    ("CREATE TABLE keys(id INT, owner TEXT, api_key TEXT);\nINSERT INTO keys VALUES(7,'ann','k3yV4lu3Abc9Xyz77');\n",
     "k3yV4lu3Abc9Xyz77"),
    ("INSERT INTO `admins` (`id`, `passwd`) VALUES (1,'tangerine'),(2,'clementine');\n", "tangerine"),
    ("COPY public.accounts (id, email, secret) FROM stdin;\n1\tann@x.org\tmarzipan\n\\.\n", "marzipan"),
    ("INSERT INTO users VALUES(3,'li@x.org','pbkdf2_sha256$600000$Rk2sXq9$" + "A" * 43 + "=');\n", "A" * 43),
    # URLs: an OAuth authorization code next to its state; a connection string's next setting stays outside
    ("GET /auth/cb?state=9a8b&code=4%2F0AVG7fiQx_Zk3mP HTTP/1.1\n", "4%2F0AVG7fiQx_Zk3mP"),
    # the whole flag quoted, as bash -x prints it
    ("+ mysql -h db -u root '-pW1nter!Frost' -e status\n", "W1nter!Frost"),
    # Teams webhook, the V2 signature segment too
    ("url: https://x.webhook.office.com/webhookb2/a1b2c3d4e5f6a7b8c9d0@e1f2a3b4c5d6e7f8a9b0/IncomingWebhook/"
     "0123456789abcdef0123456789abcdef/5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/V2Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA\n",
     "V2Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA"),
]


@pytest.mark.parametrize("text, value", MASKED, ids=range(len(MASKED)))
def test_open_classes_are_masked(text, value):
    _check_masked(text, value)


def test_a_connection_string_value_ends_at_the_next_setting():
    out = redact("conn Server=sql;Uid=app;Pwd=Xk9mP2vLq7!;Encrypt=yes;Timeout=30\n")
    assert "Xk9mP2vLq7!" not in out and "Encrypt=yes;Timeout=30" in out


def test_a_phrase_value_ends_at_the_next_query_parameter():
    out = redact('"GET /v2/find?q=x&api_key=7hd83kdm2ns8dk3mzq9a&page=3 HTTP/1.1" 200\n')
    assert "7hd83kdm2ns8dk3mzq9a" not in out and "&page=3 HTTP/1.1" in out


LOOK_ALIKES = [
    # prose about a password, not one
    "The password is stored in Vault.\n", "Your password is about to expire\n", "the password is then hashed\n",
    "the password was rotated yesterday\n", "The password is kept in 1Password\n", "password is different\n",
    "passwd: password updated successfully\n", "pam: password changed for deploy\n",
    # code: one indented assignment with nothing above, or under a function
    "    token = supersecretvalue\n", "def f():\n    user = a-b\n    token = lanternfish\n",
    "    x = 1\n    token = lanternfish\n", ">>> import os\n    token = lanternfish\n",
    "Error: password is necessary for this operation\n",
    # names made of a credential's words and naming words, constants that name headers and fields
    "api_key: someApiKeyVariable\n", 'API_KEY = "apiKey"\n', 'API_KEY_HEADER = "X-Api-Key"\n',
    'TOKEN = "token"\n', 'AUTH_TOKEN = "Bearer"\n',
    # secret santa, scripts, user:pass joined in code, an OAuth-less code parameter
    "SECRET_SANTA=enabled\n", "DEPLOY_SECRET_SCRIPT=bin/rotate.sh\n", '        userpass = b":".join((user, pw))\n',
    "GET /status?code=404&page=2 HTTP/1.1\n", "git config user.signingkey 3AA5C34371567BD2\n",
    # SQL without secret columns, and `=>` before a plain value
    "CREATE TABLE t(id INT, name TEXT);\nINSERT INTO t VALUES(1,'Xk9mP2vLq7Zt88');\n",
    "COPY public.tokens_meta (id, token_count) FROM stdin;\n1\t42\n\\.\n",
    '{:name=>\n  "payments-api",\n :token_count=>42}\n',
]


@pytest.mark.parametrize("text", LOOK_ALIKES, ids=range(len(LOOK_ALIKES)))
def test_look_alikes_stay(text):
    assert redact(text) == text and _streamed(text) == text


def test_sql_dump_rules_stay_linear():
    import time

    dump = "CREATE TABLE t(id INT, token TEXT);\n" + "INSERT INTO t VALUES(1,'x'),(2,'y');\n" * 20000
    started = time.process_time()
    redact(dump)
    assert time.process_time() - started < 5


JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcHMtYm90Iiwic2NvcGUiOiJkZXBsb3kifQ."
       "Qm9vW3x7Tz9pLkR2aVdnUXNzT1pYcmZ1bEhqV0E")


@pytest.mark.parametrize("line", [
    "got id_token " + JWT[:60] + " … [53 more characters]",  # a summary's clipped line: the head
    "token=" + JWT[:30] + "…",
    "… [80 characters omitted] … " + JWT[-25:] + '",',  # the tail kept after a cut
])
def test_a_known_secret_cut_short_is_masked(line):
    out = redact(line, known={JWT: "jwt"})
    assert not any(JWT[i:i + 12] in out for i in range(37, len(JWT) - 11)), out  # (the header is public)


def test_a_token_sharing_a_known_prefix_is_left_alone():
    other = "ab12cd34ef56gh78ij90kl12mn34op56"
    line = "build id " + other[:20] + "zz99yy88xx77 done"
    assert redact(line, known={other: "token"}) == line


def test_a_stream_masks_a_secret_it_was_handed_when_cut_short():
    stream = StreamRedactor(known={"Zq8Kd02LmXc7Vb3Nf6Hj1Pr5Ts9Wy4Ue": "token"})
    out = stream.feed("retrying with Zq8Kd02LmXc7Vb3Nf6 …\n") + stream.flush()  # no key left to say what it is
    assert "Zq8Kd02Lm" not in out


def test_pieces_of_a_value_found_in_the_same_text_are_not_spread():
    text = 'ROUTE_KEY = "io.example.dev/protocolVersion"\nsee io.example.dev/ for the reserved prefix\n'
    assert "see io.example.dev/ for" in redact(text)


def test_a_word_found_only_as_a_secret_is_learned_for_a_summary():
    raw = "    host = git.corp.example\n    token = lanternfish\n"
    known = learn_secrets(raw)
    assert known == {"lanternfish": "token"}
    assert redact("Output:\nhost = git.corp.example\ntoken = lanternfish", known=known).endswith("[REDACTED:token]")
    # a word the output also uses otherwise is not learned: masking it everywhere would hide ordinary facts
    assert learn_secrets("POSTGRES_PASSWORD=postgres\nimage: postgres:16\n") == {}


def test_a_stream_with_many_distinct_secrets_stays_linear():
    import random
    import time

    rng = random.Random(6)
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    lines = [f"export API_TOKEN={''.join(rng.choice(chars) for _ in range(40))}\n" if i % 10 == 0 else
             f"2026-11-26 03:14:07 INFO request {i} served in {i % 97} ms\n" for i in range(6000)]
    started = time.process_time()
    streamed = "".join(redact_lines(lines))
    assert time.process_time() - started < 5  # (was ~20 s: every line matched against every secret learned)
    assert streamed == redact("".join(lines)) and "API_TOKEN=[REDACTED:" in streamed
