"""Parsers on output produced right here by the real tools (each test skips when its tool is absent)."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys
import textwrap

import pytest

from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.normalize import normalize


# A make that runs these tests (`make test`) would otherwise make the captured make a sub-make ("make[1]: ***").
_PARENT_MAKE = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")


def run(cmd: str, cwd, timeout: int = 120) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if k not in _PARENT_MAKE}
    proc = subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, env=env)
    return normalize(proc.stdout + proc.stderr).text, proc.returncode


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed")


def test_real_pytest_failures(tmp_path):
    (tmp_path / "test_calc.py").write_text(textwrap.dedent("""
        import pytest
        def test_ok(): assert 1 + 1 == 2
        def test_sum(): assert sum([1, 2]) == 4
        def test_raise():
            with pytest.raises(ValueError):
                int("3")
        @pytest.mark.skip(reason="needs network")
        def test_net(): pass
    """))
    text, code = run(f"{sys.executable} -m pytest -q -p no:cacheprovider test_calc.py", tmp_path)
    facts = extract_facts("pytest -q test_calc.py", text, code)
    assert code == 1
    assert facts.counts["failed"] == 2 and facts.counts["passed"] == 1 and facts.counts["skipped"] == 1
    by_name = {f.name: f for f in facts.failures}
    assert by_name["test_calc.py::test_sum"].reason.startswith("assert 3 == 4")
    assert by_name["test_calc.py::test_sum"].location == "test_calc.py:4"
    assert "DID NOT RAISE" in by_name["test_calc.py::test_raise"].reason


def test_real_pytest_collection_error(tmp_path):
    (tmp_path / "test_imp.py").write_text("import not_a_real_module_xyz\n\ndef test_a():\n    pass\n")
    text, code = run(f"{sys.executable} -m pytest -p no:cacheprovider", tmp_path)
    facts = extract_facts("pytest", text, code)
    assert code == 2
    assert "module not_a_real_module_xyz" in facts.missing
    assert facts.stopped_early and facts.counts.get("errors") == 1


def test_real_unittest_failure_and_error(tmp_path):
    (tmp_path / "test_inv.py").write_text(textwrap.dedent("""
        import unittest
        class T(unittest.TestCase):
            def test_ok(self): self.assertTrue(True)
            def test_eq(self): self.assertEqual([1, 2], [2])
            def test_key(self): {}['missing']
    """))
    text, code = run(f"{sys.executable} -m unittest -v test_inv", tmp_path)
    facts = extract_facts("python -m unittest -v test_inv", text, code)
    assert facts.counts["total"] == 3 and facts.counts["failed"] == 1 and facts.counts["errors"] == 1
    kinds = {f.name.split(".")[-1]: (f.kind, f.reason) for f in facts.failures}
    assert kinds["test_key"][0] == "error" and kinds["test_key"][1].startswith("KeyError: 'missing'")
    assert kinds["test_eq"][0] == "failed" and "Lists differ" in kinds["test_eq"][1]


def test_real_python_traceback_innermost_user_frame(tmp_path):
    (tmp_path / "report.py").write_text("import json\n\ndef load(s):\n    return json.loads(s)\n\nprint('loaded 3 rows')\nload('{bad')\n")
    text, code = run(f"{sys.executable} report.py", tmp_path)
    facts = extract_facts("python report.py", text, code)
    tb = facts.traceback
    assert tb.exc_type == "json.decoder.JSONDecodeError"
    assert tb.file.endswith("report.py") and tb.line == 4 and tb.function == "load"


def test_real_gcc_errors_and_warnings(tmp_path):
    need("gcc")
    (tmp_path / "bad.c").write_text("#include <stdio.h>\nint main(void) {\n  int unused;\n  printf(\"%d\\n\", 1)\n  return 0;\n}\n")
    text, code = run("gcc -Wall -c bad.c -o bad.o", tmp_path)
    facts = extract_facts("gcc -Wall -c bad.c -o bad.o", text, code)
    assert code == 1
    errors = [d for d in facts.diagnostics if d.severity == "error"]
    assert errors and errors[0].file == "bad.c" and errors[0].line == 4 and "expected" in errors[0].message
    assert facts.counts["errors"] == len(errors)


def test_real_make_link_failure(tmp_path):
    need("gcc"), need("make")
    (tmp_path / "main.c").write_text("double area(double);\nint main(void) { return (int) area(2.0); }\n")
    (tmp_path / "Makefile").write_text("app: main.c\n\tgcc -o app main.c\n")
    text, code = run("make", tmp_path)
    facts = extract_facts("make", text, code)
    assert code == 2
    joined = " ".join(facts.errors)
    assert "undefined reference to area" in joined
    assert "ld returned 1 exit status" in joined
    assert "make: *** [Makefile:2: app] Error 1" in joined


def test_real_javac_errors(tmp_path):
    need("javac")
    (tmp_path / "A.java").write_text("public class A {\n  int f() { return missing; }\n  String g() { return 1; }\n}\n")
    text, code = run("javac A.java", tmp_path)
    facts = extract_facts("javac A.java", text, code)
    assert code == 1 and facts.counts["errors"] == 2
    assert facts.diagnostics[0].line == 2 and "cannot find symbol" in facts.diagnostics[0].message
    assert "missing" in facts.diagnostics[0].message  # the `symbol:` detail line is folded in


def test_real_java_stack_trace(tmp_path):
    need("javac"), need("java")
    (tmp_path / "Boom.java").write_text(
        "public class Boom {\n  static int f(int[] a) { return a[3]; }\n  public static void main(String[] x) { f(new int[1]); }\n}\n"
    )
    run("javac Boom.java", tmp_path)
    text, code = run("java Boom", tmp_path)
    facts = extract_facts("java Boom", text, code)
    assert facts.traceback.exc_type == "java.lang.ArrayIndexOutOfBoundsException"
    assert facts.traceback.file == "Boom.java" and facts.traceback.line == 2


@pytest.mark.parametrize("reporter", ["tap", "spec"])
def test_real_node_test_runner(tmp_path, reporter):
    need("node")
    (tmp_path / "u.test.js").write_text(
        "const test = require('node:test'); const assert = require('node:assert');\n"
        "test('adds', () => assert.strictEqual(1 + 1, 2));\n"
        "test('decodes plus', () => assert.strictEqual('a+b', 'a b'));\n"
    )
    text, code = run(f"node --test --test-reporter={reporter}", tmp_path)
    facts = extract_facts(f"node --test --test-reporter={reporter}", text, code)
    assert code == 1
    assert facts.counts["failed"] == 1 and facts.counts["passed"] == 1
    assert [f.name for f in facts.failures] == ["decodes plus"]
    assert "strictly equal" in facts.failures[0].reason


def test_real_git_merge_conflict(tmp_path):
    need("git")
    git = "git -c user.name=t -c user.email=t@e -c init.defaultBranch=main"
    script = (
        f"{git} init -q && echo a > f.txt && echo x > g.txt && {git} add . && {git} commit -qm base && "
        f"{git} checkout -qb feat && echo b > f.txt && echo y > g.txt && {git} commit -qam feat && "
        f"{git} checkout -q main && echo c > f.txt && {git} commit -qam main"
    )
    subprocess.run(script, shell=True, cwd=tmp_path, check=True, capture_output=True)
    text, code = run(f"{git} merge feat", tmp_path)
    facts = extract_facts("git merge feat", text, code)
    assert code == 1
    assert facts.conflicts == ["merge conflict (content) in f.txt"]
    assert any(e.startswith("Automatic merge failed") for e in facts.errors)


def test_real_git_log_oneline(tmp_path):
    need("git")
    git = "git -c user.name=t -c user.email=t@e -c init.defaultBranch=main"
    commits = " && ".join(f"{git} commit -q --allow-empty -m 'Bump dep {i}'" for i in range(5))
    subprocess.run(f"{git} init -q && {commits} && {git} commit -q --allow-empty -m 'Fix parser'", shell=True, cwd=tmp_path, check=True)
    text, code = run("git log --oneline", tmp_path)
    facts = extract_facts("git log --oneline", text, code)
    assert any(h.startswith("6 commits listed; latest") and "Fix parser" in h for h in facts.highlights)
    assert "5 of 6 commit subjects start with 'bump'" in facts.highlights


@pytest.mark.slow
def test_real_rustc_errors(tmp_path):
    need("rustc")
    (tmp_path / "m.rs").write_text("fn main() {\n    let x: u32 = 5u64;\n    println!(\"{}\", x);\n}\n")
    text, code = run("rustc m.rs", tmp_path)
    facts = extract_facts("rustc m.rs", text, code)
    assert code == 1
    assert facts.diagnostics[0].code == "E0308" and facts.diagnostics[0].file == "m.rs" and facts.diagnostics[0].line == 2
