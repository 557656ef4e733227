"""The general rules held-out batch 11 prompted, each on projects other than the batch's: batch 10's two known gaps
first (a make goal's whole prerequisite chain, cron steps and names in words), then the lookups (git history, logs,
deploy configs, dependency trees, reports, two folders) and a CI workflow's steps, plus requests they must leave alone."""

from __future__ import annotations

import pytest
from heldout_runs import Git, ask, missing, needs_git, planned_commands, proj, write  # noqa: F401

from terminus_edge.subagent.cron_schedule import describe


@pytest.mark.skipif(missing("make"), reason="make missing")
def test_make_prerequisites_follow_the_chain_past_the_first_out_of_date_one(proj):
    write(proj, {"Makefile": "%.o: %.c\n\tcc -c $<\nprog: a.o b.o\n\tcc -o $@ $^\nship: prog\n\ttouch shipped\n",
                 "a.c": "int a;\n", "b.c": "int b;\n"})
    answer, commands = ask("What does `make ship` depend on? Don't build anything.", proj)
    assert commands[0].startswith("make -pqk ship ")
    assert "ship` depends on: prog; prog on a.o b.o; a.o on a.c; b.o on b.c" in answer
    assert not any((proj / f).exists() for f in ("a.o", "b.o", "prog", "shipped"))


@pytest.mark.parametrize("spec, words", [
    ("*/15 * * * MON-FRI", "every 15 minutes on Monday-Friday"),
    ("*/20 8-17 * * 1-5", "every 20 minutes from 08:00 to 17:40 on Monday-Friday"),
    ("0 0 1 */3 *", "at 00:00 on day 1 of the month in January, April, July, October"),
    ("0 6 */2 * *", "at 06:00 every 2 days of the month from day 1 (1, 3, 5, 7, …)"),
    ("0,30 * * * *", "at minutes 0, 30 of every hour"), ("0 9,17 * * *", "at 09:00, 17:00 every day"),
    ("0 12 * jan,JUL sun", "at 12:00 on Sunday in January, July"), ("0 3 * * 7", "at 03:00 on Sunday"),
    ("0 3 1 * 1", "at 03:00 on day 1 of the month and also on Monday"), ("5/10 * * * *", "every 10 minutes from minute 5 of each hour"),
    ("@DAILY", "daily at 00:00"), ("*/0 * * * *", "`*/0 * * * *` (minute hour day-of-month month day-of-week)"),
    ("0 3 * * FOO", "`0 3 * * FOO` (minute hour day-of-month month day-of-week)")])
def test_cron_steps_and_names_in_words(spec, words):
    assert describe(spec) == words


def test_a_crontab_with_steps_names_and_specials_is_put_in_words(proj):
    write(proj, {"ops/crontab": "SHELL=/bin/sh\n*/15 9-17 * * MON-FRI /opt/bin/poll-queue\n@daily /opt/bin/rotate-logs\n"})
    answer, _ = ask("How often does poll-queue run (ops/crontab)?", proj)
    assert "runs every 15 minutes from 09:00 to 17:45 on Monday-Friday (`*/15 9-17 * * MON-FRI`)" in answer
    answer, _ = ask("When does rotate-logs in ops/crontab run?", proj)
    assert "runs daily at 00:00 (`@daily`)" in answer


_git = Git("Ada Moss", "ada@example.com")


@needs_git
def test_git_lookups_introduced_contains_stash_latest_tag(proj):
    write(proj, {"lib.py": "x = 1\n"})
    _git.commit(proj, "Start", when="2024-01-01T10:00:00")
    write(proj, {"lib.py": "x = 1\nRETRY_LIMIT = 3\n"})
    added = _git.commit(proj, "Add a retry limit", when="2024-01-02T10:00:00", author="Bo Li")
    _git(proj, "tag", "-a", "v2.0", "-m", "2.0")
    _git(proj, "branch", "old")
    write(proj, {"lib.py": "x = 1\nRETRY_LIMIT = 5\n"})
    _git.commit(proj, "Raise the retry limit", when="2024-01-03T10:00:00")
    answer, commands = ask("Which commit introduced RETRY_LIMIT?", proj)
    assert commands == ["git log -S RETRY_LIMIT --reverse --format='%h %s (%an, %ad)' --date=short"]
    assert f"`RETRY_LIMIT` was introduced by {added} 'Add a retry limit' (Bo Li, 2024-01-02)." in answer  # 3 -> 5: same count
    assert "No commit adds or removes `NOPE_X`" in ask("When was NOPE_X first added?", proj)[0]
    answer, _ = ask('Which branches contain the "Raise the retry limit" commit?', proj)
    assert "1 branch(es) contain the newest commit whose message matches 'Raise the retry limit': main." in answer
    answer, _ = ask("What's the latest tag, and how many commits since?", proj)
    assert "The nearest tag reachable from HEAD is v2.0, with 1 commit(s) since it" in answer
    assert "The stash is empty" in ask("What is in my stash? Don't apply it.", proj)[0]
    write(proj, {"lib.py": "x = 2\n"})
    _git(proj, "stash", "push", "-q", "-m", "try x 2")
    answer, commands = ask("What is in my stash? Don't apply it.", proj)
    assert commands == ["git stash list --stat"]
    assert "1 stash entry, newest first: stash@{0} 'try x 2' (on main): lib.py (3 lines changed)" in answer


