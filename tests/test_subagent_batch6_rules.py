"""The general rules held-out batch 6 prompted: flaky tests, benchmarks, a make target named in plain words, counts per
folder, and the file, history and source questions (file_questions.py, history_questions.py, source_questions.py).
Each rule runs on projects other than the batch's, with real commands, plus requests it must leave alone."""

from __future__ import annotations

import os
import subprocess

import pytest

from heldout_runs import Git, ask, needs_git, planned_commands, proj, python3_has  # noqa: F401 (proj: a fixture)
from terminus_edge.subagent.answer_questions import search_tally
from terminus_edge.subagent.bench_runs import bench_command, benchmark_report
from terminus_edge.subagent.intent import FLAKY_RUNS, asks_flaky, repeat_count
from terminus_edge.subagent.named_commands import make_target_named
from terminus_edge.subagent.records import CommandRecord

_git = Git("Rae Quinn", "rae@example.com")


def test_flaky_questions_run_the_suite_three_times_and_name_the_test_whose_result_changes(proj):
    (proj / "test_counter.py").write_text(
        "import os, unittest\n\nclass T(unittest.TestCase):\n    def test_first_run_only(self):\n"
        "        seen = os.path.exists('seen.txt')\n        open('seen.txt', 'w').close()\n        self.assertFalse(seen)\n\n"
        "    def test_steady(self):\n        self.assertEqual(1 + 1, 2)\n")
    answer, commands = ask("Is anything flaky in this test suite?", proj)
    assert len(commands) == FLAKY_RUNS and len(set(commands)) == 1
    assert "Flaky (the result changed between the 3 runs" in answer
    assert "test_first_run_only passed in run 1 and failed in runs 2-3" in answer
    assert "test_steady passed" not in answer.split("Flaky", 1)[1].split("\n", 1)[0]


def test_a_test_failing_every_run_is_not_called_flaky(proj):
    (proj / "test_math.py").write_text("import unittest\n\nclass T(unittest.TestCase):\n    def test_bad(self):\n"
                                           "        self.assertEqual(2, 3)\n")
    answer, _ = ask("Some tests fail now and then. Which ones?", proj)
    assert "No test changed its result over 3 runs" in answer and "Flaky (" not in answer


def test_flaky_wording_and_explicit_counts():
    assert asks_flaky("CI is red sometimes") and asks_flaky("the suite is intermittently failing")
    assert not asks_flaky("run the tests") and not asks_flaky("which tests fail?")
    assert repeat_count("which tests are flaky?") == FLAKY_RUNS
    assert repeat_count("run the tests 5 times: anything flaky?") == 5
    assert repeat_count("run the tests") == 1


def test_benchmark_commands_per_runner(proj):
    assert bench_command("go test ./...", proj) == "go test -run '^$' -bench . ./..."
    assert bench_command("cargo test", proj) == "cargo bench"
    (proj / "package.json").write_text('{"scripts": {"test": "node --test", "bench": "node bench.js"}}')
    assert bench_command("npm test", proj) == "npm run bench"
    (proj / "Makefile").write_text("bench:\n\t./bench\n")
    assert bench_command("make test", proj) == "make bench"
    assert bench_command("python3 -m pytest", proj) == "python3 -m pytest"  # no benchmark mode known: unchanged
    out = ("running 2 tests\ntest parse_small ... bench:         312 ns/iter (+/- 12)\n"
           "test parse_large ... bench:      45,210 ns/iter (+/- 1,020)\n")
    report = benchmark_report("run the benchmarks", [CommandRecord("cargo bench", "test", "rules", exit_code=0, output=out)])
    assert report == ("Benchmarks (cargo bench, 2 results): parse_small 312 ns/iter (+/- 12); "
                      "parse_large 45,210 ns/iter (+/- 1,020).")
    assert benchmark_report("run the tests", [CommandRecord("cargo bench", "test", "rules", exit_code=0, output=out)]) == ""


def test_a_make_target_named_in_plain_words_is_run(proj):
    (proj / "Makefile").write_text("all: app\n\ndocs html: app\n\tpython3 gen.py\n\nCC := cc\n")
    assert make_target_named("why does make docs break?", proj) == ["make docs"]
    assert make_target_named("make html fails", proj) == ["make html"]
    assert make_target_named("make sure the tests pass", proj) == []  # no rule named sure
    assert make_target_named("make CC fails", proj) == []  # a variable, not a rule


def test_counts_per_folder_for_a_search():
    out = "./lib/a.py:3:# XXX slow\n./lib/b.py:9:# HACK: retry\n./lib/b.py:12:# XXX\n./main.py:1:# HACK\n"
    record = CommandRecord("grep -rnwE 'XXX|HACK' .", "search", "rules", exit_code=0, output=out)
    text = search_tally("count the XXX and HACK markers per folder", record)
    assert text.endswith("Per folder: lib/: 3 (2 XXX, 1 HACK); ./: 1 (1 HACK); 4 in total.")
    assert "Per folder" not in search_tally("how many XXX and HACK markers?", record)


