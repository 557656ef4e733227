"""Redaction properties: never raises, idempotent, report offsets are honest, linear time, and the
streaming path (CLI, line by line) masks the same secrets as the whole-text path."""

from __future__ import annotations

import random
import string
import time

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from terminus_edge.redact import StreamRedactor, redact, redact_lines, redact_with_report

# Text built from the pieces the detectors react to, so the search reaches the interesting paths.
_PIECES = st.sampled_from([
    "password", "PASSWORD", "token", "api_key", "Authorization", "Bearer ", "Basic ", "Cookie: ", "secret",
    "=", ": ", '"', "'", "\\\"", "://", "@", ":", ";", "&", "?", "\n", " ", "\t", "-----BEGIN RSA PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----", "--password ", "-u ", "ghp_", "sk-", "xoxb-", "AKIA", "eyJ", ".",
    "[REDACTED:token]", "$TOKEN", "***", "<password>", "</password>", "|", "machine ", "\r", "é", "\x00",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(alphabet=string.ascii_letters + string.digits + "+/=_-", max_size=40),
                           st.text(max_size=10)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_raises_and_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_text(text):
    once = redact(text)
    assert isinstance(once, str) and redact(once) == once


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_report_spans_are_sorted_disjoint_and_inside_the_text(text):
    out, findings = redact_with_report(text)
    last = 0
    for f in findings:
        assert last <= f.start < f.end <= len(text)
        last = f.end
    assert (out == text) == (not findings)


def test_stream_matches_whole_text_on_a_mixed_log():
    token = "ghp_" + "Q" * 4 + "x7Lm2Pq9Rs4Tu6Vw8Yz1Ab3Cd5Ef7Gh9Jk"
    body = "\n".join(["MIIEowIBAAKCAQEAtORfy5DspjMvgJ7fPaxH8yiaeyWHvK5+tX+j5+H9qLdRkRpd"] * 5)
    text = (f"start\nGITHUB_TOKEN={token}\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n"
            f"-----END RSA PRIVATE KEY-----\nlater echo {token}\nend\n")
    streamed = "".join(redact_lines(text.splitlines(keepends=True)))
    assert streamed == redact(text)
    assert token not in streamed and "MIIEow" not in streamed and streamed.endswith("end\n")


def test_stream_masks_a_secret_again_lines_later():
    stream = StreamRedactor()
    assert "Zq8" not in stream.feed("DB_PASSWORD=Zq8!vR2#kL9m\n")
    assert stream.feed("connecting with Zq8!vR2#kL9m\n") == "connecting with [REDACTED:password]\n"


def test_stream_flushes_an_unterminated_key_block():
    stream = StreamRedactor()
    outs = [stream.feed("-----BEGIN PRIVATE KEY-----\n"), stream.feed("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n")]
    assert outs == ["", ""]
    tail = stream.flush()
    assert "MIIEvQ" not in tail and tail.startswith("-----BEGIN PRIVATE KEY-----\n[REDACTED:private-key]")


def test_cli_redacts_stdin_and_reports_stats():
    from terminus_edge.cli import main

    token = "xoxb-" + "1234567890-0987654321-" + "aB3dE5gH7jK9mN1pQ3sT5vX7"
    result = CliRunner().invoke(main, ["redact", "--stats"], input=f"ok line\nSLACK={token}\n")
    assert result.exit_code == 0, result.output
    assert "ok line\nSLACK=[REDACTED:slack-token]\n" in result.stdout and token not in result.stdout
    assert "redact: 2 lines, 1 secret masked (slack-token=1)" in result.stderr


def test_cli_survives_invalid_utf8():
    from terminus_edge.cli import main

    result = CliRunner().invoke(main, ["redact"], input=b"bad \xff\xfe bytes\npassword=hunter22\n")
    assert result.exit_code == 0 and "hunter22" not in result.stdout and "bytes" in result.stdout


def _ordinary_log(size: int) -> str:
    rng = random.Random(7)
    templates = [
        "2026-11-24T09:14:0{0}.104Z INFO worker-{1} processed job id={2} in {3}ms status=ok",
        "tests/test_module_{1}.py::test_case_{1} PASSED                [ {1}%]",
        "{2}  dist/pkg-{1}.tar.gz",
        '  File "/srv/app/module_{1}.py", line {1}, in handler',
        "key={1} value={2} token_count={1} session=start auth=ok password_min_length={1}",
        "GET /api/v1/items/{1}?page=2 HTTP/1.1 200 {1} https://example.com/path/{1} Cookie: theme=dark",
        "npm WARN deprecated pkg-{1}@1.2.3: see https://github.com/x/y --user {1} -- Bearer token required",
    ]
    lines, total = [], 0
    while total < size:
        line = rng.choice(templates).format(rng.randint(0, 9), rng.randint(1, 999),
                                            "".join(rng.choices("0123456789abcdef", k=40)), rng.randint(1, 5000))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def test_ten_megabytes_of_ordinary_log_is_fast_and_untouched():
    text = _ordinary_log(10_000_000)
    start = time.process_time()  # CPU time: the shared test machine's load does not count
    out = redact(text)
    elapsed = time.process_time() - start
    assert out == text
    assert elapsed < 8, f"10 MB took {elapsed:.1f}s of CPU"


def test_adversarial_inputs_stay_linear():
    for text in ("password=" * 40_000, "a:" * 200_000, "Cookie: a=bbbbbbbb;" * 20_000, "--password " * 40_000,
                 "-----BEGIN RSA PRIVATE KEY-----\n" * 10_000, "<password>" * 40_000, "http://a:" * 40_000,
                 "x" * 400_000, "'key'" * 80_000, "Bearer " * 50_000):
        start = time.process_time()
        redact(text)
        assert time.process_time() - start < 3, text[:30]


def test_dense_keyword_soup_on_one_line_settles_quickly():
    rng = random.Random(2)
    pieces = ["token", "password", "key=", "value:", "abc123", "https://x.y/z", "Bearer", "secret", "data:", "-",
              "--flag", "a=b;", "'q'", '"x":', "{", "}", "ghp_", "eyJ"]
    text = " ".join(rng.choice(pieces) for _ in range(150_000))  # ~0.9 MB, one line, a finding every ~90 chars
    start = time.process_time()
    once = redact(text)
    assert time.process_time() - start < 8
    assert redact(once) == once


_SECRET_CHARS = string.ascii_letters + string.digits


# derandomize: the same 400 examples every run, so CI cannot fail on a draw no one has seen.
@settings(max_examples=400, deadline=None, derandomize=True)
@example("000000000000000A", "API_KEY={}")  # repetitive, but its name says it is a credential
@example("AAAA000000AaaAaa", "API_KEY={}")  # a draw once read as a code identifier (test_redact_literals.py)
@example("AAAA000000AaaAaa", "--token {}")
@example("AAAA000000AaaAaa", "session_id={}")
@given(st.text(alphabet=_SECRET_CHARS + "_-", min_size=16, max_size=64).filter(
           lambda s: any(c.isdigit() for c in s) and any(c.isalpha() for c in s) and s[0].isalnum()),
       st.sampled_from(["API_KEY={}", "export GITHUB_TOKEN='{}'", "client_secret: {}", '"apiKey": "{}"',
                        "> X-Auth-Token: {}", "DB_PASSWORD={}", "--token {}", "Authorization: Bearer {}",
                        "https://user:{}@host/x", "<password>{}</password>", "session_id={}"]))
def test_random_secret_under_a_secret_name_is_always_masked(secret, template):
    out = redact("INFO start\n" + template.format(secret) + "\nINFO done")
    assert secret not in out and "INFO start" in out and "INFO done" in out


_CODE_LINES = [
    "    def __init__(self, api_key: Optional[str] = None, token: str | None = None):",
    "        self.password = password or os.environ.get('DB_PASSWORD')",
    "E       token_ids_0 = tokenizer(text)['input_ids']",
    "client     = <uploader.client.UploadClient object at 0x7f24acfde790>",
    "secret_key = settings.SECRET_KEY",
    "    return AccessToken(token=token, expires_at=expires_at)",
    "            username, password = index_url_user_password",
    "private_key: Ed448PrivateKey | None = None",
]


def test_source_code_in_tracebacks_is_not_redacted():
    for line in _CODE_LINES:
        assert redact(line) == line


def test_cli_uses_the_command_as_context():
    from terminus_edge.cli import main

    value = "Qm9vdHN0cmFwU2VjcmV0VmFsdWUx"  # a bare one-word line: a secret only because of the command
    plain = CliRunner().invoke(main, ["redact"], input=f"{value}\n")
    assert plain.exit_code == 0 and value in plain.stdout
    told = CliRunner().invoke(main, ["redact", "--command", "printenv DEPLOY_TOKEN"], input=f"{value}\n")
    assert told.exit_code == 0 and value not in told.stdout and "[REDACTED" in told.stdout
