"""The tasks of a Gradle build and what their actions do, read from the scripts' text for policy.gradle.

    read_script(projects, root) -> Build   tasks by project (type, dependsOn, finalizedBy, what their actions run),
                                           plugins, configuration-time commands, actions added by type

An action is read as commands only in these shapes: `exec { commandLine … }` / `project.exec { executable …; args … }`,
`delete(…)` / `project.delete(…)`, `copy { from …; into … }`, `file(…).delete()`, `"cmd".execute()`; printing and
logging are nothing to decide; any other statement in an action is code that is not read and asks. An Exec task's
commandLine, a Delete task's delete, a Copy/Sync task's from/into are read the same way.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.policy.gradle_text import Statement, arguments, literals, statements
from terminus_edge.policy.recipes import Step, read_text

_QUIET_TYPES = set("Test JavaCompile KotlinCompile GroovyCompile ScalaCompile Jar Zip Tar War Ear Javadoc JacocoReport "
                   "JacocoCoverageVerification Checkstyle Pmd CodeNarc ShadowJar DefaultTask".split())
_ACTION = re.compile(r"\b(?:exec|javaexec|copy|sync|delete|deleteDir|deleteRecursively|execute|writeText|writeBytes|"
                     r"ProcessBuilder|getRuntime|Files|ant)\b\s*[.({'\"]|\.text\s*=|\.delete\s*\(")
_DYNAMIC = re.compile(r"\btasks\s*\.\s*(?:register|create|maybeCreate)\b|\btask\s*\(|\btasks\.(?:registering|creating)\b")
_HARMLESS = re.compile(r"(?:println|print|logger\.\w+|System\.out\.\w+|assert|mkdir|project\.mkdir)\b|"
                       r"(?:def|val|var|String|final)\s+\w+\s*(?::\s*\w+\s*)?=\s*[^()]*$|"
                       r"(?:project\.)?file\([^()]*\)\.mkdirs\(\)$")
_WORDS = {"tasks", "named", "getByName", "project", "it", "listOf", "setOf", "files", "provider", "get", "rootProject",
          "withType", "matching", "this", "true", "false", "null", "configure", "register", "by"}
_JAVA_PLUGINS = {"java", "java-library", "application", "groovy", "scala", "war", "org.jetbrains.kotlin.jvm",
                 "kotlin jvm", "jvm", "org.springframework.boot"}


@dataclass
class Task:
    name: str
    kind: str = ""  # its type (Exec, Delete …); "" a plain task
    depends: list[str] = field(default_factory=list)
    finalized_by: list[str] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (command, working dir, doubt)

    def steps(self, source: str, folder: Path) -> list[Step]:
        return [Step(source, line, folder / where if where else folder, doubt) for line, where, doubt in self.lines]


@dataclass
class Build:
    projects: dict[str, Path]
    tasks: dict[str, dict[str, Task]] = field(default_factory=dict)
    java: dict[str, bool] = field(default_factory=dict)
    unknown_plugins: dict[str, set[str]] = field(default_factory=dict)
    by_type: dict[str, list[Task]] = field(default_factory=dict)
    always: list[Step] = field(default_factory=list)
    default_tasks: list[str] = field(default_factory=list)
    dynamic: list[str] = field(default_factory=list)  # statements that make tasks in a way not read (a loop …)
    publishing: set[str] = field(default_factory=set)  # projects whose publishing plugin makes publish…To… tasks
    needs: dict[str, set[str]] = field(default_factory=dict)  # project -> projects its dependencies name (built first)


def read_script(projects: dict[str, Path], root: Path) -> Build:
    from terminus_edge.policy.gradle import KNOWN_PLUGINS

    build = Build(projects)
    own = {project: statements(next((t for n in ("build.gradle", "build.gradle.kts")
                                     if (t := read_text(folder / n)) is not None), ""))
           for project, folder in projects.items()}
    shared = [(s.head, inner) for s in own[":"] if s.head in ("allprojects", "subprojects") and s.blocks
              for inner in statements(s.blocks[0])]
    for project, folder in projects.items():
        found = [inner for scope, inner in shared if scope == "allprojects" or project != ":"] + own[project]
        for statement in found:
            _statement(build, project, folder, statement, 0)
        build.unknown_plugins[project] = build.unknown_plugins.get(project, set()) - KNOWN_PLUGINS
    return build


def _statement(build: Build, project: str, folder: Path, s: Statement, depth: int) -> None:
    head, tasks = s.head, build.tasks.setdefault(project, {})
    if head == "dependencies" and s.blocks:  # `implementation project(':lib')`: lib's jar is built to compile this one
        build.needs.setdefault(project, set()).update(
            ":" + p.strip(":") for p in re.findall(r"""\bproject\s*\(\s*(?:path\s*[:=]\s*)?["']([\w.:-]+)["']""",
                                                   s.blocks[0]))
    elif head == "plugins" and s.blocks:
        for line in statements(s.blocks[0]):
            ids = re.findall(r"""\bid\s*\(?\s*["']([^"']+)""", line.text) or \
                [f"kotlin {k}" for k in re.findall(r'kotlin\s*\(\s*"(\w+)"', line.text)] or \
                re.findall(r"^`?([\w.-]+)`?$", line.text.strip()) or [line.text.strip()]
            _plugins(build, project, ids)
    elif re.match(r"apply\b", head):
        _plugins(build, project, re.findall(r"""plugin\s*[:=]\s*["']([^"']+)""", head))
        for name in re.findall(r"""from\s*[:=]\s*["']([^"'$]+)["']""", head):
            text = read_text(folder / name)
            if text is None or depth > 3:
                build.always.append(Step(f"the script {name}", "", folder, "an applied script that cannot be read"))
                continue
            for inner in statements(text):
                _statement(build, project, folder, inner, depth + 1)
    elif head in ("allprojects", "subprojects"):
        pass  # read for every project by read_script
    elif re.match(r"(?:afterEvaluate|project\.afterEvaluate|gradle\.projectsEvaluated)\b", head) and s.blocks:
        for inner in statements(s.blocks[0]):
            _statement(build, project, folder, inner, depth + 1)
    elif re.match(r"defaultTasks\b", head):
        build.default_tasks += literals(head)
    elif (found := _definition(head)) is not None:
        name, kind = found
        task = tasks.setdefault(name, Task(name, kind))
        task.kind = kind or task.kind
        task.depends += _names(re.search(r"dependsOn\s*:\s*(.*?)(?:\)\s*$|$)", head).group(1)) \
            if re.search(r"dependsOn\s*:", head) else []
        _configure(build, task, s.blocks, "<<" in head)
    elif (found := _configuration(head, tasks)) is not None:
        names, kind, rest = found
        if names:
            targets = [tasks.setdefault(n, Task(n)) for n in names]
        else:  # every task of a type (or every task): its actions join each one run
            targets = [Task("*", kind)]
            build.by_type.setdefault(project, []).extend(targets)
        for task in targets:
            if rest:
                verb, _, args = rest.partition(" ")
                _configure(build, task, (), False, [Statement(f"{verb} {args}".strip(), s.blocks, s.text)])
            else:
                _configure(build, task, s.blocks, False)
    elif _DYNAMIC.search(s.text):  # tasks made in a loop or under a computed name: any name may be one of them
        build.dynamic.append(s.head[:60])
        if _ACTION.search(s.text):
            build.always += Task("", lines=_action_lines(s.text)).steps("the build script (run while configuring)",
                                                                        folder)
    elif _ACTION.search(s.text):  # code run while Gradle configures the build: for every command
        build.always += Task("", lines=_action_lines(s.text)).steps("the build script (run while configuring)", folder)


