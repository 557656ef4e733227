"""`terminus-edge subagent "query"`: answer a request by running commands (a thin wrapper over the loop)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("query")
@click.option("--description", default="", help="A short label for the request (shown to the user).")
@click.option("--bundle", default=None, type=click.Path(file_okay=False), help="Model bundle (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="No model: rules plan, summaries are deterministic.")
@click.option("--planner", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True,
              help="Who picks the commands: auto lets a tool-calling model plan and the rules plan otherwise.")
@click.option("--cwd", "cwd", default=None, type=click.Path(exists=True, file_okay=False),
              help="Project directory to run in (default: the current directory).")
@click.option("--budget-s", "budget_s", default=None, type=click.FloatRange(min=1),
              help="Wall-clock budget for the whole request, in seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def subagent(query, description, bundle, no_model, planner, cwd, budget_s, as_json) -> None:
    """Run the commands a request needs in --cwd and print the final answer (Command:/Summary: blocks)."""
    import json
    import time

    from terminus_edge.cancel import Cancel, StillStopping, cancelled_by, exit_status, run_interruptible
    from terminus_edge.cli.interrupted import on_cancel
    from terminus_edge.errors import TerminusError
    from terminus_edge.subagent.loop import execution_subagent

    started = time.monotonic()
    if as_json:  # a cancel before the run (the bundle loading) still prints the object a caller parses
        on_cancel(lambda by, status, kept: json_object(None, planner, by=by, status=status, log_ids=kept,
                                                       latency_ms=(time.monotonic() - started) * 1000))
    if no_model and bundle:
        raise TerminusError("--bundle and --no-model exclude each other")
    if no_model and planner == "model":
        raise TerminusError("--planner model needs a model; drop --no-model or use --planner rules")
    model = None
    if not no_model:
        from terminus_edge.cli.run_cmd import pick_model

        model, note = pick_model(bundle, False)  # Ctrl-C while it loads: the CLI's root says so (exit 130)
        if note:
            click.echo(f"terminus-edge: {note}", err=True)
        if model is None and planner == "model":
            raise TerminusError("--planner model needs a model, and none could be loaded")
    # Ctrl-C (SIGTERM, SIGHUP) cancels the whole run as an MCP client's cancel does: the command's group ends,
    # a model call stops within a decode step, no further step starts, the logs are kept and marked cancelled.
    cancel = Cancel()
    try:
        result = run_interruptible(lambda: execution_subagent(query, description, cwd=cwd, model=model,
                                                              planner=planner, budget_s=budget_s, cancel=cancel),
                                   cancel)
    except StillStopping as error:
        by, status = cancelled_by(cancel), exit_status(cancel)
        click.echo(f"terminus-edge: subagent cancelled by {by}; {error} (its logs: "
                   "terminus-edge logs list --cancelled)", err=True)
        if as_json:
            click.echo(json.dumps(json_object(None, planner, by=by, status=status, note=str(error),
                                              latency_ms=(time.monotonic() - started) * 1000), ensure_ascii=False))
        sys.exit(status)
    if cancel.is_set():
        click.echo(cancelled_line(result, cancelled_by(cancel)), err=True)
        if as_json:
            click.echo(json.dumps(json_object(result, planner, by=cancelled_by(cancel), status=exit_status(cancel)),
                                  ensure_ascii=False))
        sys.exit(exit_status(cancel))
    if as_json:
        click.echo(json.dumps(json_object(result, planner), ensure_ascii=False))
    else:
        click.echo(result.answer)


def json_object(result, planner: str, *, by: str | None = None, status: int = 0, log_ids: list[int] | None = None,
                latency_ms: float | None = None, note: str | None = None) -> dict:
    """What --json prints, finished or cancelled: the result's fields (null where a cancel left none to give: the
    run never started, or had not stopped when we stopped waiting), `cancelled`, `cancelled_by` (who, in words),
    `exit_status` (what the CLI exits with: 0, or 130 / 143 / 129 after a cancel) and `note` (or null)."""
    known = result is not None
    return {"answer": result.answer if known else None,
            "commands": result.commands if known else None,
            "exit_codes": result.exit_codes if known else None,
            "turns": result.turns if known else None,
            "latency_ms": round(result.latency_ms if known else latency_ms, 1),
            "log_ids": result.log_ids if known else log_ids,
            "planner": result.planner if known else planner,
            "cancelled": by is not None, "cancelled_by": by, "exit_status": status, "note": note}


def cancelled_line(result, by: str) -> str:
    """One line for a run a cancel cut short: who cancelled, what it stopped, where the logs are."""
    stopped = [r for r in result.records if (r.facts or {}).get("cancelled")]
    before = [r.log_id for r in result.records if r.log_id is not None and all(r is not s for s in stopped)]
    line = f"terminus-edge: subagent cancelled by {by} after {result.latency_ms / 1000:.1f} s"
    if stopped:
        record = stopped[0]
        from terminus_edge.redact import redact

        command = " ".join(redact(record.command, command=record.command).split())  # one line, however written
        command = command if len(command) <= 80 else command[:77] + "..."
        line += (f": `{command}` was stopped (exit {record.exit_code}); its log: terminus-edge logs show "
                 f"{record.log_id}")
    else:
        line += ", between its steps" if before else ", before any command ran"
    if before:
        plural = "s" * (len(before) != 1)
        line += f"; logs of the {len(before)} command{plural} run before: {', '.join(map(str, before))}"
    return line
