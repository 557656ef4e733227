"""shell_syntax on the longest command Linux passes (128 KiB): linear, not quadratic."""

from linear_time import assert_linear

from terminus_edge.shell_syntax import unwrap_wrappers

RUNS = {"assignments": lambda n: ["A=b"] * n + ["make"], "wrappers": lambda n: ["timeout", "1"] * (n // 2) + ["make"]}


def test_a_long_run_of_assignments_and_wrappers_unwraps_fast():
    for name, words in RUNS.items():
        assert unwrap_wrappers(words(32_000))[0] == ["make"]
        lists = {n: words(n) for n in (8_000, 32_000)}
        assert_linear(lambda n: unwrap_wrappers(lists[n]), 8_000, name)
    assert unwrap_wrappers(["sudo", "-u", "ci", "env", "A=1", "timeout", "-s", "KILL", "5", "make", "-j"]) == (
        ["make", "-j"], ["sudo", "env", "timeout"])
    assert unwrap_wrappers(["su", "-"]) == ([], ["su"])