def _plugins(build: Build, project: str, ids: list[str]) -> None:
    from terminus_edge.policy.gradle import KNOWN_PLUGINS

    for plugin in ids:
        if plugin in _JAVA_PLUGINS:
            build.java[project] = True
        if plugin in ("maven-publish", "ivy-publish", "maven"):
            build.publishing.add(project)
        if plugin not in KNOWN_PLUGINS:
            build.unknown_plugins.setdefault(project, set()).add(plugin)


def _definition(head: str) -> tuple[str, str] | None:
    """(name, type) of a task defined here: `task x(type: Exec)`, `tasks.register<Exec>("x")`, `val x by tasks
    .registering(Delete::class)`, `tasks.register("x", Delete)`."""
    match = re.match(r"""task\b\s*\(?\s*["']?([\w-]+)["']?(.*)""", head)
    if match:
        kind = re.search(r"type\s*:\s*(\w+)", match.group(2))
        return match.group(1), kind.group(1) if kind else ""
    head = re.sub(r"^(?:val|var|def|final)\s+\w+\s*(?::\s*[\w<>.]+\s*)?=\s*", "", head)  # `val x = tasks.register…`
    match = re.match(r"""tasks\.(?:register|create|maybeCreate)\s*(?:<\s*(\w+)\s*>)?\s*\(\s*["']([\w-]+)["']"""
                     r"""\s*(?:,\s*(\w+))?""", head)
    if match:
        return match.group(2), match.group(1) or match.group(3) or ""
    match = re.match(r"""tasks\.create\s*\(\s*name\s*:\s*["']([\w-]+)["']\s*(?:,\s*type\s*:\s*(\w+))?""", head)
    if match:  # tasks.create(name: 'x', type: Exec)
        return match.group(1), match.group(2) or ""
    match = re.match(r"val\s+(\w+)\s+by\s+tasks\.(?:registering|creating)\s*(?:\(\s*(\w+))?", head)
    return (match.group(1), match.group(2) or "") if match else None


