"""What a command does, in the words the user approves it by: purpose.describe and command_kind over real commands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminus_edge.subagent.purpose import command_kind, describe

READ_ONLY = {"list", "read", "search", "git-query", "info", "print", "help", "version"}
CHANGING = {"file-change", "git-change", "install", "network", "process"}

# (command, category, words the explanation must contain, words the goal must contain)
TABLE = [
    # files changed
    ("touch x", "file-change", ["Create x", "modification time"], "change files"),
    ("touch a.txt b.txt", "file-change", ["a.txt and b.txt"], "change files"),
    ("mkdir -p out", "file-change", ["Create the directory out"], "change files"),
    ("rm -rf build", "file-change", ["Delete build recursively"], "change files"),
    ("rm notes.txt", "file-change", ["Delete notes.txt"], "change files"),
    ("mv old.py new.py", "file-change", ["old.py to new.py"], "change files"),
    ("cp -r src backup", "file-change", ["Copy src to backup"], "change files"),
    ("chmod +x run.sh", "file-change", ["permissions of run.sh to +x"], "change files"),
    ("sed -i 's/foo/bar/' a.py b.py", "file-change", ["Edit a.py and b.py in place"], "change files"),
    ("find . -name '*.pyc' -delete", "file-change", ["`*.pyc`", "delete them"], "change files"),
    ("echo hello > greeting.txt", "file-change", ["Write `hello` to greeting.txt"], "change files"),
    ("cat <<END > notes.txt\nhi\nEND", "file-change", ["text that follows to notes.txt"], "change files"),
    ("ls > files.txt", "file-change", ["output of `ls` to files.txt"], "change files"),
    ("tar -xzf archive.tar.gz", "file-change", ["Unpack"], "change files"),
    ("find . -name '*.pyc' | xargs rm", "file-change", ["`*.pyc`", "`rm`", "delete"], "change files"),
    # listings, reading, searching
    ("ls", "list", ["List the files in the current directory"], "which files"),
    ("ls -la src", "list", ["files in src", "permissions"], "which files"),
    ("tree -L 2", "list", ["directory tree under the current directory"], "which files"),
    ("cat README.md", "read", ["Show README.md"], "README.md contains"),
    ("cat tests/test_unittest.py", "read", ["Show tests/test_unittest.py"], "contains"),
    ("head -n 20 src/lib.rs", "read", ["first 20 lines of src/lib.rs"], "src/lib.rs"),
    ("tail -50 log.txt", "read", ["last 50 lines of log.txt"], "log.txt"),
    ("sed -n '10,20p' src/main.c", "read", ["lines 10-20 of src/main.c"], "src/main.c"),
    ("wc -l src/*.py", "read", ["Count the lines of src/*.py"], "counts"),
    ("diff a.txt b.txt", "read", ["Compare a.txt and b.txt"], "differ"),
    ("sort -o sorted.txt names.txt", "file-change", ["names.txt into sorted.txt"], "change files"),
    ("jq .version package.json", "read", ["JSON in package.json"], "prints"),
    ("tar -tzf archive.tar.gz", "read", ["inside archive.tar.gz"], ""),
    ("grep -rn TODO src", "search", ["Search src for `TODO`"], "`TODO`"),
    ("grep -n 'assert' src/lib.rs", "search", ["src/lib.rs", "`assert`"], "`assert`"),
    ("grep -rnw -e stats_median -e stats_medain --include='*.c' .", "search", ["`stats_median` and `stats_medain`"], "occur"),
    ("rg parse_config", "search", ["`parse_config`"], "`parse_config`"),
    ("find . -name '*.py'", "search", ["Find files named `*.py`"], ""),
    ("cat log.txt | grep FAILED | wc -l", "read", ["Show log.txt", "`grep` and `wc`"], ""),
    # git
    ("git status", "git-query", ["changed, staged or untracked"], "read-only"),
    ("git log --oneline -5", "git-query", ["commit history"], "read-only"),
    ("git diff", "git-query", ["not yet committed"], "read-only"),
    ("git diff HEAD~1 -- src", "git-query", ["HEAD~1 -- src"], "read-only"),
    ("git diff --staged", "git-query", ["staged changes"], "read-only"),
    ("git show HEAD", "git-query", ["`HEAD`"], "read-only"),
    ("git branch", "git-query", ["List the branches"], "read-only"),
    ("git stash list", "git-query", ["stashed"], "read-only"),
    ("git -C repo status", "git-query", ["changed, staged"], "read-only"),
    ("git grep -n foo", "search", ["tracked files", "`foo`"], ""),
    ("git stash", "git-change", ["Stash"], "not read-only"),
    ("git branch -d old", "git-change", ["Delete the branch old"], "not read-only"),
    ("git checkout -b feature", "git-change", ["Create the branch feature and switch to it"], "not read-only"),
    ("git add -A", "git-change", ["Stage"], "not read-only"),
    ("git commit -m 'fix'", "git-change", ["Record a commit"], "not read-only"),
    ("git push origin main", "git-change", ["origin (main)"], "network"),
    ("git pull", "git-change", ["upstream"], "network"),
    # packages
    ("pip install requests", "install", ["Install requests with pip"], "installed packages"),
    ("pip install pytest", "install", ["Install pytest"], "installed packages"),
    ("pip install -r requirements.txt", "install", ["listed in requirements.txt"], "installed packages"),
    ("python3 -m pip install -e .", "install", ["this project"], "installed packages"),
    ("npm install", "install", ["project's dependencies with npm"], "installed packages"),
    ("npm ci", "install", ["npm ci"], "installed packages"),
    ("yarn", "install", ["yarn"], "installed packages"),
    ("cargo add serde", "install", ["Add serde to the project's dependencies"], "installed packages"),
    ("apt-get install -y gcc", "install", ["Install gcc with apt-get"], "installed packages"),
    ("dotnet add package Newtonsoft.Json", "install", ["Add Newtonsoft.Json to the project's dependencies"], "packages"),
    ("cargo fetch", "install", ["Download the project's dependencies with cargo"], "packages"),
    ("sudo apt-get update", "install", ["`apt-get update` as root"], "package index"),
    ("make install", "install", ["built project"], "this machine"),
    # tests, checkers, builds
    ("pytest", "test", ["Run the tests with pytest"], "which tests pass"),
    ("pytest -q tests/test_x.py", "test", ["in tests/test_x.py"], "which tests pass"),
    ("python3 -m unittest -v", "test", ["python3 -m unittest"], "which tests pass"),
    ("timeout -k 5 60 python3 -m unittest -v", "test", ["unittest", "after 60 s"], "which tests pass"),
    ("CI=1 npm test", "test", ["npm test"], "which tests pass"),
    ("node --test", "test", ["node --test"], "which tests pass"),
    ("cargo test", "test", ["cargo test"], "which tests pass"),
    ("go test ./...", "test", ["go test"], "which tests pass"),
    ("mvn -B test", "test", ["mvn test"], "which tests pass"),
    ("./gradlew test --console=plain", "test", ["gradlew test"], "which tests pass"),
    ("dotnet test", "test", ["dotnet test"], "which tests pass"),
    ("java -cp out TestRunner", "test", ["java TestRunner"], "which tests pass"),
    ("cd backend && timeout -k 5 120 cargo test", "test", ["Go to backend, then run the tests", "120 s"], "tests"),
    ("pytest 2>&1 | tail -20", "test", ["pytest", "`tail`"], "which tests pass"),
    ("pytest > log.txt 2>&1", "test", ["writing its output to log.txt"], "which tests pass"),
    ("bash -c 'make test'", "test", ["make test"], "which tests pass"),
    ("ruff check .", "check", ["ruff"], "problems"),
    ("cargo clippy", "check", ["cargo clippy"], "problems"),
    ("npx tsc --noEmit", "check", ["tsc"], "problems"),
    ("python3 -m mypy .", "check", ["mypy"], "problems"),
    ("make", "build", ["Build the project with make"], "whether it builds"),
    ("make -j4", "build", ["make"], "whether it builds"),
    ("cargo build --release", "build", ["cargo build"], "whether it builds"),
    ("javac -d out src/*.java", "build", ["Compile src/*.java with javac"], "whether it builds"),
    ("gcc -o app main.c stats.c", "build", ["main.c and stats.c with gcc"], "whether it builds"),
    ("cmake -S . -B build && cmake --build build", "build", ["Configure", "then build"], "whether it builds"),
    ("python3 -m compileall -q .", "build", ["Byte-compile"], "whether it builds"),
    ("npm run build", "build", ["npm run build"], "whether it builds"),
    # starting programs, help, versions, environment
    ("python3 -m logtrim --help", "help", ["`python3 -m logtrim` with --help"], "starts"),
    ("cargo run -- --help", "help", ["`cargo run` with --help"], "starts"),
    ("ruff -h", "help", ["`ruff` with -h"], "starts"),
    ("go help test", "help", ["help text for `go test`"], "options"),
    ("ls -lh", "list", ["files in the current directory"], "which files"),
    ("df -h", "info", ["free disk space"], "read-only"),
    ("pytest --version", "version", ["version of `pytest`"], "version"),
    ("node -v", "version", ["version of `node`"], "version"),
    ("go version", "version", ["version of `go`"], "version"),
    ("which python3", "info", ["where python3 is installed"], "read-only"),
    ("command -v cargo", "info", ["where cargo is installed"], "read-only"),
    ("pwd", "info", ["current directory"], "read-only"),
    ("env", "info", ["environment variables"], "read-only"),
    ("python3 script.py --input data.csv", "run", ["Python script script.py", "--input data.csv"], "prints"),
    ("python3 -c 'import sys; print(sys.version)'", "run", ["one-line Python program"], "prints"),
    ("node index.js", "run", ["Node.js script index.js"], "prints"),
    ("./app --verbose", "run", ["program ./app"], "prints"),
    ("java -jar app.jar", "run", ["Java program app.jar"], "prints"),
    ("npm run dev", "run", ["npm script `dev`"], "prints"),
    ("make clean", "run", ["make target clean"], "prints"),
    ("docker ps", "run", ["`docker ps`"], "prints"),
    ("make && ./app", "build", ["Build the project with make, then run the program ./app"], "prints"),
    ("for f in *.py; do python3 $f; done", "run", ["For each f in *.py: run the Python script $f"], "prints"),
    ("echo hello", "print", ["Print `hello`"], "text"),
    ("curl -s https://example.com/api", "network", ["https://example.com/api with curl"], "network"),
    ("curl https://x.sh | sh", "network", ["with curl", "fed into `sh`"], "network"),
    ("ssh host uptime", "network", ["host with ssh", "`uptime`"], "network"),
    ("kill 1234", "process", ["signal to 1234"], "processes"),
]


@pytest.mark.parametrize("command,category,says,goal", TABLE, ids=[row[0][:40] for row in TABLE])
def test_what_the_command_is(command, category, says, goal):
    purpose = describe(command)
    assert purpose.category == category
    for words in says:
        assert words in purpose.explanation
    assert goal in purpose.goal
    assert purpose.explanation[0].isupper() and purpose.explanation.endswith(".")
    if category in CHANGING:
        assert "read-only" not in purpose.goal.replace("not read-only", "")
    if category in READ_ONLY:
        assert "change" not in purpose.goal


@pytest.mark.parametrize("reader", ["cat", "grep -n", "ls", "head -n 5", "wc -l", "less", "git log --", "echo"])
@pytest.mark.parametrize("word", ["pytest", "tests/test_unittest.py", "cargo test", "npm test", "make", "ruff",
                                  "javac", "clippy"])
def test_words_in_the_arguments_never_make_a_test_or_build(reader, word):
    assert command_kind(f"{reader} {word}") == "run"
    assert describe(f"{reader} {word}").category in READ_ONLY


@pytest.mark.parametrize("command", ["pip install pytest", "npm install jest", "pytest --version", "cargo test --help"])
def test_installing_or_asking_about_a_runner_is_not_a_test_run(command):
    assert command_kind(command) == "run"


@pytest.mark.parametrize("command,kind", [("cd backend && make", "build"), ("make && ./app", "run"),
                                          ("ruff check . && pytest", "check"), ("cargo build && cargo test", "test"),
                                          ("pytest | tail -5", "test"), ("cmake -S . -B b && cmake --build b", "build")])
def test_kind_of_a_sequence(command, kind):
    assert command_kind(command) == kind


@pytest.mark.parametrize("command,category,_says,_goal", TABLE, ids=[row[0][:40] for row in TABLE])
def test_wrappers_keep_the_category_and_the_words(command, category, _says, _goal):
    if "\n" in command or "&&" in command or "|" in command or command.startswith(("sudo", "for ", "timeout")):
        return
    plain = describe(command)
    for wrapped in (f"timeout 30 {command}", f"env LC_ALL=C {command}", f"FOO=1 {command}"):
        purpose = describe(wrapped)
        assert purpose.category == plain.category
        assert purpose.explanation.startswith(plain.explanation[:-1])


def test_a_sequence_is_described_step_by_step():
    first, second = describe("mkdir -p out"), describe("javac -d out src/*.java")
    both = describe("mkdir -p out && javac -d out src/*.java")
    assert both.explanation == first.explanation[:-1] + ", then " + second.explanation[0].lower() + second.explanation[1:]
    assert both.category == "build" and first.goal in both.goal and second.goal in both.goal


def test_the_planner_kind_sets_the_goal_only():
    purpose = describe("javac -d out src/*.java && java -cp out CheckAll", kind="test")
    assert purpose.explanation == describe("javac -d out src/*.java && java -cp out CheckAll").explanation
    assert "which tests pass" in purpose.goal


_SHELLISH = st.lists(st.sampled_from(["ls", "cat", "git", "pip", "install", "rm", "-rf", "x.py", "|", "&&", ";", ">",
                                      "'", '"', "$(", ")", "timeout", "60", "sudo", "bash", "-c", "cd", "..", "for",
                                      "do", "done", "--help", "-m", "python3", "pytest", "\\", "<<", "EOF", "\n", "{}"]),
                     max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_SHELLISH)
def test_never_raises_and_always_gives_a_sentence(command):
    purpose = describe(command)
    assert purpose.explanation.endswith(".") and purpose.goal
    assert command_kind(command) in ("check", "test", "build", "run")
