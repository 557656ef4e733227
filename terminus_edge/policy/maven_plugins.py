"""What a Maven plugin execution does, for policy.maven: the commands it stands for, or a reason to ask.

exec:exec runs its <executable> with <arguments>/<commandlineArgs> (exec:java the project's main class); antrun:run
runs an Ant target, whose tasks are read as commands (<delete> as rm, <copy> as cp, <exec> with its args, <echo
file> as a redirect …; a task that runs code or other targets, or one not known, asks); clean:clean deletes the build
directory and its <filesets>; frontend's npm/yarn/pnpm goals run that tool with their <arguments>. Formatters,
publishing, git and database goals ask; the build's usual plugins (compiler, surefire, jar, jacoco …) do nothing
to decide; a plugin not known asks (a plugin is a program).
"""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from terminus_edge import shell_words
from terminus_edge.policy.maven import BINDINGS, expand
from terminus_edge.policy.recipes import Step

if TYPE_CHECKING:
    from terminus_edge.policy.maven import Pom

QUIET_PLUGINS = set("compiler surefire failsafe resources jar war ear ejb rar source javadoc enforcer jacoco checkstyle "
                    "spotbugs pmd build-helper dependency shade assembly install site surefire-report jxr "
                    "project-info-reports help buildnumber git-commit-id flatten plugin bundle kotlin scala toolchains "
                    "javacc antlr4 protobuf jaxb2 properties animal-sniffer japicmp revapi gpg spring-boot "
                    "versions license spotless fmt formatter sortpom impsort release scm deploy jib docker dockerfile "
                    "flyway liquibase xml changes invoker "
                    # checkers and generators that read the sources and write only under target/
                    "apache-rat rat moditect remote-resources cyclonedx spdx bnd plexus-component-metadata plexus "
                    "artifact modello gradle-module-metadata docck sisu templating jflex clirr modernizer "
                    "duplicate-finder forbiddenapis dependency-scope proguard jarjar graphviz cobertura".split())
ASKS = {  # plugin -> {goal: reason}
    **{p: {g: "rewrites the project's files in place" for g in goals.split()} for p, goals in (
        ("spotless", "apply"), ("fmt", "format"), ("formatter", "format"), ("sortpom", "sort"), ("impsort", "sort"),
        ("tidy", "pom"), ("rewrite", "run"), ("license", "format update-file-header remove-file-header"),
        ("versions", "set commit update-parent update-properties update-property use-latest-versions "
                     "use-latest-releases use-next-releases use-releases use-dep-version set-property"))},
    "release": {g: "commits, tags and pushes with git" for g in "prepare perform rollback branch update-versions".split()},
    "scm": {g: "commits, tags or pushes with git" for g in "checkin tag update checkout add remove branch".split()},
    "deploy": {"deploy": "publishes outside this machine", "deploy-file": "publishes outside this machine"},
    "site": {"deploy": "publishes outside this machine", "stage-deploy": "publishes outside this machine"},
    **{p: {"build": "publishes an image", "push": "publishes an image"} for p in ("jib", "docker", "dockerfile")},
    "flyway": {g: "changes the database" for g in "migrate clean undo repair baseline".split()},
    "xml": {"format": "rewrites the project's files in place"},
    "changes": {"announcement-mail": "sends mail", "jira-report": "reads a remote tracker"},
    "invoker": {g: "runs the Maven builds under src/it, which are not read" for g in ("run", "integration-test")},
    **{p: {g: "runs Groovy code the pom holds, which is not read" for g in ("execute", "executeScripts")}
       for p in ("gmavenplus", "groovy", "gmaven")},
    **{p: {g: "rewrites files in place" for g in goals.split()} for p, goals in (
        ("replacer", "replace"), ("find-and-replace", "find-and-replace"), ("copy-rename", "rename copy"))},
    "liquibase": {g: "changes the database" for g in "update updateCount updateToTag rollback dropAll".split()},
    "dependency": {"purge-local-repository": "deletes the project's dependencies from the local repository (offline,"
                   " they cannot be fetched again)"},
    "wrapper": {"wrapper": "rewrites the Maven wrapper files"},
}
_ANT_QUIET = set("property condition fail tstamp sleep available fileset dirset path pathconvert dirname basename "
                 "loadfile loadproperties javac junit junitreport length uptodate echoproperties local".split())
_ANT_NESTED = {"sequential", "parallel", "target", "tasks"}


def short_name(artifact: str) -> str:
    """maven-antrun-plugin -> antrun, exec-maven-plugin -> exec, git-commit-id-plugin -> git-commit-id."""
    name = artifact.strip().removeprefix("maven-")
    for suffix in ("-maven-plugin", "-plugin"):
        name = name.removesuffix(suffix)
    return name


