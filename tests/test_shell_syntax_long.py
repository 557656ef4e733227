"""shell_syntax on the longest command Linux passes (128 KiB): linear, not quadratic."""

import time

from terminus_edge.shell_syntax import unwrap_wrappers


def test_a_long_run_of_assignments_and_wrappers_unwraps_fast():
    for words in (["A=b"] * 32_000 + ["make"], ["timeout", "1"] * 16_000 + ["make"]):
        start = time.perf_counter()
        command, seen = unwrap_wrappers(words)
        assert command == ["make"]
        assert time.perf_counter() - start < 0.5
    assert unwrap_wrappers(["sudo", "-u", "ci", "env", "A=1", "timeout", "-s", "KILL", "5", "make", "-j"]) == (
        ["make", "-j"], ["sudo", "env", "timeout"])
    assert unwrap_wrappers(["su", "-"]) == ([], ["su"])
