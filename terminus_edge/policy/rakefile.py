"""Rakefiles read as text, for policy.recipes: what `rake TASK` runs.

    rake_steps(args, cwd) -> [Step]   the task's prerequisites' actions, then its own

A Rakefile is Ruby, so a task's block is checked as the code it is, each piece with the rule it would meet typed:
`sh "cmd"` (and `sh "cmd", "arg"`) as the command line; rake's file utilities (`rm_rf "log"`, `mv "a", "b"`,
`cp`, `ln_sf`, `touch` …) as the shell commands they stand for (`rm -rf log`), an argument that is not a literal an
unexpanded variable (so a path it names asks); the rest of the block as `ruby -e CODE` (File.write onto an existing
file, system with a command that is not a literal, backticks …). `#{…}` inside a string is an unexpanded variable.
Code outside every task runs whenever rake loads the file: checked for every task. `require "rake/clean"` defines
clean and clobber, which delete what CLEAN (and CLOBBER) list. Tasks, `namespace` blocks, prerequisites (`task
release: ["data:reset"]`, `:name => :dep`, looked up from the task's namespace outward) and rakelib/*.rake are read;
blocks are told apart by their keywords (do/end, if/def/class … end), and a file whose blocks do not balance is not
read (today's behaviour). A name no task defines is made by a `rule` (policy.rake_rules: its block with the name and
source filled in) or is a library's task (bundler/gem_tasks' release asks; Rake::TestTask's test does not; a task
library that is not read asks). Prerequisites computed while rake loads (`task docs: DOCS`) ask.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.policy.rake_rules import RULE, RULE_KEY, UNREAD, fill_in, library_task, rule_for
from terminus_edge.policy.recipes import MAX_DEPTH, Step, _options, find_upward, read_text

_RAKEFILES = ("rakefile", "Rakefile", "rakefile.rb", "Rakefile.rb")
_QUIET = {"-T", "--tasks", "-D", "--describe", "-W", "--where", "-P", "--prereqs", "-h", "--help", "-H", "-V",
          "--version", "-n", "--dry-run", "-A", "--all"}
_VALUE_OPTS = {"-f", "--rakefile", "-C", "--directory", "-I", "--libdir", "-r", "--require", "-R", "--rakelibdir",
               "-e", "--execute", "-p", "--execute-print", "-E", "--execute-continue", "-j", "--jobs"}
_STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|%[qQ]?\((?:[^()\n]|\([^()\n]*\))*\)|%[qQ]?\{[^{}\n]*\}|""" \
    r"%[qQ]?\[[^\[\]\n]*\]"
_TASK = re.compile(r"^\s*(?:task|file|directory|multitask)\b[ \t]*(?:\([ \t]*)?"
                   r"(?::([\w?!]+)|([\"'])([^\"'\n]+)\2|([\w?!]+):(?!:))")
_NAMESPACE = re.compile(r"^\s*namespace\b[ \t]*(?:\([ \t]*)?(?::(\w+)|[\"']([^\"'\n]+)[\"'])")
_KEYWORD = re.compile(r"(?:^\s*|(?<=[=;(|&])\s*)\b(?:if|unless|while|until|case|def|class|module|begin|for)\b|"
                      r"\bdo\b|(?<![\w.:])end\b(?![?!])")
_SH = re.compile(r"\b(?:sh|ruby)\b[ \t]*(?:\([ \t]*)?((?:" + _STRING + r")(?:\s*,\s*(?:" + _STRING + r"))*)")
_FILE_UTILS = {"rm_rf": "rm -rf", "rm_r": "rm -r", "rm_f": "rm -f", "rm": "rm", "rmtree": "rm -rf", "rmdir": "rmdir",
               "mv": "mv", "cp_r": "cp -r", "cp": "cp", "ln_sf": "ln -sf", "ln_s": "ln -s", "ln": "ln",
               "touch": "touch", "mkdir_p": "mkdir -p", "mkdir": "mkdir", "install": "install", "safe_unlink": "rm -f",
               "remove_entry": "rm -rf", "remove_dir": "rm -r"}
_UTIL_NAMES = "|".join(sorted(_FILE_UTILS, key=len, reverse=True))
_UTIL_CALL = re.compile(r"(?:^|(?<=[;{]))[ \t]*(?:FileUtils\.)?(" + _UTIL_NAMES +
                        r")\b(?![ \t]*[=.])[ \t]*\(?([^\n;]*)", re.M)


