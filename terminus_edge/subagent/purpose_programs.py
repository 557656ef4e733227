"""What one simple command does, by the program it runs: classify(words) -> Step(category, text, goal, name).

Texts start in lower case (purpose.py joins and capitalizes them) and state only what the command line
itself says: the program, its subcommand and operands. A program not known here is "run `prog`".
"""

from __future__ import annotations

import os
import re

from terminus_edge.subagent.purpose_files import FILE_PROGRAMS, file_step
from terminus_edge.subagent.purpose_repo import git_step, install_step
from terminus_edge.subagent.purpose_text import GOALS, SHELLS, Step, join_names, operands, option_value, quote_short

TEST_RX = re.compile(r"\b(pytest|unittest|(npm|yarn|pnpm|bun)\s+(run\s+)?test|node\s+--test|cargo\s+(test|nextest)|"
                     r"go\s+test|make\s+(test|check|tests)|dotnet\s+test|ctest|tox|jest|vitest|mocha)\b")
CHECK_RX = re.compile(r"\b(ruff|flake8|pylint|mypy|pyright|eslint|clippy|go\s+vet|golangci-lint|(npm|yarn|pnpm)\s+run\s+"
                      r"(lint|typecheck|type-check)|make\s+lint)\b")
# "a program, then later on its line a word": `mvn -q verify`, `java -cp out MathTest`. Matched as two searches from
# the program's first mention: one `mvn\b.*\btest` re-read the rest of the line after every "mvn" (a 128 KiB
# command of "mvn mvn …" took 40 s).
TEST_AFTER = ((re.compile(r"\bmvn\b"), re.compile(r"\b(?:test|verify)\b")),
              (re.compile(r"\bgradlew?\b"), re.compile(r"\b(?:test|check)\b")),
              (re.compile(r"\bjava\b"), re.compile(r"Test")))
CHECK_AFTER = ((re.compile(r"\btsc\b"), re.compile(r"--noEmit\b")),)


def _later_on_a_line(text: str, pairs) -> bool:
    """Whether some line has a program's word and, after its first mention there, the other word."""
    for line in text.split("\n"):
        for program, word in pairs:
            first = program.search(line)
            if first and word.search(line, first.end()):
                return True
    return False


def runs_tests(text: str) -> bool:
    return bool(TEST_RX.search(text)) or _later_on_a_line(text, TEST_AFTER)


def runs_checker(text: str) -> bool:
    return bool(CHECK_RX.search(text)) or _later_on_a_line(text, CHECK_AFTER)

BUILD_RX = re.compile(r"^(make(\s+(all|build))?|cargo\s+build.*|go\s+build.*|javac\s.*|gcc\s.*|g\+\+\s.*|clang\S*\s.*|"
                      r"cmake\b.*|(npm|yarn|pnpm)\s+run\s+build|mvn\b.*\b(compile|package)|gradlew?\s+(build|assemble).*|"
                      r"dotnet\s+build.*|tsc\b.*|npx\s+tsc\b.*|python3?\s+-m\s+(compileall|build)\b.*)$")

def classify(words: list[str], *, pipe_in: bool = False, heredoc: bool = False) -> Step | None:
    name, args = os.path.basename(words[0]), words[1:]
    text = " ".join([name, *args])
    step = (_setup(name, args) or _help_or_version(words) or install_step(text, name, args) or git_step(name, args)
            or _kind(words, text) or file_step(name, args, pipe_in, heredoc) or _run(words, name, args, pipe_in))
    if step is None:
        return None
    return Step(step.category, step.text, step.goal or GOALS.get(step.category, ""), step.name or name)


def _setup(name: str, args: list[str]) -> Step | None:
    if name in ("set", "true", ":", "shopt", "ulimit") or (name == "export" and not args):
        return Step("setup", f"set shell options ({name})") if name == "set" and args else None
    if name == "cd":
        return Step("setup", f"go to {args[0] if args else 'the home directory'}")
    if name == "export":
        return Step("setup", f"set {join_names([a.split('=')[0] for a in args], code=True)}")
    if name in ("source", "."):
        return Step("setup", f"load the shell settings in {join_names(args[:1]) if args else 'its input'}")
    return None


_H_IS_NOT_HELP = {"ls", "du", "df", "free", "sort", "grep", "head", "tail"}  # -h: human-readable sizes, no file names


def _help_or_version(words: list[str]) -> Step | None:
    name, args = os.path.basename(words[0]), words[1:]
    flag = "--help" if "--help" in args else "-h" if args[-1:] == ["-h"] and name not in _H_IS_NOT_HELP else None
    if flag:
        subject = quote_short(" ".join([name, *[a for a in args[:args.index(flag)] if a != "--"]]))
        return Step("help", f"start `{subject}` with {flag} to show its usage",
                    f"check that `{subject}` starts and see the options it takes")
    if args[:1] == ["help"]:  # `go help test`, `git help commit`
        subject = quote_short(" ".join([name, *args[1:]]))
        return Step("help", f"show the help text for `{subject}`", f"see the options `{subject}` takes")
    flags = {"--version", "-V", "-version", "version"} | ({"-v"} if words[0] in ("node", "npm", "yarn", "pnpm", "bun",
                                                                                  "deno", "ruby", "perl") else set())
    if args and args[-1] in flags and not any(a in ("install", "run", "test") for a in args):
        subject = quote_short(" ".join([os.path.basename(words[0]), *args[:-1]]))
        return Step("version", f"show the version of `{subject}`", f"find out which version of `{subject}` is installed")
    return None


MAKE_DRY_RUN = {"-n", "--dry-run", "--just-print", "--recon"}


