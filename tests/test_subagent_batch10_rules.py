"""The general rules held-out batch 10 prompted: Python logging's logger and log4j's class as a log line's source, an
access log's X-Forwarded-For client, a symbol only inside a string, a file's last change, the commits of a stretch of
days, lines matching a text per file, two CSV files compared by row, a crontab's schedule in words, a systemd unit
verified, what a make goal depends on (nothing built), where a config key is set, pytest's whole skip reasons, the
committed files' sizes, a build before a named run. Each rule runs on projects other than the batch's, with real
commands where the tools are here, plus requests it must leave alone."""

from __future__ import annotations

import pytest

from heldout_runs import Git, ask, missing, needs_git, planned_commands, proj, python3_has, write  # noqa: F401
from terminus_edge.subagent.cron_schedule import describe
from terminus_edge.subagent.intent import no_run
from terminus_edge.subagent.run_details import skipped_tests

_git = Git("Ada Moss", "ada@example.com")


def test_python_logging_default_format_names_the_logger(proj):
    write(proj, {"var/app.log": "".join(["ERROR:db.pool:Connection reset by peer\n"] * 3 + ["ERROR:root:Unhandled job 7\n",
                                         "WARNING:http.client:Slow reply\n", "INFO:root:ok\n",
                                         "2024-01-01 10:00:00 ERROR worker: disk full\n"])})
    answer, _ = ask("Which logger in var/app.log has the most errors?", proj)
    assert "Errors or worse by source: db.pool 3, root 1, worker 1." in answer
    assert "Warnings by source: http.client 1." in answer


def test_log4j_lines_name_their_class(proj):
    write(proj, {"logs/jvm.log": "2024-09-03 10:00:00,001 WARN  [pool-1] org.acme.Cache - evicted 12\n"
                                 "2024-09-03 10:00:01,001 ERROR [main] org.acme.Db - timeout\n"
                                 "10:00:02.003 [main] WARN org.acme.Cache - evicted 3\n"})
    answer, _ = ask("How many warnings per class are in logs/jvm.log?", proj)
    assert "Warnings by source: org.acme.Cache 2." in answer and "Errors or worse by source: org.acme.Db 1." in answer


def test_x_forwarded_for_is_the_client_only_when_it_holds_an_address(proj):
    line = '10.1.1.1 - - [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl/8" "{}"\n'
    write(proj, {"proxied.log": line.format("2001:db8::7") * 3 + line.format("198.51.100.9, 10.9.9.9") * 2,
                 "plain.log": line.format("not an address") * 2})
    answer, _ = ask("Which client IPs sent the most requests in proxied.log?", proj)
    assert "Busiest: 2001:db8::7 (3 requests), 198.51.100.9 (2 requests)." in answer
    assert "the connecting peers there were 10.1.1.1 (proxies)" in answer
    said = ask("Which client IPs sent the most requests in plain.log?", proj)[0].split("\n\nCommand:")[0]
    assert "Busiest: 10.1.1.1 (2 requests)." in said and "X-Forwarded-For" not in said


def test_a_word_only_in_strings_or_comments_is_not_a_use(proj):
    write(proj, {"lib/core.js": "function start(opts) {\n  return opts;\n}\n// start is called by main\n"
                                "console.log('start here');\nmodule.exports = { start };\n",
                 "lib/main.js": "const { start } = require('./core');\nstart({});\nstarter();\n"})
    answer, commands = ask("Where is the function `start` defined and used?", proj)
    assert commands[0].startswith("grep -rnwI ")
    assert "start is defined at lib/core.js:1 (function start(opts) {)." in answer
    assert "Only inside a string or comment at lib/core.js:4, lib/core.js:5." in answer
    assert "lib/main.js:2" in answer and "main.js:3" not in answer