def _configuration(head: str, tasks: dict) -> tuple[list[str], str, str] | None:
    """([task names] or [] with a type for every task of it, type, `dependsOn x` style rest) of a statement
    configuring existing tasks: `tasks.named("test") {…}`, `tasks.test {…}`, `test {…}`, `test.dependsOn x`,
    `tasks.withType(Test) {…}`, `tasks.configureEach {…}`."""
    from terminus_edge.policy.gradle import KNOWN_TASKS

    match = re.match(r"""tasks\s*\.\s*(?:withType\s*(?:<\s*(\w+)\s*>|\(\s*(\w+)(?:::class(?:\.java)?)?\s*\))|"""
                     r"""configureEach|all|matching\b.*)""", head)
    if match:
        return [], match.group(1) or match.group(2) or "", ""
    match = re.match(r"""(?:tasks\s*\.\s*(?:named|getByName|getAt)\s*(?:<\s*\w+\s*>)?\s*\(\s*["']([\w-]+)["']\s*"""
                     r"""(?:,\s*\w+(?:::class(?:\.java)?)?\s*)?\)|tasks\s*\[\s*["']([\w-]+)["']\s*\]|"""
                     r"""(?:tasks\s*\.\s*)?([A-Za-z_]\w*))(?:\s*\.\s*(?:get|configure)\s*\(\s*\))*"""
                     r"""(?:\s*\.\s*(dependsOn|finalizedBy|doFirst|doLast|configure)\b\s*(.*))?$""", head)
    if not match:
        return None
    name = match.group(1) or match.group(2) or match.group(3)
    by_tasks = head.startswith("tasks")
    if name in ("dependencies", "components") and not by_tasks:
        return None  # the dependency and component blocks, not the report tasks of those names
    if not (by_tasks or name in tasks or name in KNOWN_TASKS) or (not by_tasks and not match.group(4) and
                                                                  name not in tasks and name not in KNOWN_TASKS):
        return None
    verb = match.group(4) or ""
    return [name], "", "" if verb in ("", "configure") else f"{verb} {match.group(5) or ''}"


