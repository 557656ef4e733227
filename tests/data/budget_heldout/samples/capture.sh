#!/bin/bash
# Runs each tool on make_projects.py's folders (cwd: that folder, with node_modules under js/ and ../venv) and writes
# OUT/<case>/{command.txt,output.txt,exit_code}. Usage: capture.sh OUT
OUT=$1; V=$(cd ..; pwd)/venv/bin; B=$(pwd)/js/node_modules/.bin
cap() { # case dir command...
  local c=$1 d=$2; shift 2; mkdir -p "$OUT/$c"; echo "$*" > "$OUT/$c/command.txt"
  (cd "$d" && bash -c "$*" > "$OUT/$c/output.txt" 2>&1; echo $? > "$OUT/$c/exit_code")
}
export PATH=$B:$V:$PATH NO_COLOR=1 FORCE_COLOR=0
cap pytest-10-kinds py10 "pytest -q -p no:cacheprovider"
cap pytest-300-param py300 "pytest -q -p no:cacheprovider"
cap pytest-40-failed-10-errors py50 "pytest -q -p no:cacheprovider"
cap pytest-300-tb-line py300 "pytest -q --tb=line -p no:cacheprovider"
cap jest-50-text js/jest50 "npx jest --ci"
cap jest-json-10 js/jestjson "npx jest --ci --json 2>/dev/null"
cap vitest-10 js/vit "npx vitest run"
cap mocha-50 js/moc "npx mocha"
cap eslint-300-4-rules js/lint "npx eslint src"
cap tsc-50-5-codes js/ts "npx tsc -p ."
cap mypy-50-7-kinds mp "mypy app.py"
cap ruff-40-5-rules rf "ruff check --no-cache mod.py"
cap go-test-50 gt "go test ./..."
cap cargo-test-10 ct "cargo test --offline 2>&1"
cap rspec-50 rs "rspec"
cap gcc-many-kinds cc "gcc -Wall -c kinds.c -o /dev/null"
cap make-k-12-targets mk "make -k"
cap concurrently-time-name . "concurrently --prefix '{time} {name}' -n tests,lint 'pytest -q -p no:cacheprovider py10' 'cd js/lint && npx eslint src'"
cap concurrently-index . "concurrently 'mypy mp/app.py' 'cd js/jest50 && npx jest --ci'"
cap concurrently-name-brackets . "concurrently -n types,unit,rust 'cd js/ts && npx tsc -p .' 'cd js/moc && npx mocha' 'cd ct && cargo test --offline'"
cap honcho-two-tools mux "honcho start"
