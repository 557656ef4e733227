"""Cuts made for length before the redaction step, and secrets shown cut short (session 10 audit).

A line over 16 KB keeps its first 4,000 and last 2,000 characters (summarize/rows.py, terminal.py). A secret that
spans either cut, or whose key or `@host` falls on the other side of it, must not leave as a half the redactor can
no longer recognise; and a secret learned whole earlier must be masked when a later line shows it cut short."""

from __future__ import annotations

import pytest

from test_egress_redaction import API_KEY, DB_PASSWORD, GITHUB_TOKEN, _token
from terminus_edge.redact import learn_secrets, redact
from terminus_edge.redact.cut import safe_cut, safe_start
from terminus_edge.summarize.rows import LINE_HEAD, LONG_LINE
from terminus_edge.summarize.screen import RowScreen
from terminus_edge.summarize.terminal import LineCleaner, clean_lines

PIECE = 12
AROUND = [
    ("Error: push to https://", GITHUB_TOKEN, "@github.com/o/r.git rejected"),
    ("psql: could not connect to postgresql://appuser:", DB_PASSWORD, "@db.internal:5432/prod"),
    ('curl: (22) 401 for -H "Authorization: Bearer ', API_KEY, '"'),
    ("export AWS_SECRET_ACCESS_KEY=", _token(40), " && ./deploy"),
]


def pieces_in(text: str, secret: str) -> list[str]:
    return [secret[i:i + PIECE] for i in range(len(secret) - PIECE + 1) if secret[i:i + PIECE] in text]


def long_line(before: str, secret: str, after: str, where: str, shift: int) -> str:
    """A line over 16 KB with `before + secret + after` placed `shift` characters around the head or tail cut."""
    planted = before + secret + after
    if where == "head":  # the secret starts `shift` before the cut (negative: ends that far before it)
        pad = LINE_HEAD - len(before) - shift
        return "a" * (pad % 2) + "a " * (pad // 2) + planted + " y" * 9000
    pad = 2_000 - len(after) - len(secret) + shift  # the tail keeps `shift` characters of the secret
    return "b " * 9000 + planted + " z" * (pad // 2) + " " * (pad % 2)


def streamed(text: str, size: int = 1000) -> str:
    cleaner = LineCleaner()
    out = [cleaner.feed(text[i:i + size]) for i in range(0, len(text), size)] + [cleaner.finish()]
    return "\n".join(block for block in out if block)


def drawn(line: str) -> str:
    """The line written on a drawn screen (a cursor move before it), as gradle's status area is."""
    return streamed(f"status\x1b[1A\x1b[2K\n{line}\nfatal: deploy failed\n")


@pytest.mark.parametrize("before, secret, after", AROUND)
@pytest.mark.parametrize("where, shift", [("head", 14), ("head", 20), ("head", -3), ("tail", 14), ("tail", 20),
                                          ("tail", -2)])
@pytest.mark.parametrize("clean", [clean_lines, streamed, drawn], ids=["whole", "streamed", "drawn"])
def test_a_long_lines_cuts_leave_no_part_of_a_secret_the_redactor_cannot_find(before, secret, after, where, shift,
                                                                               clean):
    line = long_line(before, secret, after, where, shift)
    cleaned = clean(f"starting\n{line}\nfatal: deploy failed\n")
    assert "characters omitted]" in cleaned and "fatal: deploy failed" in cleaned
    assert len(cleaned) < LINE_HEAD + LONG_LINE  # still cut, only moved (a streamed line keeps its last piece)
    assert not pieces_in(redact(cleaned), secret)


def test_a_secret_and_its_key_kept_whole_on_one_side_stay_in_the_kept_text():
    """Moving a cut is only for the secret it would split: one well inside the head is kept (and redacted)."""
    line = "x " * 500 + "token=" + GITHUB_TOKEN + " " + "y " * 9000
    cleaned = clean_lines(line)
    assert "[REDACTED:" in redact(cleaned) and not pieces_in(redact(cleaned), GITHUB_TOKEN)
    assert cleaned.startswith("x x") and cleaned.index(" … [") >= LINE_HEAD - 2


def test_safe_cut_and_safe_start_move_off_a_secret_and_off_the_context_that_marks_it():
    text = "x " * 40 + f"postgresql://appuser:{DB_PASSWORD}@db:5432/prod " + "y " * 40
    at = text.index(DB_PASSWORD)
    assert safe_cut(text, at + 5) == at  # through the password
    assert safe_cut(text, at + len(DB_PASSWORD)) == at  # right after it, before the `@db` that marks it
    assert safe_cut(text, 20) == 20 and safe_start(text, len(text) - 20) == len(text) - 20
    key = "x " * 40 + "AWS_SECRET_ACCESS_KEY=" + (secret := _token(40)) + " " + "y " * 40
    value = key.index(secret)
    assert safe_start(key, value + 5) >= value + len(secret)  # through the value
    assert safe_start(key, value) >= value + len(secret)  # the value kept without its key


# -- secrets cut short: pieces.py -------------------------------------------------------------------------------------

def test_a_tokens_head_cut_right_after_a_url_scheme_is_masked():
    known = {GITHUB_TOKEN: "github-token"}
    for shown in (f"fatal: https://{GITHUB_TOKEN[:20]}… [61 more characters]",
                  f"remote: https://{GITHUB_TOKEN[:16]}", f"git push git+ssh://{GITHUB_TOKEN[:14]}… failed"):
        assert not pieces_in(redact(shown, known), GITHUB_TOKEN), shown


def test_a_short_password_learned_from_a_url_is_masked_where_it_is_shown_cut():
    password = "Wq7" + _token(14)  # 17 characters
    known = learn_secrets(f"connecting to postgres://deploy:{password}@db.internal:5432/app\n")
    assert known.get(password)
    for shown in (f"password: {password[:13]}… [4 more characters]", f"dsn deploy:{password[:14]}",
                  f"… {password[-13:]}@db.internal", f"{password[-12:]} was rejected"):
        out = redact(shown, known)
        assert not pieces_in(out, password) and "[REDACTED:" in out, shown


def test_a_short_secrets_head_without_a_visible_cut_is_left_alone():
    """12 characters are too few to tell a short secret from a name that starts the same way, unless a cut shows."""
    known = {"release-candidate-7": "password"}
    text = "tagged release-candidat and pushed; release-candidate-8 follows"
    assert redact(text, known) == text
