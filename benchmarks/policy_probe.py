"""Decide a probe set of commands with the unattended policy, to count what a policy change moves.

    python -m benchmarks.policy_probe --out after.jsonl [--bench-out tasks.jsonl …]
    PYTHONPATH=/path/to/old/checkout python -m benchmarks.policy_probe --out before.jsonl …   (from outside the repo)
    python -m benchmarks.policy_probe --compare before.jsonl after.jsonl

The probes: the policy tests' command lists (tests/test_policy_destructive.py, test_policy_round2.py, _round3.py,
_round4.py, decided in a scratch tree like their fixtures'), the round-5 project folders (tests/data/policy_round5/*,
each with its expect.json, decided in a copy), the task sets' ground-truth commands (meta.json, decided in the task's
repo),
the commands `terminus-edge bench tasks --out` files record (--bench-out, decided in the task's repo), and the
real-capture commands (tests/data/real, the shared corpus; decided in an empty directory).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scratch_tree(base: Path) -> Path:
    """The project tree tests/test_policy_round2.py's commands run in (existing targets decide overwrites): zip and tar
    archives whose members clash with files there, and ones whose members do not."""
    import io
    import tarfile
    import zipfile

    root = base / "proj"
    for folder in ("a", "b", "build", "src", "empty"):
        (root / folder).mkdir(parents=True)
    for name in ("app.db", "x", "f", "a/x", "src/main.py", "x.sql", "dump.sql", "data.7z", "data.cpio", "target",
                 "build/keep.txt"):
        (root / name).write_text("data\n")
    for name, member in (("clash.zip", "x"), ("fresh.zip", "fresh/readme.txt")):
        with zipfile.ZipFile(root / name, "w") as z:
            z.writestr(member, "new\n")
    for name, member in (("clash.tar", "src/main.py"), ("fresh.tar.gz", "fresh/new.txt")):
        with tarfile.open(root / name, "w:gz" if name.endswith("gz") else "w") as t:
            info = tarfile.TarInfo(member)
            info.size = 4
            t.addfile(info, io.BytesIO(b"new\n"))
    return root


def probes(bench_outs: list[Path], scratch: Path) -> list[tuple[str, str, Path]]:
    tree, empty = scratch_tree(scratch), scratch / "empty-cwd"
    empty.mkdir()
    out = []
    destructive = _module(REPO / "tests" / "test_policy_destructive.py")
    out += [("session7.asked", c, tree) for c, _ in destructive.ASKED]
    out += [("session7.allowed", c, tree) for c in destructive.STILL_ALLOWED]
    out += [("session7.catastrophic", c, tree) for c in destructive.CATASTROPHIC]
    round2 = REPO / "tests" / "test_policy_round2.py"
    if round2.exists():
        module = _module(round2)
        out += [("round2.asked", c, tree) for c, _ in module.ASKED] + [("round2.allowed", c, tree) for c in module.STILL_ALLOWED]
    round3 = REPO / "tests" / "test_policy_round3.py"
    if round3.exists():
        module = _module(round3)
        for table in ("REDIRECTS", "FORMATTERS", "MIGRATIONS"):
            out += [("round3.asked", c, tree) for c, _ in getattr(module, f"{table}_ASKED")]
            out += [("round3.allowed", c, tree) for c in getattr(module, f"{table}_ALLOWED")]
    round4 = REPO / "tests" / "test_policy_round4.py"
    if round4.exists():  # project task runners, decided in a project holding every runner's file
        module = _module(round4)
        runners = module.runner_tree(scratch / "round4")
        out += [("round4.asked", c, runners) for c, _ in module.ASKED]
        out += [("round4.allowed", c, runners) for c in module.ALLOWED]
    for case in sorted((REPO / "tests" / "data").glob("policy_round*/*/expect.json")):  # one project per situation
        folder = scratch / case.parent.parent.name / case.parent.name
        shutil.copytree(case.parent, folder)
        expect, label = json.loads(case.read_text()), case.parent.parent.name.replace("policy_", "")
        out += [(f"{label}.asked", c, folder) for c, _ in expect["ask"]]
        out += [(f"{label}.allowed", c, folder) for c in expect["allow"]]
        out += [(f"{label}.denied", c, folder) for c, _ in expect.get("deny", [])]  # refused outright (round 8 on)
    task_dirs = [SHARED / "tasks" / "dev", *sorted((REPO / "tests" / "data").glob("tasks_heldout*"))]
    by_id = {}
    for folder in task_dirs:
        for meta in sorted(folder.glob("*/meta.json")):
            by_id[meta.parent.name] = meta.parent / "repo"
            out += [("tasks.meta", c, meta.parent / "repo") for c in json.loads(meta.read_text()).get("commands", [])]
    for bench in bench_outs:
        for line in bench.read_text().splitlines():
            record = json.loads(line)
            out += [("tasks.planned", c, by_id.get(record["id"], empty)) for c in record["commands"]]
    for lines in sorted((REPO / "tests" / "data").glob("policy_round*/hook_lines.json")):  # the Claude Code hook
        data, label = json.loads(lines.read_text()), lines.parent.name.replace("policy_", "")
        out += [(f"{label}.hook-{key}", c, empty) for key in ("deny", "not_deny") for c in data[key]]
    captures = sorted((REPO / "tests" / "data" / "real").glob("*/command.txt")) + \
        sorted((SHARED / "corpus" / "dev").glob("*/command.txt"))
    out += [("real-captures", p.read_text().strip(), empty) for p in captures]
    return list(dict.fromkeys(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--bench-out", type=Path, nargs="*", default=[])
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = ([json.loads(line) for line in p.read_text().splitlines()] for p in args.compare)
        old = {(r["kind"], r["command"]): r["action"] for r in before}
        totals, moved = collections.Counter(), collections.Counter()
        for r in after:
            totals[r["kind"]] += 1
            was = old.get((r["kind"], r["command"]))
            if was is not None and was != r["action"]:
                moved[(r["kind"], was, r["action"])] += 1
                print(f"{r['kind']}: {was} -> {r['action']}: {r['command'][:120]!r}")
        expected = {"asked": "ask", "allowed": "allow", "denied": "deny", "hook-deny": "deny"}
        held_out = {p.name.replace("policy_", "") for p in (REPO / "tests" / "data").glob("policy_round*")}
        met = collections.Counter((r["kind"], w) for w, rows in (("before", before), ("after", after)) for r in rows
                                  if r["action"] == expected.get(r["kind"].rsplit(".", 1)[-1]))
        for kind, n in sorted(totals.items()):
            changes = {f"{a}->{b}": c for (k, a, b), c in moved.items() if k == kind}
            hits = f", as expected {met[kind, 'before']} -> {met[kind, 'after']}" if kind.split(".")[0] in held_out else ""
            print(f"{kind:22} {n:5} commands, changed: {changes or 0}{hits}")
        return
    from terminus_edge.integrations.claude_hook import HookConfig, hook_response
    from terminus_edge.policy import decide

    with tempfile.TemporaryDirectory() as scratch, open(args.out, "w") as out:
        for kind, command, cwd in probes(args.bench_out, Path(scratch)):
            if ".hook-" in kind:  # the hook's permissionDecision ("none": the call is left to Claude Code)
                event = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command},
                         "cwd": str(cwd)}
                said = (hook_response(event, HookConfig(), prefix="terminus-edge") or {}).get("hookSpecificOutput", {})
                action, reason = said.get("permissionDecision", "none"), said.get("permissionDecisionReason", "")
            else:
                decision = decide(command, cwd=cwd, mode="auto", unattended=True)
                action, reason = decision.action, decision.reason
            out.write(json.dumps({"kind": kind, "command": command, "action": action, "reason": reason}) + "\n")


if __name__ == "__main__":
    main()