def test_log_lookups_on_other_logs(proj):
    write(proj, {"var/secure.log": "".join(f"Mar  3 10:0{i}:00 h sshd[9]: Failed password for root from 192.0.2.{i % 2} port 22 ssh2\n"
                                           for i in range(5)) + "Mar  3 10:09:00 h sshd[9]: Accepted password for ana from 192.0.2.9\n",
                 "var/app.log": "2024-05-01T09:10:00 ERROR a\n2024-05-01T09:50:00 ERROR b\n2024-05-01T11:00:00 ERROR c\n"
                                "2024-05-01T11:05:00 WARN d\n2024-05-01T11:06:00 WARN e\n2024-05-01T11:07:00 INFO ok\n",
                 "var/access.log": '1.2.3.4 - - [01/May/2024:10:00:00 +0000] "GET /a?x=1 HTTP/1.1" 200 5 rt=0.500\n'
                                   '1.2.3.4 - - [01/May/2024:10:00:01 +0000] "GET /a HTTP/1.1" 200 5 rt=1.500\n'
                                   '1.2.3.4 - - [01/May/2024:10:00:02 +0000] "POST /b HTTP/1.1" 201 5 rt=0.200\n',
                 "var/deploy.log": "2024-05-02 08:00:00 starting deploy\n2024-05-02 08:00:30 building\n"
                                   "2024-05-02 08:04:30 pushing\n2024-05-02 08:05:00 done\n"})
    answer, _ = ask("Which IPs have the most failed logins in var/secure.log?", proj)
    assert "5 failed logins from 2 addresses (sshd Failed lines); 192.0.2.0: 3 failed logins (users tried: root)" in answer
    answer, _ = ask("At what hour did errors peak in var/app.log?", proj)
    assert "3 error lines in 2 clock hours; 2024-05-01 09:00-09:59: 2 error lines" in answer
    assert "2 warning lines in 1 clock hours" in ask("Which hour had the most warnings in var/app.log?", proj)[0]
    answer, _ = ask("Which endpoint is slowest on average in var/access.log?", proj)
    assert "3 timed requests to 2 paths (time as logged); /a: mean 1.000, max 1.500 over 2 requests; /b: mean 0.200" in answer
    answer, _ = ask("How long did the deploy in var/deploy.log take?", proj)
    assert "took 5 min 0 s (300 s); 1 runs in the log; longest step: 'building' took 4 min 0 s, until 'pushing'" in answer


def test_deploy_config_lookups(proj):
    write(proj, {"etc/nginx/conf.d/app.conf": "server {\n  listen 8080;\n  # listen 9999;\n  server_name a.test b.test;\n"
                                              "  location / { proxy_pass http://127.0.0.1:3000; }\n}\nserver {\n  server_name c.test;\n}\n",
                 "Dockerfile": "FROM python:3.12 AS base\nEXPOSE 9000\nFROM base\nUSER app\n",
                 "manifests/job.yml": "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: worker\n"
                                      "        image: w:1\n        resources:\n          limits:\n            memory: 1Gi\n"
                                      "      - name: sidecar\n        image: s:1\n"})
    answer, _ = ask("Which port does nginx listen on?", proj)
    assert "etc/nginx/conf.d/app.conf:1 server a.test b.test: listens on 8080; etc/nginx/conf.d/app.conf:7 server c.test: " \
           "listens on 80 (no listen line: the default)." in answer
    answer, _ = ask("What base image does the final stage of the Dockerfile use?", proj)
    assert "the final one (Dockerfile:3) is FROM base (an earlier stage of this file), exposes no port (no EXPOSE), runs as app." in answer
    answer, _ = ask("Which containers in manifests/job.yml have no memory limit?", proj)
    assert "no memory limit: sidecar; no cpu limit: worker, sidecar." in answer


@pytest.mark.skipif(missing("openssl"), reason="openssl missing")
def test_a_certificate_is_read_not_its_neighbours(proj):
    import subprocess

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(proj / "k.key"), "-out",
                    str(proj / "site.crt"), "-days", "30", "-subj", "/CN=shop.test", "-addext", "subjectAltName=DNS:shop.test,DNS:www.shop.test"],
                   check=True, capture_output=True)
    answer, commands = ask("When does site.crt expire?", proj)
    assert commands[0].startswith("openssl x509 -in site.crt -noout ")
    assert "names: shop.test, www.shop.test." in answer and "(notAfter)" in answer
    assert "It is still valid now (openssl -checkend 0: will not expire)." in answer


