"""The general rules held-out batch 9 prompted: paths that start with a dot, YAML checked and compared, scripts'
syntax checked without running them, access logs in other formats (JSON, HAProxy, key=value), a log's entries per
level, a CSV column's totals per group, the commits since a commit id, "what takes the space", "is port N free?",
Ruby projects' tests, minitest's Actual line, a backticked command that only says where a file came from. Each rule
runs on projects other than the batch's, with real commands where the tools are here, plus requests it must leave
alone."""

from __future__ import annotations

import json
import shutil
import socket

import pytest

from heldout_runs import Git, ask, missing, needs_git, proj, python3_has, write  # noqa: F401 (proj: a fixture)
from terminus_edge.subagent.detect import detect
from terminus_edge.subagent.named_commands import explicit_commands
from terminus_edge.subagent.preview import request_forbids
from terminus_edge.subagent.question_common import named_paths
from terminus_edge.summarize.facts import minitest

_git = Git("Ada Moss", "ada@example.com")
needs_yaml = pytest.mark.skipif(not python3_has("yaml"), reason="the python3 on PATH has no PyYAML")


def test_dot_file_paths_are_named(proj):
    write(proj, {".prettierrc.json": '{"semi": false}\n', ".gitlab/ci/build.yml": "a: 1\n", "notes.md": "x\n"})
    assert named_paths("Is .prettierrc.json valid? See .gitlab/ci/build.yml and ./notes.md.", proj) == [
        ".prettierrc.json", ".gitlab/ci/build.yml", "./notes.md"]
    assert named_paths("It takes .5 s, e.g. with .NET or ...", proj) == []
    answer, commands = ask("Is .prettierrc.json valid JSON?", proj)
    assert commands == ["python3 -m json.tool .prettierrc.json > /dev/null && echo '.prettierrc.json: valid JSON'"]
    assert ".prettierrc.json is valid JSON." in answer


def test_env_files_are_compared_by_key_without_their_values(proj):
    write(proj, {".env.staging": "API_TOKEN=abc123\nLOG_LEVEL=info\nQUEUE=jobs\n",
                 ".env.production": "API_TOKEN=zzz999\nLOG_LEVEL=warn\nREPLICAS=4\n"})
    answer, _ = ask("Compare .env.staging and .env.production: what differs?", proj)
    assert "Keys only in .env.staging: QUEUE. Keys only in .env.production: REPLICAS." in answer
    assert "API_TOKEN (values not shown); LOG_LEVEL (values not shown)" in answer
    assert "abc123" not in answer and "zzz999" not in answer and "warn" not in answer


@needs_yaml
def test_yaml_files_are_checked_and_compared(proj):
    write(proj, {"deploy/base.yml": "replicas: 2\nimage: shop:1.4\ndb:\n  host: db\n  password: s3cret\n",
                 "deploy/dev.yml": "replicas: 1\nimage: shop:1.4\ndb:\n  host: localhost\n  password: dev\ndebug: true\n",
                 "k8s/job.yaml": "spec:\n  template:\n    containers:\n    - name: a\n\t  image: b\n"})
    answer, _ = ask("How does deploy/dev.yml differ from deploy/base.yml?", proj)
    assert "Keys only in deploy/dev.yml: debug. Keys only in deploy/base.yml: (none)." in answer
    assert "replicas (1 | 2); db.host (localhost | db); db.password (values not shown)" in answer
    assert "s3cret" not in answer
    answer, commands = ask("Does k8s/job.yaml parse?", proj)
    assert commands[0].endswith("k8s/job.yaml && echo 'k8s/job.yaml: valid YAML'")
    assert "k8s/job.yaml is not valid YAML: k8s/job.yaml: line 5, column 1: found character '\\t'" in answer
    assert "deploy/base.yml is valid YAML." in ask("Is deploy/base.yml valid YAML?", proj)[0]