def test_biggest_files_and_folders(proj):
    (proj / "media").mkdir()
    (proj / "media" / "clip.webm").write_bytes(b"\1" * 2_500_000)
    (proj / "notes.txt").write_text("x" * 3000)
    answer, commands = ask("Which files take up the most space here?", proj)
    assert commands[0].startswith("find . -path ./.git -prune") and commands[1].startswith("du -h -d 2")
    assert "Biggest files: media/clip.webm 2.4 MiB (2500000 bytes); notes.txt 2.9 KiB (3000 bytes)." in answer
    assert "Biggest folders (du, size on disk, sub-folders included): media 2.4M" in answer


def test_line_endings_and_encodings(proj):
    (proj / "ok.md").write_text("caf\u00e9\n", encoding="utf-8")
    (proj / "win.bat").write_bytes(b"echo hi\r\necho there\r\n")
    (proj / "old.txt").write_bytes(b"line one\nna\xefve\n")
    (proj / "logo.png").write_bytes(b"\x89PNG\0\0\xff\xfe")
    answer, _ = ask("Any files encoded in something other than UTF-8, or with CRLF line endings?", proj)
    assert "CRLF line endings: win.bat." in answer
    assert "Not valid UTF-8: old.txt (byte 0xef on line 2)." in answer
    assert "(3 text files checked: 1 with CRLF line endings, 1 not valid UTF-8.)" in answer  # the PNG is skipped


def test_copyright_headers_by_the_word_the_request_uses(proj):
    (proj / "a.go").write_text("// Copyright 2024 Acme\npackage a\n")
    (proj / "b.go").write_text("package a\n")
    (proj / "vendor_like").mkdir()
    (proj / "vendor_like" / "c.go").write_text("/* Copyright Acme */\npackage c\n")
    answer, commands = ask("Which Go files lack a copyright header?", proj)
    assert commands[0].startswith("grep -rcE -m1 Copyright --include='*.go'")
    assert "1 of 3 source files have no Copyright line: b.go." in answer


def test_which_scripts_are_executable(proj):
    (proj / "bin").mkdir()
    for name, mode in (("serve", 0o755), ("migrate", 0o644)):
        (proj / "bin" / name).write_text("#!/bin/sh\n")
        os.chmod(proj / "bin" / name, mode)
    answer, commands = ask("bin/migrate says permission denied. What is not executable in bin/?", proj)
    assert commands == ["ls -l bin"]
    assert "Not executable (no x in the owner's mode): bin/migrate (-rw-r--r--)." in answer
    assert "Executable: bin/serve." in answer


def test_broken_markdown_links_skip_web_links_and_anchors(proj):
    (proj / "guide").mkdir()
    (proj / "guide" / "a.md").write_text("[b](b.md#top) [web](https://example.com/x) [self](#here)\n"
                                             "[ref]: ../missing.md\n![pic](img/p.png)\n")
    (proj / "guide" / "b.md").write_text("# B\n")
    answer, _ = ask("Find dead links in the docs", proj)
    assert "2 broken local links of 3 checked in Markdown files (web links not checked):" in answer
    assert "guide/a.md:2: ../missing.md -> missing.md does not exist" in answer
    assert "guide/a.md:3: img/p.png -> guide/img/p.png does not exist" in answer


@pytest.mark.skipif(not python3_has("jsonschema"), reason="jsonschema missing for python3")
def test_schema_validation_of_named_files(proj):
    (proj / "schemas").mkdir()
    (proj / "schemas" / "user.schema.json").write_text(
        '{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}')
    (proj / "alice.json").write_text('{"id": 1}')
    (proj / "bob.json").write_text('{"id": "b"}')
    answer, _ = ask("Do alice.json and bob.json conform to schemas/user.schema.json?", proj)
    assert "1 of 2 files do not validate against schemas/user.schema.json:\nalice.json: valid\n" in answer
    assert "bob.json: invalid: 'b' is not of type 'integer' (at id)" in answer


@needs_git
def test_lock_file_versions_changed_by_the_newest_commit_that_touched_it(proj):
    lock = '[[package]]\nname = "{0}"\nversion = "{1}"\n\n'
    (proj / "Cargo.lock").write_text("version = 3\n\n" + lock.format("serde", "1.0.190") + lock.format("log", "0.4.20"))
    _git.commit(proj, "Start", "2024-01-01T10:00:00")
    (proj / "Cargo.lock").write_text("version = 3\n\n" + lock.format("serde", "1.0.197") + lock.format("itoa", "1.0.10"))
    sha = _git.commit(proj, "cargo update", "2024-01-02T10:00:00")
    (proj / "README.md").write_text("later\n")
    _git.commit(proj, "Docs", "2024-01-03T10:00:00")
    answer, _ = ask("What did the last dependency update change in Cargo.lock? Which versions?", proj)
    assert f"The newest commit that changed Cargo.lock: {sha} cargo update (Rae Quinn, 2024-01-02)." in answer
    assert "Changed: serde 1.0.190 -> 1.0.197. Added: itoa 1.0.10. Removed: log 0.4.20." in answer


