"""Small text helpers used by the newsletter builder."""


def title_case(text):
    """Capitalise every word, keeping short words lower-case except the first.

    >>> title_case("the lord of the rings")
    'The Lord of the Rings'
    >>> title_case("war and peace")
    'War and Peace'
    """
    small = {"a", "an", "and", "of", "the", "in"}
    words = text.split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))


def excerpt(text, limit):
    """Cut text to at most `limit` characters on a word boundary and add an ellipsis.

    >>> excerpt("Release notes for version two", 16)
    'Release notes...'
    >>> excerpt("short", 10)
    'short'
    """
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "..."


def word_count(text):
    """Count words separated by whitespace or hyphens.

    >>> word_count("state-of-the-art tooling")
    5
    >>> word_count("")
    0
    """
    return len(text.split())
