from tokens.lexer import tokenize


def test_operators():
    assert tokenize("a<=b") == ["a", "<", "=", "b"]


def test_unicode_names():
    assert tokenize("größe") == ["größe"]