def rake_steps(args: list[str], cwd: Path) -> list[Step]:
    opts, operands = _options(args, _VALUE_OPTS)
    if set(opts) & _QUIET:
        return []
    folder = cwd / (opts.get("-C") or opts.get("--directory") or ".")
    named = opts.get("-f") or opts.get("--rakefile")
    path = folder / named if named else find_upward(folder, _RAKEFILES)
    text = read_text(path) if path else None
    if text is None:
        return []
    for extra in sorted((path.parent / "rakelib").glob("*.rake"))[:64]:
        text += "\n" + (read_text(extra) or "")
    tasks, load_code, library = _parse(text)
    if tasks is None:
        return []
    goals = [w.split("[", 1)[0] for w in operands if "=" not in w] or ["default"]  # `task[arg1,arg2]`
    rules = {key: value for key, value in tasks.items() if key.startswith(RULE_KEY)}
    if not any(g in tasks or rule_for(g, rules, path.parent) or library_task(g, text) for g in goals):
        return []
    steps = _code_steps("the Rakefile itself (run when rake loads it)", load_code, path.parent)
    seen: set[str] = set()

    def run(name: str, depth: int) -> None:
        if name in seen or depth > MAX_DEPTH * 4:
            return
        seen.add(name)
        if name not in tasks:
            steps.extend(_untasked(name, depth, rules, text, path.parent, run))
            return
        deps, body = tasks[name]
        scope = name.split(":")[:-1]
        for dep in deps:
            if dep.startswith(UNREAD):
                steps.append(Step(f"the Rakefile task {name}", "", path.parent, "its prerequisites are computed "
                                  f"while rake loads (`{dep.removeprefix(UNREAD)}`), not read"))
                continue
            dep = dep.lstrip("^")
            run(next((":".join(scope[:i] + [dep]) for i in range(len(scope), -1, -1)
                      if ":".join(scope[:i] + [dep]) in tasks), dep), depth + 1)
        source = f"the Rakefile task {name}" + (" (rake/clean's, deleting what CLEAN lists)" if name in library else "")
        steps.extend(_code_steps(source, "\n".join(body), path.parent))
    for goal in goals:
        run(goal, 0)
    code = opts.get("-e") or opts.get("--execute") or opts.get("-p") or opts.get("-E")
    return steps + ([Step("rake's -e code", "ruby -e " + shlex.quote(code), folder)] if code else [])


def _untasked(name: str, depth: int, rules: dict, text: str, folder: Path, run) -> list[Step]:
    """A name no task defines: the rule that makes it (its source made first), or a library's task."""
    found = rule_for(name, rules, folder)
    if found:
        key, source = found
        if source:
            run(source, depth + 1)
        spec, body = rules[key]
        return _code_steps(f"the rake rule making {name}", "\n".join(fill_in(body, spec[0], name, source)), folder)
    library = library_task(name, text)
    if library and library[0] == "ask":
        return [Step(f"the rake task {name}", "", folder, library[1])]
    if library and library[0] == "unknown" and depth == 0:
        return [Step(f"the rake task {name}", "", folder, f"no task in the Rakefile defines it; library code that "
                                                           f"is not read may ({library[1]})")]
    return []


def _parse(text: str) -> tuple[dict[str, tuple[list[str], list[str]]] | None, str, set[str]]:
    """{task: (prerequisites, block lines)}, the code outside every task and the tasks rake/clean defines; None when
    the blocks do not balance."""
    tasks: dict[str, tuple[list[str], list[str]]] = {}
    stack: list[tuple[str, str]] = []  # (kind: ns / task / other, name)
    load: list[str] = []
    clean = re.search(r"""^[ \t]*require[ \t]*(?:\([ \t]*)?["']rake/clean["']""", text, re.M)
    for raw in text.split("\n"):
        blank = re.sub(_STRING, lambda m: '"' + " " * (len(m.group()) - 2) + '"', raw)  # same length, strings blank
        line = re.sub(r"(?:^|\s)#(?!\{).*$", "", blank)
        scope = [name for kind, name in stack if kind == "ns"]
        task, namespace, rule = _TASK.match(raw), _NAMESPACE.match(raw), RULE.match(raw)
        inside = next((name for kind, name in reversed(stack) if kind == "task"), None)
        if inside is not None:
            tasks[inside][1].append(raw)
        elif all(kind == "ns" for kind, _ in stack) and not task and not namespace and not rule and \
                not re.match(r"\s*end\b", line):
            load.append(raw)
        if rule:  # kept as a task under a key no name can have: its head, then its block
            task, name = rule, f"{RULE_KEY}{len(tasks)}"
            entry = tasks.setdefault(name, ([RULE_KEY + raw.strip()], []))
            if "{" in line and "}" in line and not re.search(r"\bdo\b", line):  # rule(…) { |t| sh "…" }
                entry[1].append(raw[rule.end():].rsplit("}", 1)[0])
        elif task:
            name = ":".join(scope + [next(g for g in (task.group(1), task.group(3), task.group(4)) if g)])
            entry = tasks.setdefault(name, ([], []))
            entry[0].extend(_prerequisites(raw[task.end():], bool(task.group(4))))
            if "{" in line and "}" in line and not re.search(r"\bdo\b", line):  # task :x { sh "…" }
                entry[1].append(raw[line.index("{") + 1:line.rindex("}")])
        opened = False
        for token in _KEYWORD.finditer(line):
            word = token.group().strip()
            if word == "end":
                if not stack:
                    return None, "", set()
                stack.pop()
            elif word == "do" and line.lstrip().startswith(("while", "until", "for")):
                continue  # `while x do`: one block
            else:
                kind = "task" if task and word == "do" and not opened else "ns" if namespace and not opened else "other"
                stack.append((kind, name if kind == "task" else (namespace.group(1) or namespace.group(2))
                               if kind == "ns" else ""))
                opened = True
        if inside is not None and ("task", inside) not in stack and re.match(r"\s*end\b", raw):
            tasks[inside][1].pop()  # the block's own closing `end`
    if stack:
        return None, "", set()
    if clean:
        files = _literal_args(" ".join(m.group(1) for m in re.finditer(
            r"\bCLEAN\s*(?:\.include|\.add|<<)\s*\(?([^\n]*)", text))) or ["$RAKE_CLEAN_FILES"]
        more = _literal_args(" ".join(m.group(1) for m in re.finditer(
            r"\bCLOBBER\s*(?:\.include|\.add|<<)\s*\(?([^\n]*)", text)))
        for name, listed in (("clean", files), ("clobber", files + more)):
            entry = tasks.setdefault(name, ([], []))
            entry[1].insert(0, f"rm_rf {', '.join(shlex.quote(f) for f in listed)}")
    return tasks, "\n".join(load), {"clean", "clobber"} if clean else set()


