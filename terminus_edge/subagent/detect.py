"""Find a project's own build, test and run commands from the files in its directory.

Order of trust: a command the README states, then Makefile targets, then the ecosystem's convention
(pyproject/setup.cfg/tests, package.json scripts, Cargo.toml, go.mod, pom.xml, build.gradle, .NET,
CMake, plain Java, Perl, Ruby). Only well-known runners are taken from a README, never install or network steps.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from terminus_edge.subagent.detect_runners import perl_tests, ruby_tests, script_tests, tox_commands
from terminus_edge.subagent.purpose import command_kind  # noqa: F401  (callers import it from here too)

SKIP_DIRS = {".git", "node_modules", "target", "build", "dist", "out", ".venv", "venv", "__pycache__", ".tox"}
_RUNNERS = ("python3", "python", "pytest", "node", "npm", "yarn", "pnpm", "cargo", "make", "go", "mvn", "gradle",
            "./gradlew", "dotnet", "javac", "java", "ctest", "cmake", "tox", "deno", "bun")
_INSTALLS = re.compile(r"\b(install|add|publish|deploy|push|upload|login|curl|wget|sudo|rm)\b")


@dataclass
class Project:
    root: Path
    kinds: list[str] = field(default_factory=list)  # "python", "node", "rust", "make", ...
    test: list[str] = field(default_factory=list)  # candidates, best first
    build: list[str] = field(default_factory=list)
    run: list[str] = field(default_factory=list)  # a CLI entry point (the caller adds arguments)
    check: list[str] = field(default_factory=list)  # linters and type checkers the project configures
    slow_toolchain: bool = False  # compiles before testing: give it the long timeout


def detect(root: Path) -> Project:
    project = Project(root=root)
    readme = _readme_commands(root)
    project.test += [c for c in readme if command_kind(c) == "test"]
    project.build += [c for c in readme if command_kind(c) == "build"]
    project.run += [c for c in readme if command_kind(c) == "run"]
    _make(root, project)
    project.check += [c for c in readme if command_kind(c) == "check"]
    for probe in (_python, _node, _rust, _go, _jvm, _dotnet, _cmake, _plain_java, perl_tests, ruby_tests, script_tests, _checks):
        probe(root, project)
    return project


def _checks(root: Path, project: Project) -> None:
    """Linters and type checkers the project configures and this machine has."""
    config = " ".join(_read(root / n) for n in ("pyproject.toml", "setup.cfg", "tox.ini", "package.json", "Makefile"))
    python = "python3" if shutil.which("python3") else "python"
    # the project's own lint target first: it is what CI runs, and it usually runs the tools below itself
    wanted = [("make lint", "make", re.search(r"^lint\s*:", _read(root / "Makefile"), re.M) is not None),
              ("npm run lint", "npm", '"lint"' in config),
              ("ruff check .", "ruff", (root / "ruff.toml").exists() or "[tool.ruff" in config),
              ("flake8", "flake8", (root / ".flake8").exists() or "[flake8]" in config),
              (f"{python} -m mypy .", "mypy", (root / "mypy.ini").exists() or "[tool.mypy]" in config or "[mypy]" in config),
              ("cargo clippy", "cargo", "rust" in project.kinds),
              ("go vet ./...", "go", "go" in project.kinds),
              ("npx tsc --noEmit", "npx", (root / "node_modules/.bin/tsc").exists())]
    project.check += [cmd for cmd, tool, configured in wanted if configured and shutil.which(tool)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:
        return ""


def _readme_commands(root: Path) -> list[str]:
    """Commands shown in the README (code spans, code blocks, `$ ` lines), cut at usage placeholders."""
    found: list[str] = []
    for readme in sorted(root.glob("README*")) + sorted(root.glob("readme*")):
        try:
            text = readme.read_text(encoding="utf-8", errors="replace")[:50_000]
        except OSError:
            continue
        pieces = re.findall(r"`([^`\n]+)`", text)
        pieces += [m.group(1) for m in _INDENTED.finditer(text)]
        pieces += [m.group(1) for m in _DOLLAR_LINE.finditer(text)]
        for block in _fenced_blocks(text):
            pieces += [line.strip().lstrip("$ ").strip() for line in block.splitlines()]
        for piece in pieces:
            command = _usage_to_command(piece)
            if command and command not in found:
                found.append(command)
    return found


# Blanks are read once, possessively, from a line's start: `^\s*` re-read every blank line below each one, and
# ` {4,}` then `\s*` split one run of spaces every possible way (both quadratic on a README of blanks).
_INDENTED = re.compile(r"^(?= {4}|\t)[ \t]*+\$?[ \t]*+(\S.*)$", re.M)
_DOLLAR_LINE = re.compile(r"^[ \t]*+\$[ \t]++(\S.*)$", re.M)
_COMMENT = re.compile(r"(?<!\s)\s+#.*$")  # from a blank run's first character only


def _fenced_blocks(text: str) -> list[str]:
    """The bodies of ``` blocks (the opening fence's line is its info string), found with str.find: a lazy
    ```…``` regex read to the end of the text from every fence when one is left open."""
    blocks, at = [], 0
    while (start := text.find("```", at)) >= 0:
        newline = text.find("\n", start + 3)
        close = text.find("```", newline + 1) if newline >= 0 else -1
        if close < 0:
            break
        blocks.append(text[newline + 1:close])
        at = close + 3
    return blocks


