class TestApi:
    def test_list(self):
        assert [] == []

    def test_get(self):
        assert {"id": 1}["id"] == 1

    def test_delete(self):
        assert True

    def helper(self):
        return 1


def test_health():
    assert "ok" == "ok"
