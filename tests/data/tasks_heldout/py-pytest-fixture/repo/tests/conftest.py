import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def customer_rates():
    with open(HERE / "fixtures" / "rates.json") as fh:
        return json.load(fh)