def test_a_scripts_syntax_is_checked_without_running_it(proj):
    write(proj, {"bin/setup.sh": "#!/bin/sh\nset -e\nmkdir -p /tmp/should-not-exist-$$\n",
                 "bin/broken.sh": "#!/bin/bash\ncase $1 in\n  a) echo a ;;\n"})
    answer, commands = ask("Don't run it, but does bin/setup.sh have a syntax error?", proj)
    assert commands == ["bash -n bin/setup.sh && echo 'bin/setup.sh: valid shell syntax'"]
    assert "bin/setup.sh has no syntax error (shell syntax checked, the script was not run)." in answer
    answer, _ = ask("Any syntax errors in bin/broken.sh?", proj)
    assert "bin/broken.sh has a syntax error (checked, not run): bin/broken.sh: line 4: syntax error: unexpected end of file" \
        in answer
    # only the check itself is let through a do-not-run request, never the script after it
    assert request_forbids("do not run bin/setup.sh", "bash -n bin/setup.sh && bin/setup.sh", proj)
    assert request_forbids("do not run bin/setup.sh", "bash -n bin/setup.sh && echo 'bin/setup.sh: valid shell syntax'",
                           proj) is None


@pytest.mark.skipif(missing("ruby", "node"), reason="ruby or node missing")
def test_ruby_and_javascript_syntax_checks(proj):
    write(proj, {"lib/tax.rb": "def tax(x)\n  x * 0.2\n", "web/app.js": "const a = 1;\nfunction f( {\n"})
    answer, _ = ask("Is lib/tax.rb syntactically valid? And is web/app.js free of syntax errors?", proj)
    assert "lib/tax.rb has a syntax error (checked, not run):" in answer and "web/app.js has a syntax error" in answer


def test_a_backticked_command_that_says_where_a_file_came_from_is_not_run():
    assert explicit_commands("dump.sql was produced by `pg_dump shop`; which tables does it create?") == []
    assert explicit_commands("events.json is an `aws logs tail` export. How many errors?") == []
    assert explicit_commands("The output of `make all` is saved in build.log") == []
    assert explicit_commands("Show me the output of `make test`") == ["make test"]
    assert explicit_commands("The failing step is `make test`, why?") == ["make test"]


def test_access_logs_in_json_and_key_value_formats(proj):
    traefik = [{"ClientHost": "10.1.0.5", "DownstreamStatus": s, "RequestPath": p, "RequestMethod": "GET"}
               for s, p in [(200, "/a"), (503, "/pay"), (503, "/pay"), (200, "/a"), (404, "/b")]]
    write(proj, {"logs/traefik.log": "\n".join(json.dumps(r) for r in traefik) + "\n",
                 "logs/edge.log": "".join(f'time=2024-01-0{i}T10:00:00Z remote_addr=172.16.0.{i % 2} status={s} '
                                          f'request="GET /x?id={i} HTTP/1.1"\n' for i, s in enumerate([200, 500, 502, 200]))})
    answer, _ = ask("How many 5xx responses are in logs/traefik.log, and on which path?", proj)
    assert "5 requests from 1 clients. Busiest: 10.1.0.5 (5 requests)." in answer
    assert "2 responses were 5xx server errors. Paths with 4xx responses, most first: /b (1). Paths with 5xx responses, " \
           "most first: /pay (2)." in answer
    answer, _ = ask("Top 2 client IPs in logs/edge.log and how many 5xx?", proj)
    assert "Busiest: 172.16.0.0 (2 requests), 172.16.0.1 (2 requests)." in answer
    assert "Paths with 5xx responses, most first: /x (2)." in answer


def test_a_logs_entries_per_level_and_errors_per_source(proj):
    write(proj, {"logs/api.log": "level=info msg=\"started\" service=api\nlevel=error msg=\"db down\" service=api\n"
                                 "level=error msg=\"db down\" service=api\nlevel=warn msg=\"slow\"\n",
                 "var/app.log": "2024-05-01 10:00:00.120 ERROR [Db] Connection 7 lost\n  at Db.read(Db.java:40)\n"
                                "2024-05-01 10:00:01.120 INFO [Web] GET / 200\n2024-05-01 10:00:02.120 ERROR [Db] "
                                "Connection 9 lost\n2024-05-01 10:00:03.120 WARN [Web] slow request\n"})
    answer, _ = ask("How many errors and warnings does var/app.log have? Which error is most common?", proj)
    assert "4 entries with a level: ERROR 2, WARN 1, INFO 1. Errors or worse by source: Db 2. Most frequent: ERROR Db: " \
           "Connection 7 lost (x2)." in answer
    answer, _ = ask("Count the log levels in logs/api.log", proj)
    assert "4 entries with a level: error 2, warn 1, info 1." in answer
    assert ask("What do the last 2 lines of var/app.log say?", proj)[1] == ["tail -n 2 var/app.log"]


