"""terminus_edge.shell_words gives shlex's tokens, offsets and errors, in linear time."""

from __future__ import annotations

import random
import shlex

import pytest

from linear_time import assert_linear

from terminus_edge import shell_words

ALPHABET = ["a", "b", " ", "\t", "\n", "'", '"', "\\", "#", "|", "&", ";", "(", ")", "<", ">", "{", "}", "$", "é", "-"]
MODES = [("", ""), ("();<>|&", "#"), ("();<>|&", ""), (";&|()<>{}", "")]


def by_shlex(text: str, punctuation: str, commenters: str) -> tuple[list[tuple[str, int]], str | None]:
    lexer = shlex.shlex(text, posix=True, punctuation_chars=punctuation)
    lexer.whitespace_split, lexer.commenters = True, commenters
    out = []
    try:
        while (token := lexer.get_token()) is not None:
            out.append((token, lexer.instream.tell() - len(getattr(lexer, "_pushback_chars", ()))))
    except ValueError as error:
        return out, str(error)
    return out, None


def by_shell_words(text: str, punctuation: str, commenters: str) -> tuple[list[tuple[str, int]], str | None]:
    out = []
    try:
        for item in shell_words.lex(text, punctuation=punctuation, commenters=commenters):
            out.append(item)
    except ValueError as error:
        return out, str(error)
    return out, None


@pytest.mark.parametrize("punctuation,commenters", MODES)
def test_same_tokens_offsets_and_errors_as_shlex_on_random_input(punctuation, commenters):
    rng = random.Random(f"{punctuation}{commenters}")
    for _ in range(6000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        assert by_shell_words(text, punctuation, commenters) == by_shlex(text, punctuation, commenters), repr(text)


@pytest.mark.parametrize("text", [
    "", "   ", "''", '""', "a ''", "echo 'it''s' \"a \\\"b\\\" \\c\" d\\ e", "ls -la | grep x && make || true; (cd a)",
    "a#b # c\nd", "2>&1 >>log <in", "echo \"$(date)\" `id`", "x='", 'x="a\\', "x\\",
])
def test_known_shapes(text):
    for punctuation, commenters in MODES:
        assert by_shell_words(text, punctuation, commenters) == by_shlex(text, punctuation, commenters)


def test_split_and_tokens_match_their_shlex_forms():
    line = "FOO=1 git commit -m 'a b' && echo \"x;y\" | tee out # note"
    assert shell_words.split(line) == shlex.split(line)
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;()<>")
    lexer.whitespace_split = True
    assert shell_words.tokens(line, "|&;()<>") == list(lexer)


@pytest.mark.parametrize("shape", ["cp x {}!", "echo '{}'", 'echo "{}"', "a {}|b", "x\\ {}"])
def test_one_long_word_takes_linear_time(shape):
    assert_linear(lambda n: shell_words.split(shape.format("a" * n)), 200_000, shape)
    assert_linear(lambda n: shell_words.tokens(shape.format("a/" * n)), 100_000, shape)


def test_unbalanced_quotes_fall_back_to_a_rough_split():
    assert shell_words.tokens_or_rough("FOO=1 make test && echo 'oops") == ["FOO=1", "make", "test", "&&", "echo", "'oops"]
    assert shell_words.tokens_or_rough("a|b 'c d'") == ["a", "|", "b", "c d"]
