from tokens.lexer import tokenize


def test_numbers():
    assert tokenize("12 + 3") == ["12", "+", "3"]


def test_names():
    assert tokenize("a_b c") == ["a_b", "c"]


def test_empty():
    assert tokenize("") == []