def test_csv_totals_per_group(proj):
    write(proj, {"data/products.csv": "sku,category,price,stock\nA1,tools,10.50,3\nA2,garden,4.25,10\nA3,tools,"
                                      "\"1,200.00\",1\nA4,garden,,2\n",
                 "data/orders.csv": "id,status,amount\n1,paid,10\n2,failed,5\n3,paid,7\n"})
    answer, commands = ask("What's the total price per category in data/products.csv?", proj)
    assert commands[0].endswith("data/products.csv category price")
    assert "price by category, highest total first: tools 1210.50 (2 rows); garden 4.25 (1 rows). All: total 1214.75, " \
           "3 rows (1 rows without a number in price left out)." in answer
    assert "amount by status, highest total first: paid 17 (2 rows); failed 5 (1 rows)." in ask(
        "Sum of amount by status in data/orders.csv?", proj)[0]
    _, commands = ask("How many rows in data/orders.csv have status=failed?", proj)  # a count, not a total
    assert "highest total first" not in commands[0]


@needs_git
def test_the_commits_since_a_commit_id(proj):
    write(proj, {"a.txt": "1\n"})
    first = _git.commit(proj, "Start")
    write(proj, {"a.txt": "2\n", "b.txt": "x\n"})
    _git.commit(proj, "Add b")
    answer, commands = ask(f"What changed since commit {first}?", proj)
    assert commands == [f"git log --oneline {first}..HEAD && git diff --stat {first}..HEAD"]
    assert f"Since {first}: 1 commit (newest first): " in answer and "Add b" in answer and "b.txt" in answer
    assert ask("What changed since 2019?", proj)[1] != ["git log --oneline 2019..HEAD && git diff --stat 2019..HEAD"]


def test_what_takes_the_space_includes_hidden_folders(proj):
    write(proj, {".venv-old/lib/big.bin": "x" * 300_000, "src/a.py": "print(1)\n"})
    answer, commands = ask("Why is this repo so big?", proj)
    assert commands[1] == "du -h -d 2 --exclude=./.git . | sort -rh | head -n 10"
    assert "Biggest files: .venv-old/lib/big.bin 293.0 KiB (300000 bytes)" in answer
    assert "Biggest folders (du, size on disk, sub-folders included): .venv-old " in answer


@pytest.mark.skipif(missing("ss"), reason="ss missing")
def test_is_a_port_free_only_lists_it(proj):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write(proj, {"server.py": f"PORT = {port}\n"})
    answer, commands = ask(f"Is port {port} free? I want to start server.py there.", proj)
    assert len(commands) == 1 and commands[0].startswith(f"ss -ltnpH 'sport = :{port}'")
    assert f"Nothing listens on TCP port {port} now" in answer


def test_ruby_projects_tests_are_found(proj):
    write(proj, {"Rakefile": "require 'rake/testtask'\nRake::TestTask.new(:test) { |t| t.libs << 'test' }\n",
                 "test/test_a.rb": "x\n"})
    assert ("rake test" in detect(proj).test) == bool(shutil.which("rake"))
    (proj / "Rakefile").unlink()
    write(proj, {"test/models/user_test.rb": "x\n"})
    assert detect(proj).test[:1] == (["ruby -Ilib -Itest -e 'ARGV.each { |f| require File.expand_path(f) }' "
                                      "test/models/user_test.rb test/test_a.rb"] if shutil.which("ruby") else [])
    assert "ruby" not in detect(proj / "test" / "models").kinds  # no test/ folder, Rakefile or spec/ of its own


@pytest.mark.skipif(missing("ruby"), reason="ruby missing")
def test_a_ruby_minitest_failure_is_answered(proj):
    write(proj, {"lib/slug.rb": "def slug(s) = s.downcase\n",
                 "test/test_slug.rb": "require 'minitest/autorun'\nrequire 'slug'\nclass TestSlug < Minitest::Test\n"
                                      "  def test_dash\n    assert_equal 'a-b', slug('A B')\n  end\nend\n"})
    answer, commands = ask("Why do the tests fail?", proj)
    assert commands[0].endswith("-e 'ARGV.each { |f| require File.expand_path(f) }' test/test_slug.rb")
    assert 'FAILED TestSlug#test_dash: Expected: "a-b", Actual: "a b"' in answer