def _plugins(pom: "Pom") -> dict[str, tuple[ET.Element, list[ET.Element]]]:
    """{short name: (plugin, managed plugins of the same name)}; a later declaration (the child's) wins."""
    found = {}
    for plugin in pom.plugins:
        name = short_name(plugin.findtext("artifactId") or "")
        found[name] = (plugin, [m for m in pom.managed if short_name(m.findtext("artifactId") or "") == name])
    return found


def _config(elements: list[ET.Element | None]) -> dict[str, ET.Element]:
    """Each <configuration>'s children by name, the later ones (the execution's) replacing the earlier."""
    out: dict[str, ET.Element] = {}
    for element in elements:
        if element is not None:
            out.update({str(child.tag): child for child in element.findall("configuration/*")})
    return out


def execution_steps(pom: "Pom", phases: list[str]) -> list[Step]:
    declared, steps = _plugins(pom), []
    for phase in phases:  # the lifecycle's own bindings (default-clean, default-deploy …)
        if phase in BINDINGS:
            name, goal = BINDINGS[phase]
            plugin, managed = declared.get(name, (None, []))
            steps += actions(pom, name, goal, _config([*managed, plugin]), f"the Maven phase {phase} ({name}:{goal})")
    for name, (plugin, managed) in declared.items():
        executions = {e.findtext("id") or "default": e for m in [*managed, plugin] for e in m.findall("executions/execution")}
        for eid, execution in executions.items():
            phase = (execution.findtext("phase") or "").strip()
            for goal in [(g.text or "").strip() for g in execution.findall("goals/goal")]:
                unread = name not in QUIET_PLUGINS | {"exec", "antrun", "clean", "frontend"} or goal in ASKS.get(name, {})
                if phase in phases or not phase and unread:  # an unknown goal's default phase: any build's
                    config = _config([*managed, plugin, execution])
                    steps += actions(pom, name, goal, config, f"the Maven execution {name}:{goal}@{eid}" +
                                     (f" at {phase}" if phase else ""))
    return steps


def goal_steps(pom: "Pom", spec: str) -> list[Step]:
    """`prefix:goal[@id]` or `group:artifact[:version]:goal` named on the command line."""
    spec, _, eid = spec.partition("@")
    parts = spec.split(":")
    name, goal = short_name(parts[-3] if len(parts) >= 3 else parts[0]), parts[-1]
    plugin, managed = _plugins(pom).get(name, (None, []))
    chosen = [e for m in [*managed, plugin] if m is not None for e in m.findall("executions/execution")
              if eid and (e.findtext("id") or "").strip() == eid]
    return actions(pom, name, goal, _config([*managed, plugin, *chosen[-1:]]), f"`mvn {spec}{'@' + eid if eid else ''}`")


def actions(pom: "Pom", name: str, goal: str, config: dict[str, ET.Element], source: str) -> list[Step]:
    props = pom.props

    def text(key: str, default: str = "") -> str:
        element = config.get(key)
        return expand(element.text.strip() if element is not None and element.text else default, props)

    if name == "exec" and goal in ("exec", "java"):
        if goal == "java":
            main = text("mainClass", props.get("exec.mainClass", "$MVN_mainClass"))
            words = ["java", "-cp", "target/classes", main]
        else:
            words = [text("executable", props.get("exec.executable", ""))]
            if not words[0]:
                return [Step(source, "", pom.folder, "exec:exec with no <executable> to read")]
        listed = config.get("arguments")
        if listed is not None:
            words += [expand(a.text or "", props) if a.tag != "classpath" else "$MVN_classpath" for a in listed]
        else:
            words += shell_words.split(text("commandlineArgs", props.get("exec.args", "")))
        where = text("workingDirectory")
        return [Step(source, shlex.join(words), pom.folder / where if where else pom.folder)]
    if name == "antrun" and goal == "run":
        target = config.get("target", config.get("tasks"))
        return [] if target is None else ant_steps(target, dict(props), pom, source)
    if name == "clean" and goal == "clean":
        if text("skip") == "true":
            return []
        paths = [] if text("excludeDefaultDirectories") == "true" else [expand("${project.build.directory}", props)]
        for fileset in config.get("filesets", ET.Element("x")).findall("fileset"):
            folder = expand(fileset.findtext("directory") or "", props).strip()
            includes = [expand(i.text or "", props).strip() for i in fileset.findall("includes/include")]
            paths += [f"{folder}/{i}" for i in includes] if includes else [folder]
        return [Step(source, shlex.join(["rm", "-rf", *paths]), pom.folder)] if paths else []
    if name == "frontend" and not goal.startswith("install"):
        tool = goal if goal in ("npm", "yarn", "pnpm", "npx", "bun", "corepack") else f"npx {goal}"
        line = f"{tool} {text('arguments', 'install' if goal in ('npm', 'yarn', 'pnpm') else '')}".strip()
        where = text("workingDirectory")
        return [Step(source, line, pom.folder / where if where else pom.folder)]
    reason = ASKS.get(name, {}).get(goal)
    if reason:
        return [Step(source, "", pom.folder, f"`{name}:{goal}` {reason}")]
    if name in QUIET_PLUGINS or name in ("exec", "antrun", "clean"):
        return []
    return [Step(source, "", pom.folder, f"the Maven plugin {name} (goal {goal}) is not read: a plugin is a program")]


