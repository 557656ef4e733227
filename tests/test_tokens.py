"""The token measure: the fast ASCII path and the streaming counter agree with the plain regex everywhere."""

from hypothesis import given
from hypothesis import strategies as st

from terminus_edge.summarize.tokens import TOKEN_RE, TokenCounter, count_tokens

ASCII = st.text(alphabet=st.characters(max_codepoint=127), min_size=2_048, max_size=6_000)
ANY = st.text(min_size=0, max_size=6_000)


def regex_count(text: str) -> int:
    return len(TOKEN_RE.findall(text))


@given(ASCII)
def test_ascii_fast_path_matches_the_regex(text):
    assert count_tokens(text) == regex_count(text)


@given(ANY)
def test_any_text_matches_the_regex(text):
    assert count_tokens(text) == regex_count(text)


@given(st.lists(st.sampled_from(["abc", "_x9", " ", "\n", "é", "━", ".", "a b", "\x1c", "foo(bar)"]), max_size=3_000),
       st.integers(min_value=1, max_value=9))
def test_counter_over_pieces_matches_one_count(pieces, n_parts):
    text = "".join(pieces)
    counter = TokenCounter()
    step = max(len(text) // n_parts, 1)
    for i in range(0, len(text), step):
        counter.feed(text[i : i + step])
    assert counter.finish() == regex_count(text)


def test_counts_known_examples():
    assert count_tokens("error[E0308]: mismatched types") == 7
    long_line = "src/app.rs:12:5 warning: unused `x`\n" * 200
    assert count_tokens(long_line) == regex_count(long_line) == 200 * 15
