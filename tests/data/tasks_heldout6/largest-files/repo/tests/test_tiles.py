from mapview.tiles import tile_key


def test_key():
    assert tile_key(3, 1, 2) == "3/1/2"