def _usage_to_command(text: str) -> str | None:
    text = _COMMENT.sub("", text.strip())
    words = []
    for word in text.split():
        if re.match(r"^(\[|<|\{|\.\.\.|[A-Z][A-Z_]+(\.\.\.)?$)", word) or word in ("|", "&&", ";", ">", "<"):
            break
        words.append(word)
    if not words or words[0] not in _RUNNERS or _INSTALLS.search(" ".join(words)):
        return None
    if words[0].startswith("python") and len(words) == 1:
        return None  # a bare interpreter would start a REPL
    return " ".join(words)


def _make(root: Path, project: Project) -> None:
    makefile = next((root / n for n in ("GNUmakefile", "makefile", "Makefile") if (root / n).is_file()), None)
    if not makefile:
        return
    project.kinds.append("make")
    project.slow_toolchain = True
    text = makefile.read_text(encoding="utf-8", errors="replace")
    targets = re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.M)
    project.test += [f"make {t}" for t in ("test", "check", "tests") if t in targets][:1]
    project.run += [f"make {t}" for t in ("run", "demo") if t in targets][:1]
    project.build.append("make")


def _python(root: Path, project: Project) -> None:
    markers = ("pyproject.toml", "setup.py", "setup.cfg", "tox.ini", "pytest.ini", "requirements.txt")
    test_files = find_files(root, ["test_*.py", "*_test.py"])
    if not any((root / m).exists() for m in markers) and not test_files and not list(root.glob("*.py")):
        return
    project.kinds.append("python")
    python = "python3" if shutil.which("python3") else "python"
    project.test += tox_commands(root, python)
    if test_files:
        if _uses_pytest(root, test_files) and _has_pytest(python):
            project.test.append(f"{python} -m pytest -v")
        elif any(f.parent == root or (f.parent / "__init__.py").exists() for f in test_files):
            project.test.append(f"{python} -m unittest -v")
        else:
            start = test_files[0].parent.relative_to(root)
            project.test.append(f"{python} -m unittest discover -s {start} -v")
    packages = [p.parent.name for p in sorted(root.glob("*/__main__.py")) if p.parent.name not in SKIP_DIRS]
    project.run += [f"{python} -m {name}" for name in packages]
    project.run += [f"{python} {name}" for name in ("main.py", "cli.py", "app.py", "__main__.py") if (root / name).is_file()]
    project.build.append(f"{python} -m compileall -q .")


def _uses_pytest(root: Path, test_files: list[Path]) -> bool:
    if (root / "pytest.ini").exists() or (root / "conftest.py").exists():
        return True
    for name in ("pyproject.toml", "setup.cfg", "tox.ini"):
        path = root / name
        if path.is_file() and re.search(r"\[(tool[.:])?pytest", path.read_text(errors="replace")):
            return True
    # pytest's own import, or plain module-level test functions: unittest finds only TestCase methods
    return any(re.search(r"^[ \t]*+(import pytest|from pytest)|^def test_\w*\(", f.read_text(errors="replace"), re.M)
               for f in test_files[:20])


PYTEST_ANSWER_TTL_S = 60.0  # a plan is made many times a minute; pytest installed meanwhile is seen within a minute
_pytest_answers: dict[str, tuple[float, bool]] = {}


