"""The rules planner: what to run for a request when the model cannot plan tool calls itself.

0. A request that asks for nothing runnable ("hello there", "explain recursion": no verb of running, building,
   testing or checking, no command, file or tool, no question about the project's state) runs nothing.
   Requests beyond pass/fail (intent.py): a status question runs a project script's read-only subcommand
   (request_plans.py); what a do-not-run phrase points at is shown instead (`make -n`, `cat -n`: preview.py)
   and never run; "N times" repeats the test step; an installed-version question lists the package; an
   option question runs the command once per option and with --help. "Run / apply the migrations" runs the
   project's migrate command, then its status listing (migrations.py); "does it compile with -Werror?" builds with
   warnings as errors (compile_errors.py); "which tests are slow?" adds the runner's timing option (test_timings.py);
   "which tests are flaky?" runs the suite three times; "run the benchmarks" runs the runner's benchmark mode
   (bench_runs.py).
   Questions about files, pins and the repository get read-only plans (question_plans.py, pins.py, repo_questions.py).
1. Commands the request names (in backticks, or after "run"/"execute"; "make dist fails" when dist is a Makefile
   rule), in order; else a project script the request names by a word of its file name ("the packaging script" ->
   scripts/package.sh).
2. Otherwise the project's own commands (detect.py): build before run and test when the request asks whether
   it builds; the CLI entry point (or a make run/demo target) with the request's options when it asks about
   starting or running the program; the test suite otherwise (only the test files the request names, when
   its runner takes files). Implicit test runs get a visible `timeout` wrapper so a hang reads as one. A root
   with no project files of its own runs each sub-project's suite (or the one folder the request names).
   "Exit status for a missing file and bad.csv?" runs the program once per input (input_runs.py); "compare its output
   with expected.txt" pipes it into diff; "check that dist/x exists afterwards" lists the path after the run
   (output_checks.py).
3. Then at most one diagnostic follow-up (followup.py) within the turn budget; a script that could not start
   (Permission denied) is first run again through its interpreter (retries.py).
A step after a failed build is skipped: its result would only repeat the build failure.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
from pathlib import Path

from terminus_edge.subagent import followup
from terminus_edge.subagent.detect import SKIP_DIRS, Project, detect
from terminus_edge.subagent.narrow_tests import narrowed, requested_test_files
from terminus_edge.subagent.named_commands import (explicit_commands, make_target_named,  # noqa: F401 - re-exported
                                                   request_options)
from terminus_edge.subagent.project_scripts import named_script, package_script, wrapping_target
from terminus_edge.subagent.compile_errors import werror_plan
from terminus_edge.subagent.delete_request import delete_plan
from terminus_edge.subagent.migration_preview import migration_preview_plan, pending_migrations_plan
from terminus_edge.subagent.migrations import migration_plan
from terminus_edge.subagent.question_plans import question_followup, question_plan, validity_plan
from terminus_edge.subagent.intent import asked_flags, asks_nothing_to_run, no_run, repeat_count
from terminus_edge.subagent.preview import forbidden_targets, preview_plan, runs_forbidden
from terminus_edge.subagent.planned_steps import planned, project_step
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.request_plans import flag_commands, status_plan, version_plan
from terminus_edge.subagent.test_timings import asked_top, asks_timings, timed_command
from terminus_edge.subagent.skip_reasons import asks_skip_reasons, reasons_command
from terminus_edge.subagent.make_prereqs import prerequisites_plan
from terminus_edge.subagent.lookup_plans import lookup_plan
from terminus_edge.subagent.workflow_steps import STEP_GOAL
from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.bench_runs import asks_benchmark, bench_command
from terminus_edge.subagent.retries import not_executable_retry
from terminus_edge.subagent.input_runs import exit_status_plan
from terminus_edge.subagent.isolation_runs import asks_isolation
from terminus_edge.subagent.output_checks import ARTIFACT_GOAL, artifact_steps, compare_plan

MAX_SUBPROJECTS = 3

_ASKS_BUILD = re.compile(r"\b(build|builds|building|built|compiles?|compiling|compilation|links?|linking)\b", re.I)
_ASKS_TEST = re.compile(r"\b(tests?|test suite|specs?|unit tests?|passing|failing|pass|fail)\b", re.I)
_NAMES_TESTS = re.compile(r"\b(tests?|test suite|specs?)\b", re.I)
_ASKS_CHECK = re.compile(r"\b(lint\w*|type[- ]?check\w*|static analysis|clippy|mypy|ruff|eslint|flake8|pylint|go vet|shellcheck|"
                         r"cppcheck|rubocop|hadolint|golangci-lint)\b", re.I)
_ASKS_RUN = re.compile(r"((?<![\w-])--?[A-Za-z][\w-]*|\bCLI\b|command[- ]line|\bstarts?\b|\blaunch\w*|\bentry ?point|\busage\b|"
                       r"\brun (the|this) (app|program|binary|script|tool|demo|example|server)\b|\brun it\b|"
                       r"\bwhen I run\b|\bcrash(es|ed|ing)?\b|\bsegfault\w*)", re.I)
# "run the tests" as an instruction, not "before I run the tests" / "don't run the tests"
_ASKS_TO_RUN_SUITE = re.compile(r"(?<!\bI )(?<!\bwe )(?<!n't )(?<!not )(?<!never )\b(?:run|execute)\s+(?:the\s+|all\s+)?"
                                r"(?:unit\s+)?(?:tests?|test\s+suite|specs?|build|linters?|lint)\b", re.I)


def _wants(rx: re.Pattern, query: str) -> bool:
    return bool(rx.search(query))


class RulesPlanner:
    """Stateful: call next(records) after each command; None means "answer now"."""

    def __init__(self, query: str, cwd: str | Path):
        self.query = query
        self.cwd = Path(cwd)
        self._alternatives: dict[str, list[PlannedCommand]] = {}
        # a delete request: what it names is listed, then the delete is left to the policy; the rest of the request
        # (if it asks more: "run the tests, then delete build/") is planned as usual, in the request's order
        deletes, rest, deletes_first = delete_plan(query, self.cwd)
        if deletes:
            self.query = query = rest
        # a question about the project's files: its own read-only plan, nothing else
        # ("do not run it: does deploy.sh have a syntax error?" is still checked: no check runs the file it reads;
        # a lookup — git history, a report, a config, a log — runs nothing of the project's, so "don't apply" keeps it)
        special = [] if deletes else prerequisites_plan(query, self.cwd) or lookup_plan(query, self.cwd) or (
            validity_plan(query, self.cwd) if no_run(query) else question_plan(query, self.cwd))
        nothing_asked = not special and asks_nothing_to_run(query)  # "hello there": no tests run unasked, no follow-up
        self._queue = special or ([] if nothing_asked else self._initial_plan())
        self._queue = deletes + self._queue if deletes_first else self._queue + deletes
        if self._queue and not special and not no_run(query):  # "… and check that dist/x.tar.gz exists afterwards"
            self._queue += artifact_steps(query, self.cwd)
        self._deletes = [id(step) for step in deletes]  # asked for in their own right: kept after a failed build
        self._special = bool(special)
        self._replaced = False
        self._retried = False
        self._followed_up = nothing_asked
        self._last_goal = ""  # the goal of the step handed out last (a CI step's failure ends its workflow)

    def _initial_plan(self) -> list[PlannedCommand]:
        preview = migration_preview_plan(self.query, self.cwd)  # "what would the migrations do?": never the apply
        if preview:
            return preview
        migrate = [] if no_run(self.query) else migration_plan(self.query, self.cwd)
        if migrate:  # "apply the pending migrations": asked to apply, not asked which are pending
            return migrate
        status = status_plan(self.query, self.cwd) or pending_migrations_plan(self.query, self.cwd)  # read-only,
        if status:  # even when the request says not to run `x up`
            return status
        hands_off = no_run(self.query)
        checks = [] if hands_off else (exit_status_plan(self.query, self.cwd) or  # one run per input / output vs expected
                                       compare_plan(self.query, self.cwd))
        if checks:
            return checks
        forbidden = forbidden_targets(self.query, self.cwd) if hands_off else []
        shown = preview_plan(self.query, self.cwd) if hands_off else []  # "do not run it": show it instead
        named = [c for c in explicit_commands(self.query, self.cwd) or make_target_named(self.query, self.cwd)
                 if not runs_forbidden(c, forbidden)]
        if named:
            flags = asked_flags(self.query)
            commands = flag_commands(named, flags) if flags else named
            return shown + self._build_first(commands) + self._repeated([planned(c, origin="request") for c in commands])
        if shown:
            return shown
        versions = version_plan(self.query, self.cwd) or werror_plan(self.query, self.cwd)
        if versions:
            return versions
        if hands_off:  # nothing to show instead: only the tests/build the request itself asks to run
            return [s for s in self._project_plan() if s.kind in ("test", "build", "check")] \
                if _ASKS_TO_RUN_SUITE.search(self.query) else []
        asks_step = any(_wants(rx, self.query) for rx in (_NAMES_TESTS, _ASKS_BUILD, _ASKS_CHECK))
        package = package_script(self.query, self.cwd)  # "is the format check green?" -> npm run format:check
        if package and not (asks_step and ":" not in package.split()[-1]):
            return self._repeated([planned(package, kind="check")])
        script = named_script(self.query, self.cwd, asks_project_step=asks_step)
        if script:  # through the make target or npm script that runs it, if one does: it passes the arguments
            wrapped = wrapping_target(script, self.cwd)
            return self._repeated([planned(wrapped, kind="check") if wrapped else planned(script, kind="run")])
        return self._repeated(self._project_plan())

    def _build_first(self, commands: list[str]) -> list[PlannedCommand]:
        """"build it and run `./prog 3`": the project's build before the named run, unless a named command builds."""
        if no_run(self.query) or not _ASKS_BUILD.search(self.query) or any(describe(c).category == "build" for c in commands):
            return []
        project = detect(self.cwd)
        return [self._step(project, "build", project.build, "")] if project.build else []

    def _project_plan(self) -> list[PlannedCommand]:
        """The root project's plan; with no project files of its own at the top, each sub-project's (a
        monorepo's api/ and web/ both answer "are the tests OK?"), else the first folder down that has one."""
        subs = [p for p in sorted(self.cwd.iterdir()) if p.is_dir() and p.name not in SKIP_DIRS
                and not p.name.startswith(".")]
        if not _has_own_project_files(self.cwd):
            projects = [sub for sub in subs if _has_own_project_files(sub)]
            words = {w.lower() for w in re.findall(r"[\w.-]+", self.query)}
            named = [sub for sub in projects if sub.name.lower() in words]  # "run the web tests only"
            plans = [self._plan_for(detect(sub), prefix=f"cd {shlex.quote(sub.name)} && ") for sub in named or projects]
            plans = [p for p in plans if p]
            if len(projects) >= 2 and (len(plans) >= 2 or (named and plans)):
                return [step for plan in plans[:MAX_SUBPROJECTS] for step in plan]
        plan = self._plan_for(detect(self.cwd))
        if not plan:  # nothing at the top: a project one folder down (monorepo, src/ layout)
            for sub in subs:
                plan = self._plan_for(detect(sub), prefix=f"cd {shlex.quote(sub.name)} && ")
                if plan:
                    break
        return plan

    def _repeated(self, plan: list[PlannedCommand]) -> list[PlannedCommand]:
        """"Run the suite 5 times": the test step (or the only step) that many times, one turn each."""
        times = repeat_count(self.query)
        if times < 2 or not plan:
            return plan
        target = next((s for s in plan if s.kind == "test"), plan[0] if len(plan) == 1 else None)
        if target is None:
            return plan
        out: list[PlannedCommand] = []
        for step in plan:
            out += [replace(step) for _ in range(times)] if step is target else [step]
        return out

    def _plan_for(self, project: Project, prefix: str = "") -> list[PlannedCommand]:
        plan: list[PlannedCommand] = []
        asks_check = _wants(_ASKS_CHECK, self.query) and bool(project.check)
        if asks_check:
            plan.append(self._step(project, "check", project.check, prefix))
        asks_build = _wants(_ASKS_BUILD, self.query)
        asks_test = _wants(_NAMES_TESTS if asks_check else _ASKS_TEST, self.query)
        asks_run = _wants(_ASKS_RUN, self.query) and not (asks_test and not request_options(self.query))
        if asks_build and project.build:
            plan.append(self._step(project, "build", project.build, prefix))
        if asks_run and project.run:
            options = " ".join(request_options(self.query) or ["--help"])
            plan.append(self._step(project, "run", [_with_options(c, options) for c in project.run], prefix))
        if (asks_test or not plan) and project.test:
            plan.append(self._step(project, "test", self._tests_asked_for(project, prefix), prefix))
            whole = project_step(project, "test", project.test[0], prefix)
            if asks_isolation(self.query) and plan[-1].command != whole.command:  # alone, then with the rest
                plan.append(whole)
        if not plan and project.build:
            plan.append(self._step(project, "build", project.build, prefix))
        return plan

    def _tests_asked_for(self, project: Project, prefix: str) -> list[str]:
        """The test commands, limited to the test files the request names when the runner takes files
        (those first: `python3 -m pytest tests/test_x.py` over a `make test` that runs everything)."""
        files = requested_test_files(self.query, project.root) if not prefix else []
        limited = [c for c in (narrowed(c, files) for c in project.test) if c]
        commands = limited + project.test if limited else project.test
        if asks_timings(self.query):  # "which tests are slow?": the runner's own per-test timings
            commands = [timed_command(c, asked_top(self.query)) for c in commands]
        if asks_skip_reasons(self.query):  # "which are skipped, and why?": every reason whole
            commands = [reasons_command(c) for c in commands]
        if asks_benchmark(self.query):  # "run the benchmarks": the runner's benchmark mode instead of its tests
            commands = list(dict.fromkeys(bench_command(c, project.root) for c in commands))
        return commands

    def _step(self, project: Project, kind: str, candidates: list[str], prefix: str) -> PlannedCommand:
        """The first candidate as a step; the others wait in case it turns out to be missing here."""
        steps = [project_step(project, kind, c, prefix) for c in dict.fromkeys(candidates)]
        self._alternatives[kind] = steps[1:]
        return steps[0]

    def next(self, records: list[CommandRecord]) -> PlannedCommand | None:
        last = records[-1] if records else None
        retry = not_executable_retry(last, self.cwd) if last and not self._retried else None
        if retry:  # `./check.sh`: Permission denied -> `bash check.sh`, once
            self._retried = True
            return retry
        if last and last.origin == "rules" and _runner_missing(last) and self._alternatives.get(last.kind):
            return self._alternatives[last.kind].pop(0)  # e.g. pytest not installed: unittest instead
        if last and last.origin == "request" and last.kind == "test" and _runner_missing(last) and not self._replaced:
            self._replaced = True  # `tox` named but not installed: what the project's config has it run, once
            stand_in = next((s for s in self._project_plan() if s.kind == "test" and s.command != last.command), None)
            if stand_in:
                stand_in.explanation += f" `{last.command}` is not installed here; this is the test command its config runs."
                return stand_in
        self._queue = self.unrun(records)
        if self._queue:
            self._last_goal = self._queue[0].goal
            return self._queue.pop(0)
        if self._followed_up:
            return None
        self._followed_up = True
        if self._special:
            return question_followup(self.cwd, records)
        return followup.diagnostic_followup(self.query, self.cwd, records)

    def unrun(self, records: list[CommandRecord]) -> list[PlannedCommand]:
        """The planned commands next() would still hand out after `records` (no follow-up is planned here): after a
        refusal no check of what it would have left behind, after a failed build only source views and deletes, after a
        failed CI step none of the workflow's later steps."""
        last = records[-1] if records else None
        ci_failed = bool(last and last.failed and self._last_goal.startswith(STEP_GOAL))
        return [step for step in self._queue if not (last and last.refused and step.goal == ARTIFACT_GOAL) and not (
            last and last.kind == "build" and last.failed and step.kind != "source" and id(step) not in self._deletes)
            and not (ci_failed and step.goal.startswith(STEP_GOAL))]


