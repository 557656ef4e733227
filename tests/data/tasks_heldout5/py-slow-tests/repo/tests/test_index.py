from shelfidx import normalize_title, rebuild_index, warm_cache, export

BOOKS = [{"title": "Dune", "year": 1965}, {"title": "  The  Hobbit ", "year": 1937}]


def test_normalize_title_lowercases():
    assert normalize_title("Dune") == "dune"


def test_normalize_title_collapses_spaces():
    assert normalize_title("  The  Hobbit ") == "the hobbit"


def test_rebuild_index():
    index = rebuild_index(BOOKS)
    assert set(index) == {"dune", "the hobbit"}


def test_warm_cache_copies():
    index = {"dune": BOOKS[0]}
    assert warm_cache(index) == index


def test_export_large():
    index = {f"t{i}": {"title": f"t{i}"} for i in range(200)}
    assert export(index).startswith("[")
