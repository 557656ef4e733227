from shelfidx import normalize_title


def test_empty_title():
    assert normalize_title("") == ""


def test_tabs_are_spaces():
    assert normalize_title("a\tb") == "a b"


def test_unicode_title():
    assert normalize_title("Élan Vital") == "élan vital"
