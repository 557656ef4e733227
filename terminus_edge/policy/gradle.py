"""Gradle builds read as text, for policy.recipes: what `gradle TASK` / `./gradlew TASK` runs.

    gradle_steps(args, cwd) -> [Step]

A conservative reading, never an evaluation. The build: settings.gradle(.kts) found upward (its `include`s), each
project's build.gradle(.kts), the files it `apply from:`s, the root's allprojects/subprojects blocks. The tasks run:
those named (`test` in the current project and those under it, `:lib:test` in lib, camelCase abbreviations), the
java/application/base plugins' own graph (test needs testClasses, classes …; build needs assemble and check) and the
dependsOn / finalizedBy the scripts declare. What each does: an Exec task's commandLine / executable + args, a Delete
task's delete, Copy/Sync's from/into, clean's build directory, and in doFirst/doLast bodies (also ones added through
tasks.named / tasks.withType / tasks.configureEach) the `exec {}` / `project.exec`, `delete` / `project.delete`,
`copy {}` / `file(…).delete()` calls as the commands they stand for (policy.gradle_actions). Any other code in an
action, an action or a configuration-time call it cannot read, a task type or plugin task it does not know, or a
script whose brackets do not balance asks: Groovy and Kotlin are programs, and reading them is only sound where they
follow these shapes.
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.policy.gradle_actions import Task, read_script
from terminus_edge.policy.recipes import Step, read_text

_SETTINGS = ("settings.gradle", "settings.gradle.kts")
_BUILDS = ("build.gradle", "build.gradle.kts")
_QUIET = {"-v", "--version", "-h", "--help", "-?", "--status", "--stop"}
_VALUE_OPTS = {"-x", "--exclude-task", "-p", "--project-dir", "-b", "--build-file", "-c", "--settings-file", "-I",
               "--init-script", "-g", "--gradle-user-home", "--console", "--warning-mode", "--priority",
               "--max-workers", "--include-build", "-M", "--write-verification-metadata", "--dependency-verification",
               "-F", "--tests", "--task", "--configuration", "--dependency", "--type", "--dsl", "--project-name",
               "--package", "--gradle-version", "--distribution-type", "--test-framework"}
_DRY = {"-m", "--dry-run"}
MAX_TASKS = 400
JAVA_GRAPH = {
    "classes": ["compileJava", "processResources", "compileKotlin", "compileGroovy", "compileScala"],
    "testClasses": ["compileTestJava", "processTestResources", "classes", "compileTestKotlin", "compileTestGroovy"],
    "compileTestJava": ["classes"], "compileTestKotlin": ["classes"], "test": ["testClasses", "classes"],
    "jar": ["classes"], "javadoc": ["classes"], "assemble": ["jar", "distZip", "distTar", "bootJar"],
    "check": ["test", "checkstyleMain", "checkstyleTest", "pmdMain", "pmdTest", "spotbugsMain", "spotlessCheck"],
    "build": ["assemble", "check"], "run": ["classes"], "installDist": ["jar", "startScripts"],
    "distZip": ["jar", "startScripts"], "distTar": ["jar", "startScripts"], "startScripts": ["jar"],
    "checkstyleMain": ["classes"], "checkstyleTest": ["testClasses"], "jacocoTestReport": [],
    "bootJar": ["classes"], "bootRun": ["classes"], "publishToMavenLocal": ["jar"], "buildNeeded": ["build"],
}
KNOWN_TASKS = set(JAVA_GRAPH) | {d for deps in JAVA_GRAPH.values() for d in deps} | set(
    "clean help tasks projects properties dependencies dependencyInsight buildEnvironment components model "
    "outgoingVariants resolvableConfigurations javaToolchains jacocoTestCoverageVerification processResources "
    "processTestResources compileJava compileKotlin".split())
PLUGIN_ASKS = {"wrapper": "rewrites the Gradle wrapper files", "init": "creates a project over this folder",
               "spotlessApply": "rewrites the project's files in place (spotless)",
               "publish": "publishes outside this machine", "uploadArchives": "publishes outside this machine",
               "cleanEclipse": "deletes the Eclipse project files", "cleanIdea": "deletes the IDEA project files",
               "flywayMigrate": "changes the database",
               "flywayClean": "changes the database", "bootBuildImage": "builds and may publish an image"}
KNOWN_PLUGINS = set("java java-library application base groovy scala jvm org.jetbrains.kotlin.jvm jacoco "
                    "checkstyle pmd codenarc idea eclipse maven-publish signing distribution java-platform "
                    "java-test-fixtures jvm-test-suite antlr war ear com.github.spotbugs org.springframework.boot "
                    "io.spring.dependency-management com.diffplug.spotless org.flywaydb.flyway "
                    "com.github.johnrengelman.shadow com.gradleup.shadow version-catalog".split()) | {"kotlin jvm"}


def gradle_steps(args: list[str], cwd: Path, seen: set | None = None) -> list[Step]:
    """seen: filled with the (project, task) pairs the build runs (benchmarks/gradle_graph_check.py compares them with
    real Gradle's `-m` listing)."""
    opts, names = _options(args)
    if _QUIET & set(opts):
        return []
    here = cwd / opts["-p"][-1] if opts.get("-p") else cwd / opts["--project-dir"][-1] if opts.get("--project-dir") \
        else cwd
    settings = next((f / n for f in [here, *here.parents][:8] for n in _SETTINGS if (f / n).is_file()), None)
    root = settings.parent if settings else here
    if not settings and not any((here / n).is_file() for n in _BUILDS):
        return []
    for keys, defaults, what in ((("-b", "--build-file"), _BUILDS, "a build file"), (("-c", "--settings-file"),
                              _SETTINGS, "a settings file"), (("-I", "--init-script"), (), "an init script")):
        named = [v for k in keys for v in opts.get(k, [])]
        if any((here / v).resolve() not in {(here / n).resolve() for n in defaults} for v in named):
            return [Step("the Gradle build", "", here, f"{what} named on the command line ({keys[0]}) is not read")]
    projects = {":": root}
    for path in re.findall(r"""["']:?([\w.:/-]+)["']""", " ".join(re.findall(
            r"(?m)^\s*include(?:\s*\(|\s)([^\n]*)", read_text(settings) or "") if settings else [])):
        projects[":" + path.strip(":")] = root / path.strip(":").replace(":", "/")
    try:
        build = read_script(projects, root)
    except ValueError as error:
        return [Step("the Gradle build", "", root, f"its scripts cannot be read ({error})")]
    current = next((p for p, f in projects.items() if f.resolve() == here.resolve()), ":")
    steps = list(build.always)  # configuration-time code: it runs for every build, `gradle tasks` too
    if opts.keys() & _DRY:
        return steps
    excluded = {n for key in ("-x", "--exclude-task") for n in opts.get(key, [])}
    wanted = names or build.default_tasks or ["help"]
    seen = set() if seen is None else seen
    for name in wanted:
        if name.startswith(":") and name.count(":") >= 1:
            project, _, task = name.rpartition(":")
            scope = [project or ":"]
        else:
            task = name
            scope = [p for p in projects if p == current or current == ":" or p.startswith(current + ":")]
        for project in scope:
            _run(build, project, task, excluded, seen, steps, explicit=True)
    return list(dict.fromkeys(steps))


def _options(args: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    opts: dict[str, list[str]] = {}
    names, at = [], 0
    while at < len(args):
        word = args[at]
        if word.startswith("-"):
            key, eq, value = word.partition("=")
            if re.fullmatch(r"-[PD]\S+", key):
                key, value = key[:2], key[2:] + eq + value
            elif not eq and key in _VALUE_OPTS and at + 1 < len(args):
                at, value = at + 1, args[at + 1]
            opts.setdefault(key, []).append(value)
        else:
            names.append(word)
        at += 1
    return opts, names


def _resolve(build, project: str, name: str) -> str | None:
    """The task `name` means in project: itself, else the one camelCase abbreviation matching (`cJ` -> compileJava)."""
    known = set(build.tasks.get(project, {})) | (KNOWN_TASKS if build.java.get(project) else set()) | {"clean", "help",
                                                                                                   "tasks"}
    if name in known or name in PLUGIN_ASKS:
        return name
    pattern = re.compile("".join(re.escape(part) + r"[a-z0-9]*" for part in re.findall(r"[A-Z]?[a-z0-9]*", name)
                                 if part) + "$")
    found = [k for k in known if pattern.match(k)]
    return found[0] if len(found) == 1 else None


def _rule(build, project: str, name: str) -> str:
    """What a task made by a rule does (checked against Gradle 4.4.1's `gradle -m`): the base plugin's clean<Task>
    deletes that task's outputs; maven-publish / ivy-publish make publish<Pub>PublicationTo<Repo>Repository per
    publication and repository, whose names the scripts do not spell out (an abbreviation may name one)."""
    match = re.fullmatch(r"clean([A-Z]\w*)", name)
    if match and _resolve(build, project, match[1][0].lower() + match[1][1:]):
        return f"deletes the outputs of {match[1][0].lower() + match[1][1:]} (the clean rule)"
    if project in build.publishing and re.fullmatch(r"publish\w+To\w+Repository", name):
        return "publishes outside this machine"
    if project in build.publishing and not re.fullmatch(r"publish\w+ToMavenLocal", name) and \
            not any(_resolve(build, other, name) for other in build.projects):
        return "it may name a task the publishing plugin makes (publish…To…Repository), which publishes"
    return ""


def _label(project: str, task: str) -> str:
    return f"the Gradle task {project.rstrip(':')}:{task}"


def _run(build, project: str, name: str, excluded: set, seen: set, steps: list, explicit: bool = False) -> None:
    if name in excluded or (project, name) in seen:
        return
    if len(seen) > MAX_TASKS:
        steps.append(Step("the Gradle build", "", build.projects[":"], f"it runs more than {MAX_TASKS} tasks, more "
                                                                         "than are checked"))
        return
    folder = build.projects.get(project)
    if folder is None:
        return
    task_name = _resolve(build, project, name)
    if task_name is None:
        rule = _rule(build, project, name)
        if rule and (explicit or "may" not in rule):
            seen.add((project, name))
            steps.append(Step(_label(project, name), "", folder, rule))
            return
        makers = sorted(build.unknown_plugins.get(project, ())) + [f"`{d}`" for d in build.dynamic]
        if explicit and makers:
            steps.append(Step(_label(project, name), "", folder, "it is not defined in the scripts read; a plugin "
                              f"or code not read may define it ({', '.join(makers)})"))
        return
    seen.add((project, task_name))
    if task_name in PLUGIN_ASKS:
        steps.append(Step(_label(project, task_name), "", folder, PLUGIN_ASKS[task_name]))
        return
    task: Task | None = build.tasks.get(project, {}).get(task_name)
    deps = list(JAVA_GRAPH.get(task_name, [])) if build.java.get(project) else []
    if task_name.startswith("compile"):  # a project dependency: Gradle builds its jar first (checked on Gradle 4.4.1)
        deps += [f"{needed}:jar" for needed in sorted(build.needs.get(project, ())) if needed != project]
    if task_name == "clean":
        steps.append(Step(_label(project, "clean"), "rm -rf build", folder))
    if task is not None:
        deps += task.depends
    for dep in deps:
        dep_project, _, dep_name = dep.rpartition(":") if dep.startswith(":") else (project, "", dep)
        _run(build, dep_project or ":", dep_name, excluded, seen, steps)
    kind = task.kind if task is not None else _STANDARD_KINDS.get(task_name, "")
    for extra in build.by_type.get(project, []):  # tasks.withType(T) / tasks.configureEach: their actions too
        if extra.kind in ("", kind):
            steps += extra.steps(_label(project, task_name), folder)
    if task is not None:
        steps += task.steps(_label(project, task_name), folder)
        for after in task.finalized_by:
            _run(build, project, after, excluded, seen, steps)


_STANDARD_KINDS = {"test": "Test", "compileJava": "JavaCompile", "compileTestJava": "JavaCompile", "jar": "Jar",
                   "javadoc": "Javadoc", "clean": "Delete", "compileKotlin": "KotlinCompile",
                   "compileTestKotlin": "KotlinCompile", "run": "JavaExec"}
