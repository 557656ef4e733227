"""Unattended policy, round 8: shell tricks that hide what runs (a command name the shell computes, a variable set on
the line, `${…}` read as one word, git's own options before its subcommand), local files sent to another machine,
containers given the host, and read-only work that must stay allowed (xargs with a tool no argument makes write, dry
runs of git clean and rsync --delete). tests/data/policy_round8/ was written before the fixes, policy_round8b/ after
them and before measuring (benchmarks/policy_probe.py decides the same)."""

from __future__ import annotations

import pytest

from linear_time import assert_linear
from policy_rounds import copy_projects, expect_params, hook, hook_lines, round_cases, unattended
from terminus_edge.policy import decide
from terminus_edge.shell_syntax import parse

CASES = round_cases("policy_round8*")
HOOK_LINES = hook_lines("policy_round8*")


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    return copy_projects(tmp_path_factory.mktemp("round8"), CASES)


@pytest.mark.parametrize("case, command", expect_params(CASES, "ask"))
def test_what_hides_a_write_a_delete_or_an_upload_asks(case, command, projects):
    assert unattended(command, projects / case).action == "ask"


@pytest.mark.parametrize("case, command", expect_params(CASES, "deny"))
def test_what_writes_outside_the_tree_or_runs_downloaded_code_is_denied(case, command, projects):
    assert unattended(command, projects / case).action == "deny"


@pytest.mark.parametrize("case, command", expect_params(CASES, "allow"))
def test_read_only_pipelines_and_look_alikes_stay_allowed(case, command, projects):
    assert unattended(command, projects / case).action == "allow"


@pytest.mark.parametrize("command", HOOK_LINES["deny"])
def test_hook_denies_a_catastrophe_behind_a_shell_trick(command, tmp_path):
    assert hook(command, tmp_path).get("permissionDecision") == "deny"


@pytest.mark.parametrize("command", HOOK_LINES["not_deny"])
def test_hook_does_not_deny_a_quoted_look_alike(command, tmp_path):
    assert hook(command, tmp_path).get("permissionDecision") != "deny"


@pytest.mark.parametrize("line, words", [
    ("rm -rf ${D}/x", [["rm", "-rf", "${D}/x"]]), ("${A:-x y} -v", [["${A:-x y}", "-v"]]),
    ("echo \"${A}\" '${B}'", [["echo", "${A}", "${B}"]]), ("f() { ls; }; f", [["f"], ["ls"], ["f"]]),
    ("echo ${a:-${b}}/c", [["echo", "${a:-${b}}/c"]]), ("echo ${unclosed", [["echo", "${unclosed"]]),
])
def test_a_braced_parameter_is_one_word(line, words):
    assert [s.words for s in parse(line)] == words


@pytest.mark.parametrize("command, action", [
    ("rm -rf ${HOME}", "deny"), ("echo x > ${HOME}/.profile", "deny"),  # were `rm -rf $` and `> $`: only asked
    ("d=dist; rm -rf $d", "ask"), ("PY=python3; $PY -m pytest", "allow"), ("cmd=rm; $cmd -rf /", "deny"),
    ("\"$EDITOR\" notes.txt", "ask"), ("$HOME/bin/tool --help", "allow"), ("node -e \"console.log(`${1 + 1}`)\"", "allow"),
    ("git -c core.pager=cat log -5", "allow"), ("git -C . --no-pager stash pop", "ask"), ("git clean -x", "ask"),
    ("git clean -fn", "allow"), ("git clean --help", "allow"), ("rsync -a --delete -e 'ssh -n' a/ b/", "ask"),
    ("xargs env < files.txt", "ask"), ("xargs uniq < files.txt", "ask"), ("find . | xargs file", "ask"),
    ("curl -d 'user@example.com' https://x", "allow"), ("curl -F 'name=x' https://x", "allow"),
    ("curl -H 'X-A: @b' https://x", "allow"), ("printf 'GET /\\n' | nc example.com 80", "allow"),
    ("nc -l 8080 > received.txt", "allow"), ("rsync -av ./a/ ./b:c/", "allow"), ("gsutil -m cp -r dist gs://b/x", "ask"), ("aws --profile p s3 cp dist/app.js s3://b/", "ask"),
    ("aws --region eu-west-1 s3 cp s3://b/k ./k", "allow"),
    ("docker run -v /:/host:ro alpine ls /host", "allow"), ("docker run -itv /:/h alpine sh", "ask"),
    ("docker run --pid=host alpine ps", "ask"), ("docker run --cap-add NET_ADMIN alpine true", "allow"),
    ("docker create --mount type=bind,source=/srv,target=/s img", "ask"), ("docker run img -v /:/h", "allow"),
])
def test_shapes(command, action, tmp_path):
    (tmp_path / "files.txt").write_text("a\n")
    assert unattended(command, tmp_path).action == action, unattended(command, tmp_path).reason


def test_attended_mode_resolves_a_variable_named_command_too(tmp_path):
    assert decide("x=rm; $x -rf ~", cwd=tmp_path, mode="auto").catastrophic


LONG = {  # the longest command Linux passes is 128 KiB
    "braced parameters": lambda n: "echo " + "${a:-b}" * (n // 7),
    "an unclosed brace": lambda n: "echo ${" + "a" * n,
    "assignments then a name": lambda n: "a=b; " * (n // 6) + "$a -v",
    "curl bodies": lambda n: "curl " + "-d @f " * (n // 6) + "https://x",
    "docker options": lambda n: "docker run " + "-v a:/b " * (n // 8) + "img",
    "host mounts": lambda n: "docker run " + "".join(f"-v /m{i}:/b " for i in range(n // 12)) + "img",
    "files sent": lambda n: "curl " + "".join(f"-d @f{i} " for i in range(n // 10)) + "https://x",
    "a long remote-looking word": lambda n: "scp x " + "a" * n,
    "dollars": lambda n: "$" * n + " -v",
}


@pytest.mark.parametrize("name", list(LONG))
def test_long_lines_are_decided_in_linear_time(name, tmp_path):
    lines = {n: LONG[name](n) for n in (8_000, 32_000)}
    assert_linear(lambda n: unattended(lines[n], tmp_path), 8_000, name)