@needs_git
def test_a_files_last_change_and_a_stretch_of_days(proj):
    write(proj, {"api/routes.py": "A = 1\n", "web/app.js": "1\n"})
    _git.commit(proj, "Add routes", when="2023-11-02T10:00:00")
    write(proj, {"api/routes.py": "A = 2\n"})
    changed = _git.commit(proj, "Rename route", when="2023-11-05T23:30:00", author="Bo Chen")
    write(proj, {"web/app.js": "2\n"})
    _git.commit(proj, "Tweak app", when="2023-11-09T08:00:00")
    answer, commands = ask("Who last modified api/routes.py, and when?", proj)
    assert commands == ["git log -1 --format='%h %s (%an, %ad)' --date=iso -- api/routes.py"]
    assert f"api/routes.py was last changed in {changed} \"Rename route\" by Bo Chen on 2023-11-05 23:30:00" in answer
    answer, _ = ask("List the commits from 2023-11-03 to 2023-11-05.", proj)
    assert answer.count("Rename route") >= 1 and "Tweak app" not in answer and "Add routes" not in answer
    assert "1 commit from 2023-11-03 to 2023-11-05 (inclusive), by committer date" in answer
    assert "0 commits on 2023-11-04" in ask("Any commits on 2023-11-04?", proj)[0]
    assert not any(c.startswith("git log --since") for c in planned_commands("What changed between v1 and v2?", proj))


def test_lines_matching_a_text_per_file(proj):
    write(proj, {"out/a.txt": "FAIL x\nok\nFAIL y\n", "out/b.txt": "ok\n", "out/sub/c.txt": "FAIL\n"})
    answer, commands = ask('Count the lines containing "FAIL" in out/.', proj)
    assert commands == ["grep -c -F -r -e FAIL -- out"]
    assert "out/a.txt 2, out/sub/c.txt 1, out/b.txt 0; 3 in all." in answer
    assert 'Lines containing "FAIL" per file (grep -c): out/b.txt 0; 0 in all.' in ask(
        "How many lines in out/b.txt mention 'FAIL'?", proj)[0]
    assert planned_commands("How many lines of code are there?", proj) != commands


def test_two_csv_files_compared_by_key_or_by_row(proj):
    write(proj, {"a.csv": "email,plan\nx@e.com,free\ny@e.com,pro\n", "b.csv": "email,plan\nx@e.com,pro\nz@e.com,free\n",
                 "c.csv": "n\n1\n1\n2\n", "d.csv": "n\n1\n3\n"})
    answer, _ = ask("What differs between a.csv and b.csv?", proj)
    assert "matched by the first column (email)" in answer
    assert "Only in a.csv (1): y@e.com,pro." in answer and "Only in b.csv (1): z@e.com,free." in answer
    assert "Changed (1): x@e.com: plan free -> pro." in answer
    answer, _ = ask("Compare c.csv with d.csv", proj)
    assert "matched by whole row" in answer and "Only in c.csv (1): 2." in answer


@pytest.mark.parametrize("spec, words", [
    ("0 */2 * * *", "every 2 hours at minute 0 (00:00 to 22:00)"), ("0 24 * * *", "`0 24 * * *` (minute hour day-of-month month day-of-week)"),
    ("15 4 1,15 * *", "at 04:15 on day 1, 15 of the month"), ("0 9 * 1-3 1-5", "at 09:00 on Monday-Friday in January-March"),
    ("5 * * * *", "every hour at minute 5"), ("@weekly", "weekly (Sunday 00:00)"), ("*/5 * * * *", "every 5 minutes")])
def test_cron_schedules_in_words(spec, words):
    assert describe(spec) == words


def test_a_crontab_job_is_found_by_a_word_of_the_request(proj):
    write(proj, {"etc/cron.d/reports": "MAILTO=x@y\n0 5 * * 6 root /usr/local/bin/weekly-report\n"})
    answer, commands = ask("When does the weekly-report job in etc/cron.d/reports run?", proj)
    assert commands == ["grep -n -e weekly-report etc/cron.d/reports"]
    assert "runs at 05:00 on Saturday (`0 5 * * 6`)" in answer


@pytest.mark.skipif(missing("systemd-analyze"), reason="systemd-analyze missing")
def test_a_unit_file_is_verified_not_run(proj):
    write(proj, {"units/web.service": "[Service]\nExecStart=/bin/true\n", "units/bad.socket": "[Socket]\nListenStream=\n"})
    answer, commands = ask("Is units/web.service valid?", proj)
    assert commands == ["systemd-analyze verify units/web.service"] and "found no problem" in answer
    answer, commands = ask("What's wrong with units/bad.socket?", proj)
    assert commands == ["systemd-analyze verify units/bad.socket"] and "The unit is not valid" in answer