def _configure(build: Build, task: Task, blocks, legacy: bool, body: list[Statement] | None = None) -> None:
    """A task's configuration closure: dependsOn, finalizedBy, doFirst/doLast actions, its type's settings."""
    if legacy:  # `task x << { … }`: the closure is the action
        task.lines += _action_lines(blocks[0]) if blocks else []
        return
    body = body if body is not None else [x for b in blocks[:1] for x in statements(b)]
    line, program, args, deletes, copy = [], [], [], [], {}
    where = ""
    for s in body:
        verb = re.match(r"(?:it\.|this\.)?(\w+)\s*(\+?=|\()?\s*(.*)", s.head, re.S)
        name, rest = (verb.group(1), verb.group(3)) if verb else ("", "")
        if verb and verb.group(2) == "(" and rest.endswith(")"):
            rest = rest[:-1]
        if name in ("dependsOn", "setDependsOn"):
            task.depends += _names(rest)
        elif name == "finalizedBy":
            task.finalized_by += _names(rest)
        elif name in ("doFirst", "doLast") and s.blocks:
            task.lines += _action_lines(s.blocks[-1])
        elif name in ("doFirst", "doLast"):
            task.lines.append(("", "", "an action given as an object, not read"))
        elif task.kind == "Exec" and name in ("commandLine", "setCommandLine"):
            line = arguments(rest)
        elif task.kind == "Exec" and name in ("executable", "setExecutable"):
            program = arguments(rest)[:1]
        elif task.kind == "Exec" and name in ("args", "setArgs"):
            args = (args if verb.group(2) in ("+=", None) and name == "args" else []) + arguments(rest)
        elif name in ("workingDir", "setWorkingDir"):
            where = (literals(rest) or ["$GRADLE_VALUE"])[0]
        elif task.kind == "Delete" and name in ("delete", "setDelete"):
            deletes += arguments(rest)
        elif task.kind in ("Copy", "Sync") and name in ("from", "into"):
            copy[name] = (literals(rest) or ["$GRADLE_VALUE"])[0]
        elif _ACTION.search(s.text):  # run while the task is configured
            task.lines += _action_lines(s.text)
    command = line or (program + args if program else [])
    if task.kind == "Exec":
        task.lines.append((shlex.join(command), where, "") if command else ("", "", "an Exec task whose command is "
                                                                                      "not read"))
    elif task.kind == "Delete" and deletes:
        task.lines.append((shlex.join(["rm", "-rf", *deletes]), "", ""))
    elif task.kind in ("Copy", "Sync"):
        source, into = copy.get("from", "$GRADLE_VALUE"), copy.get("into", "$GRADLE_VALUE")
        line = ["cp", "-r", f"{source}/.", into] if task.kind == "Copy" else ["rsync", "-a", "--delete", f"{source}/",
                                                                              into]
        task.lines.append((shlex.join(line), "", ""))
    elif task.kind == "JavaExec":
        task.lines.append(("java -cp build/classes $GRADLE_mainClass", "", ""))
    elif task.kind and task.kind not in _QUIET_TYPES and task.kind not in ("Delete",):
        task.lines.append(("", "", f"a task of type {task.kind}, which is not read"))


def _action_lines(body: str) -> list[tuple[str, str, str]]:
    """What an action closure runs: (command, working dir, doubt) for each statement."""
    out: list[tuple[str, str, str]] = []
    for s in statements(body):
        text = s.text.strip()
        call = re.match(r"(?:project\s*\.\s*|providers\s*\.\s*|execOperations\s*\.\s*)?(exec|delete|copy|sync)\b"
                        r"\s*(\(?)(.*)", s.head, re.S)
        if call and call.group(1) == "exec" and s.blocks:
            exec_task = Task("", "Exec")
            _configure(Build({}), exec_task, s.blocks, False)
            out += exec_task.lines
        elif call and call.group(1) == "delete" and not s.blocks:
            rest = call.group(3)[:-1] if call.group(2) and call.group(3).endswith(")") else call.group(3)
            out.append((shlex.join(["rm", "-rf", *arguments(rest)]), "", ""))
        elif call and call.group(1) in ("copy", "sync", "delete") and s.blocks:
            kind = {"copy": "Copy", "sync": "Sync", "delete": "Delete"}[call.group(1)]
            inner = Task("", kind)
            _configure(Build({}), inner, s.blocks, False)
            out += inner.lines
        elif re.fullmatch(r"""(?:project\.)?(?:file|new\s+File)\s*\(([^()]*)\)\s*\.\s*(?:delete|deleteDir|"""
                          r"""deleteRecursively)\s*\(\s*\)""", text):
            out.append((shlex.join(["rm", "-rf", *(literals(text)[-1:] or ["$GRADLE_VALUE"])]), "", ""))
        elif re.fullmatch(r"""(["'])[^"'$]*\1\s*\.\s*execute\s*\(\s*\)(?:\s*\.\s*waitFor\s*\(\s*\))?""", text):
            out.append((literals(text)[0], "", ""))
        elif not _HARMLESS.match(text) or _ACTION.search(text):
            out.append(("", "", f"runs code that is not read: `{text[:80]}`"))
    return out


def _names(text: str) -> list[str]:
    """Task names in a dependsOn / finalizedBy argument: its string literals, else its identifiers."""
    found = literals(text)
    if found:
        return [f for f in found if re.fullmatch(r"[\w:-]+", f)]
    return [w for w in re.findall(r"(?<![.\w])(?:tasks\.)?([A-Za-z_]\w*)", text) if w not in _WORDS]