def test_dependency_lookups(proj):
    write(proj, {"Cargo.toml": "[package]\nname = \"app\"\n", "Cargo.lock": "version = 3\n\n[[package]]\nname = \"app\"\n"
                 "version = \"0.1.0\"\ndependencies = [\n \"tokio\",\n]\n\n[[package]]\nname = \"tokio\"\nversion = \"1.0.0\"\n"
                 "source = \"registry+x\"\ndependencies = [\n \"mio 0.8.0\",\n]\n\n[[package]]\nname = \"mio\"\nversion = \"0.8.0\"\n"
                 "source = \"registry+x\"\n",
                 "requirements/base.txt": "Django==5.0.1\nrequests>=2\n-c pins.txt\n", "requirements/pins.txt": "idna\n"})
    answer, _ = ask("Which dependency pulls in mio?", proj)
    assert "How mio comes in (each chain from the top of the tree): app > tokio > mio." in answer
    answer, _ = ask("Which packages in requirements/base.txt are unpinned?", proj)
    assert "2 requirement(s) not pinned to one exact version: requirements/base.txt:2 requests>=2: a range, not one version; " \
           "requirements/pins.txt:1 idna: no version at all." in answer


def test_report_lookups(proj):
    write(proj, {"out/results.xml": '<testsuite tests="2"><testcase classname="t" name="ok"/><testcase classname="t" name="bad">'
                                    '<failure message="boom">trace</failure></testcase></testsuite>',
                 "cov/coverage.xml": '<coverage><packages><package><classes><class filename="a.py"><lines><line number="1" hits="0"/>'
                                     '<line number="2" hits="3"/></lines></class><class filename="b.py"><lines><line number="1" hits="1"/>'
                                     '</lines></class></classes></package></packages></coverage>'})
    answer, _ = ask("Which tests failed according to out/results.xml?", proj)
    assert "2 test cases: 1 failed, 0 errors, 0 skipped; FAILED t::bad: boom (read from the report, nothing rerun)." in answer
    answer, _ = ask("Which file has the lowest coverage in cov/coverage.xml?", proj)
    assert "2 files, lowest coverage first; a.py: 50.0 % (1 of 2 lines); b.py: 100.0 % (1 of 1 lines)" in answer


def test_two_folders_compared(proj):
    write(proj, {"v1/a.txt": "one\ntwo\n", "v2/a.txt": "one\n2\nthree\n", "v1/same.txt": "x\n", "v2/same.txt": "x\n",
                 "v2/new/b.txt": "b\n"})
    answer, commands = ask("What differs between v1 and v2?", proj)
    assert commands == ["diff -r v1 v2"]
    assert "1 file(s) differ between v1 and v2 (v1 -> v2): a.txt: two -> 2; three added; only in v2: new." in answer


def test_a_workflow_runs_its_steps_until_the_first_failure(proj):
    write(proj, {".github/workflows/build.yml": "on: push\njobs:\n  lint:\n    runs-on: x\n    steps:\n      - run: echo lint\n"
                                                "  test:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
                                                "      - name: first\n        run: |\n          echo one\n          echo two\n"
                                                "      - name: breaks\n        run: exit 3\n      - name: never\n        run: touch ran\n"})
    answer, commands = ask("Run the test job of .github/workflows/build.yml locally and tell me which step fails.", proj)
    assert commands == ["echo one && echo two", "exit 3"] and not (proj / "ran").exists()
    assert "The first failing step of job test (.github/workflows/build.yml) is 'breaks'. Steps in order: 'actions/checkout@v4' " \
           "skipped (the action actions/checkout@v4 runs only in CI); 'first' passed; 'breaks' FAILED (exit code 3); 'never' not run " \
           "(after the failure)." in answer


@pytest.mark.parametrize("query", ["Which commit broke the build?", "What is the latest version of requests?",
                                   "Compare the two approaches in README.md", "Which branch am I on?",
                                   "Why is the build slow?", "How long do the tests take?",
                                   "What changed since the last release tag?", "Are there identical files under v1/ or v2/?",
                                   "test_add fails now. Which commit introduced the failure?"])
def test_requests_the_lookups_leave_alone(proj, query):
    from terminus_edge.subagent.lookup_plans import lookup_plan

    write(proj, {"README.md": "x\n", "logs/app.log": "2024-01-01 10:00:00 ERROR x\n", "v1/a": "1\n", "v2/a": "2\n"})
    assert lookup_plan(query, proj) == []
