"""Projects behind tests/data/budget_heldout: many distinct failures per tool. Run in an empty folder holding
node_modules (jest@29 vitest@2 mocha@10 eslint@8 typescript@5 concurrently@9) and a venv (pytest mypy ruff honcho);
`capture.sh` then runs each tool and writes the case folders."""
import os

def w(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    open(path, "w").write(text)

# pytest: 10 failures of different kinds; 300 parametrized failures; 40 failures + 10 fixture errors
kinds = ["assert 1 == 2", "raise KeyError('k')", "raise ValueError('bad value')", "assert [1] == [2]",
         "raise TypeError('t')", "{}['missing']", "int('x')", "assert 'a' in 'bcd'", "1/0", "raise RuntimeError('boom')"]
w("py10/test_kinds.py", "".join(f"def test_kind_{i}():\n    {k}\n\n" for i, k in enumerate(kinds))
  + "".join(f"def test_ok_{i}():\n    assert True\n\n" for i in range(5)))
w("py300/test_many.py", "import pytest\n\n@pytest.mark.parametrize('n', range(320))\ndef test_amount(n):\n    assert n >= 300\n")
w("py50/test_mixed.py", "import pytest\n\n@pytest.fixture\ndef db():\n    raise ConnectionError('db down')\n\n"
  + "".join(f"def test_query_{i}(db):\n    pass\n\n" for i in range(10))
  + "".join(f"def test_rule_{i}():\n    assert {i} == {i} + 1\n\n" for i in range(40)))
# jest text 50 failing, jest --json 10 failing, vitest 10, mocha 50
w("js/jest50/sum.test.js", "".join(f"test('sum case {i}', () => {{ expect({i} + 1).toBe({i}); }});\n" for i in range(50))
  + "".join(f"test('ok case {i}', () => {{ expect(1).toBe(1); }});\n" for i in range(20)))
w("js/jestjson/a.test.js", "".join(f"test('parses record {i}', () => {{ expect('{i}').toEqual('x{i}'); }});\n" for i in range(10))
  + "".join(f"test('fine {i}', () => {{ expect(2).toBe(2); }});\n" for i in range(30)))
w("js/vit/v.test.js", "import { test, expect } from 'vitest'\n"
  + "".join(f"test('vector {i}', () => {{ expect([{i}]).toEqual([{i}, 0]) }})\n" for i in range(10))
  + "".join(f"test('good {i}', () => {{ expect(1).toBe(1) }})\n" for i in range(10)))
w("js/moc/test/m.test.js", "const assert = require('assert');\ndescribe('ledger', () => {\n"
  + "".join(f"  it('balances entry {i}', () => {{ assert.strictEqual({i}, {i} + 2); }});\n" for i in range(50))
  + "".join(f"  it('keeps entry {i}', () => {{ assert.ok(true); }});\n" for i in range(10)) + "});\n")
# eslint: 300 errors of several rules over 30 files
for f in range(30):
    body = []
    for i in range(10):
        r = (f * 10 + i) % 4
        body.append([f"function u{f}_{i}() {{ const unused{i} = 1; }}", f"function d{f}_{i}() {{ return undef{f}_{i}; }}",
                     f"function e{f}_{i}(a) {{ if (a == a) {{ return 1; }} }}", f"function k{f}_{i}() {{ var x = 1; debugger; return x; }}"][r])
    body.append("module.exports = {" + ", ".join(f"{p}{f}_{i}" for i in range(10) for p in ["ude k".split()[0]] if False) + "};")
    w(f"js/lint/src/m{f:02d}.js", "\n".join(body) + "\n")
w("js/lint/.eslintrc.json", '{"root": true, "env": {"node": true, "es2021": true}, "extends": "eslint:recommended",'
  ' "rules": {"no-self-compare": "error", "eqeqeq": "error"}}\n')
# tsc: 50 errors of several codes
ts = []
for i in range(50):
    ts.append([f"const n{i}: number = 'text{i}';", f"undefinedFn{i}();", f"const o{i} = {{a: 1}}; o{i}.missing{i};",
               f"function f{i}(a: string) {{ return a; }} f{i}({i});", f"let s{i}: string = null as unknown as number;"][i % 5])
w("js/ts/src/index.ts", "\n".join(ts) + "\n")
w("js/ts/tsconfig.json", '{"compilerOptions": {"strict": true, "noEmit": true, "target": "es2020"}, "include": ["src"]}\n')
# mypy 50 errors of many kinds; ruff many rules
mp = ["from typing import List\n"]
for i in range(50):
    mp.append([f"x{i}: int = 'a'", f"def f{i}(a: int) -> str:\n    return a", f"y{i} = undefined_{i}", f"len({i})",
               f"z{i}: List[int] = [None]", f"import nosuchmod{i}", f"def g{i}() -> int:\n    pass"][i % 7])
w("mp/app.py", "\n".join(mp) + "\n")
rf = ["import os, sys", "import json"]
for i in range(40):
    rf.append([f"def f{i}(a=[]):\n    return a", f"x{i} = undefined_name_{i}", f"if x{i-1 if i else 0} == None: pass",
               f"l{i} = lambda: 0", f"try:\n    pass\nexcept:\n    pass"][i % 5])
w("rf/mod.py", "\n".join(rf) + "\n")
w("rf/ruff.toml", 'lint.select = ["E", "F", "B"]\n')
# go 50 failing
w("gt/go.mod", "module example.com/gt\n\ngo 1.19\n")
w("gt/calc_test.go", "package gt\n\nimport \"testing\"\n\n"
  + "".join(f"func TestRate{i}(t *testing.T) {{\n\tif got := {i} * 2; got != {i}*2+1 {{\n\t\tt.Errorf(\"rate %d: got %d\", {i}, got)\n\t}}\n}}\n\n" for i in range(50))
  + "".join(f"func TestFine{i}(t *testing.T) {{}}\n" for i in range(8)))
# cargo 10 failing
w("ct/Cargo.toml", '[package]\nname = "ct"\nversion = "0.1.0"\nedition = "2021"\n')
w("ct/src/lib.rs", "#[cfg(test)]\nmod tests {\n"
  + "".join(f"    #[test]\n    fn checks_limit_{i}() {{ assert_eq!({i} + 1, {i}); }}\n" for i in range(10))
  + "".join(f"    #[test]\n    fn ok_{i}() {{ assert!(true); }}\n" for i in range(5)) + "}\n")
# rspec 50 failing
w("rs/spec/calc_spec.rb", "RSpec.describe 'Invoice' do\n"
  + "".join(f"  it 'totals line {i}' do\n    expect({i} + 1).to eq({i})\n  end\n" for i in range(50))
  + "".join(f"  it 'keeps line {i}' do\n    expect(1).to eq(1)\n  end\n" for i in range(10)) + "end\n")
# gcc many kinds in one file; make -k over 12 targets (4 broken)
w("cc/kinds.c", "#include <stdio.h>\nstruct s { int a; };\nint f(int a) { return a; }\nint main(void) {\n"
  "  int x = undeclared_a;\n  struct s v; v.nope = 1;\n  f(1, 2);\n  int x = 2;\n  char *p = 3.5;\n"
  "  return nosuch_b + \n}\n")
for t in range(12):
    body = f"int t{t}(void) {{ return {t}; }}\n" if t % 3 else f"int t{t}(void) {{ return missing_{t}; }}\nint u{t}(void) {{ undefined_call_{t}(); return 0 }}\n"
    w(f"mk/t{t:02d}.c", body)
w("mk/Makefile", "OBJS = " + " ".join(f"t{t:02d}.o" for t in range(12)) + "\nall: $(OBJS)\n%.o: %.c\n\tgcc -Wall -c $< -o $@\n")
# multiplexers
w("mux/Procfile", "tests: pytest -q -p no:cacheprovider ../py10\ntypes: mypy ../mp/app.py\n")
w("js/jest50/package.json", "{}\n")
w("js/jestjson/package.json", "{}\n")
