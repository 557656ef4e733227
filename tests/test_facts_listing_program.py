"""The listing parser runs when the command's program is a listing tool, never for a path that only names one."""

from __future__ import annotations

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import listing
from terminus_edge.summarize.facts.registry import _command_words, select_families

# An ELF header and some bytes: what `cat` of a program prints.
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40


@pytest.mark.parametrize("command", ["cat /bin/ls", "cat src/grep.c", "vim tools/find.py", "less ./tree/notes.txt", "cat /usr/bin/locate", "./ls.sh", "lsblk"])
def test_a_path_or_word_that_names_a_listing_tool_is_not_the_program(command):
    assert not listing.COMMAND_RE.search(_command_words(command))
    assert listing not in select_families(command, "int main(void) { return 0; }\n")


@pytest.mark.parametrize("command", [
    "ls -la", "/usr/bin/find . -name '*.py'", "sudo ls /root", "FOO=1 grep -rn x .", "cd src && ls",
    "find . -name '*.c' | xargs grep -n main", "git grep -n foo", "echo hi; rg foo", "cat a.txt | grep x", "(ls)",
])
def test_the_program_of_a_simple_command_selects_the_listing_parser(command):
    assert listing.COMMAND_RE.search(_command_words(command))


@pytest.mark.parametrize("command", ["cat /bin/ls", "ls -la /bin", "grep -c x prog", "pytest"])
def test_binary_output_gets_no_claim_from_a_parser(command):
    s = summarize(command, ELF, 0)
    assert f"binary output, {len(ELF)} bytes" in s.body
    assert "no output" not in s.body and "nothing matched" not in s.body
    assert s.facts.highlights == [h for h in s.facts.highlights if h.startswith("probably ")]


def test_binary_output_keeps_the_exit_code():
    s = summarize("cat /bin/ls", ELF, 3)
    assert s.body.startswith("exit code 3") and "no output" not in s.body


@pytest.mark.parametrize("command, code", [("grep nomatch README", 1), ("find . -name '*.nope'", 0), ("clear; grep x f", 1)])
def test_an_empty_listing_says_no_output_once(command, code):
    """The card of `grep nomatch README` read 'exit code 1; no output; no output (nothing matched)'."""
    body = summarize(command, b"\x1b[H\x1b[2J\x1b[3J" if command.startswith("clear") else b"", code).body
    assert body.count("no output") == 1 and "nothing matched" in body