def _prerequisites(rest: str, keyword_form: bool) -> list[str]:
    """The prerequisites after a task's name: `=> :dep`, `=> [:a, "ns:b"]`, or (`name: deps`) what follows."""
    if "=>" in rest:
        rest = rest.split("=>", 1)[1]
    elif not keyword_form:
        return []
    rest = re.split(r"\s(?:do)\b|\{", rest, maxsplit=1)[0]
    literal = r":([\w?!:]+)|([\"'])([^\"'\n]+)\2|%[iw][\[(]([^\])\n]*)"
    names = [name for m in re.finditer(literal, rest)
             for name in ([m.group(1) or m.group(3)] if m.group(4) is None else m.group(4).split())]
    left = re.sub(literal + r"|\b(?:do|end)\b|[\[\](),|\s]", "", rest)
    return names + ([UNREAD + left[:60]] if left else [])  # `task docs: DOCS`: computed while rake loads


def _code_steps(source: str, code: str, folder: Path) -> list[Step]:
    """The block's commands: literal `sh`/`ruby` lines, file utilities as shell commands, the rest as Ruby code."""
    steps = []
    for match in _SH.finditer(code):
        words = _literal_args(match.group(1))
        line = words[0] if len(words) == 1 else shlex.join(words)
        steps.append(Step(source, ("ruby " if match.group().lstrip().startswith("ruby") else "") + line, folder))
    code = _SH.sub("nil", code)
    for match in _UTIL_CALL.finditer(code):
        operands = [w if w.startswith("$RAKE_") else shlex.quote(w) for w in _literal_args(match.group(2), True)]
        steps.append(Step(source, " ".join([_FILE_UTILS[match.group(1)], *operands]), folder))
    code = _UTIL_CALL.sub("nil", code)
    code = re.sub(r"\bsh\b[ \t]*\(?(?=[ \t]*[^\s=.])", "system(", code)  # `sh` given a command that is not a literal
    rest = "\n".join(line for line in code.split("\n") if line.strip() and not re.fullmatch(
        r"\s*(?:nil|#.*|desc\b.*|require\b.*|CLEAN\b.*|CLOBBER\b.*)\s*", line))
    if rest.strip():
        steps.append(Step(source, "ruby -e " + shlex.quote(rest), folder))
    return steps


def _literal_args(text: str, others: bool = False) -> list[str]:
    """The string literals of an argument list (`%w[a b]` and arrays flattened, `#{…}` made a variable); with others,
    anything else that is not a keyword option (`verbose: false`) becomes an unexpanded variable."""
    words = []
    for token in re.finditer(r"%w[\[(]([^\])\n]*)[\])]|(" + _STRING + r")|(\w+:\s*[^,)]+)|([^\s,()\[\]]+)", text):
        if token.group(1) is not None:
            words += token.group(1).split()
        elif token.group(2) is not None:
            literal = token.group(2)
            body = literal[1:-1] if literal[0] in "\"'" else re.sub(r"^%[qQ]?.", "", literal)[:-1]
            if literal[0] != "'" and not literal.startswith("%q"):
                body = re.sub(r"#\{[^}\n]{0,200}\}", "$RAKE_VALUE", body).replace('\\"', '"').replace("\\\\", "\\")
            words.append(body)
        elif token.group(4) is not None and others:
            words.append("$RAKE_VALUE")
    return words
