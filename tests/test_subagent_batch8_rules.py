"""The general rules held-out batch 8 prompted: commits between two tags, a branch against its upstream, why git ignores
a file, checksums, an archive's entries, a log's last lines, an access log's counts, two config files' keys, Python
files that do not compile, the process holding a port, tests alone vs in the whole suite, a test file pytest does not
collect, a backticked script with its arguments, npm ci's lock-file refusal. Each rule runs on projects other than the
batch's, with real commands where the tools are here, plus requests it must leave alone."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tarfile
import zipfile

import pytest

from heldout_runs import Git, ask, needs_git, needs_pytest, proj, write  # noqa: F401 (proj: a fixture)
from terminus_edge.subagent.intent import repeat_count
from terminus_edge.subagent.named_commands import explicit_commands
from terminus_edge.subagent.pins import lock_sync_report
from terminus_edge.subagent.port_holders import port_followup
from terminus_edge.subagent.records import CommandRecord

_git = Git("Ada Moss", "ada@example.com")


@needs_git
def test_commits_between_two_tags_leave_out_later_ones(proj):
    write(proj, {"a.txt": "1\n"})
    _git.commit(proj, "Start")
    _git(proj, "tag", "2.3")
    write(proj, {"a.txt": "2\n"})
    _git.commit(proj, "Parse dates in UTC")
    _git(proj, "tag", "2.4")
    write(proj, {"a.txt": "3\n"})
    _git.commit(proj, "Unreleased work")
    answer, commands = ask("Which commits are in 2.4 that were not in 2.3?", proj)
    assert commands == []  # no "between" / "from … to": not this rule
    answer, commands = ask("What changed from 2.3 to 2.4?", proj)
    assert commands == ["git log --oneline 2.3..2.4 && git diff --stat 2.3..2.4"]
    assert "Between 2.3 and 2.4 (in 2.4, not in 2.3): 1 commit" in answer and "Parse dates in UTC" in answer
    assert "Unreleased work" not in answer.split("\n\n")[0]


@needs_git
def test_a_branch_ahead_of_its_upstream_names_what_a_push_sends(proj, tmp_path):
    write(proj, {"a.txt": "1\n"})
    _git.commit(proj, "Start")
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(tmp_path / "remote.git"))
    _git(proj, "remote", "add", "origin", str(tmp_path / "remote.git"))
    _git(proj, "push", "-q", "-u", "origin", "main")
    answer, _ = ask("Do I have unpushed commits?", proj)
    assert "main is up to date with origin/main" in answer
    write(proj, {"a.txt": "2\n"})
    _git.commit(proj, "Local fix")
    answer, commands = ask("Do I have unpushed commits?", proj)
    assert commands[0] == "git status -sb | head -n 1"
    assert "1 commit ahead (a push would send: " in answer and "Local fix" in answer and "behind" not in answer.split("\n")[0]
    assert ask("Push my changes to origin.", proj)[1][:1] != ["git status -sb | head -n 1"]


@needs_git
def test_why_git_ignores_a_file_names_the_rule(proj):
    write(proj, {".gitignore": "# build output\nout/\n*.log\n", "src/app.py": "print(1)\n"})
    _git.commit(proj, "Start")
    write(proj, {"debug.log": "x\n"})
    answer, commands = ask("Why doesn't git status show debug.log?", proj)
    assert commands == ["git check-ignore -v --no-index debug.log"]
    assert "debug.log is ignored by .gitignore:3 (pattern *.log)" in answer
    answer, _ = ask("Is src/app.py ignored by git?", proj)
    assert "No ignore rule matches" in answer


def test_checksums_are_verified_where_the_sums_file_is(proj):
    write(proj, {"release/a.bin": "alpha\n", "release/b.bin": "beta\n"})
    sums = subprocess.run(["md5sum", "a.bin", "b.bin"], cwd=proj / "release", capture_output=True, text=True).stdout
    write(proj, {"release/MD5SUMS": sums, "release/b.bin": "tampered\n"})
    answer, commands = ask("Do the release files still match release/MD5SUMS?", proj)
    assert commands == ["cd release && md5sum -c MD5SUMS"]
    assert "1 of 2 files do not match their checksums: b.bin: FAILED" in answer and "These match (OK): a.bin" in answer


def test_an_archive_is_listed_and_a_missing_member_said_so(proj):
    with zipfile.ZipFile(proj / "site.zip", "w") as z:
        z.writestr("site/index.html", "<h1>x</h1>")
        z.writestr("site/conf/app.ini", "[a]\n")
    answer, commands = ask("Does site.zip include conf/secrets.ini, and how many files are in it?", proj)
    assert commands == ["unzip -l site.zip"]
    assert "site.zip holds 2 files" in answer and "It does not contain conf/secrets.ini" in answer
    with tarfile.open(proj / "b.tgz", "w:gz") as t:
        t.add(proj / "site.zip", arcname="pkg/site.zip")
    answer, _ = ask("What files are inside b.tgz?", proj)
    assert "b.tgz holds 1 file" in answer and "pkg/site.zip" in answer


def test_the_last_lines_of_a_log_and_whether_they_report_errors(proj):
    write(proj, {"var/app.log": "".join(f"INFO tick {i}\n" for i in range(50)) + "ERROR disk full\nINFO stopped\n"})
    answer, commands = ask("Show me the last three lines of var/app.log. Did it crash?", proj)
    assert commands == ["tail -n 3 var/app.log"]
    assert "It did not stop cleanly, by its own log: 1 of the last 3 lines report errors: ERROR disk full" in answer
    answer, _ = ask("What are the last 1 lines of var/app.log?", proj)
    assert "None of the last 1 lines is an error" in answer


def test_access_log_counts_per_client_and_status(proj):
    lines = [f'10.1.1.{i % 3} - - [01/Jan/2024:00:00:0{i % 10} +0000] "GET /x HTTP/1.1" {500 if i % 7 == 0 else 200} 5 "-" "ua"'
             for i in range(30)]
    write(proj, {"logs/nginx.log": "\n".join(lines) + "\n"})
    answer, commands = ask("Which 2 clients sent the most requests in logs/nginx.log?", proj)
    assert len(commands) == 1 and commands[0].endswith("logs/nginx.log 2")
    assert "30 requests from 3 clients" in answer and "10.1.1.0 (10 requests)" in answer
    assert "5 responses were 5xx server errors" in answer


def test_two_config_files_compared_key_by_key(proj):
    write(proj, {"env/example.env": "DB_URL=\nSECRET_KEY=\nDEBUG=1\n", "env/prod.env": "DB_URL=postgres://db\nDEBUG=0\n"})
    answer, commands = ask("Which keys of env/example.env are missing from env/prod.env?", proj)
    assert len(commands) == 1
    assert "Keys only in env/example.env: SECRET_KEY." in answer and "Keys only in env/prod.env: (none)." in answer
    write(proj, {"a.toml": "[tool]\nx = 1\ny = 2\n", "b.toml": "[tool]\nx = 3\n"})
    answer, _ = ask("Compare a.toml and b.toml", proj)
    assert "Keys only in a.toml: tool.y." in answer and "tool.x (1 | 3)" in answer


def test_every_python_file_compiled(proj):
    write(proj, {"pkg/ok.py": "x = 1\n", "pkg/bad.py": "def f(:\n    pass\n", ".venv/lib/junk.py": "def (\n"})
    answer, commands = ask("Which Python files have syntax errors?", proj)
    assert commands[0].startswith("python3 -m compileall -q -x ")
    assert "Python: 1 file does not compile: pkg/bad.py:1" in answer and "junk.py" not in answer.split("\n\n")[0]


@pytest.mark.skipif(shutil.which("ss") is None, reason="ss missing")
def test_the_process_holding_a_port_is_named(proj):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        answer, commands = ask(f"Which process is listening on port {port}?", proj)
        assert commands[0].startswith(f"ss -ltnpH 'sport = :{port}'")
        assert f"Port {port} (127.0.0.1) is held by pid {os.getpid()}: " in answer
    node = CommandRecord("node server.js", "run", "rules", exit_code=1,
                         output="Error: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle")
    assert "'sport = :3000'" in port_followup(proj, node).command
    assert port_followup(proj, CommandRecord("node a.js", "run", "rules", exit_code=1, output="TypeError: x")) is None


@needs_pytest
def test_tests_alone_and_in_the_whole_suite(proj):
    write(proj, {"tests/test_a.py": "import os\n\ndef test_set():\n    os.environ['MODE'] = 'x'\n",
                 "tests/test_b.py": "import os\n\ndef test_mode():\n    assert os.environ.get('MODE') is None\n"})
    answer, commands = ask("tests/test_b.py passes on its own but fails in the full suite. Why?", proj)
    assert commands[0].endswith("-m pytest -v tests/test_b.py") and commands[1].endswith("-m pytest -v")
    assert "Failing only in the whole suite: test_mode" in answer
    assert repeat_count("what differs between the two runs?") == 1 and repeat_count("run it two times") == 2


@needs_pytest
def test_a_test_file_pytest_does_not_collect(proj):
    write(proj, {"tests/test_core.py": "def test_one():\n    pass\n", "tests/core_checks.py": "def test_two():\n    pass\n",
                 "pytest.ini": "[pytest]\npython_files = test_*.py\n"})
    answer, commands = ask("pytest never runs tests/core_checks.py. Why?", proj)
    assert commands[1].startswith("grep -nHE ")
    assert ("tests/core_checks.py is not collected: its name does not match python_files = test_*.py (pytest.ini:2)"
            in answer)


def test_a_backticked_script_with_arguments_is_run_with_them(proj):
    write(proj, {"tools/c2f.py": "import sys\nif __name__ == '__main__':\n    print(float(sys.argv[1]) * 9 / 5 + 32)\n"})
    answer, commands = ask("What does `tools/c2f.py 100` print?", proj)
    assert commands == ["python3 tools/c2f.py 100"] and "212.0" in answer
    write(proj, {"docs/notes.txt": "x\n"})
    assert explicit_commands("Is `docs/notes.txt 3` right?", proj) == []  # a file that is no script: no command line


def test_npm_ci_refusing_an_out_of_sync_lock_is_said_so():
    output = ("npm error code EUSAGE\nnpm error `npm ci` can only install packages when your package.json and "
              "package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` "
              "before continuing.\nnpm error Missing: chalk@5.3.0 from lock file\n")
    said = lock_sync_report([CommandRecord("npm ci", "test", "request", exit_code=1, output=output)])
    assert said.startswith("No: package-lock.json is not in sync with package.json") and "Missing: chalk@5.3.0" in said
    assert lock_sync_report([CommandRecord("npm ci", "test", "request", exit_code=1, output="npm error E404")]) == ""