_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "tox.ini", "pytest.ini", "requirements.txt", "package.json",
                  "Cargo.toml", "go.mod", "Makefile", "makefile", "GNUmakefile", "pom.xml", "build.gradle",
                  "build.gradle.kts", "CMakeLists.txt", "Rakefile", "Gemfile", "tests", "test")


def _has_own_project_files(folder: Path) -> bool:
    return any((folder / name).exists() for name in _PROJECT_FILES) or any(folder.glob("*.py")) or \
        any(folder.glob("*.sln")) or any(folder.glob("*.csproj"))


def _with_options(command: str, options: str) -> str:
    """The program's options after its command; a make target or a package script takes none (`make run
    --help` would be make's own help)."""
    if re.match(r"(make|npm|yarn|pnpm|bun)\b", command):
        return command
    return f"{command} -- {options}" if command.startswith("cargo run") else f"{command} {options}"


def _runner_missing(record: CommandRecord) -> bool:
    """The command's program (or `python -m` module) is not installed here, as opposed to failing."""
    if record.exit_code == 127:
        return True
    module = re.search(r"\bpython[\d.]*\s+-m\s+([\w.]+)", record.command)
    return bool(record.exit_code and module and
                re.search(rf"No module named '?{re.escape(module.group(1))}'?\s*$", record.output[-2000:], re.M))