@pytest.mark.skipif(missing("make"), reason="make missing")
def test_what_a_make_goal_depends_on_builds_nothing(proj):
    write(proj, {"Makefile": "all: app\napp: a.o\n\ttouch app\na.o:\n\ttouch a.o\ndeploy: all check\n\ttouch deployed\n"
                             "check:\n\ttouch checked\n"})
    answer, commands = ask("Which targets does `make deploy` depend on?", proj)
    assert commands[0].startswith("make -pqk deploy 2>/dev/null | python3 -c ")
    assert "`make deploy` depends on: all check; all on app; app on a.o (make -pqk" in answer
    assert not any((proj / f).exists() for f in ("app", "a.o", "deployed", "checked"))
    assert "make has no rule for nope." in ask("What are the prerequisites of the nope target?", proj)[0]


def test_dont_build_is_a_do_not_run_phrase():
    assert no_run("List the steps. Don't build anything.") and no_run("do not compile it")
    assert not no_run("Why doesn't it build?") and not no_run("build it and run the tests")


def test_where_a_config_key_is_set(proj):
    write(proj, {"cfg/a.toml": "[db]\npool_size = 5\n", "cfg/b.yaml": "db:\n  pool_size: 9\n", ".env": "POOL_SIZE=3\n",
                 "cfg/db.ini": "[db]\napi_key = hunter2\n", "src/db.py": "pool_size = 1\n"})
    answer, _ = ask("Which config files set pool_size?", proj)
    assert "cfg/a.toml:2 (pool_size = 5)" in answer and "cfg/b.yaml:2 (pool_size: 9)" in answer
    assert ".env:1 (POOL_SIZE = (value not shown))" in answer and "src/db.py" not in answer
    said = ask("Where is the setting api_key set?", proj)[0].split("\n\nCommand:")[0]  # the raw lines: redaction's job
    assert said == "api_key is named in 1 config file(s): cfg/db.ini:2 (api_key = (value not shown))."
    assert not any(c.startswith("grep -rniIw --include=") for c in planned_commands("where is pool_size defined?", proj))


def test_pytest_skip_lines_get_their_whole_reason():
    output = ("tests/t.py::test_a SKIPPED (needs the network and a very long...) [ 50%]\n"
              "tests/t.py::test_b SKIPPED (short)                                [100%]\n"
              "SKIPPED [1] tests/t.py:4: needs the network and a very long reason here\n"
              "SKIPPED [1] tests/t.py:9: short\nSKIPPED [2] tests/u.py:1: module skipped\n")
    assert skipped_tests(output) == [("tests/t.py::test_a", "needs the network and a very long reason here"),
                                     ("tests/t.py::test_b", "short"), ("tests/u.py:1", "module skipped")]


@pytest.mark.skipif(not python3_has("pytest"), reason="the python3 on PATH has no pytest")
def test_skip_questions_run_pytest_with_its_reasons(proj):
    write(proj, {"test_x.py": "import pytest\n\n@pytest.mark.skip(reason='the parser rewrite in 3.0 changes this')\n"
                              "def test_a():\n    pass\n\ndef test_b():\n    pass\n"})
    answer, commands = ask("Why is a test skipped?", proj)
    assert commands[0].endswith("python3 -m pytest -v -rsx")
    assert "test_x.py::test_a (the parser rewrite in 3.0 changes this)" in answer


@needs_git
def test_the_committed_files_sizes_leave_out_untracked_ones(proj):
    write(proj, {"a.bin": "x" * 5000, "b.txt": "y" * 100, ".gitignore": "tmp/\n"})
    _git.commit(proj, "Add")
    write(proj, {"tmp/huge.bin": "z" * 90000})
    answer, commands = ask("What are the largest files tracked in git?", proj)
    assert commands[0].startswith("git ls-tree -r -l HEAD")
    assert "Biggest files committed in HEAD (git ls-tree): a.bin 4.9 KiB (5000 bytes); b.txt" in answer
    assert "huge.bin" not in answer
    assert ask("What are the biggest files?", proj)[1][0].startswith("find . ")


@pytest.mark.skipif(missing("make", "cc"), reason="make or cc missing")
def test_build_then_run_a_named_command(proj):
    write(proj, {"Makefile": "hello: hello.c\n\tcc -o hello hello.c\n",
                 "hello.c": '#include <stdio.h>\nint main(void) { puts("hi there"); return 0; }\n'})
    answer, commands = ask("Build it and run `./hello`: what does it print?", proj)
    assert commands == ["make", "./hello"] and "hi there" in answer
    assert ask("Run `./hello`", proj)[1] == ["./hello"]