def ant_steps(target: ET.Element, props: dict[str, str], pom: "Pom", source: str) -> list[Step]:
    """An Ant target's tasks as the shell commands they stand for; a task not read asks."""
    steps: list[Step] = []
    for task in target:
        tag, get = str(task.tag), lambda key, t=task: expand(t.get(key, ""), props)
        lines: list[list[str]] = []
        if tag in _ANT_NESTED:
            steps += ant_steps(task, props, pom, source)
        elif tag == "property" and task.get("name") and task.get("value") is not None:
            props[task.get("name")] = task.get("value")
        elif tag == "echo" and not get("file"):
            pass  # a message to the build's output
        elif tag == "echo":
            message = get("message") or expand(task.text or "", props)
            steps.append(Step(source, f"echo {shlex.quote(message)} {'>>' if get('append') == 'true' else '>'} "
                                      f"{shlex.quote(get('file'))}", pom.folder))
        elif tag == "delete":
            lines += [["rm", "-f", get("file")]] * bool(get("file")) + [["rm", "-rf", get("dir")]] * bool(get("dir"))
            lines += [["rm", "-rf", *_fileset_paths(f, props)] for f in task if f.tag in ("fileset", "dirset")]
        elif tag in ("exec", "apply"):
            words = [get("executable")]
            for arg in task.findall("arg"):
                words += shell_words.split(expand(arg.get("line", ""), props)) if arg.get("line") is not None else \
                    [expand(arg.get("value", arg.get("file", arg.get("path", ""))), props)]
            where = get("dir")
            steps.append(Step(source, shlex.join(words), pom.folder / where if where else pom.folder))
        elif tag == "java":
            lines.append(["java", "-jar", get("jar")] if get("jar") else ["java", "-cp", "target/classes",
                                                                          get("classname")])
            lines[-1] += [expand(a.get("value", ""), props) for a in task.findall("arg")]
        elif tag in ("copy", "move", "rename"):
            sources = [get("file") or get("src")] if get("file") or get("src") else \
                [p + "/." for f in task.findall("fileset") for p in _fileset_paths(f, props, folder_only=True)]
            dest = get("tofile") or get("dest") or get("todir")
            lines.append(["cp" if tag == "copy" else "mv", *(["-r"] if tag == "copy" else []), *sources, dest])
        elif tag == "mkdir":
            lines.append(["mkdir", "-p", get("dir")])
        elif tag == "touch":
            lines.append(["touch", get("file")])
        elif tag in ("replace", "replaceregexp"):
            files = [get("file")] if get("file") else [p for f in task.findall("fileset") for p in _fileset_paths(f, props)]
            lines.append(["sed", "-i", "s/x/y/", *files])
        elif tag == "chmod":
            lines.append(["chmod", get("perm") or "$MVN_perm", get("file") or get("dir")])
        elif tag == "symlink":
            lines.append(["ln", "-s", get("resource"), get("link")])
        elif tag == "get":
            lines.append(["curl", "-o", get("dest"), get("src")])
        elif tag in ("unzip", "unjar", "unwar", "untar"):
            lines.append(["tar", "-xf", get("src"), "-C", get("dest")] if tag == "untar" else
                         ["unzip", "-o", get("src"), "-d", get("dest")])
        elif tag in ("zip", "jar", "war", "tar"):
            lines.append(["zip", "-r", get("destfile"), get("basedir") or "."])
        elif tag not in _ANT_QUIET:
            what = "runs SQL against a database" if tag == "sql" else "is an Ant task not read"
            steps.append(Step(source, "", pom.folder, f"<{tag}> {what}"))
        steps += [Step(source, shlex.join(w), pom.folder) for w in lines]
    return steps


def _fileset_paths(fileset: ET.Element, props: dict[str, str], folder_only: bool = False) -> list[str]:
    folder = expand(fileset.get("dir", ""), props) or "."
    if folder_only:
        return [folder]
    includes = [expand(i.get("name", ""), props) for i in fileset.findall("include")] + \
        [expand(p, props) for p in fileset.get("includes", "").replace(",", " ").split()]
    return [f"{folder}/{i}" for i in includes] or [folder]
