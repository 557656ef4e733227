"""Maven builds read from pom.xml (xml.etree), for policy.recipes: what `mvn PHASE|PREFIX:GOAL[@ID]` runs.

    maven_steps(args, cwd) -> [Step]   every plugin execution the build reaches, as the commands it stands for

A phase builds its lifecycle up to it (clean: pre-clean, clean; default: validate … deploy; site), each plugin
execution bound to a reached phase (its <phase>, else the goal's default phase) runs; a goal named on the command line
runs once with the plugin's configuration (`@id`: that execution's). What an execution does is policy.maven_plugins':
exec, antrun, clean and frontend are read as commands, formatters/publishers/migrations and plugins it does not know
ask. The reactor: <modules> of the pom read (or the -pl ones, -am/-amd followed through <dependencies>), each module
with its parent's properties, plugins and managed plugin configuration; profiles that -P names, that are active by
default or whose activation depends on the environment (the safe side). `${…}` from <properties>, project.* and -D;
any other is an unexpanded variable (a path it names asks). A pom that does not parse asks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.policy.recipes import Step, read_text

LIFECYCLES = [
    "pre-clean clean post-clean".split(),
    ("validate initialize generate-sources process-sources generate-resources process-resources compile "
     "process-classes generate-test-sources process-test-sources generate-test-resources process-test-resources "
     "test-compile process-test-classes test prepare-package package pre-integration-test integration-test "
     "post-integration-test verify install deploy").split(),
    "pre-site site post-site site-deploy".split(),
]
# The jar packaging's lifecycle mapping: (plugin short name, goal) at each phase
BINDINGS = {"clean": ("clean", "clean"), "process-resources": ("resources", "resources"),
            "compile": ("compiler", "compile"), "process-test-resources": ("resources", "testResources"),
            "test-compile": ("compiler", "testCompile"), "test": ("surefire", "test"), "package": ("jar", "jar"),
            "install": ("install", "install"), "deploy": ("deploy", "deploy"), "site": ("site", "site"),
            "site-deploy": ("site", "deploy")}
_QUIET = {"-v", "--version", "-h", "--help"}
_VALUE_OPTS = {"-f", "--file", "-P", "--activate-profiles", "-pl", "--projects", "-D", "--define", "-s", "--settings",
               "-gs", "--global-settings", "-t", "--toolchains", "-T", "--threads", "-rf", "--resume-from", "-l",
               "--log-file", "-b", "--builder", "-gt", "--global-toolchains", "-emp", "--encrypt-master-password",
               "-ep", "--encrypt-password"}
MAX_MODULES = 64
MAX_VALUE = 16 * 1024  # a property's expanded value (properties holding properties twice over double at each level)


@dataclass
class Pom:
    folder: Path
    root: ET.Element
    props: dict[str, str] = field(default_factory=dict)
    plugins: list[ET.Element] = field(default_factory=list)  # <plugin> of build and active profiles, parents' first
    managed: list[ET.Element] = field(default_factory=list)  # <pluginManagement> <plugin>s


def maven_steps(args: list[str], cwd: Path) -> list[Step]:
    from terminus_edge.policy.maven_plugins import execution_steps, goal_steps

    opts, goals = _options(args)
    if _QUIET & set(opts) or not goals:
        return []
    given = opts.get("-f", []) + opts.get("--file", [])
    path = cwd / given[-1] if given else cwd / "pom.xml"
    path = path / "pom.xml" if path.is_dir() else path
    if not path.is_file():
        return []
    defines = dict(d.partition("=")[::2] for d in opts.get("-D", []) + opts.get("--define", []))
    profiles = {p.strip() for value in opts.get("-P", []) + opts.get("--activate-profiles", []) for p in value.split(",")}
    poms: list[Pom] = []
    doubt = _reactor(path, defines, profiles, poms, None if "-N" in opts or "--non-recursive" in opts else 0)
    if doubt:
        return [Step("the Maven build", "", cwd, doubt)]
    poms = _selected(poms, opts, cwd)
    steps: list[Step] = []
    for pom in poms:
        for goal in goals:
            if ":" in goal:
                steps += goal_steps(pom, goal)
            else:
                life = next((phases for phases in LIFECYCLES if goal in phases), None)
                if life is None:
                    steps.append(Step(f"mvn {goal}", "", pom.folder, f"`{goal}` is no Maven phase or plugin goal read"))
                    continue
                steps += execution_steps(pom, life[:life.index(goal) + 1])
    return list(dict.fromkeys(steps))


def _options(args: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    opts: dict[str, list[str]] = {}
    goals, at = [], 0
    while at < len(args):
        word = args[at]
        attached = re.match(r"(-D|-P|-pl|-T|-rf|-f)(.+)", word) if not word.startswith("--") else None
        if word.startswith("-") and attached and attached.group(1) + attached.group(2) not in _VALUE_OPTS | {"-fae",
                                                                                                       "-ff", "-fn"}:
            opts.setdefault(attached.group(1), []).append(attached.group(2))
        elif word.startswith("-"):
            key, eq, value = word.partition("=")
            if not eq and key in _VALUE_OPTS and at + 1 < len(args):
                at, value = at + 1, args[at + 1]
            opts.setdefault(key, []).append(value)
        else:
            goals.append(word)
        at += 1
    return opts, goals


def _parse(path: Path) -> ET.Element | None:
    text = read_text(path)
    if text is None:
        return None
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    for element in root.iter():  # the POM namespace dropped: find("build/plugins") reads every pom alike
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def _reactor(path: Path, defines: dict, profiles: set, out: list[Pom], depth: int | None,
             parent: Pom | None = None, chain: int = 0) -> str:
    """Reads path (and its modules, to depth) into out; a reason to ask when a pom cannot be read. chain: parents
    looked up so far (a relativePath may point back at the pom itself)."""
    root = _parse(path)
    if root is None:
        return f"{path.name} in {path.parent} cannot be read as XML"
    parent = parent or (_parent(root, path, defines, profiles, chain) if chain < 8 else None)
    pom = Pom(path.parent, root)
    if parent:
        pom.props, pom.plugins, pom.managed = dict(parent.props), list(parent.plugins), list(parent.managed)
    for key in ("groupId", "artifactId", "version", "name"):
        value = root.findtext(key) or root.findtext(f"parent/{key}") if key != "name" else root.findtext(key)
        if value:
            pom.props[f"project.{key}"] = value.strip()
    pom.props.update({"project.basedir": str(path.parent), "basedir": str(path.parent)})
    sections = [root] + [p for p in root.findall("profiles/profile") if _active(p, profiles)]
    for section in sections:
        for prop in section.findall("properties/*"):
            pom.props[str(prop.tag)] = (prop.text or "").strip()
        pom.plugins += section.findall("build/plugins/plugin")
        pom.managed += section.findall("build/pluginManagement/plugins/plugin")
    build = {"directory": "${project.basedir}/target", "outputDirectory": "${project.build.directory}/classes",
             "testOutputDirectory": "${project.build.directory}/test-classes",
             "sourceDirectory": "${project.basedir}/src/main/java", "finalName": "${project.artifactId}-${project.version}"}
    for key, default in build.items():
        pom.props[f"project.build.{key}"] = (root.findtext(f"build/{key}") or default).strip()
    pom.props.update({"pom." + k.removeprefix("project."): v for k, v in pom.props.items() if k.startswith("project.")})
    pom.props.update(defines)
    out.append(pom)
    if depth is None or depth > 3:
        return ""
    for module in root.findall("modules/module") + [m for s in sections[1:] for m in s.findall("modules/module")]:
        child = path.parent / (module.text or "").strip()
        child = child / "pom.xml" if child.is_dir() else child
        if len(out) >= MAX_MODULES:
            return f"the reactor has more than {MAX_MODULES} modules"
        if child.is_file():
            doubt = _reactor(child, defines, profiles, out, depth + 1, pom)
            if doubt:
                return doubt
    return ""


def _parent(root: ET.Element, path: Path, defines: dict, profiles: set, chain: int) -> Pom | None:
    """The parent pom in the tree (<relativePath>, default ../pom.xml) when its artifactId is the one named."""
    named = root.findtext("parent/artifactId")
    if not named:
        return None
    where = path.parent / ((root.findtext("parent/relativePath") or "../pom.xml").strip() or "../pom.xml")
    where = where / "pom.xml" if where.is_dir() else where
    found = _parse(where) if where.is_file() else None
    if found is None or (found.findtext("artifactId") or "").strip() != named.strip():
        return None
    out: list[Pom] = []
    _reactor(where, defines, profiles, out, None, chain=chain + 1)
    return out[0] if out else None


def _active(profile: ET.Element, named: set[str]) -> bool:
    pid = (profile.findtext("id") or "").strip()
    if f"!{pid}" in named or f"-{pid}" in named:
        return False
    activation = profile.find("activation")
    by_default = activation is not None and (activation.findtext("activeByDefault") or "").strip() == "true"
    by_environment = activation is not None and any(child.tag != "activeByDefault" for child in activation)
    return pid in named or by_default or by_environment


def _selected(poms: list[Pom], opts: dict, cwd: Path) -> list[Pom]:
    """The reactor's modules -pl names (a folder, :artifactId or group:artifact), with -am/-amd's, else all."""
    wanted = [w.strip() for v in opts.get("-pl", []) + opts.get("--projects", []) for w in v.split(",") if w.strip()]
    if not wanted:
        return poms
    names = {id(p): p.props.get("project.artifactId", "") for p in poms}

    def matches(pom: Pom, spec: str) -> bool:
        if spec.startswith(("!", "-")):
            return False
        if ":" in spec:
            return names[id(pom)] == spec.rsplit(":", 1)[1]
        return (cwd / spec).resolve() == pom.folder.resolve()

    chosen = [p for p in poms if any(matches(p, s) for s in wanted)]
    deps = {id(p): {(d.findtext("artifactId") or "").strip() for d in p.root.findall("dependencies/dependency")}
            for p in poms}
    grow = True
    while grow:
        grow = False
        for pom in poms:
            if pom in chosen:
                continue
            needed = {"-am", "--also-make"} & set(opts) and any(names[id(pom)] in deps[id(c)] for c in chosen)
            needing = {"-amd", "--also-make-dependents"} & set(opts) and deps[id(pom)] & {names[id(c)] for c in chosen}
            if needed or needing:
                chosen.append(pom)
                grow = True
    return [p for p in poms if p in chosen]


def expand(text: str, props: dict[str, str], depth: int = 0) -> str:
    """`${name}` replaced by its property value (values holding properties expanded in turn), else `$MVN_name`."""
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name in props and depth < 8:
            return expand(props[name], props, depth + 1)[:MAX_VALUE]
        return "$MVN_" + re.sub(r"\W", "_", name)
    return re.sub(r"\$\{([^}\s]{1,200})\}", one, text or "")
