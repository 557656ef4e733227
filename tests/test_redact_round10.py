"""Round 10 (session 13): a token a terminal or `fold` cuts at any width is joined back (not only 80/100/120/132/160/200
columns); a generated one-case password on a `pass show` entry's first line is masked without the command."""

from __future__ import annotations

import random
import string
import time

import pytest

from terminus_edge.redact import redact, redact_lines

R = random.Random(13)


def _token(prefix: str, n: int) -> str:
    return prefix + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(n))


def _fold(text: str, width: int) -> str:
    return "".join(line[i:i + width] + "\n" for line in text.splitlines() for i in range(0, max(len(line), 1), width))


def _windows(secret: str, text: str) -> list[str]:
    flat = "".join(text.split())
    return [secret[i:i + 12] for i in range(len(secret) - 11) if secret[i:i + 12] in flat]


@pytest.mark.parametrize("width", [44, 57, 64, 72, 90, 96, 111, 140])
def test_a_token_folded_at_any_width_is_masked_in_every_piece(width):
    pat = _token("github_pat_11A", 79)
    text = _fold(f"BUILD=812\nGITHUB_TOKEN={pat}\nREGION=eu-west-1\n", width)
    out = redact(text)
    assert _windows(pat[len("github_pat_"):], out) == [], out
    assert "REGION=eu-west-1" in out and "BUILD=812" in out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out


@pytest.mark.parametrize("width", [50, 72, 96])
def test_a_jwt_folded_in_a_log_line_is_masked(width):
    import base64
    import json

    def seg(b: bytes) -> str:
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    tok = ".".join((seg(b'{"alg":"HS256","typ":"JWT"}'), seg(json.dumps({"sub": "svc", "n": _token("", 30)}).encode()),
                    seg(_token("", 32).encode())))
    text = _fold(f"2026-11-27T01:00:00Z DEBUG client=billing auth=\"Bearer {tok}\" status=200\n", width)
    out = redact(text)
    assert _windows(tok.split(".", 1)[1], out) == [], out
    assert "DEBUG client=billing" in out


@pytest.mark.parametrize("after", ["SLACK_CHANNEL=#deploys", "Traceback (most recent call last):", "region = eu-central-1",
                                   "INFO done", "Deployment finished"])
def test_a_line_ending_in_a_whole_token_is_not_joined_with_the_next_line(after):
    text = f"SLACK_BOT_TOKEN=xoxb-936280889885-9713105055377-{_token('', 24)}\n{after}\n"
    assert after in redact(text)


def test_base64_lines_are_left_to_key_bodies_and_a_stream_agrees():
    lines = [_token("", 64) + "\n" for _ in range(6)]
    text = "some data:\n" + "".join(lines) + "done\n"
    assert "".join(redact_lines(text.splitlines(keepends=True))) == redact(text)


def test_rows_longer_than_the_first_are_no_rows_of_it():
    """`fold` never makes a row longer than its width: a shorter line ending in a token starts no run over them."""
    pat = _token("github_pat_11A", 79)
    text = f"RELEASE_SHA={_token('', 40)}\n" + _fold(f"GITHUB_TOKEN={pat}", 90) + "REGION=eu-west-1\n"
    out = redact(text)
    assert _windows(pat[len("github_pat_"):], out) == [], out


@pytest.mark.parametrize("pw", ["u4tuidw1hypmvh6epp", "HWXATA819P8RFZGN", "k2m9x7q4z1w8r5t3"])
def test_a_one_case_generated_password_above_fields_is_masked(pw):
    out = redact(f"{pw}\nuser: admin\nurl: https://grafana.acme.dev\n")
    assert pw not in out and "user: admin" in out


@pytest.mark.parametrize("head", ["node01", "WEB01-EU", "web-prod-3", "build2024x", "deadbeefcafe1234", "v1.24.3",
                                  "Deployment", "production"])
def test_names_above_fields_stay(head):
    assert head in redact(f"{head}\nStatus: Running\nIP: 10.0.0.4\n")


def test_long_lines_ending_in_tokens_stay_linear():
    def run(n: int) -> float:
        text = "".join(f"{i:06d} " + "a1B2" * 15 + "\n" for i in range(n))
        t = time.perf_counter()
        redact(text)
        return time.perf_counter() - t
    small, big = run(500), run(4000)
    assert big < small * 8 * 4 + 1.0  # 8x the lines: within 4x of linear (a loaded box), never quadratic


@pytest.mark.parametrize("width", [44, 110])
def test_a_cut_right_after_a_vendor_prefix_or_in_narrow_json_is_joined(width):
    sk = _token("sk_live_51", 90)
    text = _fold(f'{{\n    "note": "retry",\n    "stripe_key": "{sk}",\n    "n": 2\n}}\n', width)
    text += _fold(f"2026-11-27T02:01:44Z WARN payments retrying charge with key={sk} attempt=2\n", width)
    out = redact(text)
    assert _windows(sk[len("sk_live_"):], out) == [], out
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out


@pytest.mark.parametrize("line", ["the operator rotated the deploy key", "uploaded with the task sk", "ended in hf"])
def test_a_line_ending_in_a_word_like_a_vendor_prefix_keeps_the_next_line(line):
    text = f"{line}\nDeploymentFinished cleanly\n"
    assert redact(text) == text


def test_a_short_line_ending_in_a_token_goes_out_at_once():
    """Lines under 40 columns are not held for a wrap (fold -w 30 is left open: a stream would hold every short line
    ending in `kL9m`)."""
    from terminus_edge.redact.stream import StreamRedactor
    assert StreamRedactor().feed("connecting as build-7 with id kL9m\n") == "connecting as build-7 with id kL9m\n"
