"""read_log (MCP and bridge) never sends a secret that only its surrounding lines reveal, nor a line that a grep
matched only through the secret in it."""

from __future__ import annotations

import base64
import os
import time

from terminus_edge.integrations.redacted_lines import HIDDEN, redacted_lines
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore

GITHUB = "ghp_" + "M1n2B3v4C5x6Z7l8K9j0H1g2F3d4S5a6P7o8"


def pem_lines() -> list[str]:
    body = base64.b64encode(os.urandom(600)).decode()
    return (["-----BEGIN PRIVATE KEY-----"] + [body[i:i + 64] for i in range(0, len(body), 64)]
            + ["-----END PRIVATE KEY-----"])


def stored(te_home, lines: list[str], command="cat deploy/key.pem") -> int:
    with LogStore() as store:
        return store.add(command, ("\n".join(lines) + "\n").encode(), exit_code=0)


def test_a_line_range_inside_a_private_key_stays_masked(tmp_path, te_home):
    key = pem_lines()
    lines = [f"noise {i}" for i in range(1, 501)] + key + ["done"]  # the key starts past the first window
    log_id = stored(te_home, lines)
    kit = Toolkit(cwd=tmp_path, use_model=False)
    first_key_line = 502  # the BEGIN line is 501
    for lines_arg in (f"{first_key_line + 1}-{first_key_line + 4}", "-4", f"{first_key_line}"):
        answer = kit.read_log(log_id, lines_arg).text
        assert not any(part in answer for part in key[1:-1]), (lines_arg, answer)
    middle = kit.read_log(log_id, f"{first_key_line + 2}-{first_key_line + 3}").text.splitlines()[1:]
    assert middle == [f"{first_key_line + 2}: {HIDDEN}", f"{first_key_line + 3}: {HIDDEN}"]
    assert kit.read_log(log_id, "499-500").text.splitlines()[1:] == ["499: noise 499", "500: noise 500"]
    assert kit.read_log(log_id, "-1").text.splitlines()[1:] == [f"{len(lines)}: done"]


def test_grep_keeps_a_line_only_when_its_redacted_text_still_matches(tmp_path, te_home):
    log_id = stored(te_home, ["start", f"token={GITHUB}", *pem_lines(), "end"], command="make deploy")
    kit = Toolkit(cwd=tmp_path, use_model=False)
    probe = kit.read_log(log_id, grep=GITHUB[:12]).text
    assert "0 lines match" in probe and "(no lines)" in probe
    base64_probe = kit.read_log(log_id, grep=r"^[A-Za-z0-9+/=]{40,}$").text
    assert "0 lines match" in base64_probe
    redacted = kit.read_log(log_id, grep="token|start").text
    assert "1: start" in redacted and "2: token=[REDACTED" in redacted and GITHUB not in redacted


def test_redacted_lines_maps_blocks_to_their_numbers_and_is_bounded():
    key = pem_lines()
    lines = ["a", *key, "b"]
    out = redacted_lines(lines, range(1, len(lines) + 1))
    assert out[1] == "a" and out[2] == key[0] and out[len(lines)] == "b"
    assert all(part not in " ".join(out.values()) for part in key[1:-1])
    many = [f"row {i}" for i in range(100_000)]
    started = time.monotonic()
    picked = redacted_lines(many, [5, 50_000, 99_999])
    assert picked == {5: "row 4", 50_000: "row 49999", 99_999: "row 99998"}
    assert time.monotonic() - started < 10  # only the context windows are redacted, not the whole log


def test_an_answer_stays_within_the_contracts_60_kb_whatever_the_lines(tmp_path, te_home):
    from terminus_edge.integrations.toolkit import MAX_ANSWER_CHARS

    long_lines = [f"{'a' * 1800} line {i}" for i in range(1, 501)]
    log_id = stored(te_home, long_lines, command="make " + "x" * 5000)
    kit = Toolkit(cwd=tmp_path, use_model=False)
    for lines_arg, grep in [(None, None), ("-100", None), (None, "line 4")]:
        answer = kit.read_log(log_id, lines_arg, grep).text
        assert len(answer) <= MAX_ANSWER_CHARS, (lines_arg, len(answer))
        head, *body = answer.splitlines()
        assert "showing" in head and len(head) < 600  # says it was cut; the 5,000-character command is shortened
        numbers = [int(line.split(":")[0]) for line in body]
        assert 20 < len(numbers) < 40 and all(line.endswith(f" line {n}") for n, line in zip(numbers, body))
        if grep:
            assert all("line 4" in line for line in body)
        else:
            start = 1 if lines_arg is None else 501 - len(numbers)  # the first lines, or the last ones
            assert numbers == list(range(start, start + len(numbers)))
    short = kit.read_log(log_id, "10-12").text.splitlines()
    assert [line.split(":")[0] for line in short[1:]] == ["10", "11", "12"] and "showing" not in short[0]
