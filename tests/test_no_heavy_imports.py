"""The runtime never imports torch, transformers or optimum (they belong to the `export` extra): each surface a user
or an agent drives (the CLI's run, summarize and subagent commands, the MCP server's tools, the TUI) runs for real
with a model bundle in a fresh interpreter, which then must hold none of them. Each probe also checks that the model
path was really taken (onnxruntime loaded), so a probe that skipped the model cannot pass by doing nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("torch", "transformers", "optimum")

REPORT = f"""
heavy = sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"heavy": heavy, "onnxruntime": "onnxruntime" in sys.modules}}))
"""

FAILING = "import sys; print('error: boom'); print('1 failed'); sys.exit(1)"

PROBES = {
    "cli run": f"""
        from click.testing import CliRunner
        from terminus_edge.cli import main
        r = CliRunner().invoke(main, ["run", "--bundle", BUNDLE, "--", sys.executable, "-c", {FAILING!r}])
        assert r.exit_code == 1 and "exit code 1" in r.output.lower(), (r.exit_code, r.output)
    """,
    "cli summarize": """
        from click.testing import CliRunner
        from terminus_edge.cli import main
        r = CliRunner().invoke(main, ["summarize", "--bundle", BUNDLE, "--exit-code", "1", "--command", "pytest"],
                               input="FAILED t.py::x - boom\\n1 failed in 0.1s\\n")
        assert r.exit_code == 0 and "1 failed" in r.output, (r.exit_code, r.output)
    """,
    "cli subagent": f"""
        from click.testing import CliRunner
        from terminus_edge.cli import main
        cwd = pathlib.Path(TMP) / "proj"
        cwd.mkdir()
        (cwd / "Makefile").write_text("test:\\n\\t@{sys.executable} -c \\"{FAILING}\\"\\n")
        r = CliRunner().invoke(main, ["subagent", "--bundle", BUNDLE, "--cwd", str(cwd), "--planner", "rules",
                                      "run the tests"])
        assert "make test" in r.output, (r.exit_code, r.output)
    """,
    "mcp server": f"""
        from terminus_edge.integrations.mcp_server import build_server
        from terminus_edge.integrations.toolkit import Toolkit
        toolkit = Toolkit(bundle=BUNDLE, cwd=TMP)
        build_server(toolkit)
        answer = toolkit.run_in_terminal(sys.executable + " -c " + repr({FAILING!r})).text
        assert "1" in answer and toolkit.model() is not None, answer
    """,
    "tui": """
        import asyncio
        from terminus_edge.tui.launch import make_app
        from terminus_edge.tui.widgets.outbox import FileSink
        from terminus_edge.logstore import LogStore
        app = make_app(bundle=BUNDLE, start_shell=False, store=LogStore(),
                       sink=FileSink(pathlib.Path(TMP) / "out.md"))
        async def drive():
            async with app.run_test(size=(100, 30)) as pilot:
                for _ in range(100):
                    await pilot.pause(0.05)
                    if "onnxruntime" in sys.modules:
                        break
        asyncio.run(drive())
    """,
}


@pytest.mark.parametrize("surface", sorted(PROBES))
def test_surface_runs_without_torch_transformers_optimum(surface, tiny_bundle, tmp_path):
    code = (f"import json, pathlib, sys\nBUNDLE = {str(tiny_bundle())!r}\nTMP = {str(tmp_path)!r}\n"
            + textwrap.dedent(PROBES[surface]) + REPORT)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["heavy"] == [], f"{surface} imported {report['heavy']}"
    assert report["onnxruntime"], f"{surface} never loaded the model bundle: the probe proves nothing"


def test_every_subcommand_help_imports_nothing_heavy():
    """`terminus-edge CMD --help` stays fast (~40-60 ms measured) because no command module imports onnxruntime,
    numpy, textual, mcp or the export extra at import time; they load inside the command function."""
    code = textwrap.dedent("""
        import json, sys
        from click.testing import CliRunner
        from terminus_edge.cli import COMMANDS, main
        heavy = {"onnxruntime", "numpy", "textual", "mcp", "tokenizers", "torch", "transformers", "optimum"}
        found = {}
        for name in COMMANDS:
            r = CliRunner().invoke(main, [name, "--help"])
            assert r.exit_code == 0 and "Usage:" in r.output, (name, r.output)
            found[name] = sorted({m.split(".")[0] for m in sys.modules} & heavy)
        print(json.dumps(found))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-4000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(found) >= 10 and not any(found.values()), found
