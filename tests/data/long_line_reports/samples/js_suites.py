"""The jest suite (6 files, 240 tests, 4 failing) and the eslint modules (40 files, 3 with an unused and an undefined
name) behind jest-json-70k-4-failures and eslint-json-20k-6-errors; run in a folder with jest@29 and eslint@8
installed from npm: `npx jest --json 2>/dev/null > jest.out`, `npx eslint -f json lint > eslint.out`."""
import json
import os

FAILS = {3: "parses empty header", 57: "rounds half-even", 123: "keeps trailing zeros", 188: "formats negative cents"}
os.makedirs("__tests__", exist_ok=True)
os.makedirs("src", exist_ok=True)
os.makedirs("lint", exist_ok=True)
for f in range(6):
    lines = ["const { fmt } = require('../src/money');", "describe('money file %d', () => {" % f]
    for i in range(40):
        k = f * 40 + i
        if k in FAILS:
            lines.append("  test('%s (case %d)', () => {\n    expect(fmt(%d)).toBe('%d.01');\n  });" % (FAILS[k], k, k, k))
        else:
            lines.append("  test('formats amount %d', () => {\n    expect(fmt(%d)).toBe('%d.00');\n  });" % (k, k, k))
    lines.append("});")
    open(f"__tests__/money{f}.test.js", "w").write("\n".join(lines) + "\n")
open("src/money.js", "w").write("exports.fmt = (n) => n.toFixed(2);\n")
for f in range(40):
    body = [f"function f{f}_{i}(a) {{ return a + {i}; }}\nmodule.exports.f{f}_{i} = f{f}_{i};" for i in range(30)]
    if f in (4, 19, 33):
        body.append(f"function broken{f}() {{ const unusedThing{f} = 1; return undefinedName{f}; }}\nmodule.exports.b{f}=broken{f};")
    open(f"lint/m{f:02d}.js", "w").write("\n".join(body) + "\n")
json.dump({"root": True, "env": {"node": True, "es2021": True}, "extends": "eslint:recommended"}, open(".eslintrc.json", "w"))
