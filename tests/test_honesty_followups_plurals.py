"""Counts the parsers write take the noun in the right number: `1 file with conflicts`, `installed 1 package`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.common import plural
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.pipeline import summarize

REAL = Path(__file__).parent / "data" / "real"
# a count of one followed by a plural noun (`1 files`, `1 packages`); not `1 ms`, `1 process`, `1 of 2`
ONE_PLURAL_RE = re.compile(r"(?<![\w.,:/-])1 (?:[a-z-]+ )?(?:files|packages|commits|paths|lines|versions|requirements|"
                           r"errors|warnings|findings|failures|conflicts|tests|details)(?:/failures)?(?![\w/.-])")


def test_plural():
    assert plural(1, "file") == "1 file" and plural(0, "file") == "0 files" and plural(3, "file") == "3 files"
    assert plural(1, "matching line") == "1 matching line" and plural(2, "entry", "entries") == "2 entries"


@pytest.mark.parametrize("command, output, code, says, never", [
    ("git merge feature", "Auto-merging app.py\nCONFLICT (content): Merge conflict in app.py\n"
     "Automatic merge failed; fix conflicts and then commit the result.\n", 1, "1 file with conflicts", "1 files"),
    ("git merge feature", "CONFLICT (content): Merge conflict in a.py\nCONFLICT (content): Merge conflict in b.py\n"
     "Automatic merge failed; fix conflicts and then commit the result.\n", 1, "2 files with conflicts", None),
    ("git checkout main", "error: Your local changes to the following files would be overwritten by checkout:\n\tapp.py\n"
     "Please commit your changes or stash them before you switch branches.\nAborting\n", 1,
     "checkout blocked: 1 file with local changes would be overwritten: app.py", "1 files"),
    ("git log --oneline -1", "a1b2c3d Fix the parser\n", 0, "1 commit listed; latest a1b2c3d", "1 commits"),
    ("pip install urllib3", "Collecting urllib3\nInstalling collected packages: urllib3\nSuccessfully installed urllib3-2.2.1\n", 0,
     "installed 1 package: urllib3 2.2.1", "1 packages"),
    ("pip install flask", "Requirement already satisfied: flask in ./venv/lib/python3.11/site-packages (3.0.0)\n", 0,
     "1 requirement already satisfied (flask)", "1 requirements"),
    ("grep -rn TODO src", "src/a.py:3:# TODO: remove\n", 0, "1 matching line in 1 file", "1 files"),
    ("find . -name '*.py'", "./a.py\n", 0, "1 path listed", "1 paths"),
    ("shellcheck run.sh", "\nIn run.sh line 3:\necho $x\n     ^-- SC2086 (info): Double quote to prevent globbing and word splitting.\n\n", 1,
     "1 shellcheck finding: 1 info", "1 shellcheck findings"),
])
def test_one_of_a_thing_is_singular(command, output, code, says, never):
    facts = extract_facts(command, output, code)
    stated = facts.highlights + facts.errors
    assert says in " | ".join(stated), stated
    assert not never or never not in " | ".join(stated)


def test_one_server_error_in_an_access_log():
    lines = [f'127.0.0.1 - - [25/Nov/2026:10:00:0{i} +0000] "GET /a{i} HTTP/1.1" 200 12' for i in range(4)]
    lines.append('127.0.0.1 - - [25/Nov/2026:10:00:09 +0000] "POST /pay HTTP/1.1" 500 3')
    facts = extract_facts("cat access.log", "\n".join(lines) + "\n", 0)
    assert any(e.startswith("1 server error (5xx): POST /pay") for e in facts.errors), facts.errors


def test_npm_one_deprecation_warning():
    text = "npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.\n\nadded 3 packages in 1s\n"
    facts = extract_facts("npm install", text, 0)
    assert any(h.startswith("1 deprecation warning (") for h in facts.highlights), facts.highlights


def _cases() -> list[Path]:
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    return sorted(p for corpus in (REAL, shared) if corpus.is_dir() for p in corpus.iterdir() if (p / "meta.json").is_file())


def test_no_summary_of_a_real_capture_says_one_of_a_plural():
    # the whole summaries of every real capture and dev case: no `1 files`, `1 packages`, `1 commits` ...
    offenders = []
    for case in _cases():
        meta = json.loads((case / "meta.json").read_text())
        raw = (case / "output.txt").read_bytes()
        command = (case / "command.txt").read_text().strip()
        body = summarize(command, raw, meta["exit_code"]).body
        said = ONE_PLURAL_RE.findall(body)
        in_output = ONE_PLURAL_RE.findall(normalize(raw).text)
        offenders += [(case.name, s) for s in said if s not in in_output]  # a tool's own words are quoted as they are
    assert not offenders, offenders
    assert len(_cases()) >= 70
