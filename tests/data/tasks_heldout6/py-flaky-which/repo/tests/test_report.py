from reportgen.report import export, totals

ROWS = [("north", 10), ("south", 5), ("north", 2)]


def test_totals_sums_per_region():
    assert totals(ROWS) == {"north": 12, "south": 5}


def test_totals_sorted_by_region():
    assert list(totals(ROWS)) == ["north", "south"]


def test_totals_empty():
    assert totals([]) == {}


def test_export_creates_report():
    path = export(ROWS)
    with open(path) as fh:
        assert fh.readline().strip() == "region,total"


def test_export_writes_totals(tmp_path):
    path = export(ROWS, str(tmp_path / "r.csv"))
    assert open(path).read().splitlines()[1:] == ["north,12", "south,5"]