@needs_git
def test_who_changed_a_line_and_lines_changed_by_the_last_commit(proj):
    (proj / "setup.cfg").write_text("[metadata]\nname = tool\nversion = 1.0.0\n")
    _git.commit(proj, "Start", "2024-02-01T10:00:00")
    (proj / "setup.cfg").write_text("[metadata]\nname = tool\nversion = 1.1.0\n")
    sha = _git.commit(proj, "Release 1.1.0", "2024-02-09T10:00:00", author="Mo Ali")
    answer, commands = ask("Who bumped the version in setup.cfg, and when?", proj)
    assert commands == ["git log -L3,3:setup.cfg --format='commit %h%x09%an%x09%ad%x09%s' --date=short"]
    assert (f"Line 3 of setup.cfg was last changed in {sha} by Mo Ali on 2024-02-09 ('Release 1.1.0'): "
            "`version = 1.0.0` -> `version = 1.1.0` (1.0.0 -> 1.1.0).") in answer
    answer, commands = ask("How many lines did the last commit add and remove?", proj)
    assert commands == ["git log --shortstat --oneline -1"]
    assert "Over the last 1 commit: 1 insertions(+), 1 deletions(-) in all" in answer


@needs_git
def test_bisect_finds_the_commit_that_broke_a_named_test(proj):
    (proj / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (proj / "test_calc.py").write_text("import unittest\nfrom calc import add\n\nclass T(unittest.TestCase):\n"
                                           "    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n")
    _git.commit(proj, "Add", "2024-03-01T10:00:00")
    (proj / "notes.txt").write_text("x\n")
    _git.commit(proj, "Notes", "2024-03-02T10:00:00")
    (proj / "calc.py").write_text("def add(a, b):\n    return a + b + 1\n")
    sha = _git.commit(proj, "Off by one", "2024-03-03T10:00:00")
    answer, commands = ask("test_add fails now. Which commit introduced the failure?", proj)
    assert commands[0].startswith("git bisect start HEAD") and commands[0].endswith("; git bisect reset")
    assert f"git bisect: the first bad commit is {sha} 'Off by one' (Rae Quinn" in answer
    assert "AssertionError" not in answer.split("\n\n", 1)[0]  # HEAD, the bad end, was given, never run: no failure seen
    assert subprocess.run(["git", "status", "--short", "--branch"], cwd=proj, capture_output=True,
                          text=True).stdout.startswith("## main")  # back on the branch


def test_environment_variables_of_a_python_script(proj):
    (proj / "worker.py").write_text("import os\nQUEUE = os.environ['QUEUE_URL']\n"
                                        "BATCH = int(os.getenv('BATCH_SIZE', '50'))\nDEBUG = os.environ.get('DEBUG')\n")
    answer, _ = ask("What environment variables does worker.py use?", proj)
    assert ("Environment variables worker.py reads: Required: QUEUE_URL (line 2: os.environ[...] raises KeyError when it "
            "is unset). Used without a default: DEBUG (line 4, None when unset). Optional: BATCH_SIZE (default '50', "
            "line 3).") in answer


def test_unused_requirements_map_distribution_names_to_imports(proj):
    (proj / "requirements.txt").write_text("Pillow>=10\nbeautifulsoup4==4.12.3\nsix\n# a comment\n")
    (proj / "app.py").write_text("from PIL import Image\nimport bs4.element\n")
    answer, _ = ask("Which dependencies in requirements.txt are unused?", proj)
    assert "1 of 3 packages in requirements.txt are not imported by any .py file. Not imported: six" in answer
    assert "Imported: Pillow (import PIL in app.py); beautifulsoup4 (import bs4 in app.py)." in answer


def test_help_and_readme_that_agree(proj):
    (proj / "greet.py").write_text("import argparse\np = argparse.ArgumentParser()\np.add_argument('--name')\n"
                                       "p.add_argument('--shout', action='store_true')\np.parse_args()\n")
    (proj / "README.md").write_text("# greet\n\n    python3 greet.py --name NAME\n\nUse `--shout` to shout.\n")
    answer, commands = ask("Is the README's list of options in sync with --help?", proj)
    assert commands[0].endswith(" --help") and commands[1].startswith("grep -nE -- '--[A-Za-z]' README.md")
    assert "--help and README.md list the same options: --name, --shout." in answer


def test_requests_the_new_rules_leave_alone(proj):
    (proj / "test_x.py").write_text("def test_x():\n    assert True\n")
    (proj / "Makefile").write_text("test:\n\tpython3 -m pytest\n")
    for query in ("Run the tests", "Does the build pass?", "Which tests are slow?", "make sure the tests pass"):
        plan = planned_commands(query, proj)
        assert plan and not any(w in plan[0] for w in ("ls -l", "find .", "git ", "-c '")), (query, plan)
    assert planned_commands("Run the tests", proj) == planned_commands("run the unit tests", proj)
