#!/usr/bin/env bash
# Builds the task's git history in the copy of repo/ (a .git folder cannot be stored inside this repository).
set -euo pipefail
export GIT_AUTHOR_NAME="Sam Ortiz" GIT_AUTHOR_EMAIL="sam@example.com" GIT_COMMITTER_NAME="Sam Ortiz" \
       GIT_COMMITTER_EMAIL="sam@example.com" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
at() { export GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000"; }
lock() {  # lock NAME@VERSION ...: a package-lock.json (lockfileVersion 3) holding those packages
  python3 - "$@" > package-lock.json <<'PY'
import json, sys
pkgs = dict(a.rsplit("@", 1) for a in sys.argv[1:])
top = {"express": "^4.18.2", "debug": "^2.6.9", "cookie": "^0.5.0"}
if "left-pad" in pkgs:
    top["left-pad"] = "^1.3.0"
packages = {"": {"name": "webhook-relay", "version": "1.4.0", "dependencies": top}}
for name, version in sorted(pkgs.items()):
    packages[f"node_modules/{name}"] = {"version": version, "resolved": f"https://registry.npmjs.org/{name}/-/{name}-{version}.tgz",
                                        "license": "MIT"}
print(json.dumps({"name": "webhook-relay", "version": "1.4.0", "lockfileVersion": 3, "requires": True,
                  "packages": packages}, indent=2))
PY
}
git init -q -b main .
printf '{\n  "name": "webhook-relay",\n  "version": "1.4.0",\n  "scripts": {"start": "node index.js"},\n  "dependencies": {"express": "^4.18.2", "debug": "^2.6.9", "cookie": "^0.5.0", "left-pad": "^1.3.0"}\n}\n' > package.json
printf 'console.log("relay");\n' > index.js
lock express@4.18.2 debug@2.6.9 cookie@0.5.0 ms@2.0.0 qs@6.11.0 left-pad@1.3.0
at "2024-05-02T10:00:00"; git add -A; git commit -q -m "Initial relay"
printf 'console.log("relay", process.env.PORT || 3000);\n' > index.js
at "2024-05-20T09:00:00"; git commit -q -am "Log the port"
printf '{\n  "name": "webhook-relay",\n  "version": "1.4.0",\n  "scripts": {"start": "node index.js"},\n  "dependencies": {"express": "^4.19.2", "debug": "^2.6.9", "cookie": "^0.6.0"}\n}\n' > package.json
lock express@4.19.2 debug@2.6.9 cookie@0.6.0 ms@2.0.0 qs@6.11.2
at "2024-06-03T15:20:00"; git commit -q -am "Update dependencies"
