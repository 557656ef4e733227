"""Scale: summarize() time grows linearly with the output, memory stays bounded, buried failures survive.

The logs are generated to look like real ones (a long `pytest -v` run, a cargo build full of warnings,
a carriage-return progress storm, heavily coloured output) at any size, with a few failures buried in
the middle, so the checks do not depend on one captured file.
"""

from __future__ import annotations

import random
import time
import tracemalloc

import pytest

from terminus_edge.model import FakeModel
from terminus_edge.summarize import summarize


def pytest_verbose_log(size: int, seed: int = 1) -> tuple[bytes, list[str]]:
    """`pytest -v` with two failures buried at about 1/3 and 2/3 of the run; returns (raw, failing ids)."""
    rng = random.Random(seed)
    per_line = 52
    n = max(size // per_line, 12)
    failing = {n // 3: "tests/test_orders.py::test_refund_rounding", 2 * n // 3: "tests/test_sync.py::test_retry_backoff[3]"}
    head = (
        "============================= test session starts ==============================\n"
        "platform linux -- Python 3.12.3, pytest-8.3.2, pluggy-1.5.0 -- /home/dev/app/.venv/bin/python\n"
        "rootdir: /home/dev/app\nconfigfile: pyproject.toml\n"
        f"collected {n} items\n\n"
    )
    body = []
    for i in range(n):
        name = failing.get(i) or f"tests/test_mod{i % 97:02d}.py::test_case_{i}[{rng.choice('abcxyz')}]"
        status = "FAILED" if i in failing else rng.choice(["PASSED"] * 30 + ["SKIPPED"])
        body.append(f"{name} {status} [{100 * (i + 1) // n:3d}%]")
    tail = (
        "\n=================================== FAILURES ===================================\n"
        "__________________________ test_refund_rounding ___________________________\n\n"
        "    def test_refund_rounding():\n        order = make_order(total=Decimal('10.005'))\n"
        ">       assert refund(order) == Decimal('10.01')\n"
        "E       AssertionError: assert Decimal('10.00') == Decimal('10.01')\n\n"
        "tests/test_orders.py:88: AssertionError\n"
        "__________________________ test_retry_backoff[3] __________________________\n\n"
        "    def test_retry_backoff(attempt):\n>       assert backoff(attempt) <= 8.0\n"
        "E       assert 16.0 <= 8.0\n\ntests/test_sync.py:41: AssertionError\n"
        "=========================== short test summary info ============================\n"
        "FAILED tests/test_orders.py::test_refund_rounding - AssertionError: assert Decimal('10.00') == Decimal('10.01')\n"
        "FAILED tests/test_sync.py::test_retry_backoff[3] - assert 16.0 <= 8.0\n"
        f"================= 2 failed, {n - 2} passed in 412.07s (0:06:52) =================\n"
    )
    return (head + "\n".join(body) + tail).encode(), list(failing.values())


def cargo_warnings_log(size: int, seed: int = 2) -> tuple[bytes, list[str]]:
    """A cargo build with thousands of warnings and one error buried in the middle."""
    rng = random.Random(seed)
    blocks = ["   Compiling libc v0.2.155\n   Compiling serde v1.0.204\n   Compiling app v0.1.0 (/home/dev/app)\n"]
    total, i, n_warn = len(blocks[0]), 0, 0
    error_at = max(size // 2, 1)
    error_done = False
    while total < size or not error_done:
        if total >= error_at and not error_done:
            block = (
                "error[E0308]: mismatched types\n  --> src/billing/invoice.rs:212:24\n    |\n"
                "212 |     let cents: u64 = amount * 100.0;\n    |                ---   ^^^^^^^^^^^^^^ expected `u64`, found `f64`\n"
                "    |                |\n    |                expected due to this\n\n"
            )
            error_done = True
        else:
            var = rng.choice(["x", "idx", "buf", "count", "tmp"])
            line = rng.randint(1, 900)
            block = (
                f"warning: unused variable: `{var}`\n  --> src/module_{i % 211}.rs:{line}:9\n    |\n"
                f"{line:3d} |     let {var} = compute();\n    |         ^^^ help: if this is intentional, prefix it with an underscore: `_{var}`\n\n"
            )
            n_warn += 1
        blocks.append(block)
        total += len(block)
        i += 1
    blocks.append(f'warning: `app` (bin "app") generated {n_warn} warnings\n'
                  f'error: could not compile `app` (bin "app") due to 1 previous error; {n_warn} warnings emitted\n')
    return "".join(blocks).encode(), ["E0308", "src/billing/invoice.rs:212"]


def progress_storm_log(size: int, seed: int = 3) -> tuple[bytes, list[str]]:
    """pip-style download bars redrawn with \\r thousands of times per line, then an error at the end."""
    rng = random.Random(seed)
    parts, total, k = [], 0, 0
    while total < size:
        name = f"package_{k}-{rng.randint(1, 9)}.{rng.randint(0, 30)}.0-py3-none-any.whl"
        part = f"Collecting package-{k}\n  Downloading {name}\n"
        for pct in range(0, 101, 2):
            bar = "━" * (pct // 5) + " " * (20 - pct // 5)
            part += f"\r     {bar} {pct * 3.1 / 100:.1f}/3.1 MB {rng.uniform(1, 9):.1f} MB/s eta 0:00:0{rng.randint(0, 9)}"
        part += "\n"
        parts.append(part)
        total += len(part.encode())
        k += 1
    parts.append("ERROR: Could not find a version that satisfies the requirement torch==9.9.9 (from versions: 2.4.0, 2.5.1)\n"
                 "ERROR: No matching distribution found for torch==9.9.9\n")
    return "".join(parts).encode(), ["torch==9.9.9"]


def ansi_heavy_log(size: int, seed: int = 4) -> tuple[bytes, list[str]]:
    """`jest --colors`: truecolor/256-colour SGR, OSC 8 hyperlinks, cursor movement, one failing file in the middle."""
    rng = random.Random(seed)
    lines, total, i, n_tests = [], 0, 0, 0
    failure_at = size // 2
    failed = False
    while total < size or not failed:
        if total >= failure_at and not failed:
            line = (
                "\x1b[0m\x1b[7m\x1b[1m\x1b[31m FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2msrc/\x1b[22m\x1b[1mcart.test.ts\x1b[22m\n"
                "  cart\n    \x1b[32m✓\x1b[39m \x1b[2madds items (3 ms)\x1b[22m\n    \x1b[31m✕\x1b[39m \x1b[2mapplies coupon twice (5 ms)\x1b[22m\n\n"
                "\x1b[1m\x1b[31m  \x1b[1m● \x1b[22m\x1b[1mcart › applies coupon twice\x1b[39m\x1b[22m\n\n"
                "    \x1b[2mexpect(\x1b[22m\x1b[31mreceived\x1b[39m\x1b[2m).\x1b[22mtoBe\x1b[2m(\x1b[22m\x1b[32mexpected\x1b[39m\x1b[2m)\x1b[22m\n\n"
                "    Expected: \x1b[32m90\x1b[39m\n    Received: \x1b[31m81\x1b[39m\n\n"
                "      \x1b[2mat Object.<anonymous> (\x1b[22m\x1b]8;;file:///home/dev/web/src/cart.test.ts\x1b\\src/cart.test.ts\x1b]8;;\x1b\\:\x1b[2m14:23)\x1b[22m\n\n"
            )
            failed = True
            n_tests += 2
        else:
            color = rng.randint(16, 231)
            line = (f"\x1b[2K\x1b[1G\x1b[0m\x1b[7m\x1b[1m\x1b[32m PASS \x1b[39m\x1b[22m\x1b[27m\x1b[0m "
                    f"\x1b[38;5;{color}msrc/\x1b[22m\x1b[38;2;{rng.randint(0, 255)};200;40mwidget_{i}.test.ts\x1b[0m "
                    f"(\x1b[33m{rng.randint(1, 400) / 100:.2f} s\x1b[39m)\x1b[?25l\x1b[1A\x1b[1B\n")
            n_tests += 3
        lines.append(line)
        total += len(line.encode())
        i += 1
    lines.append(f"\x1b[1mTest Suites: \x1b[22m\x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m, \x1b[1m\x1b[32m{i - 1} passed\x1b[39m\x1b[22m, {i} total\n"
                 f"\x1b[1mTests:       \x1b[22m\x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m, \x1b[1m\x1b[32m{n_tests - 1} passed\x1b[39m\x1b[22m, {n_tests} total\n")
    return "".join(lines).encode(), ["applies coupon twice", "1 failed"]


LOGS = {
    "pytest -v": pytest_verbose_log,
    "cargo build": cargo_warnings_log,
    "pip install -r requirements.txt": progress_storm_log,
    "npx jest --colors": ansi_heavy_log,
}
EXIT_CODES = {"pytest -v": 1, "cargo build": 101, "pip install -r requirements.txt": 1, "npx jest --colors": 1}


def timed(command: str, raw: bytes, clock=time.perf_counter, **kwargs) -> tuple[float, object]:
    started = clock()
    summary = summarize(command, raw, EXIT_CODES[command], **kwargs)
    return clock() - started, summary


@pytest.mark.parametrize("command", list(LOGS))
def test_time_grows_linearly_and_buried_failures_survive(command):
    small, _ = LOGS[command](1_000)
    medium, _ = LOGS[command](1_000_000)
    large, musts = LOGS[command](20_000_000)
    # CPU seconds of this process: the work is in-process and CPU-bound, so other processes' load matters little
    # (1 MB took 1.65 s of wall clock at load 10, against ~0.5 s idle)
    t_small = min(timed(command, small, time.process_time)[0] for _ in range(3))
    t_medium = min(timed(command, medium, time.process_time)[0] for _ in range(2))
    t_large, summary = timed(command, large, time.process_time)
    assert t_medium < 1.0, f"1 MB took {t_medium:.2f} s of CPU"
    # Linear-ish: 20x the bytes may cost at most ~35x the time (quadratic: 400x).
    assert t_large < max(35 * t_medium, 2.0), f"1 MB {t_medium:.2f} s, 20 MB {t_large:.2f} s"
    assert t_small < 0.2
    for must in musts:
        assert must in summary.text, (must, summary.text)
    assert f"exit code {EXIT_CODES[command]}" in summary.text


def peak_memory(command: str, raw: bytes) -> int:
    tracemalloc.start()
    try:
        summarize(command, raw, EXIT_CODES[command])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("command", list(LOGS))
def test_memory_stays_bounded_as_the_output_grows(command):
    small, _ = LOGS[command](3_000_000)
    large, _ = LOGS[command](12_000_000)
    peak_small, peak_large = peak_memory(command, small), peak_memory(command, large)
    # Beyond the caller's own bytes, 4x the output costs (almost) no more memory: a streaming pass.
    assert peak_large < 1.25 * peak_small + 2_000_000, (peak_small, peak_large)
    assert peak_large < 16_000_000, f"peak {peak_large / 1e6:.1f} MB for {len(large) / 1e6:.1f} MB of output"


def test_a_counting_parser_may_keep_the_whole_text_but_no_more():
    raw = "".join(f"src/pkg{i % 50}/file{i}.py:{i % 300 + 1}:    import os\n" for i in range(150_000)).encode()
    peak = peak_memory_of("grep -rn 'import os' src", raw)
    assert peak < 4 * len(raw), f"peak {peak / 1e6:.1f} MB for {len(raw) / 1e6:.1f} MB of output"
    assert "150000 matching lines" in summarize("grep -rn 'import os' src", raw, 0).text


def peak_memory_of(command: str, raw: bytes) -> int:
    tracemalloc.start()
    try:
        summarize(command, raw, 0)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streamed_chunks_give_the_same_summary_as_bytes():
    raw, _ = cargo_warnings_log(600_000)
    chunks = (raw[i : i + 4093] for i in range(0, len(raw), 4093))  # odd size: splits lines and UTF-8 chars
    assert summarize("cargo build", chunks, 101).text == summarize("cargo build", raw, 101).text


def counting_model() -> tuple[FakeModel, list[int]]:
    """A fake model that records how much text it was given and takes a fixed time to answer."""
    prompt_chars: list[int] = []

    def reply(messages) -> str:
        prompt_chars.append(sum(len(m["content"]) for m in messages))
        # About a small model's speed on 2 CPU cores: ~1 s to answer, plus ~1,000 prompt tokens/s of reading,
        # which is what would grow if the excerpt grew with the output.
        time.sleep(0.8 + prompt_chars[-1] / 4 / 1000)
        return "The build stopped on a type error."

    return FakeModel(replies=reply), prompt_chars


def test_model_latency_for_1mb_is_within_1_5x_of_1kb():
    model, prompt_chars = counting_model()
    small, _ = cargo_warnings_log(1_000)
    big, _ = cargo_warnings_log(1_000_000)
    t_small = min(timed("cargo build", small, model=model)[0] for _ in range(2))
    t_big = min(timed("cargo build", big, model=model)[0] for _ in range(2))
    assert max(prompt_chars) < 6_000  # the excerpt is bounded whatever the output's size
    assert t_big <= 1.5 * t_small, f"1 KB {t_small:.2f} s, 1 MB {t_big:.2f} s"


@pytest.mark.slow
@pytest.mark.parametrize("command", list(LOGS))
def test_100mb_output_is_summarized_in_bounded_time_and_memory(command):
    import psutil

    raw, musts = LOGS[command](100_000_000)
    process = psutil.Process()
    before = process.memory_info().rss
    elapsed, summary = timed(command, raw)
    grown = process.memory_info().rss - before
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert grown < 2 * len(raw), f"RSS grew {grown / 1e6:.0f} MB"
    for must in musts:
        assert must in summary.text, (must, summary.text)


@pytest.mark.slow
def test_real_model_latency_for_1mb_vs_1kb(capsys, monkeypatch):
    """With the default SmolLM2 bundle (skipped if it is not built): the model's time on a 1 MB output is not much
    more than its time on a 1 KB one, because the summarizer bounds what reaches the model whatever the output's size.

    Only the model's own calls are timed (reading 1 MB itself is test_time_grows_linearly's), 1 KB and 1 MB
    alternating in this process, and each size counts its fastest run: load on a shared box only adds time, and
    it moves both sizes alike. (Before: medians of whole summaries against a fixed 0.4 s floor for 1 KB, which a
    load of 4-5 pushed past the bound.)"""
    from pathlib import Path

    import platformdirs

    from terminus_edge.model import load_model
    from terminus_edge.paths import DEFAULT_BUNDLE_NAME
    from terminus_edge.summarize import gist

    bundle = Path(platformdirs.user_cache_dir("terminus-edge")) / "bundles" / DEFAULT_BUNDLE_NAME
    if not (bundle / "manifest.json").is_file():
        pytest.skip("default bundle not built (terminus-edge bundle build-default)")
    model = load_model(str(bundle))
    summarize("warm-up", b"error: x\n", 1, model=model)
    calls: list[tuple[float, int]] = []  # (seconds, prompt characters) of each model call
    generate = gist._generate

    def timed_generate(model, messages, max_new_tokens, deadline_s):
        started = time.perf_counter()
        try:
            return generate(model, messages, max_new_tokens, deadline_s)
        finally:
            calls.append((time.perf_counter() - started, sum(len(m["content"]) for m in messages)))

    monkeypatch.setattr(gist, "_generate", timed_generate)
    ratios = {}
    for command in ("pytest -v", "cargo build"):
        small, _ = LOGS[command](1_000)
        big, musts = LOGS[command](1_000_000)
        model_s: dict[bytes, list[float]] = {small: [], big: []}
        prompts: dict[bytes, list[int]] = {small: [], big: []}
        for _ in range(5):
            for raw in (small, big):
                calls.clear()
                _, summary = timed(command, raw, model=model)
                assert calls, f"{command}: the model was not asked"
                model_s[raw].append(sum(seconds for seconds, _ in calls))
                prompts[raw] += [chars for _, chars in calls]
        assert all(must in summary.text for must in musts)
        assert max(prompts[big]) < 6_000, prompts[big]  # what reaches the model is bounded, however long the output
        ratios[command] = min(model_s[big]) / min(model_s[small])
        with capsys.disabled():
            print(f"\n{command}: model time 1 KB {min(model_s[small]):.2f} s, 1 MB {min(model_s[big]):.2f} s "
                  f"(fastest of 5), ratio {ratios[command]:.2f}; prompt {max(prompts[small])} / {max(prompts[big])} chars")
    # Measured 0.94-1.39x at load 1-9 (the replies differ by a few tokens; the rest is the box's noise); twice the
    # model's work (a second call) reaches 2x. A longer prompt costs less than it seems (6,000 characters: 1.6x the
    # time of 1,000 with this bundle), so its size is checked above rather than left to this ratio.
    assert max(ratios.values()) < 2.0, ratios
