"""mix (Elixir) and sbt (Scala) command lines read for policy.recipes: their aliases expanded, their own tasks that
delete, rewrite or publish named, a task the build defines in code asked about.

    build_alias_steps("mix" | "sbt", args, cwd) -> [Step]

- mix: mix.exs's `aliases` keyword list (`"ecto.reset": ["ecto.drop", "ecto.setup"]`, `lint: "format
  --check-formatted"`): each entry a step `mix TASK ARGS` (decided as typed: `mix format` and `mix ecto.drop` by
  policy.project, `mix cmd …` by policy.launchers; an alias naming its own task runs the task, policy.recipes' chain
  guard); an entry that is a function (`&setup/1`) cannot be read and asks; `mix do a, b` is each task. mix's own
  hex.publish, hex.retire, deps.clean, deps.unlock, archive.uninstall, local.* ask.
- sbt: the commands given (words, `"testOnly x"`, `; a; b` batches, `proj/task`, `Test/task`), addCommandAlias
  expanded; clean, scalafmt/scalafmtAll/scalafmtSbt, scalafix (not --check), publish/release/sonatype*, set, eval and
  a task the build's .sbt files define in code (taskKey/inputKey) ask; checks, tests, compile, publishLocal do not.
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.policy.recipes import MAX_DEPTH, Step, find_upward, read_text

_MIX_OWN = {"hex.publish": "publishes the package", "hex.retire": "retires a published package version",
            "hex.owner": "changes who owns a published package",
            "deps.clean": "deletes fetched dependencies (offline, they cannot be fetched again)",
            "deps.unlock": "rewrites mix.lock", "deps.update": "updates the locked dependencies",
            "archive.uninstall": "removes an installed archive", "local.hex": "installs Hex", "local.rebar": "installs"
            " rebar", "archive.install": "installs an archive", "escript.install": "installs an escript"}
_ALIAS = re.compile(r"""(?:"([^"]+)"|([a-z_][\w.]*[?!]?)):\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|&[\w.]+/\d)""")
_SBT_ASKS = {"clean": "deletes target/ (the build's output)", "cleanFiles": "deletes target/",
             "scalafmt": "rewrites the sources (scalafmt)", "scalafmtAll": "rewrites the sources (scalafmt)",
             "scalafmtSbt": "rewrites the build files (scalafmt)", "scalafix": "rewrites the sources (scalafix)",
             "scalafixAll": "rewrites the sources (scalafix)", "publish": "publishes outside this machine",
             "publishSigned": "publishes outside this machine", "release": "tags, pushes and publishes a release",
             "sonatypeBundleRelease": "publishes outside this machine", "sonatypeRelease": "publishes outside this "
             "machine", "ghreleaseRelease": "publishes a GitHub release", "set": "runs Scala code that is not read",
             "eval": "runs Scala code that is not read", "scalafmtOnly": "rewrites the sources (scalafmt)"}
_SBT_VALUE_OPTS = {"-J", "-D", "--java-home", "-java-home", "--sbt-version", "-sbt-version", "--sbt-jar", "-sbt-jar",
                   "--ivy", "-ivy", "--sbt-dir", "-sbt-dir", "--sbt-boot", "-sbt-boot", "--mem", "-mem"}


def build_alias_steps(tool: str, args: list[str], cwd: Path) -> list[Step]:
    return _mix(args, cwd) if tool == "mix" else _sbt(args, cwd)


def _mix(args: list[str], cwd: Path) -> list[Step]:
    if not args or args[0].startswith("-"):
        return []
    found = find_upward(cwd, ("mix.exs",))
    root = found.parent if found else cwd
    aliases = _mix_aliases(read_text(found) or "") if found else {}
    if args[0] == "do":  # mix do a arg, b: each task in turn
        tasks = [t.split() for t in " ".join(args[1:]).replace(" + ", ",").split(",") if t.split()]
        return [Step("the mix do list", "mix " + " ".join(t), root) for t in tasks]
    task, rest = args[0], args[1:]
    if task in _MIX_OWN:
        return [Step(f"the mix task {task}", "", root, _MIX_OWN[task])]
    if task not in aliases:
        return []
    steps = []
    for entry in aliases[task]:
        if entry.startswith("&"):
            steps.append(Step(f"the mix alias {task}", "", root, f"runs the function {entry}, which is not read"))
        else:
            steps.append(Step(f"the mix alias {task}", "mix " + entry + (" " + " ".join(rest) if rest else ""), root))
    return steps


def _mix_aliases(text: str) -> dict[str, list[str]]:
    """The aliases keyword list of mix.exs: `defp aliases do [ … ] end` or `aliases: [ … ]` inline."""
    match = re.search(r"defp?\s+aliases\s*(?:\(\s*\))?\s*do\s*\[", text) or re.search(r"\baliases:\s*\[", text)
    if match is None:
        return {}
    depth, at = 1, match.end()
    while at < len(text) and depth and at - match.end() < 20_000:
        depth += {"[": 1, "]": -1}.get(text[at], 0)
        at += 1
    body = re.sub(r"(?m)#.*$", "", text[match.end():at - 1])
    out = {}
    for quoted, bare, value in _ALIAS.findall(body):
        out[quoted or bare] = re.findall(r'"((?:[^"\\]|\\.)*)"', value) if not value.startswith("&") else [value]
    return out


def _sbt(args: list[str], cwd: Path) -> list[Step]:
    build = cwd / "build.sbt"
    if not build.is_file():
        found = find_upward(cwd, ("build.sbt",))
        build = found if found else build
    root = build.parent
    texts = [read_text(p) or "" for p in sorted(root.glob("*.sbt"))[:20]]
    aliases = {name: body for text in texts for name, body in
               re.findall(r"""addCommandAlias\s*\(\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)""", text)}
    coded = {name for text in texts for name in re.findall(r"\bval\s+(\w+)\s*=\s*(?:taskKey|inputKey)\b", text)}
    commands, at = [], 0
    while at < len(args):
        if args[at] in _SBT_VALUE_OPTS:
            at += 2
            continue
        if not args[at].startswith("-"):
            commands += [c.strip() for c in args[at].split(";") if c.strip()]
        at += 1
    steps: list[Step] = []
    _sbt_commands(commands, aliases, coded, root, steps, 0)
    return steps


def _sbt_commands(commands: list[str], aliases: dict, coded: set, root: Path, steps: list, depth: int) -> None:
    for command in commands:
        words = command.split()
        name = re.sub(r"^.*/", "", words[0]).lstrip("+~")  # core/test, Test/compile, ~compile, +publish
        if name in aliases and depth < MAX_DEPTH:
            inner = [c.strip() for c in aliases[name].split(";") if c.strip()]
            _sbt_commands(inner, aliases, coded, root, steps, depth + 1)
        elif name in _SBT_ASKS and not (name.startswith("scalafix") and "--check" in words):
            steps.append(Step(f"the sbt command {command}", "", root, _SBT_ASKS[name]))
        elif name in coded:
            steps.append(Step(f"the sbt task {name}", "", root, "the build defines it in Scala code, which is not read"))
