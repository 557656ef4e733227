"""Round 9 (session 12): a password-store entry's bare first line without its command (passentry.py), a secret a
terminal or `fold` wrapped at its width with no row markers (reflow.py), and the look-alikes that stay."""

from terminus_edge.redact import redact, redact_lines


def _same_streamed(text: str) -> str:
    out = redact(text)
    assert "".join(redact_lines(text.splitlines(keepends=True))) == out
    return out


def test_a_store_entrys_first_line_is_masked_by_its_layout():
    out = _same_streamed("Xq7vR2mLp9TzW4kB#e1\nlogin: ops\nurl: https://ops.example.dev\n")
    assert "Xq7vR2mLp9TzW4kB" not in out and "login: ops" in out and "url: https://ops.example.dev" in out


def test_identifiers_and_words_above_fields_stay():
    for head in ("3f786850e387550fdab836ed7e6dc881de23001b", "7e16f65d-684f-4087-a151-d3b48f2548be", "v1.24.3",
                 "Deployment", "web-prod-3", "WEB01-EU", "ip-10-0-1-23", "/srv/app/releases/2026"):
        assert head in _same_streamed(f"{head}\nStatus: running\nNode: worker-2\n"), head


def test_a_token_wrapped_at_80_columns_is_masked_in_both_rows():
    token = "ghp_" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7d"
    line = f"2026-11-26T21:04:11Z INFO sync configured provider=github registry=ghcr token={token} region=eu"
    folded = line[:80] + "\n" + line[80:] + "\nnext: line\n"
    out = _same_streamed(folded)
    assert token[-12:] not in out.replace("\n", "") and token[4:16] not in out
    assert "INFO sync configured provider=github" in out and "region=eu" in out


def test_wrapped_look_alikes_stay():
    ids = "7e16f65d-684f-4087-a151-d3b48f2548be 3f786850e387550fdab836ed7e6dc881de23001b d41d8cd98f00b204e9800998ecf8427e"
    text = "checksums: " + ids + " sha256-" + "Zm9vYmFyYmF6cXV4" * 5
    folded = "\n".join(text[i:i + 80] for i in range(0, len(text), 80)) + "\n"
    assert _same_streamed(folded) == folded
