"""node --test (TAP): a failure's place is where it threw (the `stack:` block's first own frame), with the test's
own `location:` kept after it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import nodetest

TAP_TYPEERROR = """TAP version 13
# Subtest: empty cart checks out to zero
not ok 4 - empty cart checks out to zero
  ---
  duration_ms: 0.18769
  location: '/tmp/repo/test/cart.test.js:18:1'
  failureType: 'testCodeFailure'
  error: "Cannot read properties of undefined (reading 'map')"
  code: 'ERR_TEST_FAILURE'
  name: 'TypeError'
  stack: |-
    subtotal (/tmp/repo/src/cart.js:4:21)
    checkout (/tmp/repo/src/cart.js:15:22)
    TestContext.<anonymous> (/tmp/repo/test/cart.test.js:19:22)
    Test.runInAsyncScope (node:async_hooks:206:9)
    Test.run (node:internal/test_runner/test:796:25)
  ...
1..1
# tests 1
# pass 0
# fail 1
"""


def test_tap_failure_location_is_the_throwing_own_frame_then_the_test():
    failure = nodetest.parse(TAP_TYPEERROR).failures[0]
    assert failure.location == "/tmp/repo/src/cart.js:4:21 in subtotal(), test at cart.test.js:18:1"
    assert failure.reason == "TypeError: Cannot read properties of undefined (reading 'map')"
    body = summarize("node --test", TAP_TYPEERROR.encode(), 1).body
    assert "cart.js:4:21 in subtotal()" in body and "cart.test.js:18:1" in body


def test_library_and_internal_frames_are_not_own():
    text = TAP_TYPEERROR.replace("    subtotal (/tmp/repo/src/cart.js:4:21)\n", "    Object.parse (/tmp/repo/node_modules/lib/index.js:9:3)\n    subtotal (/tmp/repo/src/cart.js:4:21)\n")
    assert nodetest.parse(text).failures[0].location.startswith("/tmp/repo/src/cart.js:4:21 in subtotal()")


def test_no_stack_keeps_the_test_location():
    text = "\n".join(line for line in TAP_TYPEERROR.splitlines() if "(" not in line or "not ok" in line or "error:" in line)
    assert nodetest.parse(text).failures[0].location == "/tmp/repo/test/cart.test.js:18:1"


def test_real_node_test_typeerror_and_assertion(tmp_path):
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    (tmp_path / "src").mkdir()
    (tmp_path / "test").mkdir()
    (tmp_path / "src" / "cart.js").write_text(
        "function subtotal(items) {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price.amount * item.qty;\n  }\n"
        "  return sum;\n}\nmodule.exports = { subtotal };\n")
    (tmp_path / "test" / "cart.test.js").write_text(
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { subtotal } = require('../src/cart');\n\n"
        "test('subtotal wrong', () => {\n  assert.strictEqual(subtotal([{ price: { amount: 2 }, qty: 3 }]), 5);\n});\n\n"
        "test('missing price', () => {\n  subtotal([{ qty: 1 }]);\n});\n")
    run = subprocess.run("node --test --test-reporter=tap", shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    failures = {f.name: f for f in nodetest.parse(run.stdout + run.stderr).failures}
    assert failures["missing price"].location.startswith(f"{tmp_path}/src/cart.js:4:")
    assert failures["missing price"].location.endswith("in subtotal(), test at cart.test.js:9:1")
    assert failures["subtotal wrong"].location.startswith(f"{tmp_path}/test/cart.test.js:6:")
    assert failures["subtotal wrong"].location.endswith(", test at line 5")


def test_thrown_on_the_tests_own_line_gives_one_place():
    text = TAP_TYPEERROR.replace("    subtotal (/tmp/repo/src/cart.js:4:21)\n    checkout (/tmp/repo/src/cart.js:15:22)\n", "").replace(
        "cart.test.js:19:22", "cart.test.js:18:40")
    assert nodetest.parse(text).failures[0].location == "/tmp/repo/test/cart.test.js:18:40"


def test_spec_reporter_failure_place_from_its_stack_and_test_at_line(tmp_path):
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    (tmp_path / "src").mkdir()
    (tmp_path / "test").mkdir()
    (tmp_path / "src" / "cart.js").write_text("function subtotal(items) {\n  return items[0].price.amount;\n}\nmodule.exports = { subtotal };\n")
    (tmp_path / "test" / "cart.test.js").write_text(
        "const test = require('node:test');\nconst { subtotal } = require('../src/cart');\n\n"
        "test('missing price', () => {\n  subtotal([{ qty: 1 }]);\n});\n")
    run = subprocess.run("node --test --test-reporter=spec", shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    failure = nodetest.parse(run.stdout + run.stderr).failures[0]
    assert failure.name == "missing price" and "Cannot read properties of undefined" in failure.reason
    assert failure.location.startswith(f"{tmp_path}/src/cart.js:2:") and failure.location.endswith(" in subtotal(), test at cart.test.js:4:1")