def _has_pytest(python: str) -> bool:
    """Whether `python` can import pytest: a child interpreter (0.1-1 s), so its answer is kept for a minute."""
    now = time.monotonic()
    known = _pytest_answers.get(python)
    if known and now - known[0] < PYTEST_ANSWER_TTL_S:
        return known[1]
    try:
        answer = subprocess.run([python, "-c", "import pytest"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        answer = False
    _pytest_answers[python] = (now, answer)
    return answer


def _node(root: Path, project: Project) -> None:
    path = root / "package.json"
    if not path.is_file():
        return
    project.kinds.append("node")
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        package = {}
    scripts = package.get("scripts") or {}
    runner = "yarn" if (root / "yarn.lock").exists() else "pnpm" if (root / "pnpm-lock.yaml").exists() else "npm"
    test_script = str(scripts.get("test", ""))
    if test_script and "no test specified" not in test_script and shutil.which(runner):
        project.test.append(f"{runner} test")
    elif find_files(root, ["*.test.js", "*.test.mjs", "*.test.cjs", "*_test.js"]) or (root / "test").is_dir():
        project.test.append("node --test")
    if "build" in scripts and shutil.which(runner):
        project.build.append(f"{runner} run build")
    elif (root / "tsconfig.json").exists() and (root / "node_modules/.bin/tsc").exists():
        project.build.append("npx tsc --noEmit")
    binary = package.get("bin")
    entry = next(iter(binary.values()), None) if isinstance(binary, dict) else binary or package.get("main")
    if isinstance(entry, str) and (root / entry).is_file():
        project.run.append(f"node {entry}")


def _compiled(project: Project, kind: str, test: str, build: str, run: str | None = None) -> None:
    """A compiled toolchain's project: its fixed test and build (and run) commands, under the long time limit."""
    project.kinds.append(kind)
    project.slow_toolchain = True
    project.test.append(test)
    project.build.append(build)
    if run:
        project.run.append(run)


def _rust(root: Path, project: Project) -> None:
    if (root / "Cargo.toml").is_file():
        _compiled(project, "rust", "cargo test", "cargo build", "cargo run --")


def _go(root: Path, project: Project) -> None:
    if (root / "go.mod").is_file():
        _compiled(project, "go", "go test ./...", "go build ./...")


def _jvm(root: Path, project: Project) -> None:
    if (root / "pom.xml").is_file():
        _compiled(project, "maven", "mvn -B test", "mvn -B -q compile")
    elif any((root / n).is_file() for n in ("build.gradle", "build.gradle.kts")):
        gradle = "./gradlew" if (root / "gradlew").is_file() else "gradle"
        _compiled(project, "gradle", f"{gradle} test --console=plain", f"{gradle} build -x test --console=plain")


def _dotnet(root: Path, project: Project) -> None:
    if list(root.glob("*.sln")) or list(root.glob("*.csproj")) or list(root.glob("*/*.csproj")):
        _compiled(project, "dotnet", "dotnet test", "dotnet build")


def _cmake(root: Path, project: Project) -> None:
    if (root / "CMakeLists.txt").is_file() and "make" not in project.kinds:
        build = "cmake -S . -B build && cmake --build build"
        _compiled(project, "cmake", f"{build} && ctest --test-dir build --output-on-failure", build)


def _plain_java(root: Path, project: Project) -> None:
    if project.kinds or not (sources := find_files(root, ["*.java"])):
        return
    project.kinds.append("java")
    project.slow_toolchain = True
    dirs = sorted({str(f.parent.relative_to(root)) for f in sources})
    compile_cmd = "javac -d out " + " ".join(f"{d}/*.java" if d != "." else "*.java" for d in dirs)
    project.build.append(compile_cmd)
    mains = [f for f in sources if re.search(r"static\s+void\s+main\s*\(", f.read_text(errors="replace"))]
    tests = [f for f in mains if re.search(r"test|check|spec", f.stem, re.I)]
    if tests:
        project.test.append(f"{compile_cmd} && java -cp out {tests[0].stem}")
    if mains:
        project.run.append(f"{compile_cmd} && java -cp out {mains[0].stem}")


def find_files(root: Path, patterns: list[str], limit: int = 200) -> list[Path]:
    """Files matching patterns under root, skipping build and dependency folders."""
    found: list[Path] = []
    stack = [root]
    while stack and len(found) < limit:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                if entry.name not in SKIP_DIRS and not entry.name.startswith("."):
                    stack.append(entry)
            elif any(entry.match(p) for p in patterns):
                found.append(entry)
    return sorted(found)
