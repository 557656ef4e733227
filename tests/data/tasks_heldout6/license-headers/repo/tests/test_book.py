# SPDX-License-Identifier: Apache-2.0
from ledger.book import post


def test_post():
    xs = []
    post(xs, 1)
    assert xs == [1]