def test_minitest_expected_and_actual():
    text = ("  1) Failure:\nTestPrice#test_small [test/test_price.rb:10]:\nExpected: \"3.05 EUR\"\n  Actual: \"3.5 EUR\"\n\n"
            "  2) Failure:\nTestPrice#test_flag [test/test_price.rb:14]:\nExpected false to be truthy.\n\n"
            "3 runs, 3 assertions, 2 failures, 0 errors, 0 skips\n")
    reasons = [f.reason for f in minitest.parse(text).failures]
    assert reasons == ['Expected: "3.05 EUR", Actual: "3.5 EUR"', "Expected false to be truthy."]


# Part 2: the rules the six later tasks prompted.

@needs_git
def test_a_commits_files_and_the_commits_per_author(proj):
    write(proj, {"a.txt": "1\n"})
    _git.commit(proj, "Start", when="2024-03-01T10:00:00", author="Rosa Diaz")
    write(proj, {"a.txt": "2\n", "docs/b.md": "x\n"})
    second = _git.commit(proj, "Document b", when="2024-03-02T10:00:00")
    answer, commands = ask("What did the latest commit change?", proj)
    assert commands == ["git show --stat=200 --format='%h %s (%an, %ad)' --date=short HEAD"]
    assert (f'The last commit: {second} "Document b" (Ada Moss, 2024-03-02); 2 files changed, 2 insertions(+), '
            f"1 deletion(-): a.txt, docs/b.md.") in answer
    assert ask(f"Which files does commit {second} touch?", proj)[1] == [
        f"git show --stat=200 --format='%h %s (%an, %ad)' --date=short {second}"]
    answer, commands = ask("How many commits per author?", proj)
    assert commands == ["git shortlog -sn HEAD"]
    assert "Commits per author (git shortlog, reachable from HEAD): Ada Moss 1, Rosa Diaz 1." in answer
    for action in ("Undo the last commit", "Amend the last commit with the docs change"):
        assert not ask(action, proj)[1][:1] == ["git show --stat=200 --format='%h %s (%an, %ad)' --date=short HEAD"]


def test_where_a_name_is_defined_and_used(proj):
    write(proj, {"src/retry.js": "export function backoff(n) {\n  return 2 ** n;\n}\n",
                 "src/client.js": "import { backoff } from './retry.js';\nsetTimeout(f, backoff(3));\n",
                 "go/wait.go": "package wait\n\nfunc backoff(n int) int { return n * 2 }\n",
                 "node_modules/x/index.js": "backoff()\n", "docs/api.md": "Use backoff(n).\n"})
    answer, commands = ask("Who calls backoff?", proj)
    assert commands[0].startswith("grep -rnwI --exclude-dir=.git --exclude-dir=node_modules")
    assert "backoff is defined at " in answer and "src/retry.js:1 (export function backoff(n) {)" in answer
    assert "go/wait.go:3 (func backoff(n int) int { return n * 2 })" in answer
    assert "Used at src/client.js:2. Imported at src/client.js:1. Mentioned in docs/api.md:1." in answer
    assert "node_modules" not in answer.split("\n\n")[0]
    assert "No file of the project names missing_fn" in ask("Where is missing_fn defined?", proj)[0]
    assert ask("Where is it defined?", proj)[1] == []


@needs_yaml
def test_compose_ports(proj):
    write(proj, {"compose.yaml": "services:\n  proxy:\n    image: caddy\n    ports:\n      - target: 443\n"
                                 "        published: 443\n        host_ip: 0.0.0.0\n      - \"9000\"\n  cache:\n"
                                 "    image: redis\n"})
    answer, commands = ask("What ports does the compose file publish?", proj)
    assert commands[0].endswith(" compose.yaml")
    assert ("Ports by service: proxy publishes 0.0.0.0:443 -> 443, (random host port) -> 9000; cache publishes no port."
            in answer)


def test_a_version_file_against_the_version_here(proj):
    write(proj, {".python-version": "2.7\n"})
    answer, commands = ask("Is the Python version here the one .python-version asks for?", proj)
    assert commands == ["cat .python-version", "python3 --version"]
    assert ".python-version asks for 2.7; this machine has 3." in answer and "they do not match." in answer