def _kind(words: list[str], text: str) -> Step | None:
    """Tests, checkers and builds: the kind regexes over this one program's words."""
    name = os.path.basename(words[0])
    if name in FILE_PROGRAMS:
        return None
    if name == "make" and any(w in MAKE_DRY_RUN for w in words[1:]):
        targets = [a for a in words[1:] if not a.startswith("-") and "=" not in a] or ["the default target"]
        return Step("read", f"show the commands make would run for {join_names(targets)}, without running them",
                    "list the steps the target would run")
    tool = _tool(words)
    if runs_checker(text):
        return Step("check", f"check the code with {tool}")
    if runs_tests(text):
        targets = [a for a in operands(words[1:]) if re.search(r"/|::|\.\w{1,4}$", a)]
        return Step("test", f"run the tests with {tool}" + (f" in {join_names(targets)}" if targets else ""))
    make_targets = [a for a in words[1:] if not a.startswith("-") and "=" not in a]
    if BUILD_RX.match(text) or (name == "make" and not make_targets):
        files = [a for a in operands(words[1:]) if re.search(r"\.\w{1,5}$", a)]
        if name in ("javac", "gcc", "g++", "cc", "clang", "clang++", "rustc") and files:
            return Step("build", f"compile {join_names(files)} with {name}")
        if name == "cmake" and "--build" not in words:
            return Step("build", f"configure the build with cmake (build folder {option_value(words, ('-B',)) or '.'})")
        if "compileall" in words:
            return Step("build", "byte-compile the Python files (a syntax check)")
        return Step("build", f"build the project with {tool}")
    return None


def _tool(words: list[str]) -> str:
    name, args = os.path.basename(words[0]), words[1:]
    if re.match(r"python[\d.]*$", name) and args[:1] == ["-m"] and len(args) > 1:
        return f"{name} -m {args[1]}"
    subs = operands(args, name)[:2]
    if name in ("npm", "yarn", "pnpm", "bun") and subs[:1] == ["run"]:
        return " ".join([name, *subs])
    if name in ("npm", "yarn", "pnpm", "bun", "cargo", "go", "dotnet", "mvn", "gradle", "gradlew", "make", "npx",
                "deno", "java") and subs:
        return f"{name} {subs[0]}"
    return f"{name} --test" if name == "node" and "--test" in args else name


_INTERPRETERS = {"node", "ruby", "perl", "php", "deno", "bun", "Rscript"}


def _run(words: list[str], name: str, args: list[str], pipe_in: bool) -> Step:
    ops = operands(args, "java" if name == "java" else "python" if name.startswith("python") else name)
    if re.match(r"python[\d.]*$", name) or name in _INTERPRETERS or name in SHELLS:
        lang = {"node": "Node.js", "deno": "Deno", "bun": "Bun", "php": "PHP", "Rscript": "R"}.get(
            name, "shell" if name in SHELLS else re.sub(r"(?<![\d.])[\d.]+$", "", name).capitalize())
        if name.startswith("python") and args[:1] == ["-m"] and len(args) > 1:
            return Step("run", f"run the Python module {args[1]}")
        if any(a in ("-c", "-e", "--eval") for a in args):
            return Step("run", f"run a one-line {lang} program")
        if ops:
            after = args[args.index(ops[0]) + 1:]
            return Step("run", f"run the {lang} script {ops[0]}" + (f" with `{quote_short(' '.join(after), 40)}`"
                                                                      if after else ""))
        return Step("run", f"run the {lang} commands {'its input gives' if pipe_in else 'from its input'}")
    if name == "java":
        jar = option_value(args, ("-jar",))
        return Step("run", f"run the Java program {jar}" if jar else f"run the Java class {ops[0] if ops else '?'}")
    if name in ("cargo", "go", "dotnet") and args[:1] == ["run"]:
        return Step("run", f"build and run the program ({name} run)")
    if name in ("npm", "yarn", "pnpm", "bun") and args[:1] in (["start"], ["run"]):
        script = args[1] if args[0] == "run" and len(args) > 1 else "start"
        return Step("run", f"run the {name} script `{script}`")
    if name == "make":
        return Step("run", f"run the make target {join_names([a for a in args if not a.startswith('-') and '=' not in a])}")
    if name in ("curl", "wget", "http", "ssh", "scp", "ping", "nc", "telnet", "ftp", "gh", "rsync") and (
            name != "rsync" or any(":" in a for a in args)):
        urls = [a for a in ops if "://" in a or ("." in a and name in ("ssh", "ping", "nc"))] or ops[:1]
        saved = option_value(args, ("-o", "--output", "-O")) if name in ("curl", "wget") else None
        remote = f" and run `{quote_short(' '.join(ops[1:]), 40)}` there" if name == "ssh" and ops[1:] else ""
        return Step("network", f"contact {join_names(urls or ['a remote host'])} with {name}{remote}"
                    + (f", saving the answer to {saved}" if saved else ""))
    if name == "rsync":
        return Step("file-change", f"copy {join_names(ops[:-1] or ['?'])} to {ops[-1] if ops else '?'}")
    if name in ("kill", "pkill", "killall"):
        return Step("process", f"send a signal to {join_names(ops or ['?'])} ({name})")
    if name == "sleep":
        return Step("run", f"wait {ops[0] if ops else ''} seconds".replace("  ", " "), "wait before the next step")
    if words[0].startswith(("./", "/", "../")) or "/" in words[0]:
        return Step("run", f"run the program {words[0]}" + (f" with `{quote_short(' '.join(args), 40)}`" if args else ""))
    sub = [a for a in args[:1] if re.fullmatch(r"[a-z][\w:-]*", a)]
    return Step("run", f"run `{' '.join([name, *sub])}`")
